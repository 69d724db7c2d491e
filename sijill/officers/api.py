"""JSON API of officers."""

from ninja import Router

router = Router(tags=["officers"])
