"""JSON API of federation: the status of this site's links (read only; linking is done from the shell)."""

# No "from __future__ import annotations": django-ninja reads the annotations at runtime.

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from sijill.accounts.auth import actor_for
from sijill.federation import services

router = Router(tags=["federation"])


class PeerStatusSchema(Schema):
    peer: str
    subscribed: bool
    enabled: bool
    connected: bool
    reachable: bool | None
    last_contact_at: dt.datetime | None
    last_change_at: dt.datetime | None
    down_since: dt.datetime | None
    alert: bool
    tables_syncing: int
    apply_errors: int
    sync_errors: int
    incoming_slot: str
    incoming_slot_state: str | None
    incoming_lag_bytes: int | None
    incoming_retained_bytes: int | None
    outgoing_slot: str
    outgoing_slot_active: bool | None
    outgoing_slot_state: str | None
    outgoing_retained_bytes: int | None
    error: str
    notes: list[str]


class FederationStatusSchema(Schema):
    site: str
    available: bool
    published: bool
    alert_after_minutes: int
    replicated_tables: list[str]
    peers: list[PeerStatusSchema]


@router.get("/federation/status", response=FederationStatusSchema)
def federation_status(request: HttpRequest) -> object:
    view = services.overview(actor_for(request, "api"))
    return {
        "site": view.site,
        "available": view.available,
        "published": view.published,
        "alert_after_minutes": view.alert_after_minutes,
        "replicated_tables": view.replicated_tables,
        "peers": [p.as_dict() for p in view.peers],
    }
