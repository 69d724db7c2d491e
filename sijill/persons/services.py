"""Persons: writing them with their name index, and finding them by name.

The name index (``PersonNameKey``) is written in the same transaction as the person, on SQLite
and PostgreSQL alike. A search looks the query's keys up in that index, scores the candidates
with the Arabic name engine (``sijill.names``) and returns them ranked with the reasons.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from sijill.audit.services import record_event, record_read, record_write, require_purpose, snapshot
from sijill.core.actor import Actor
from sijill.core.digits import to_ascii_digits
from sijill.core.errors import ValidationFailed
from sijill.core.federation import current_site
from sijill.core.permissions import get_visible, visible
from sijill.core.services import create_record, save_edit
from sijill.names import DEFAULT_THRESHOLD, MatchResult, NameChain, index_keys, normalize, parse_name, query_keys
from sijill.names import score as score_names
from sijill.persons.models import Person, PersonNameKey

NAME_FIELDS = ("first_name", "father_name", "grandfather_name", "family_name")
EDITABLE = (
    *NAME_FIELDS, "mother_name", "latin_name", "sex", "birth_date", "birth_year", "birth_place", "nationality",
    "national_number",
)  # fmt: skip
CANDIDATE_CAP = 400


# --- names ------------------------------------------------------------------------------------


def chain_of(person: Person) -> NameChain:
    return parse_name(
        first=person.first_name or None,
        father=person.father_name or None,
        grandfather=person.grandfather_name or None,
        family=person.family_name or None,
        mother=person.mother_name or None,
    )


def keys_of(person: Person) -> list[str]:
    """Index keys of the Arabic chain and, when given, of the Latin spelling."""
    keys = index_keys(chain_of(person))
    if person.latin_name:
        keys += index_keys(parse_name(person.latin_name))
    return list(dict.fromkeys(keys))


def prepare(person: Person) -> None:
    """Derived fields: digits folded, normalised chain, year of birth from the date."""
    for name in ("national_number", "birth_place"):
        setattr(person, name, to_ascii_digits(getattr(person, name) or "").strip())
    person.name_normalized = normalize(person.full_name)[:400]
    if person.birth_date and not person.birth_year:
        person.birth_year = person.birth_date.year


def _write_keys(person: Person) -> None:
    PersonNameKey.objects.bulk_create(
        [PersonNameKey(person=person, key=k, origin_site=person.origin_site) for k in keys_of(person)]
    )


# --- writes -----------------------------------------------------------------------------------


@transaction.atomic
def do_create_person(actor: Actor, **fields: Any) -> Person:
    actor.scope("person.manage")
    person = Person(**{k: v for k, v in fields.items() if k in EDITABLE})
    if not (person.first_name or "").strip():
        raise ValidationFailed(details={"first_name": [_("The first name is required.")]})
    prepare(person)
    create_record(person, actor)
    _write_keys(person)
    record_write(actor, "person.create", person)
    return person


@transaction.atomic
def do_update_person(actor: Actor, person_id: uuid.UUID, *, expected_version: int | None, **changes: Any) -> Person:
    person = get_visible(Person.objects.select_for_update(), actor, "person.manage", person_id)
    before = snapshot(person)
    for name, value in changes.items():
        if name in EDITABLE:
            setattr(person, name, value)
    prepare(person)
    save_edit(person, actor, expected_version)
    PersonNameKey.objects.filter(person=person).delete()
    _write_keys(person)
    record_write(actor, "person.update", person, before=before)
    return person


def bulk_load_persons(actor: Actor, rows: Iterable[dict[str, Any]], *, batch_size: int = 5000) -> int:
    """Insert many persons with their name keys, one transaction (and one audit row) per batch.

    The fast path for imports and benchmarks: on PostgreSQL rows go in with COPY.
    """
    actor.scope("person.manage")
    total = 0
    for batch in _batches(rows, batch_size):
        with transaction.atomic():
            persons: list[Person] = []
            keys: list[tuple[uuid.UUID, str]] = []
            for row in batch:
                person = Person(id=uuid.uuid4(), **{k: v for k, v in row.items() if k in EDITABLE})
                person.origin_site = current_site()
                person.created_by = person.updated_by = actor.user_id
                prepare(person)
                persons.append(person)
                keys.extend((person.id, k) for k in keys_of(person))
            _insert(persons, keys)
            record_event(actor, "person.bulk_create", kind="write", count=len(persons),
                         first_id=str(persons[0].id), last_id=str(persons[-1].id))  # fmt: skip
            total += len(persons)
    return total


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


_PERSON_COLUMNS = (
    "id", "origin_site", "created_at", "updated_at", "created_by", "updated_by", "version", "first_name",
    "father_name", "grandfather_name", "family_name", "mother_name", "latin_name", "sex", "birth_date", "birth_year",
    "birth_place", "nationality", "national_number", "name_normalized",
)  # fmt: skip


def _insert(persons: list[Person], keys: list[tuple[uuid.UUID, str]]) -> None:
    site = current_site()
    if connection.vendor != "postgresql":
        Person.objects.bulk_create(persons)
        PersonNameKey.objects.bulk_create(
            [PersonNameKey(person_id=pid, key=k, origin_site=site) for pid, k in keys], batch_size=2000
        )
        return
    now = dt.datetime.now(dt.UTC)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor, for COPY
        with raw.copy(f"COPY persons_person ({', '.join(_PERSON_COLUMNS)}) FROM STDIN") as copy:
            for p in persons:
                copy.write_row((
                    p.id, site, now, now, p.created_by, p.updated_by, 1, p.first_name, p.father_name,
                    p.grandfather_name, p.family_name, p.mother_name, p.latin_name, p.sex, p.birth_date,
                    p.birth_year, p.birth_place, p.nationality, p.national_number, p.name_normalized,
                ))  # fmt: skip
        with raw.copy("COPY persons_personnamekey (id, origin_site, person_id, key) FROM STDIN") as copy:
            for pid, k in keys:
                copy.write_row((uuid.uuid4(), site, pid, k))


# --- reads ------------------------------------------------------------------------------------


@dataclass
class PersonMatch:
    person: Person
    result: MatchResult
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.result.score


@dataclass
class SearchQuery:
    text: str = ""
    first: str = ""
    father: str = ""
    grandfather: str = ""
    family: str = ""
    mother: str = ""
    birth_year: int | None = None
    place: str = ""

    def chain(self) -> NameChain:
        if any((self.first, self.father, self.grandfather, self.family)):
            return parse_name(
                first=self.first or None, father=self.father or None, grandfather=self.grandfather or None,
                family=self.family or None, mother=self.mother or None,
            )  # fmt: skip
        return parse_name(self.text, mother=self.mother or None)

    def describe(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v not in ("", None)}


def find_candidates(query: NameChain, actor: Actor, cap: int = CANDIDATE_CAP) -> list[Person]:
    """Persons under the query's keys, most specific key first, at most ``cap`` (no audit: internal).

    One round trip: a UNION ALL of one bounded look-up per key, so that a key shared by many
    (two very common names) cannot flood the candidates before the rarer keys are read.
    """
    keys = query_keys(query)
    if not keys:
        return []
    table = connection.ops.quote_name(PersonNameKey._meta.db_table)
    # Only integers and the quoted table name are formatted in; the keys are parameters.
    sql = " UNION ALL ".join(
        f"SELECT * FROM (SELECT person_id, {rank} AS key_rank FROM {table} WHERE key = %s LIMIT {int(cap)}) AS k{rank}"  # noqa: S608
        for rank in range(len(keys))
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, keys)
        rows = cursor.fetchall()
    rows.sort(key=lambda row: row[1])
    ids = list(dict.fromkeys(row[0] for row in rows))[:cap]
    return list(visible(Person.objects.filter(id__in=ids), actor, "person.search"))


def rank_candidates(query: SearchQuery, chain: NameChain, candidates: list[Person]) -> list[PersonMatch]:
    place = normalize(query.place) if query.place else ""
    matches: list[PersonMatch] = []
    for person in candidates:
        if query.birth_year and person.birth_year and abs(person.birth_year - query.birth_year) > 1:
            continue
        if place and place not in normalize(person.birth_place):
            continue
        candidate = chain_of(person)
        result = score_names(chain, candidate)
        if person.latin_name:
            latin = score_names(chain, parse_name(person.latin_name))
            if latin.score > result.score:
                result = latin
        matches.append(PersonMatch(person, result))
    matches.sort(key=lambda m: -m.score)
    return matches


def search_persons(
    actor: Actor, query: SearchQuery, *, purpose: str, limit: int = 10, include_weak: bool = False
) -> list[PersonMatch]:
    """Ranked persons for a name query, with reasons; the search and its purpose are audited."""
    actor.scope("person.search")
    purpose = require_purpose(purpose)
    chain = query.chain()
    if not chain.tokens:
        raise ValidationFailed(details={"q": [_("Type at least one name.")]})
    matches = rank_candidates(query, chain, find_candidates(chain, actor))
    if not include_weak:
        matches = [m for m in matches if m.score >= DEFAULT_THRESHOLD]
    matches = matches[:limit]
    with transaction.atomic():
        record_read(
            actor, "person.search", purpose=purpose, object_type="persons.person",
            query=query.describe(), results=[str(m.person.pk) for m in matches],
        )  # fmt: skip
    return matches


@transaction.atomic
def read_person(actor: Actor, person_id: uuid.UUID, *, purpose: str) -> Person:
    person = get_visible(Person, actor, "person.view", person_id)
    record_read(actor, "person.read", person, purpose=purpose)
    return person
