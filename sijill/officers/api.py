"""JSON API of officers, and the public badge check."""

# No "from __future__ import annotations" in API modules: django-ninja reads the annotations at runtime.
import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from sijill.accounts.auth import actor_for
from sijill.core.errors import SijillError
from sijill.core.ratelimit import client_ip
from sijill.core.schemas import DigitStr, Pagination
from sijill.officers import services
from sijill.officers.views import badge_check_refused

router = Router(tags=["officers"])


class RateLimited(SijillError):
    status = 429
    code = "throttled"


class UnitRefSchema(Schema):
    id: uuid.UUID
    code: str
    name_ar: str


class OfficerSchema(Schema):
    id: uuid.UUID
    service_number: str
    person_id: uuid.UUID
    full_name: str = Field(..., alias="person.full_name")
    rank: str
    unit: UnitRefSchema
    status: str
    appointed_on: dt.date
    origin_site: str
    version: int


class DecisionSchema(Schema):
    id: uuid.UUID
    kind: str
    number: str
    dated: dt.date
    authority: str
    law: str
    article: str
    notes: str
    new_rank: str
    new_unit_id: uuid.UUID | None
    new_status: str
    origin_site: str


class PostingSchema(Schema):
    unit_id: uuid.UUID
    started_on: dt.date
    ended_on: dt.date | None


class OfficerFileSchema(OfficerSchema):
    decisions: list[DecisionSchema]
    postings: list[PostingSchema]


class OfficerFilter(Schema):
    q: str = Field("", max_length=200, description="name or the start of a service number")
    rank: str = Field("", max_length=30)
    unit: uuid.UUID | None = None
    status: str = Field("", max_length=12)


class DecisionFieldsSchema(Schema):
    number: DigitStr = Field(min_length=1, max_length=40)
    dated: dt.date
    authority: str = Field(min_length=1, max_length=200)
    law: str = Field(min_length=1, max_length=200, examples=["قانون هيئة الشرطة رقم 10 لسنة 1992"])
    article: DigitStr = Field(min_length=1, max_length=60)
    notes: str = Field("", max_length=2000)


class OfficerAppointSchema(DecisionFieldsSchema):
    person: DigitStr = Field(min_length=1, max_length=64, description="national number or person id")
    service_number: DigitStr = Field(min_length=3, max_length=20)
    rank: str = Field(max_length=30)
    unit: uuid.UUID


class DecisionCreateSchema(DecisionFieldsSchema):
    kind: str = Field(max_length=20)
    new_rank: str = Field("", max_length=30)
    new_unit: uuid.UUID | None = None


class BadgeSchema(Schema):
    """Everything the public check tells: nothing more."""

    name: str
    rank: str
    unit: str
    active: bool


@router.get("/officers", response=list[OfficerSchema])
@paginate(Pagination)
def list_officers(request: HttpRequest, filters: Query[OfficerFilter]) -> object:
    return services.browse_officers(actor_for(request, "api"), filters.dict())


@router.get("/officers/badge/{service_number}", response=BadgeSchema, auth=None)
def check_badge(request: HttpRequest, service_number: str, family_name: str = Query(..., max_length=100)) -> object:
    """Public: is the officer with this service number and family name (both printed on the badge)
    registered, and active now? Rate-limited per address and overall, audited."""
    if badge_check_refused(request):
        raise RateLimited(services.TOO_MANY)
    return services.check_badge(service_number=service_number, family_name=family_name, client=client_ip(request))


@router.get("/officers/{officer_id}", response=OfficerFileSchema)
def get_officer(request: HttpRequest, officer_id: uuid.UUID, purpose: str = Query(..., min_length=3)) -> object:
    """An officer's file with decisions and postings; the read and its purpose are audited."""
    return services.read_officer(actor_for(request, "api"), officer_id, purpose=purpose)


@router.post("/officers", response={201: OfficerSchema})
def appoint_officer(request: HttpRequest, payload: OfficerAppointSchema) -> object:
    """Record an officer by the appointment decision."""
    return Status(201, services.do_appoint_officer(actor_for(request, "api"), **payload.dict()))


@router.post("/officers/{officer_id}/decisions", response={201: DecisionSchema})
def record_decision(request: HttpRequest, officer_id: uuid.UUID, payload: DecisionCreateSchema) -> object:
    """Record and apply a decision (promotion, transfer, suspension, ...); unlawful ones are refused (422)."""
    return Status(201, services.do_record_decision(actor_for(request, "api"), officer_id, **payload.dict()))
