"""JSON API of forensic evidence."""

from ninja import Router

router = Router(tags=["evidence"])
