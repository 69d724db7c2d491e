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
    administrative_number: str
    passport_number: str
    passport_country: str
    origin_site: str
    version: int


class AliasSchema(Schema):
    id: uuid.UUID
    first_name: str
    father_name: str
    grandfather_name: str
    family_name: str
    latin_name: str
    note: str
    origin_site: str
    created_at: dt.datetime


class PersonDetailSchema(PersonSchema):
    aliases: list[AliasSchema]


class PersonPageSchema(Schema):
    items: list[PersonSchema]
    count: int


class AliasCreateSchema(Schema):
    first_name: str = Field(min_length=1, max_length=80)
    father_name: str = Field("", max_length=80)
    grandfather_name: str = Field("", max_length=80)
    family_name: str = Field("", max_length=80)
    latin_name: str = Field("", max_length=200)
    note: str = Field("", max_length=300)


class PersonListParams(Schema):
    purpose: str = Field(min_length=3, max_length=500, description="why you look: recorded in the audit log")
    name: str = Field("", max_length=200)
    national_number: DigitStr = Field("", max_length=20)
    sex: str = Field("", pattern="^(m|f)?$")
    birth_year: DigitInt | None = Field(None, ge=1900, le=2100)
    nationality: str = Field("", max_length=2)
    site: str = Field("", max_length=8)
    limit: DigitInt = Field(50, ge=1, le=500)
    offset: DigitInt = Field(0, ge=0, le=1_000_000_000)


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
    nationality: str = Field("LY", min_length=2, max_length=2)
    national_number: DigitStr = Field("", max_length=20, description="checked by the national number rules")
    administrative_number: DigitStr = Field("", max_length=30)
    passport_number: DigitStr = Field("", max_length=20)
    passport_country: str = Field("", max_length=2)


class PersonUpdateSchema(Schema):
    """Only the fields sent are changed; ``version`` is the one the edit started from (409 if stale)."""

    version: DigitInt
    first_name: str | None = Field(None, min_length=1, max_length=80)
    father_name: str | None = Field(None, max_length=80)
    grandfather_name: str | None = Field(None, max_length=80)
    family_name: str | None = Field(None, max_length=80)
    mother_name: str | None = Field(None, max_length=200)
    latin_name: str | None = Field(None, max_length=200)
    sex: str | None = Field(None, pattern="^(m|f)?$")
    birth_date: dt.date | None = None
    birth_year: DigitInt | None = Field(None, ge=1900, le=2100)
    birth_place: str | None = Field(None, max_length=120)
    nationality: str | None = Field(None, min_length=2, max_length=2)
    national_number: DigitStr | None = Field(None, max_length=20)
    administrative_number: DigitStr | None = Field(None, max_length=30)
    passport_number: DigitStr | None = Field(None, max_length=20)
    passport_country: str | None = Field(None, max_length=2)


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
    same_person: list[uuid.UUID] = Field(default_factory=list, description="other records of the same statewide person")


@router.get("/persons/search", response=list[MatchSchema])
def search_persons(request: HttpRequest, params: Query[SearchParams]) -> object:
    """Ranked candidates for a name, each with its score and the reason for each part."""
    query = services.SearchQuery(
        text=params.q, first=params.first, father=params.father, grandfather=params.grandfather,
        family=params.family, mother=params.mother, birth_year=params.birth_year, place=params.place,
    )  # fmt: skip
    from sijill.linkage.services import collapse_matches  # linkage builds on persons, not the reverse

    matches = services.search_persons(actor_for(request, "api"), query, purpose=params.purpose, limit=params.limit)
    return [
        {"person": m.person, "score": round(m.score, 4), "is_match": m.result.is_match,
         "reasons": [{k: str(v) for k, v in r.items()} for r in m.result.reasons],
         "same_person": [p.pk for p in m.same_person]}
        for m in collapse_matches(matches)
    ]  # fmt: skip


@router.get("/persons", response=PersonPageSchema)
def list_persons(request: HttpRequest, params: Query[PersonListParams]) -> object:
    """Persons by identifiers and facts (name through the name index); audited with the purpose."""
    actor = actor_for(request, "api")
    filters = services.PersonFilter(
        name=params.name, national_number=params.national_number, sex=params.sex, birth_year=params.birth_year,
        nationality=params.nationality, site=params.site,
    )  # fmt: skip
    items = services.list_persons(actor, filters, purpose=params.purpose, offset=params.offset, limit=params.limit)
    return {"items": items, "count": services.filter_persons(actor, filters).count()}


@router.get("/persons/{person_id}", response=PersonDetailSchema)
def get_person(request: HttpRequest, person_id: uuid.UUID, purpose: str = Query(..., min_length=3)) -> object:
    person = services.read_person(actor_for(request, "api"), person_id, purpose=purpose)
    return {**PersonSchema.from_orm(person).dict(), "aliases": services.aliases_of(person)}


@router.patch("/persons/{person_id}", response=PersonSchema)
def update_person(request: HttpRequest, person_id: uuid.UUID, payload: PersonUpdateSchema) -> object:
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.do_update_person(actor_for(request, "api"), person_id, expected_version=version, **changes)


@router.post("/persons/{person_id}/aliases", response={201: AliasSchema})
def add_alias(request: HttpRequest, person_id: uuid.UUID, payload: AliasCreateSchema) -> object:
    return Status(201, services.do_add_alias(actor_for(request, "api"), person_id, **payload.dict()))


@router.post("/persons", response={201: PersonSchema})
def create_person(request: HttpRequest, payload: PersonCreateSchema) -> object:
    return Status(201, services.do_create_person(actor_for(request, "api"), **payload.dict()))
