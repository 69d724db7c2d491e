"""JSON API of criminal records and cases."""

# No "from __future__ import annotations" in API modules: django-ninja reads the annotations at runtime.
import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from sijill.accounts.auth import actor_for
from sijill.core.schemas import DigitStr, Pagination
from sijill.records import services

router = Router(tags=["records"])


class CaseSchema(Schema):
    id: uuid.UUID
    number: str
    title: str
    unit_id: uuid.UUID
    prosecution_office_id: uuid.UUID | None
    prosecution_ref: str
    court_ref: str
    opened_on: dt.date
    status: str
    summary: str
    origin_site: str
    version: int


class CaseCreateSchema(Schema):
    number: DigitStr = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1, max_length=300)
    unit_id: uuid.UUID | None = Field(None, description="the handling unit; default: your own unit")
    prosecution_office_id: uuid.UUID | None = None
    prosecution_ref: DigitStr = Field("", max_length=60)
    court_ref: DigitStr = Field("", max_length=60)
    opened_on: dt.date | None = None
    status: str = Field("open", max_length=20)
    summary: str = Field("", max_length=5000)


class CaseUpdateSchema(Schema):
    version: int
    title: str | None = Field(None, min_length=1, max_length=300)
    prosecution_office_id: uuid.UUID | None = None
    prosecution_ref: DigitStr | None = Field(None, max_length=60)
    court_ref: DigitStr | None = Field(None, max_length=60)
    status: str | None = Field(None, max_length=20)
    summary: str | None = Field(None, max_length=5000)


class CaseFilter(Schema):
    q: DigitStr = Field("", max_length=100, description="number, title or reference")
    status: str = Field("", max_length=20)
    unit_id: uuid.UUID | None = None


class RecordSchema(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    case_id: uuid.UUID | None
    offence: str
    law_article: str
    prosecution_ref: str
    court_ref: str
    offence_date: dt.date | None
    judgment_date: dt.date | None
    judgment: str
    status: str
    unit_id: uuid.UUID
    supersedes_id: uuid.UUID | None
    correction_reason: str
    origin_site: str
    created_at: dt.datetime


class RecordCreateSchema(Schema):
    person_id: uuid.UUID
    case_id: uuid.UUID | None = None
    offence: str = Field(min_length=1, max_length=300)
    law_article: str = Field("", max_length=300)
    prosecution_ref: DigitStr = Field("", max_length=60)
    court_ref: DigitStr = Field("", max_length=60)
    offence_date: dt.date | None = None
    judgment_date: dt.date | None = None
    judgment: str = Field("", max_length=5000)
    status: str = Field("investigation", max_length=20)


class RecordCorrectionSchema(Schema):
    """Fields not sent are carried over from the corrected entry."""

    reason: str = Field(min_length=3, max_length=500)
    case_id: uuid.UUID | None = None
    offence: str | None = Field(None, min_length=1, max_length=300)
    law_article: str | None = Field(None, max_length=300)
    prosecution_ref: DigitStr | None = Field(None, max_length=60)
    court_ref: DigitStr | None = Field(None, max_length=60)
    offence_date: dt.date | None = None
    judgment_date: dt.date | None = None
    judgment: str | None = Field(None, max_length=5000)
    status: str | None = Field(None, max_length=20)


class SheetSchema(Schema):
    person_id: uuid.UUID
    current: list[RecordSchema]
    superseded: list[RecordSchema]


@router.get("/cases", response=list[CaseSchema])
@paginate(Pagination)
def list_cases(request: HttpRequest, filters: Query[CaseFilter]) -> object:
    return services.browse_cases(
        actor_for(request, "api"), text=filters.q, status=filters.status, unit_id=filters.unit_id
    )


@router.get("/cases/{case_id}", response=CaseSchema)
def get_case(request: HttpRequest, case_id: uuid.UUID) -> object:
    return services.get_case(actor_for(request, "api"), case_id)


@router.post("/cases", response={201: CaseSchema})
def create_case(request: HttpRequest, payload: CaseCreateSchema) -> object:
    return Status(201, services.do_create_case(actor_for(request, "api"), **payload.dict()))


@router.patch("/cases/{case_id}", response=CaseSchema)
def update_case(request: HttpRequest, case_id: uuid.UUID, payload: CaseUpdateSchema) -> object:
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.do_update_case(actor_for(request, "api"), case_id, expected_version=version, **changes)


@router.get("/records/sheet/{person_id}", response=SheetSchema)
def get_sheet(request: HttpRequest, person_id: uuid.UUID, purpose: str = Query(..., min_length=3)) -> object:
    """A person's record sheet; the read and its purpose are audited."""
    sheet = services.read_sheet(actor_for(request, "api"), person_id, purpose=purpose)
    return {"person_id": sheet.person.pk, "current": sheet.current, "superseded": sheet.superseded}


@router.post("/records", response={201: RecordSchema})
def create_record(request: HttpRequest, payload: RecordCreateSchema) -> object:
    fields = payload.dict()
    person_id = fields.pop("person_id")
    return Status(201, services.do_create_record(actor_for(request, "api"), person_id, **fields))


@router.post("/records/{record_id}/corrections", response={201: RecordSchema})
def correct_record(request: HttpRequest, record_id: uuid.UUID, payload: RecordCorrectionSchema) -> object:
    """Correct an entry: a new entry supersedes it (there is no update or delete of an entry)."""
    fields = payload.dict(exclude_unset=True)
    reason = fields.pop("reason")
    return Status(201, services.do_correct_record(actor_for(request, "api"), record_id, reason=reason, **fields))
