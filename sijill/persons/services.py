"""Persons: writing them with their name index, and finding them by name.

The name index (``PersonNameKey``) is written in the same transaction as the person, on SQLite
and PostgreSQL alike. A search looks the query's keys up in that index, scores the candidates
with the Arabic name engine (``sijill.names``) and returns them ranked with the reasons.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import functools
import itertools
import multiprocessing
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sijill.audit.services import record_event, record_read, record_write, require_purpose, snapshot
from sijill.core.actor import Actor
from sijill.core.digits import to_ascii_digits
from sijill.core.errors import ValidationFailed
from sijill.core.federation import current_site
from sijill.core.permissions import get_visible, visible
from sijill.core.services import create_record, save_edit
from sijill.core.text import clean_input
from sijill.names import DEFAULT_THRESHOLD, MatchResult, NameChain, normalize, parse_name
from sijill.names import score as score_names
from sijill.names.keys import key_rows, person_keys
from sijill.names.retrieval import DEFAULT_CAP, candidate_ids
from sijill.persons.identity import identity_errors
from sijill.persons.models import Person, PersonAlias, PersonNameKey

NAME_FIELDS = ("first_name", "father_name", "grandfather_name", "family_name")
IDENTIFIERS = ("national_number", "administrative_number", "passport_number", "passport_country")
EDITABLE = (
    *NAME_FIELDS, "mother_name", "latin_name", "sex", "birth_date", "birth_year", "birth_place", "nationality",
    *IDENTIFIERS,
)  # fmt: skip
ALIAS_FIELDS = (*NAME_FIELDS, "latin_name", "note")


# --- names ------------------------------------------------------------------------------------


def chain_of(person: Person, *, with_mother: bool = True) -> NameChain:
    return parse_name(
        first=person.first_name or None,
        father=person.father_name or None,
        grandfather=person.grandfather_name or None,
        family=person.family_name or None,
        mother=(person.mother_name or None) if with_mother else None,
    )


@functools.lru_cache(maxsize=65536)
def _chain(first: str, father: str, grandfather: str, family: str, mother: str) -> NameChain:
    """A record's parsed chain, kept for the next searches (the same candidates come back often);
    the mother's name only when the query gives one, since only then is it compared."""
    return parse_name(
        first=first or None, father=father or None, grandfather=grandfather or None, family=family or None,
        mother=mother or None,
    )  # fmt: skip


def name_keys(first: str, father: str, grandfather: str, family: str, latin: str = "") -> list[str]:
    """Index keys of the Arabic chain and, when given, of the Latin spelling (not the mother's)."""
    return person_keys(first, father, grandfather, family, latin)


def keys_of(person: Person | PersonAlias) -> list[str]:
    """Index keys of a person's own name chain (or of one alias: same name fields)."""
    return name_keys(
        person.first_name, person.father_name, person.grandfather_name, person.family_name, person.latin_name
    )


def alias_keys_of(person: Person) -> set[str]:
    return {k for alias in PersonAlias.objects.filter(person=person) for k in keys_of(alias)}


def full_name(first: str, father: str, grandfather: str, family: str) -> str:
    return " ".join(p for p in (first, father, grandfather, family) if p)


TYPED_FIELDS = (*NAME_FIELDS, "mother_name", "latin_name", "birth_place", *IDENTIFIERS)


def prepare(person: Person) -> None:
    """Derived fields: digits folded and bidirectional controls dropped (``core.text.clean_input``)
    in names and identifiers, whatever the channel; normalised chain; year of birth from the date."""
    for name in TYPED_FIELDS:
        setattr(person, name, clean_input(getattr(person, name) or "").strip())
    person.nationality = (person.nationality or "LY").strip().upper()
    person.passport_country = (person.passport_country or "").strip().upper()
    person.name_normalized = normalize(person.full_name)[:400]
    if person.birth_date and not person.birth_year:
        person.birth_year = person.birth_date.year


