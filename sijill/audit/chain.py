"""The audit log's hashes, as pure functions (no Django): one canonical form, written once.

An entry's content hash covers every field a person reads in the log; its chain hash binds it to
its place: ``chain(n) = SHA-256(chain(n-1) | n | content(n))``. A head signs ``(site, n, chain(n))``,
so one signature vouches for every entry under it. A hash chain rather than a Merkle tree: every
site holds every site's whole log (federation replicates it) and ``verify`` reads every entry
anyway, so the proofs a Merkle tree offers to light clients buy nothing here, and "is entry n
under this head" is one comparison of a stored chain hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS = "0" * 64
FORMAT = "v2"

# The canonical order of an entry's fields; ``content_hash`` takes them in this order.
CONTENT_FIELDS = (
    "id", "site", "at", "kind", "action", "channel", "actor_id", "actor_username", "actor_role",
    "actor_site", "actor_unit_id", "actor_unit_path", "actor_directorate_id", "object_type",
    "object_id", "object_repr", "purpose", "before", "after",
)  # fmt: skip
UUID_FIELDS = frozenset({"id", "actor_id", "actor_unit_id", "actor_directorate_id"})

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def at_text(value: dt.datetime) -> str:
    """A time as hashed: UTC, ISO 8601, microseconds."""
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    return value.isoformat(timespec="microseconds")


def uuid_text(value: Any) -> str | None:
    """A UUID as hashed: 32 lower-case hex digits (how SQLite stores it; PostgreSQL's text minus dashes)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.replace("-", "").lower()
    return str(value.hex)


def content_hash(values: list[Any]) -> str:
    """SHA-256 of the canonical JSON of an entry's fields, given in ``CONTENT_FIELDS`` order.

    ``at`` as ``at_text``, UUIDs as ``uuid_text``, before/after as JSON values (objects are
    serialised with sorted keys, so a database that reorders keys changes nothing).
    """
    return hashlib.sha256(_dumps([FORMAT, *values]).encode()).hexdigest()


def chain_hash(previous: str, seq: int, content: str) -> str:
    return hashlib.sha256(f"{previous}|{seq}|{content}".encode()).hexdigest()


def head_message(site: str, seq: int, chain: str) -> bytes:
    """What a site's key signs for a head."""
    return f"sijill-audit-head|{FORMAT}|{site}|{seq}|{chain}".encode()
