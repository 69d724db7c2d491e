"""JSON API of arrests and custody."""

from ninja import Router

router = Router(tags=["custody"])