def _write_keys(person: Person, keys: Iterable[str] | None = None, *, origin_site: str | None = None) -> None:
    PersonNameKey.objects.bulk_create(
        [
            PersonNameKey(person=person, key=k, origin_site=origin_site or person.origin_site)
            for k in (keys_of(person) if keys is None else keys)
        ]
    )


def _check_identity(person: Person) -> None:
    """The identifiers' structure and consistency, and no other person holding the same one.

    Duplicates are looked for at every site (a person is registered once, statewide); the
    database constraint covers only this site's rows (see Person.Meta).
    """
    fields = {name: getattr(person, name) for name in (*IDENTIFIERS, "sex", "birth_year", "birth_date")}
    errors = identity_errors(fields)
    for name in IDENTIFIERS:
        setattr(person, name, fields[name])
    others = Person.objects.exclude(pk=person.pk)
    nn = person.national_number
    if nn and "national_number" not in errors and others.filter(national_number=nn).exists():
        errors["national_number"] = [_("Another person already holds this national number.")]
    if person.administrative_number and others.filter(administrative_number=person.administrative_number).exists():
        errors["administrative_number"] = [_("Another person already holds this administrative number.")]
    if (
        person.passport_number
        and "passport_country" not in errors
        and others.filter(passport_number=person.passport_number, passport_country=person.passport_country).exists()
    ):
        errors["passport_number"] = [_("Another person already holds this passport.")]
    if errors:
        raise ValidationFailed(details=errors)


# --- writes -----------------------------------------------------------------------------------


NO_SUCH_PERSON = gettext_lazy("No person has this national number or record id.")


def resolve_person_reference(actor: Actor, reference: Any, *, for_action: str, purpose: str) -> Person:
    """The person that a record of ``for_action`` names, from the reference a form, the API or a
    picker gives: a 12-digit national number or the person's record id (Arabic-Indic digits too).

    The one way a typed or picked person reference becomes a Person, for every registry:

    * scoped: the actor must hold ``for_action`` (PermissionDenied otherwise) and the look-up runs
      within ``visible(Person, actor, "person.refer")``, the matrix row of the roles whose own
      actions name persons;
    * exact: a whole national number or record id, never a name or part of a number, so a role
      learns about persons only what its action needs: whether the reference names someone;
    * audited: every resolution is a read of personal data with its purpose, found or not (trying
      numbers is how one would learn who exists). Call it before the write's transaction, so that
      a miss stays recorded when the write is refused.

    A miss raises ValidationFailed on ``person``, the same whatever the reason.
    """
    actor.scope(for_action)
    text = clean_input(str(getattr(reference, "pk", reference) or "")).strip()
    people = visible(Person, actor, "person.refer")
    person: Person | None = None
    if len(text) == 12 and text.isdigit():
        person = people.filter(national_number=text).first()
    elif text:
        try:
            person = people.filter(pk=uuid.UUID(text)).first()
        except ValueError:
            person = None
    with transaction.atomic():
        record_read(
            actor, "person.resolve", person, purpose=purpose, object_type="persons.person",
            reference=text[:64], found=person is not None, for_action=for_action,
        )  # fmt: skip
    if person is None:
        raise ValidationFailed(details={"person": [str(NO_SUCH_PERSON)]})
    return person


@transaction.atomic
def do_create_person(actor: Actor, **fields: Any) -> Person:
    actor.scope("person.manage")
    person = Person(**{k: v for k, v in fields.items() if k in EDITABLE})
    if not (person.first_name or "").strip():
        raise ValidationFailed(details={"first_name": [_("The first name is required.")]})
    prepare(person)
    _check_identity(person)
    create_record(person, actor)
    _write_keys(person)
    record_write(actor, "person.create", person)
    return person


