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
import json.encoder
from typing import Any

GENESIS = "0" * 64
FORMAT = "v2"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)

# The canonical order of an entry's scalar fields; ``before`` and ``after`` follow as JSON text.
SCALAR_FIELDS = (
    "id", "site", "at", "kind", "action", "channel", "actor_id", "actor_username", "actor_role",
    "actor_site", "actor_unit_id", "actor_unit_path", "actor_directorate_id", "object_type",
    "object_id", "object_repr", "purpose",
)  # fmt: skip
UUID_FIELDS = frozenset({"id", "actor_id", "actor_unit_id", "actor_directorate_id"})

_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
_dumps = _encoder.encode
# The scalars are a JSON array written exactly as PostgreSQL's json_build_array(...)::text writes
# it (", " between items, the same escapes), so that verify on PostgreSQL reads each entry's array
# as one text column. The C encoder is built once (``encode`` builds it again on every call).
_list_encoder = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
_make = getattr(json.encoder, "c_make_encoder", None)
_c_encode = _make and _make(
    None, _list_encoder.default, json.encoder.encode_basestring, None, ": ", ", ", True, False, True
)


def scalars_text(scalars: Any) -> str:
    """The JSON array of an entry's format and scalar fields, as hashed."""
    values = [FORMAT, *scalars]
    return "".join(_c_encode(values, 0)) if _c_encode else _list_encoder.encode(values)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: what the log stores for before/after, and hashes as is."""
    return _dumps(value)


def at_micros(value: dt.datetime) -> int:
    """A time as hashed: microseconds since 1970-01-01 UTC (exact, whatever the database's time type)."""
    return (value - EPOCH) // MICROSECOND


def uuid_text(value: Any) -> str | None:
    """A UUID as hashed: 32 lower-case hex digits (how SQLite stores it; PostgreSQL's text minus dashes)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.replace("-", "").lower()
    return str(value.hex)


def content_hash(scalars: Any, before: str | None, after: str | None) -> str:
    """SHA-256 of an entry's content: its scalar fields in ``SCALAR_FIELDS`` order (``at`` as
    ``at_micros``, UUIDs as ``uuid_text``) as a JSON array, then its before and after as stored
    (canonical JSON text, or null), one per line (JSON text never holds a raw newline)."""
    return text_hash(scalars_text(scalars), before, after)


def text_hash(scalars: str, before: str | None, after: str | None) -> str:
    """``content_hash`` from the scalars' array text (what PostgreSQL hands verify)."""
    return hashlib.sha256(f"{scalars}\n{before or 'null'}\n{after or 'null'}".encode()).hexdigest()


def chain_hash(previous: str, seq: int, content: str) -> str:
    return hashlib.sha256(f"{previous}|{seq}|{content}".encode()).hexdigest()


def head_message(site: str, seq: int, chain: str) -> bytes:
    """What a site's key signs for a head."""
    return f"sijill-audit-head|{FORMAT}|{site}|{seq}|{chain}".encode()
