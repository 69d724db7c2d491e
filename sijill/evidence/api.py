"""JSON API of forensic evidence."""

# No "from __future__ import annotations" in API modules: django-ninja reads the annotations at runtime.
import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from sijill.accounts.auth import actor_for
from sijill.core.schemas import DigitStr, Pagination
from sijill.evidence import services

router = Router(tags=["evidence"])


class EvidenceItemSchema(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    case_number: str = Field(..., alias="case.number")
    item_number: str
    description: str
    kind: str
    seized_at: dt.datetime
    seized_place: str
    seized_by: str
    seized_unit_id: uuid.UUID
    seal_number: str
    condition: str
    origin_site: str
    version: int


class CustodyTransferSchema(Schema):
    id: uuid.UUID
    sequence: int
    from_unit_id: uuid.UUID
    from_person: str
    to_unit_id: uuid.UUID
    to_person: str
    handed_at: dt.datetime
    place: str
    condition: str
    seal_intact: bool
    new_seal_number: str
    purpose: str
    origin_site: str


class LabReferenceSchema(Schema):
    id: uuid.UUID
    kind: str
    reference: str
    lab_name: str
    item_id: uuid.UUID | None
    person_id: uuid.UUID | None
    notes: str


class CurrentStateSchema(Schema):
    holder_id: uuid.UUID
    since: dt.datetime
    seal: str
    transfers: int


class EvidenceFileSchema(EvidenceItemSchema):
    current: CurrentStateSchema
    chain: list[CustodyTransferSchema]
    lab_references: list[LabReferenceSchema]
    linked_person_ids: list[uuid.UUID]


class EvidenceFilter(Schema):
    case: DigitStr = Field("", max_length=40, description="case number")
    kind: str = Field("", max_length=20)
    seal: DigitStr = Field("", max_length=40, description="seal number, at seizure or after a reseal")
    holder: uuid.UUID | None = None
    q: str = Field("", max_length=200)


class EvidenceCreateSchema(Schema):
    case: uuid.UUID
    item_number: DigitStr = Field(min_length=1, max_length=20)
    description: str = Field(min_length=1, max_length=5000)
    kind: str = Field(max_length=20)
    seized_at: dt.datetime
    seized_place: str = Field(min_length=1, max_length=200)
    seized_by: str = Field(min_length=1, max_length=200)
    seized_unit: uuid.UUID
    seal_number: DigitStr = Field(min_length=1, max_length=40)
    condition: str = Field(max_length=12)


class TransferCreateSchema(Schema):
    from_unit: uuid.UUID
    from_person: str = Field(min_length=1, max_length=200)
    to_unit: uuid.UUID
    to_person: str = Field(min_length=1, max_length=200)
    handed_at: dt.datetime
    place: str = Field(min_length=1, max_length=200)
    condition: str = Field(max_length=12)
    seal_intact: bool
    new_seal_number: DigitStr = Field("", max_length=40)
    purpose: str = Field("", max_length=200)


class LabReferenceCreateSchema(Schema):
    kind: str = Field(max_length=12)
    reference: DigitStr = Field(min_length=1, max_length=60)
    lab_name: str = Field(min_length=1, max_length=200)
    item: uuid.UUID | None = None
    person: DigitStr = Field("", max_length=64, description="national number or person id")
    notes: str = Field("", max_length=300)


class _File:
    """An item with its chain and links, as EvidenceFileSchema reads it."""

    def __init__(self, item: object, **extra: object) -> None:
        self._item = item
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> object:
        return getattr(self._item, name)


@router.get("/evidence", response=list[EvidenceItemSchema])
@paginate(Pagination)
def list_evidence(request: HttpRequest, filters: Query[EvidenceFilter]) -> object:
    return services.browse_items(actor_for(request, "api"), filters.dict())


@router.get("/evidence/{item_id}", response=EvidenceFileSchema)
def get_evidence(request: HttpRequest, item_id: uuid.UUID, purpose: str = Query(..., min_length=3)) -> object:
    """An item with its chain of custody and lab references; the read and its purpose are audited."""
    item = services.read_item(actor_for(request, "api"), item_id, purpose=purpose)
    link = services.current_link(item)
    return _File(
        item,
        current={"holder_id": link.holder_id, "since": link.since, "seal": link.seal, "transfers": link.sequence},
        chain=services.transfers_of(item),
        lab_references=list(item.lab_references.all()),
        linked_person_ids=sorted({str(p.person.pk) for p in services.persons_linked(item)}),
    )


@router.post("/evidence", response={201: EvidenceItemSchema})
def create_evidence(request: HttpRequest, payload: EvidenceCreateSchema) -> object:
    return Status(201, services.do_create_item(actor_for(request, "api"), **payload.dict()))


class EvidenceEditSchema(Schema):
    version: int = Field(description="the version you read: a stale edit answers 409")
    kind: str | None = Field(None, max_length=20)
    description: str | None = Field(None, min_length=1, max_length=5000)
    seized_place: str | None = Field(None, min_length=1, max_length=200)
    seized_by: str | None = Field(None, min_length=1, max_length=200)


@router.patch("/evidence/{item_id}", response=EvidenceItemSchema)
def edit_evidence(request: HttpRequest, item_id: uuid.UUID, payload: EvidenceEditSchema) -> object:
    """Correct an item's description (never its seal or chain)."""
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return services.do_update_item(actor_for(request, "api"), item_id, expected_version=payload.version, **changes)


@router.post("/evidence/{item_id}/transfers", response={201: CustodyTransferSchema})
def record_transfer(request: HttpRequest, item_id: uuid.UUID, payload: TransferCreateSchema) -> object:
    """Append a hand-over; refused (422) unless it starts from the current holder."""
    return Status(201, services.do_record_transfer(actor_for(request, "api"), item_id, **payload.dict()))


@router.post("/lab-references", response={201: LabReferenceSchema})
def add_lab_reference(request: HttpRequest, payload: LabReferenceCreateSchema) -> object:
    """Attach a fingerprint or DNA reference held by a lab to one item or one person."""
    data = payload.dict()
    return Status(201, services.do_add_lab_reference(actor_for(request, "api"), **data))