@transaction.atomic
def do_update_person(actor: Actor, person_id: uuid.UUID, *, expected_version: int | None, **changes: Any) -> Person:
    person = get_visible(Person.objects.select_for_update(), actor, "person.manage", person_id)
    before = snapshot(person)
    old_keys = set(keys_of(person))
    for name, value in changes.items():
        if name in EDITABLE:
            setattr(person, name, value if value is not None or name in ("birth_date", "birth_year") else "")
    if "birth_date" in changes and changes["birth_date"] and "birth_year" not in changes:
        person.birth_year = None  # derived again from the new date
    if not (person.first_name or "").strip():
        raise ValidationFailed(details={"first_name": [_("The first name is required.")]})
    prepare(person)
    _check_identity(person)
    save_edit(person, actor, expected_version)
    # Keys shared with an alias stay: the alias still needs them.
    aliases = alias_keys_of(person)
    new_keys = set(keys_of(person))
    PersonNameKey.objects.filter(key__in=old_keys - new_keys - aliases, person=person).delete()  # by primary key
    _write_keys(person, sorted(new_keys - old_keys - aliases))
    record_write(actor, "person.update", person, before=before)
    return person


@transaction.atomic
def do_add_alias(actor: Actor, person_id: uuid.UUID, **fields: Any) -> PersonAlias:
    """Record another name of a person and index it, so that a search by that name finds them.

    Any site may add an alias to any person it can see: the alias (and its keys) are its own rows.
    """
    actor.scope("person.manage")
    person = get_visible(Person, actor, "person.view", person_id)
    alias = PersonAlias(person=person, **{k: clean_input(fields.get(k) or "").strip() for k in ALIAS_FIELDS})
    if not alias.first_name:
        raise ValidationFailed(details={"first_name": [_("The first name is required.")]})
    create_record(alias, actor)
    existing = set(PersonNameKey.objects.filter(person=person, key__in=keys_of(alias)).values_list("key", flat=True))
    _write_keys(person, [k for k in keys_of(alias) if k not in existing], origin_site=alias.origin_site)
    record_write(actor, "person.alias_add", alias)
    return alias


BIG_LOAD = 100_000
"""Persons from which a load into a smaller index rebuilds the index instead of growing it."""


def bulk_load_persons(
    actor: Actor,
    rows: Iterable[dict[str, Any]],
    *,
    batch_size: int = 5000,
    expected: int = 0,
    worker: bool | None = None,
) -> int:
    """Insert many persons with their name keys; the fast path for imports and benchmarks.

    No model instances: rows (the fields of EDITABLE, and maybe ``id``) go in with COPY on
    PostgreSQL and executemany on SQLite, one audit row per batch. Inside a caller's transaction
    everything is one transaction; outside, one per batch. The name keys (the heavy Python part)
    are computed in a worker process for batch n + 1 while batch n is stored (``worker``: None
    decides by size). On PostgreSQL, when ``expected`` persons at least double the name index
    inside a caller's transaction (a national first load), the index is dropped and built again
    after the COPY, which is several times faster than growing it key by key; the table is then
    locked until the transaction ends.
    """
    actor.scope("person.manage")
    batches = _batches(rows, batch_size)
    first = next(batches, None)
    if first is None:
        return 0
    use_worker = (len(first) >= batch_size and batch_size >= 1000) if worker is None else worker
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) if use_worker else None
    rebuild = connection.in_atomic_block and _should_rebuild(expected)
    try:
        with _rebuilt_key_index() if rebuild else contextlib.nullcontext():
            return _load(actor, itertools.chain([first], batches), pool)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _load(actor: Actor, batches: Iterator[list[dict[str, Any]]], pool: Executor | None) -> int:
    site = current_site()
    as_text = connection.vendor == "postgresql"
    pending: collections.deque[tuple[list[Any], Any]] = collections.deque()
    stored = 0

    def store(persons: list[Any], keys: Any) -> int:
        keys = keys.result() if isinstance(keys, Future) else keys
        with transaction.atomic():
            _insert(persons, keys)
            record_event(actor, "person.bulk_create", kind="write", count=len(persons),
                         first_id=str(persons[0][0]), last_id=str(persons[-1][0]))  # fmt: skip
        return len(persons)

    for batch in batches:
        persons, names = _prepare_batch(actor, batch)
        keys = pool.submit(key_rows, names, site, as_text=as_text) if pool else key_rows(names, site, as_text=as_text)
        pending.append((persons, keys))
        if len(pending) > 1:  # the worker computes batch n + 1 while batch n is stored
            stored += store(*pending.popleft())
    while pending:
        stored += store(*pending.popleft())
    return stored


