"""JSON API of criminal records and cases."""

from ninja import Router

router = Router(tags=["records"])
