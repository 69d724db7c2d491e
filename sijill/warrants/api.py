"""JSON API of warrants."""

# No "from __future__ import annotations" in API modules: django-ninja reads the annotations at runtime.
import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from sijill.accounts.auth import actor_for
from sijill.core.schemas import DigitStr, Pagination
from sijill.warrants import services
from sijill.warrants.models import Warrant, WarrantExecution

router = Router(tags=["warrants"])


class WarrantSchema(Schema):
    id: uuid.UUID
    office_id: uuid.UUID
    office_name: str
    order_number: str
    kind: str
    legal_article: str
    person_id: uuid.UUID
    person_name: str
    grounds: str
    issued_on: dt.date
    expires_on: dt.date | None
    issued_by_name: str
    state: str
    cancelled_at: dt.datetime | None
    cancel_reason: str
    origin_site: str
    version: int

    @staticmethod
    def resolve_office_name(obj: Warrant) -> str:
        return obj.office.name

    @staticmethod
    def resolve_person_name(obj: Warrant) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_state(obj: Warrant) -> str:
        return obj.state().value


class WarrantExecutionSchema(Schema):
    id: uuid.UUID
    warrant_id: uuid.UUID
    unit_id: uuid.UUID
    officer_name: str
    place: str
    executed_at: dt.datetime
    notes: str
    origin_site: str
    arrest_id: uuid.UUID | None = None


class WarrantDetailSchema(WarrantSchema):
    executions: list[WarrantExecutionSchema]

    @staticmethod
    def resolve_executions(obj: Warrant) -> list[WarrantExecution]:
        return list(services.executions_of(obj))


class WarrantFilterSchema(Schema):
    q: str = Field("", max_length=200)
    state: str = Field("", pattern="^(active|executed|cancelled|expired)?$")
    kind: str = Field("", max_length=20)
    person_id: uuid.UUID | None = None


class WarrantIssueSchema(Schema):
    person_id: uuid.UUID
    order_number: DigitStr = Field(min_length=1, max_length=40)
    kind: str = Field(pattern="^(arrest|bring|summons|search|travel_ban)$")
    legal_article: str = Field(min_length=1, max_length=200)
    grounds: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


class WarrantAmendSchema(Schema):
    version: int
    kind: str | None = Field(None, pattern="^(arrest|bring|summons|search|travel_ban)$")
    legal_article: str | None = Field(None, min_length=1, max_length=200)
    grounds: str | None = None
    expires_on: dt.date | None = None


class WarrantCancelSchema(Schema):
    reason: str = Field(min_length=3, max_length=2000)
    version: int | None = None


class WarrantExecuteSchema(Schema):
    place: str = Field(min_length=1, max_length=200)
    executed_at: dt.datetime | None = None
    notes: str = ""
    detention_place_id: uuid.UUID | None = None
    crime_category: str = Field("ordinary", pattern="^(ordinary|state_security)$")


@router.get("/warrants", response=list[WarrantSchema])
@paginate(Pagination)
def list_warrants(request: HttpRequest, filters: Query[WarrantFilterSchema]) -> object:
    """The warrants you may see (a prosecutor: those of their own office), newest first."""
    flt = services.WarrantFilter(q=filters.q, state=filters.state, kind=filters.kind, person_id=filters.person_id)
    return services.browse_warrants(actor_for(request, "api"), flt)


@router.get("/warrants/{warrant_id}", response=WarrantDetailSchema)
def get_warrant(request: HttpRequest, warrant_id: uuid.UUID, purpose: str = Query(..., min_length=3)) -> object:
    return services.read_warrant(actor_for(request, "api"), warrant_id, purpose=purpose)


@router.post("/warrants", response={201: WarrantSchema})
def issue_warrant(request: HttpRequest, payload: WarrantIssueSchema) -> object:
    """Issue a warrant for your own prosecution office (prosecutors only)."""
    return Status(201, services.do_issue_warrant(actor_for(request, "api"), **payload.dict()))


@router.patch("/warrants/{warrant_id}", response=WarrantSchema)
def amend_warrant(request: HttpRequest, warrant_id: uuid.UUID, payload: WarrantAmendSchema) -> object:
    """A new version of an active warrant of your office; ``version`` is the one you started from (409 if stale)."""
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.do_amend_warrant(actor_for(request, "api"), warrant_id, expected_version=version, **changes)


@router.post("/warrants/{warrant_id}/cancel", response=WarrantSchema)
def cancel_warrant(request: HttpRequest, warrant_id: uuid.UUID, payload: WarrantCancelSchema) -> object:
    return services.do_cancel_warrant(
        actor_for(request, "api"), warrant_id, reason=payload.reason, expected_version=payload.version
    )


@router.post("/warrants/{warrant_id}/executions", response={201: WarrantExecutionSchema})
def execute_warrant(request: HttpRequest, warrant_id: uuid.UUID, payload: WarrantExecuteSchema) -> object:
    """Record the execution by your unit; an arrest warrant's execution opens the custody record."""
    result = services.do_execute_warrant(
        actor_for(request, "api"), warrant_id, place=payload.place,
        executed_at=payload.executed_at or timezone.now(), notes=payload.notes,
        detention_place_id=payload.detention_place_id, crime_category=payload.crime_category,
    )  # fmt: skip
    body = WarrantExecutionSchema.from_orm(result.execution).dict()
    body["arrest_id"] = result.arrest.pk if result.arrest is not None else None
    return Status(201, body)