def _should_rebuild(expected: int) -> bool:
    if connection.vendor != "postgresql" or expected < BIG_LOAD:
        return False
    with connection.cursor() as cursor:
        # Only the tables' owner may drop and rebuild an index: the application's role (sijill.core.dbroles)
        # loads row by row into the index as it stands; `sijill import` runs as the owner (sijill.cli).
        cursor.execute(
            "SELECT reltuples, pg_has_role(current_user, relowner, 'USAGE') FROM pg_class WHERE oid = %s::regclass",
            [PersonNameKey._meta.db_table],
        )
        row = cursor.fetchone()
    if row is None or not row[1]:
        return False
    indexed = max(0.0, float(row[0]))
    return expected * 8 >= indexed  # about eight keys a person


@contextlib.contextmanager
def _rebuilt_key_index() -> Iterator[None]:
    """Drop the name index's primary key and other indexes, and build them again on exit (in the
    caller's transaction: an error anywhere rolls the drop back too)."""
    table = PersonNameKey._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'p'",
            [table],
        )
        primary = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid), x.indisreplident FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass AND NOT x.indisprimary",
            [table],
        )
        others = cursor.fetchall()
        quote = connection.ops.quote_name
        for name, _definition in primary:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition, _replident in others:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for name, definition in primary:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        for name, definition, replident in others:
            cursor.execute(definition)
            if replident:
                cursor.execute(f"ALTER TABLE {quote(table)} REPLICA IDENTITY USING INDEX {quote(name)}")


def _prepare_batch(
    actor: Actor, batch: list[dict[str, Any]]
) -> tuple[list[Any], list[tuple[str, str, str, str, str, str]]]:
    """Rows as the database stores them, and the names to derive their keys from."""
    site = current_site()
    sqlite = connection.vendor == "sqlite"  # SQLite stores UUIDs as 32 hex digits, datetimes as text
    user_id: Any = (actor.user_id.hex if sqlite else actor.user_id) if actor.user_id else None
    now: Any = dt.datetime.now(dt.UTC)
    if sqlite:
        now = connection.ops.adapt_datetimefield_value(now)
    persons: list[tuple[Any, ...]] = []
    names: list[tuple[str, str, str, str, str, str]] = []
    for row in batch:
        pid: Any = row.get("id") or uuid.uuid4()
        pid_text = pid.hex if sqlite else str(pid)
        first, father = row.get("first_name", ""), row.get("father_name", "")
        grandfather, family = row.get("grandfather_name", ""), row.get("family_name", "")
        latin = row.get("latin_name", "")
        birth_date = row.get("birth_date")
        persons.append((
            pid_text, site, now, now, user_id, user_id, 1, first, father, grandfather, family,
            row.get("mother_name", ""), latin, row.get("sex", ""), birth_date,
            row.get("birth_year") or (birth_date.year if birth_date else None),
            to_ascii_digits(row.get("birth_place", "")).strip(), row.get("nationality", "LY"),
            to_ascii_digits(row.get("national_number", "")).strip(),
            to_ascii_digits(row.get("administrative_number") or "").strip(),
            to_ascii_digits(row.get("passport_number") or "").strip().upper(),
            (row.get("passport_country") or "").strip().upper(),
            normalize(full_name(first, father, grandfather, family))[:400],
        ))  # fmt: skip
        names.append((pid_text, first, father, grandfather, family, latin))
    return persons, names


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
    "birth_place", "nationality", "national_number", "administrative_number", "passport_number", "passport_country",
    "name_normalized",
)  # fmt: skip
_KEY_COLUMNS = ("key", "person_id", "origin_site")


