"""The columns Splink compares, derived from a person by the Arabic name engine (pure Python).

Splink's SQL string functions (DuckDB's ``levenshtein``, ``jaro_winkler``) count bytes, not
letters, so raw Arabic never reaches them. Each name part is given to Splink three ways, all from
``sijill.names``:

* ``<part>_key`` — the part's canonical identity when the engine knows the name (امحمد = محمد =
  Mohamed), else its comparison spelling (article dropped, letters folded). Compared for equality,
  with term-frequency adjustment (محمد, علي and الورفلي tell little).
* ``<part>_skel`` — the consonant skeleton common to Arabic and Latin spellings (ASCII): equal for
  transliterations, dialect letters and most typing errors.
* ``<part>_lat`` — a Latin phonetic key (ASCII): the fuzzy comparison of typing errors runs on it,
  so a byte is a letter.
* ``<part>_name`` — the known name the part is (its canonical identity), or, for a spelling the
  engine does not know, the one known name a single letter away (بششر → بشير): two parts that are
  two different known names (محمد / محمود, أحمد / إبراهيم) are brothers, not a misspelling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache
from typing import Any

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

from sijill.names import normalize, parse_name
from sijill.names._data import read_table
from sijill.names.tokens import Token

NAME_PARTS = ("first", "father", "grandfather", "family")
# Feature columns, in order: what a feature row holds (besides unique_id and site).
COLUMNS = (
    *(f"{part}_{kind}" for part in NAME_PARTS for kind in ("key", "skel", "lat", "name")),
    "mother_key", "mother_first_key", "mother_first_skel", "mother_first_lat", "mother_first_name",
    "birth_date", "birth_year", "birth_month", "birth_day", "birth_place_key", "birth_place_skel", "sex",
    "national_number", "passport", "admin_number",
)  # fmt: skip


@cache
def _known_names() -> tuple[str, ...]:
    """The canonical identities of the given names the engine knows (its table of given names)."""
    names = set()
    for row in read_table("given_names.tsv"):
        chain = parse_name(first=normalize(row["canonical"]))
        if len(chain.tokens) == 1 and chain.tokens[0].canon:
            names.add(chain.tokens[0].canon)
    return tuple(sorted(names))


@lru_cache(maxsize=200_000)
def _nearest_known(spelling: str) -> str | None:
    """The one known name a single letter away from an unknown Arabic spelling, if exactly one is."""
    if len(spelling) < 4:
        return None
    close = extract(spelling, _known_names(), scorer=Levenshtein.distance, score_cutoff=1, limit=2)
    return close[0][0] if len(close) == 1 else None


def _token_columns(token: Token | None) -> tuple[str | None, str | None, str | None, str | None]:
    """Key, skeleton, Latin key, and the known name it is (or is one letter from)."""
    if token is None:
        return None, None, None, None
    name = token.canon or (_nearest_known(token.cmp) if token.script == "ar" else None)
    return (token.canon or token.cmp or None), (token.skel or None), (token.lat or None), name


def _clean(value: Any) -> str:
    return str(value or "").strip()


def _ascii_id(value: Any) -> str | None:
    text = normalize(_clean(value)).replace(" ", "").upper()
    return text or None


def features(person: Mapping[str, Any]) -> dict[str, Any]:
    """One person (a mapping with the Person model's field names) as the columns Splink compares."""
    chain = parse_name(
        first=_clean(person.get("first_name")) or None,
        father=_clean(person.get("father_name")) or None,
        grandfather=_clean(person.get("grandfather_name")) or None,
        family=_clean(person.get("family_name")) or None,
        mother=_clean(person.get("mother_name")) or None,
    )
    row: dict[str, Any] = {}
    for part in NAME_PARTS:
        key, skel, lat, name = _token_columns(chain.part(part))
        row[f"{part}_key"], row[f"{part}_skel"], row[f"{part}_lat"], row[f"{part}_name"] = key, skel, lat, name
    if chain.mother:
        row["mother_key"] = " ".join(t.canon or t.cmp for t in chain.mother)
        first_key, first_skel, first_lat, first_name = _token_columns(chain.mother[0])
    else:
        row["mother_key"], (first_key, first_skel, first_lat, first_name) = None, _token_columns(None)
    row["mother_first_key"], row["mother_first_skel"], row["mother_first_lat"] = first_key, first_skel, first_lat
    row["mother_first_name"] = first_name
    birth_date = person.get("birth_date")
    if isinstance(birth_date, str):
        birth_date = dt.date.fromisoformat(birth_date) if birth_date else None
    # Dates as ISO text and parts: equality and the day/month swap are then plain SQL on any backend.
    row["birth_date"] = birth_date.isoformat() if birth_date else None
    row["birth_year"] = person.get("birth_year") or (birth_date.year if birth_date else None)
    row["birth_month"] = birth_date.month if birth_date else None
    row["birth_day"] = birth_date.day if birth_date else None
    place = parse_name(_clean(person.get("birth_place"))) if _clean(person.get("birth_place")) else None
    if place is not None and place.tokens:
        row["birth_place_key"] = " ".join(t.canon or t.cmp for t in place.tokens)
        row["birth_place_skel"] = "".join(t.skel for t in place.tokens) or None
    else:
        row["birth_place_key"] = row["birth_place_skel"] = None
    row["sex"] = _clean(person.get("sex")) or None
    row["national_number"] = _ascii_id(person.get("national_number"))
    passport = _ascii_id(person.get("passport_number"))
    row["passport"] = f"{_clean(person.get('passport_country')).upper()}:{passport}" if passport else None
    row["admin_number"] = _ascii_id(person.get("administrative_number"))
    return row


def feature_rows(persons: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """Feature rows with ``unique_id`` (the person's id as text) and ``site`` (its origin site)."""
    for person in persons:
        row = features(person)
        row["unique_id"] = str(person["id"])
        row["site"] = str(person.get("origin_site") or "")
        row["in_batch"] = bool(person.get("in_batch", False))
        yield row


INPUT_COLUMNS = ("unique_id", "site", "in_batch", *COLUMNS)
INTEGER_COLUMNS = frozenset({"birth_year", "birth_month", "birth_day"})


def feature_columns(persons: Iterable[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """The same rows as columns (what DuckDB and Arrow take without per-row overhead)."""
    columns: dict[str, list[Any]] = {name: [] for name in INPUT_COLUMNS}
    appenders = [(name, columns[name].append) for name in INPUT_COLUMNS]
    for row in feature_rows(persons):
        for name, append in appenders:
            append(row[name])
    return columns


def _chunks(persons: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    chunk: list[Mapping[str, Any]] = []
    for person in persons:
        chunk.append(person)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def feature_chunks(
    persons: Iterable[Mapping[str, Any]], *, size: int = 50_000, workers: int = 1
) -> Iterator[dict[str, list[Any]]]:
    """Feature columns chunk by chunk, so that a million persons never sit in memory as Python
    objects at once; with ``workers`` > 1 the name engine runs in that many processes."""
    chunks = _chunks(persons, size)
    if workers <= 1:
        yield from (feature_columns(chunk) for chunk in chunks)
        return
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(feature_columns, chunks)
