# No "from __future__ import annotations" in API modules: django-ninja reads the annotations at runtime.
import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from sijill.accounts.auth import actor_for
from sijill.core.schemas import DigitInt, DigitStr
from sijill.persons import services

router = Router(tags=["persons"])


class PersonSchema(Schema):
    id: uuid.UUID
    first_name: str
    father_name: str
    grandfather_name: str
    family_name: str
    mother_name: str
    latin_name: str
    sex: str
    birth_date: dt.date | None
    birth_year: int | None
    birth_place: str
    nationality: str
    national_number: str
    origin_site: str
    version: int


class PersonCreateSchema(Schema):
    first_name: str = Field(min_length=1, max_length=80)
    father_name: str = Field("", max_length=80)
    grandfather_name: str = Field("", max_length=80)
    family_name: str = Field("", max_length=80)
    mother_name: str = Field("", max_length=200)
    latin_name: str = Field("", max_length=200)
    sex: str = Field("", pattern="^(m|f)?$")
    birth_date: dt.date | None = None
    birth_year: DigitInt | None = Field(None, ge=1900, le=2100)
    birth_place: str = Field("", max_length=120)
    national_number: DigitStr = Field("", pattern=r"^(\d{12})?$")


class SearchParams(Schema):
    purpose: str = Field(min_length=3, max_length=500, description="why you search: recorded in the audit log")
    q: str = Field("", max_length=200, description="full name, Arabic or Latin letters")
    first: str = Field("", max_length=80)
    father: str = Field("", max_length=80)
    grandfather: str = Field("", max_length=80)
    family: str = Field("", max_length=80)
    mother: str = Field("", max_length=200)
    birth_year: DigitInt | None = Field(None, ge=1900, le=2100)
    place: str = Field("", max_length=120)
    limit: DigitInt = Field(10, ge=1, le=50)


class ReasonSchema(Schema):
    part: str
    how: str
    query: str = ""
    candidate: str = ""
    en: str = ""
    ar: str = ""


class MatchSchema(Schema):
    person: PersonSchema
    score: float
    is_match: bool
    reasons: list[ReasonSchema]


@router.get("/persons/search", response=list[MatchSchema])
def search_persons(request: HttpRequest, params: Query[SearchParams]) -> object:
    """Ranked candidates for a name, each with its score and the reason for each part."""
    query = services.SearchQuery(
        text=params.q, first=params.first, father=params.father, grandfather=params.grandfather,
        family=params.family, mother=params.mother, birth_year=params.birth_year, place=params.place,
    )  # fmt: skip
    matches = services.search_persons(actor_for(request, "api"), query, purpose=params.purpose, limit=params.limit)
    return [
        {"person": m.person, "score": round(m.score, 4), "is_match": m.result.is_match,
         "reasons": [{k: str(v) for k, v in r.items()} for r in m.result.reasons]}
        for m in matches
    ]  # fmt: skip


@router.get("/persons/{person_id}", response=PersonSchema)
def get_person(request: HttpRequest, person_id: uuid.UUID, purpose: str = Query(..., min_length=3)) -> object:
    return services.read_person(actor_for(request, "api"), person_id, purpose=purpose)


@router.post("/persons", response={201: PersonSchema})
def create_person(request: HttpRequest, payload: PersonCreateSchema) -> object:
    return Status(201, services.do_create_person(actor_for(request, "api"), **payload.dict()))