def _insert(persons: list[tuple[Any, ...]], keys: str | list[tuple[str, str, str]]) -> None:
    """``keys``: COPY text lines on PostgreSQL (sijill.names.keys.key_rows), tuples on SQLite."""
    person_table, key_table = Person._meta.db_table, PersonNameKey._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3: COPY
            with raw.copy(f"COPY {person_table} ({', '.join(_PERSON_COLUMNS)}) FROM STDIN") as copy:
                for row in persons:
                    copy.write_row(row)
            with raw.copy(f"COPY {key_table} ({', '.join(_KEY_COLUMNS)}) FROM STDIN") as copy:
                copy.write(keys if isinstance(keys, str) else "".join("\t".join(k) + "\n" for k in keys))
            return
        marks = ", ".join(["%s"] * len(_PERSON_COLUMNS))
        cursor.executemany(
            f"INSERT INTO {person_table} ({', '.join(_PERSON_COLUMNS)}) VALUES ({marks})",  # noqa: S608
            persons,
        )
        cursor.executemany(
            f"INSERT INTO {key_table} ({', '.join(_KEY_COLUMNS)}) VALUES (%s, %s, %s)",  # noqa: S608
            keys,
        )


# --- reads ------------------------------------------------------------------------------------


@dataclass
class PersonMatch:
    person: Person
    result: MatchResult
    notes: list[str] = field(default_factory=list)
    # Other records of the same statewide person among the results (sijill.linkage.collapse_matches).
    same_person: list[Person] = field(default_factory=list)

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


def find_candidates(query: NameChain, actor: Actor, cap: int = DEFAULT_CAP) -> list[Candidate]:
    """Persons under the query's keys, most specific key first, at most ``cap`` (no audit: internal)."""

    table = connection.ops.quote_name(PersonNameKey._meta.db_table)
    sql = f"SELECT person_id FROM {table} WHERE key = %s LIMIT %s"  # noqa: S608 (the table's own name)
    convert = (lambda value: uuid.UUID(value)) if connection.vendor == "sqlite" else (lambda value: value)

    with connection.cursor() as cursor:

        def lookup(key: str, limit: int) -> list[Any]:
            # One indexed look-up, without building an ORM query for each key (a search reads ten).
            cursor.execute(sql, [key, limit])
            return [convert(row[0]) for row in cursor.fetchall()]

        ids = candidate_ids(query, lookup, cap)
    rows = visible(Person.objects.filter(id__in=ids), actor, "person.search").values_list(*Candidate._fields)
    return [Candidate(*row) for row in rows]


class Candidate(NamedTuple):
    """What ranking reads of a candidate person: plain values, not a model instance (a search
    weighs 200 candidates and shows ten; only those ten are loaded whole)."""

    pk: Any
    first_name: str
    father_name: str
    grandfather_name: str
    family_name: str
    mother_name: str
    latin_name: str
    birth_year: int | None
    birth_place: str


