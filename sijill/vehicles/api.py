"""JSON API of vehicles."""

from ninja import Router

router = Router(tags=["vehicles"])
