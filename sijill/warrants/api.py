"""JSON API of warrants."""

from ninja import Router

router = Router(tags=["warrants"])