def rank_candidates(
    query: SearchQuery,
    chain: NameChain,
    candidates: list[Candidate],
    *,
    limit: int | None = None,
    include_weak: bool = True,
) -> list[PersonMatch]:
    """The candidates scored against the query, best first (at most ``limit``; without the weak
    ones unless ``include_weak``), each with its person loaded whole."""
    place = normalize(query.place) if query.place else ""
    matches: list[tuple[Candidate, MatchResult, list[str]]] = []
    aliases: dict[Any, list[PersonAlias]] = {}
    for alias in PersonAlias.objects.filter(person__in=[p.pk for p in candidates]):
        aliases.setdefault(alias.person_id, []).append(alias)
    for person in candidates:
        if query.birth_year and person.birth_year and abs(person.birth_year - query.birth_year) > 1:
            continue
        if place and place not in normalize(person.birth_place):
            continue
        candidate = _chain(
            person.first_name, person.father_name, person.grandfather_name, person.family_name,
            person.mother_name if chain.mother else "",
        )  # fmt: skip
        result = score_names(chain, candidate)
        if person.latin_name:
            latin = score_names(chain, parse_name(person.latin_name))
            if latin.score > result.score:
                result = latin
        notes: list[str] = []
        for alias in aliases.get(person.pk, []):
            # An alias is compared without the mother's name: it was a name used, not a filiation.
            names = [
                parse_name(
                    first=alias.first_name or None,
                    father=alias.father_name or None,
                    grandfather=alias.grandfather_name or None,
                    family=alias.family_name or None,
                )
            ]
            if alias.latin_name:
                names.append(parse_name(alias.latin_name))
            for name in names:
                by_alias = score_names(chain, name)
                if by_alias.score > result.score:
                    result, notes = by_alias, [_("matched the alias %(alias)s") % {"alias": alias.full_name}]
        matches.append((person, result, notes))
    matches.sort(key=lambda m: -m[1].score)
    if not include_weak:
        matches = [m for m in matches if m[1].score >= DEFAULT_THRESHOLD]
    if limit is not None:
        matches = matches[:limit]
    persons = Person.objects.in_bulk([m[0].pk for m in matches])
    return [PersonMatch(persons[c.pk], result, notes) for c, result, notes in matches if c.pk in persons]


def search_persons(
    actor: Actor, query: SearchQuery, *, purpose: str, limit: int = 10, include_weak: bool = False
) -> list[PersonMatch]:
    """Ranked persons for a name query, with reasons; the search and its purpose are audited."""
    actor.scope("person.search")
    purpose = require_purpose(purpose)
    chain = query.chain()
    if not chain.tokens:
        raise ValidationFailed(details={"q": [_("Type at least one name.")]})
    matches = rank_candidates(query, chain, find_candidates(chain, actor), limit=limit, include_weak=include_weak)
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


@dataclass
class PersonFilter:
    """Filters of the persons list; the name goes through the name engine's index."""

    name: str = ""
    national_number: str = ""
    sex: str = ""
    birth_year: int | None = None
    nationality: str = ""
    site: str = ""

    def describe(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v not in ("", None)}


LIST_NAME_CAP = 500


def filter_persons(actor: Actor, filters: PersonFilter) -> Any:
    """The persons the actor may see, filtered (a queryset; no audit: callers audit what they show)."""
    actor.scope("person.search")
    qs = visible(Person, actor, "person.search")
    if filters.name.strip():
        chain = parse_name(filters.name)
        if not chain.tokens:
            return qs.none()
        candidates = find_candidates(chain, actor, cap=LIST_NAME_CAP)
        qs = qs.filter(pk__in=[p.pk for p in candidates])
    if filters.national_number:
        qs = qs.filter(national_number=to_ascii_digits(filters.national_number).strip())
    if filters.sex:
        qs = qs.filter(sex=filters.sex)
    if filters.birth_year:
        qs = qs.filter(birth_year=filters.birth_year)
    if filters.nationality:
        qs = qs.filter(nationality=filters.nationality.upper())
    if filters.site:
        qs = qs.filter(origin_site=filters.site.upper())
    return qs


def list_persons(
    actor: Actor, filters: PersonFilter, *, purpose: str, offset: int = 0, limit: int = 50
) -> list[Person]:
    """One page of the persons list; the filters, the purpose and the persons shown are audited."""
    purpose = require_purpose(purpose)
    page = list(filter_persons(actor, filters)[offset : offset + limit])
    with transaction.atomic():
        record_read(
            actor, "person.list", purpose=purpose, object_type="persons.person",
            query=filters.describe(), results=[str(p.pk) for p in page],
        )  # fmt: skip
    return page


def aliases_of(person: Person) -> list[PersonAlias]:
    """A person's aliases (shown with the person, whose read is audited)."""
    return list(PersonAlias.objects.filter(person=person))
