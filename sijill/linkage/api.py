# No "from __future__ import annotations" in API modules: django-ninja reads the annotations at runtime.
import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from sijill.accounts.auth import actor_for
from sijill.core.schemas import DigitInt
from sijill.linkage import services
from sijill.persons.api import PersonSchema

router = Router(tags=["linkage"])


class RunSchema(Schema):
    id: uuid.UUID
    origin_site: str
    scope: str
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    backend: str
    trained: bool
    upper: float
    lower: float
    records: int
    pairs_scored: int
    auto_linked: int
    to_review: int
    held_apart: int
    clusters: int
    seconds: float
    error: str


class RunPageSchema(Schema):
    items: list[RunSchema]
    count: int


class EvidenceSchema(Schema):
    comparison: str
    level: str
    weight: float
    comparison_label: str
    level_label: str


class QueueItemSchema(Schema):
    pair_id: uuid.UUID
    probability: float
    left: PersonSchema
    right: PersonSchema


class QueuePageSchema(Schema):
    items: list[QueueItemSchema]
    count: int


class JudgementSchema(Schema):
    id: uuid.UUID
    origin_site: str
    left_id: uuid.UUID
    right_id: uuid.UUID
    verdict: str
    source: str
    reason: str
    decided_by: str
    created_at: dt.datetime


class PairSchema(Schema):
    pair_id: uuid.UUID
    probability: float
    left: PersonSchema
    right: PersonSchema
    evidence_for: list[EvidenceSchema]
    evidence_against: list[EvidenceSchema]
    evidence_neutral: list[EvidenceSchema]
    name_score: float
    judgements: list[JudgementSchema]
    conflict: bool


class DecisionSchema(Schema):
    verdict: str = Field(pattern="^(yes|no|unsure|withdrawn)$", description="yes, no, unsure, or withdrawn")
    reason: str = Field(min_length=3, max_length=500)


class MemberSchema(Schema):
    person: PersonSchema
    site: str
    records: int | None


class StatewideSchema(Schema):
    person_id: uuid.UUID
    members: list[MemberSchema]
    sites: list[str]
    links: list[JudgementSchema]
    conflicts: list[list[uuid.UUID]]


class SplitSchema(Schema):
    detach: list[uuid.UUID] = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=3, max_length=500)


class ConflictSchema(Schema):
    left: PersonSchema
    right: PersonSchema
    judgements: list[JudgementSchema]


class PageParams(Schema):
    limit: DigitInt = Field(50, ge=1, le=200)
    offset: DigitInt = Field(0, ge=0, le=100_000)


def _evidence(lines: list[services.EvidenceLine]) -> list[dict[str, object]]:
    return [
        {"comparison": e.comparison, "level": e.level, "weight": e.weight, "comparison_label": e.comparison_label,
         "level_label": e.level_label}
        for e in lines
    ]  # fmt: skip


@router.get("/linkage/runs", response=RunPageSchema)
def list_runs(request: HttpRequest, params: Query[PageParams]) -> object:
    """The run history with its figures (runs are started with ``sijill link run``)."""
    qs = services.runs(actor_for(request, "api"))
    return {"items": list(qs[params.offset : params.offset + params.limit]), "count": qs.count()}


@router.get("/linkage/queue", response=QueuePageSchema)
def review_queue(request: HttpRequest, params: Query[PageParams]) -> object:
    """Pairs waiting for a human judgement, strongest first."""
    items, total = services.review_queue(actor_for(request, "api"), offset=params.offset, limit=params.limit)
    return {
        "items": [
            {"pair_id": i.pair.pk, "probability": i.pair.probability, "left": i.left, "right": i.right} for i in items
        ],
        "count": total,
    }


@router.get("/linkage/pairs/{pair_id}", response=PairSchema)
def get_pair(request: HttpRequest, pair_id: uuid.UUID) -> object:
    """Both records, the evidence for and against (each comparison's weight) and every site's judgements."""
    view = services.read_pair(actor_for(request, "api"), pair_id)
    assert view.pair is not None
    return {
        "pair_id": view.pair.pk, "probability": view.pair.probability, "left": view.left, "right": view.right,
        "evidence_for": _evidence(view.evidence_for), "evidence_against": _evidence(view.evidence_against),
        "evidence_neutral": _evidence(view.evidence_neutral), "name_score": view.name_score,
        "judgements": view.judgements, "conflict": view.conflict,
    }  # fmt: skip


@router.post("/linkage/pairs/{pair_id}/decisions", response={201: JudgementSchema})
def decide(request: HttpRequest, pair_id: uuid.UUID, payload: DecisionSchema) -> object:
    """This site's judgement on the pair; ``withdrawn`` reverses the site's last one."""
    actor = actor_for(request, "api")
    pair = services.get_pair(actor, pair_id)
    decision = services.do_decide(actor, pair.left_id, pair.right_id, verdict=payload.verdict, reason=payload.reason)
    return Status(201, decision)


@router.get("/linkage/persons/{person_id}", response=StatewideSchema)
def statewide(request: HttpRequest, person_id: uuid.UUID, purpose: str = Query(..., min_length=3)) -> object:
    """The statewide person of a record: every linked record you may see, with its site."""
    view = services.read_statewide(actor_for(request, "api"), person_id, purpose=purpose)
    return {
        "person_id": view.anchor.pk,
        "members": [
            {"person": m.person, "site": m.person.origin_site, "records": None if m.records is None else len(m.records)}
            for m in view.members
        ],
        "sites": view.sites, "links": view.links, "conflicts": [list(c) for c in view.conflicts],
    }  # fmt: skip


@router.post("/linkage/persons/{person_id}/split", response={201: list[JudgementSchema]})
def split(request: HttpRequest, person_id: uuid.UUID, payload: SplitSchema) -> object:
    """Split a wrong statewide person: the records ``detach`` are another person (one audited action)."""
    decisions = services.do_split(actor_for(request, "api"), person_id, detach=payload.detach, reason=payload.reason)
    return Status(201, decisions)


@router.get("/linkage/conflicts", response=list[ConflictSchema])
def conflicts(request: HttpRequest) -> object:
    """Pairs on which sites disagree."""
    return [
        {"left": c.left, "right": c.right, "judgements": c.judgements}
        for c in services.list_conflicts(actor_for(request, "api"))
    ]
