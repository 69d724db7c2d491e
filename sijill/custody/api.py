"""JSON API of arrests and custody, and the public custody check."""

# No "from __future__ import annotations" in API modules: django-ninja reads the annotations at runtime.
import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from sijill.accounts.auth import actor_for
from sijill.core.schemas import DigitStr, Pagination
from sijill.custody import services
from sijill.custody.models import Arrest, CustodyEvent
from sijill.custody.views import public_check_refused

router = Router(tags=["custody"])


class DeadlineSchema(Schema):
    rule: str
    label: str
    due_at: dt.datetime
    met_at: dt.datetime | None
    overdue_hours: float | None


class CustodyEventSchema(Schema):
    id: uuid.UUID
    kind: str
    occurred_at: dt.datetime
    unit_id: uuid.UUID
    officer_name: str
    from_place_id: uuid.UUID | None
    to_place_id: uuid.UUID | None
    prosecution_office_id: uuid.UUID | None
    judge: str
    court: str
    decision_number: str
    ends_at: dt.datetime | None
    ordered_by: str
    reason: str
    notes: str
    origin_site: str


class ArrestSchema(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    unit_id: uuid.UUID
    officer_name: str
    arrested_at: dt.datetime
    place: str
    basis: str
    warrant_id: uuid.UUID | None
    prosecution_office_id: uuid.UUID | None
    prosecution_notified_at: dt.datetime | None
    crime_category: str
    detention_place_id: uuid.UUID
    held_at_id: uuid.UUID
    held_at_name: str
    state: str
    overdue: bool
    next_deadline: DeadlineSchema | None
    origin_site: str
    version: int


class ArrestDetailSchema(ArrestSchema):
    events: list[CustodyEventSchema]
    deadlines: list[DeadlineSchema]


def _deadline(d: object, now: dt.datetime) -> dict[str, object]:
    late = d.overdue_by(now)  # type: ignore[attr-defined]
    return {
        "rule": d.rule.code,  # type: ignore[attr-defined]
        "label": services.rule_label(d.rule),  # type: ignore[attr-defined]
        "due_at": d.due_at,  # type: ignore[attr-defined]
        "met_at": d.met_at,  # type: ignore[attr-defined]
        "overdue_hours": round(late.total_seconds() / 3600, 1) if late else None,
    }


def _arrest(arrest: Arrest, *, detail: bool = False) -> dict[str, object]:
    now = timezone.now()
    status = services.status_of(arrest, now)
    body: dict[str, object] = {
        "id": arrest.pk, "person_id": arrest.person_id, "person_name": arrest.person.full_name,
        "unit_id": arrest.unit_id, "officer_name": arrest.officer_name, "arrested_at": arrest.arrested_at,
        "place": arrest.place, "basis": arrest.basis, "warrant_id": arrest.warrant_id,
        "prosecution_office_id": arrest.prosecution_office_id,
        "prosecution_notified_at": arrest.prosecution_notified_at, "crime_category": arrest.crime_category,
        "detention_place_id": arrest.detention_place_id, "held_at_id": status.place.pk,
        "held_at_name": status.place.name, "state": status.state.value, "overdue": status.is_overdue,
        "next_deadline": _deadline(status.next, now) if status.next and status.state != "released" else None,
        "origin_site": arrest.origin_site, "version": arrest.version,
    }  # fmt: skip
    if detail:
        body["events"] = sorted(arrest.events.all(), key=lambda e: (e.occurred_at, e.created_at))
        body["deadlines"] = [_deadline(d, now) for d in status.deadlines]
    return body


class CustodyFilterSchema(Schema):
    q: str = Field("", max_length=200)
    status: str = Field("", pattern="^(held|released)?$")
    category: str = Field("", pattern="^(ordinary|state_security)?$")


class ArrestCreateSchema(Schema):
    person_id: uuid.UUID
    arrested_at: dt.datetime
    place: str = Field(min_length=1, max_length=200)
    basis: str = Field(pattern="^(warrant|flagrante)$")
    crime_category: str = Field(pattern="^(ordinary|state_security)$")
    detention_place_id: uuid.UUID
    warrant_id: uuid.UUID | None = None
    prosecution_office_id: uuid.UUID | None = None
    prosecution_notified_at: dt.datetime | None = None
    notes: str = ""


class CustodyEventCreateSchema(Schema):
    kind: str = Field(pattern="^(transfer|referral|questioning|detention_order|extension|release)$")
    occurred_at: dt.datetime | None = None
    to_place_id: uuid.UUID | None = None
    prosecution_office_id: uuid.UUID | None = None
    judge: str = Field("", max_length=200)
    court: str = Field("", max_length=200)
    decision_number: DigitStr = Field("", max_length=60)
    ends_at: dt.datetime | None = None
    ordered_by: str = Field("", max_length=200)
    reason: str = ""
    notes: str = ""


class PublicCheckSchema(Schema):
    national_number: DigitStr = Field(pattern=r"^\d{12}$")
    full_name: str = Field(min_length=1, max_length=300)
    mother_name: str = Field(min_length=1, max_length=200)


class PublicAnswerSchema(Schema):
    held: bool
    place: str
    message: str


class ErrorSchema(Schema):
    code: str
    message: str


@router.get("/custody", response=list[ArrestSchema])
@paginate(Pagination)
def list_custody(request: HttpRequest, filters: Query[CustodyFilterSchema]) -> object:
    flt = services.CustodyFilter(q=filters.q, status=filters.status, category=filters.category)
    return [_arrest(a) for a in services.browse_custody(actor_for(request, "api"), flt)[:2000]]


@router.get("/custody/overdue", response=list[ArrestDetailSchema])
def list_overdue(request: HttpRequest) -> object:
    """Every custody still held past a legal deadline, most overdue first (for the operations rooms too)."""
    return [_arrest(row.arrest, detail=True) for row in services.browse_overdue(actor_for(request, "api"))]


@router.post("/custody/check", auth=None, response={200: PublicAnswerSchema, 429: ErrorSchema})
def public_check(request: HttpRequest, payload: PublicCheckSchema) -> object:
    """Public (no sign-in): is the person with these three details held in official custody, and where?

    Any answer but "held" is one neutral answer. Shares the per-address limit of the public page.
    """
    if public_check_refused(request):
        return Status(
            429,
            {"code": "throttled", "message": _("Too many enquiries from this address. Please try again in an hour.")},
        )
    place = services.public_check(payload.national_number, payload.full_name, payload.mother_name)
    if place is None:
        return {"held": False, "place": "", "message": _("No person held in official custody matches these details.")}
    return {"held": True, "place": place.name, "message": _("Held — at %(place)s.") % {"place": place.name}}


@router.get("/custody/{arrest_id}", response=ArrestDetailSchema)
def get_arrest(request: HttpRequest, arrest_id: uuid.UUID, purpose: str = Query(..., min_length=3)) -> object:
    return _arrest(services.read_arrest(actor_for(request, "api"), arrest_id, purpose=purpose), detail=True)


@router.post("/custody", response={201: ArrestSchema})
def record_arrest(request: HttpRequest, payload: ArrestCreateSchema) -> object:
    """Record an arrest by your unit: on a warrant (recorded as its execution) or caught in the act."""
    arrest = services.do_record_arrest(actor_for(request, "api"), **payload.dict())
    arrest = Arrest.objects.select_related("person", "detention_place").get(pk=arrest.pk)
    return Status(201, _arrest(arrest))


@router.post("/custody/{arrest_id}/events", response={201: CustodyEventSchema})
def record_event(request: HttpRequest, arrest_id: uuid.UUID, payload: CustodyEventCreateSchema) -> object:
    event: CustodyEvent = services.do_record_event(actor_for(request, "api"), arrest_id, **payload.dict())
    return Status(201, event)
