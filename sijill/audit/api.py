# No "from __future__ import annotations" in API modules: django-ninja reads the annotations at runtime.

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from sijill.accounts.auth import actor_for
from sijill.audit import services
from sijill.core.schemas import Pagination

router = Router(tags=["audit"])


class AuditEntrySchema(Schema):
    id: uuid.UUID
    site: str
    seq: int
    at: dt.datetime
    kind: str
    action: str
    channel: str
    actor_username: str
    actor_role: str
    actor_site: str
    object_type: str
    object_id: str
    object_repr: str
    purpose: str
    before: Any = None
    after: Any = None
    hash: str


class AuditFilterSchema(Schema):
    site: str | None = None
    kind: str | None = None
    action: str | None = None
    user: str | None = None
    object_id: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


class ChainReportSchema(Schema):
    site: str
    entries: int
    ok: bool
    broken_seq: int | None
    broken_id: str | None
    code: str
    reason: str


@router.get("/entries", response=list[AuditEntrySchema])
@paginate(Pagination)
def list_entries(request: HttpRequest, filters: Query[AuditFilterSchema]) -> object:
    return services.browse_entries(actor_for(request, "api"), filters.dict())


@router.post("/verify", response=list[ChainReportSchema])
def verify(request: HttpRequest) -> object:
    return [{**vars(r), "ok": r.ok, "reason": str(r.reason)} for r in services.do_verify(actor_for(request, "api"))]
