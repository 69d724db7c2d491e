"""Writing, verifying and exporting the audit log.

Every service that changes data or reads personal data calls ``record_*`` inside the transaction
of its change, so the UI, the API and the CLI are audited alike and an audit row exists exactly
when the change does. Appending is one INSERT with the entry's content hash: no lock is shared
with other writers. The sequencer (``sijill.audit.sequencer``) places entries in the signed
chain afterwards; ``verify`` (``sijill.audit.verify``) checks it.

For many entries at once (a gate screening thousands of plates a second, an import), build them
with ``build_entry`` and write them with ``record_many``: one multi-row INSERT (group commit).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.audit import chain, keys
from sijill.audit.models import AuditChainHead, AuditEntry, AuditKind, AuditSigningKey
from sijill.audit.verify import ChainReport, verify_site
from sijill.audit.verify import verify as verify_chains
from sijill.core.actor import Actor
from sijill.core.errors import Conflict, ValidationFailed
from sijill.core.federation import current_site
from sijill.core.safe_csv import csv_lines
from sijill.core.services import given_filters

__all__ = ["ChainReport", "verify_site"]

GENESIS = chain.GENESIS
# Fields never copied into the log, whatever the model.
SECRET_FIELDS = frozenset({"password", "digest", "key", "secret"})


# --- content --------------------------------------------------------------------------------


def jsonable(value: Any) -> Any:
    """A JSON value that survives a round trip through any database unchanged."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal | float):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return str(value)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The stored fields of a record, for the before/after of a change (secrets left out)."""
    return {
        f.attname: jsonable(getattr(obj, f.attname)) for f in obj._meta.concrete_fields if f.name not in SECRET_FIELDS
    }


def entry_hash(entry: AuditEntry) -> str:
    """The content hash of an entry as it is (``sijill.audit.chain.content_hash``)."""
    values: list[Any] = []
    for name in chain.SCALAR_FIELDS:
        value = getattr(entry, name)
        if name in chain.UUID_FIELDS:
            value = chain.uuid_text(value)
        elif name == "at":
            value = chain.at_micros(value)
        values.append(value)
    before = chain.canonical_json(entry.before) if entry.before is not None else None
    after = chain.canonical_json(entry.after) if entry.after is not None else None
    return chain.content_hash(values, before, after)


# --- writing --------------------------------------------------------------------------------


def build_entry(
    actor: Actor,
    action: str,
    *,
    kind: str = AuditKind.WRITE,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    purpose: str = "",
    at: dt.datetime | None = None,
) -> AuditEntry:
    """An entry ready to insert (with its content hash), not yet saved: for ``record_many``.

    For a read of personal data use ``build_read``, which requires the stated purpose.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    entry = AuditEntry(
        id=uuid.uuid4(),
        site=current_site(),
        at=at or timezone.now(),
        kind=kind,
        action=action,
        channel=actor.channel,
        actor_id=actor.user_id,
        actor_username=actor.username,
        actor_role=actor.role,
        actor_site=actor.site,
        actor_unit_id=actor.unit_id,
        actor_unit_path=actor.unit_path,
        actor_directorate_id=actor.directorate_id,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        purpose=purpose,
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
    )
    entry.hash = entry_hash(entry)
    return entry


def build_read(
    actor: Actor, action: str, obj: models.Model | None = None, *, purpose: str, **detail: Any
) -> AuditEntry:
    """A read of personal data for ``record_many``, like ``record_read``: refused without a purpose."""
    return build_entry(
        actor, action, kind=AuditKind.READ, obj=obj, purpose=require_purpose(purpose),
        object_type=detail.pop("object_type", ""), object_id=detail.pop("object_id", ""),
        object_repr=detail.pop("object_repr", ""), after=detail or None,
    )  # fmt: skip


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("The audit log is written inside the transaction of the change it records.")


_INSERT_FIELDS = (*chain.SCALAR_FIELDS, "before", "after", "hash", "chain_hash")


@cache
def _insert_fields() -> list[models.Field[Any, Any]]:
    fields = {f.name: f for f in AuditEntry._meta.concrete_fields}
    return [fields[name] for name in _INSERT_FIELDS]


@cache
def _insert_sql() -> str:
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in _insert_fields())
    return f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_INSERT_FIELDS))})"  # noqa: S608


def _insert(entry: AuditEntry) -> None:
    """One INSERT, without the ORM's per-save machinery (the hot path of every audited request)."""
    params = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in _insert_fields()]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(), params)
    entry._state.adding, entry._state.db = False, connection.alias


def _append(actor: Actor, *, kind: str, action: str, **fields: Any) -> AuditEntry:
    _require_transaction()
    entry = build_entry(actor, action, kind=kind, **fields)
    _insert(entry)
    return entry


def record_many(entries: Iterable[AuditEntry], *, batch_size: int = 2000) -> int:
    """Insert entries built by ``build_entry`` in as few statements as possible (group commit).

    Inside the caller's transaction when there is one (the rows commit with its change), else in
    a transaction of their own. Returns the number written.
    """
    rows = list(entries)
    if any(e.seq is not None or not e.hash for e in rows):
        raise ValueError("record_many takes entries from build_entry")
    with transaction.atomic():
        AuditEntry.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def record_write(
    actor: Actor,
    action: str,
    obj: models.Model,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record a change. ``after`` defaults to the object's stored fields (None for a delete)."""
    if after is None and not action.endswith(".delete"):
        after = snapshot(obj)
    return _append(actor, kind=AuditKind.WRITE, action=action, obj=obj, before=before, after=after)


def require_purpose(purpose: str | None) -> str:
    cleaned = (purpose or "").strip()
    if len(cleaned) < 3:
        raise ValidationFailed(_("State the purpose of this look-up (at least three characters)."))
    return cleaned[:500]


def record_read(
    actor: Actor, action: str, obj: models.Model | None = None, *, purpose: str, **detail: Any
) -> AuditEntry:
    """Record a read of personal data and why. Refuses a read without a stated purpose."""
    return _append(
        actor,
        kind=AuditKind.READ,
        action=action,
        obj=obj,
        purpose=require_purpose(purpose),
        object_type=detail.pop("object_type", ""),
        object_id=detail.pop("object_id", ""),
        object_repr=detail.pop("object_repr", ""),
        after=detail or None,
    )


def record_event(actor: Actor, action: str, *, kind: str = AuditKind.AUTH, **detail: Any) -> AuditEntry:
    """Record a security event (sign-in, lock-out, token issued) or a system event."""
    with transaction.atomic():
        return _append(
            actor,
            kind=kind,
            action=action,
            object_type=detail.pop("object_type", ""),
            object_id=detail.pop("object_id", ""),
            object_repr=detail.pop("object_repr", ""),
            after=detail or None,
        )


# --- verifying ------------------------------------------------------------------------------


def verify(sites: Iterable[str] | None = None) -> list[ChainReport]:
    """Every site's chain (or the given ones), against the pinned keys, the checkpoint file and the
    heads witnessed by peers (``WitnessedHead``, kept current by the worker's federation task)."""
    return verify_chains(sites)


# --- exporting ------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "site", "seq", "at", "kind", "action", "channel", "actor_username", "actor_role", "actor_site",
    "actor_unit_id", "object_type", "object_id", "object_repr", "purpose", "before", "after", "hash",
)  # fmt: skip


def _export_row(entry: AuditEntry) -> list[Any]:
    row = []
    for name in EXPORT_COLUMNS:
        value = getattr(entry, name)
        if name in {"before", "after"}:
            value = json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else ""
        row.append(jsonable(value) if value is not None else "")
    return row


def export_rows(entries: models.QuerySet[AuditEntry]) -> Iterator[str]:
    """CSV lines (UTF-8 with BOM so that spreadsheet programs show Arabic correctly), through the one
    CSV writer that neutralises cells a spreadsheet would run as formulas (a failed sign-in's username)."""
    rows = (_export_row(entry) for entry in entries.order_by("site", "at", "id").iterator(chunk_size=2000))
    yield from csv_lines(EXPORT_COLUMNS, rows)


# --- after migrate --------------------------------------------------------------------------


def after_migrate(sender: Any, **kwargs: Any) -> None:
    """Pin this site's key (first time), publish it in the directory, start its chain, guard the tables."""
    from sijill.audit import dbguard
    from sijill.core.dbroles import connected_as_app

    register_local_keys()
    AuditChainHead.objects.get_or_create(site=current_site())
    if not connected_as_app():
        dbguard.install()


def register_local_keys() -> None:
    """This site's pinned keys in the directory table, so that peers can fetch and confirm them."""
    site = current_site()
    keys.ensure_local_key_pinned(site)
    for key in keys.keys_of(site):
        AuditSigningKey.objects.get_or_create(
            key_id=key.key_id,
            defaults={"site": site, "public_key": keys.pem_of(key.public_b64), "from_seq": key.from_seq},
        )


# --- auditor's services ---------------------------------------------------------------------


def filtered_entries(actor: Actor, filters: dict[str, Any], *, action: str) -> models.QuerySet[AuditEntry]:
    from sijill.core.permissions import visible

    qs = visible(AuditEntry.objects.all(), actor, action)
    if filters.get("site"):
        qs = qs.filter(site=filters["site"].strip().upper())
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("action"):
        qs = qs.filter(action__startswith=filters["action"].strip())
    if filters.get("user"):
        qs = qs.filter(actor_username=filters["user"].strip())
    if filters.get("object_id"):
        qs = qs.filter(object_id=filters["object_id"].strip())
    if filters.get("since"):
        qs = qs.filter(at__date__gte=filters["since"])
    if filters.get("until"):
        qs = qs.filter(at__date__lte=filters["until"])
    return qs.order_by("-at", "site", "-id")


@transaction.atomic
def browse_entries(actor: Actor, filters: dict[str, Any]) -> models.QuerySet[AuditEntry]:
    """The entries an auditor browses (who read whom, and why, is itself personal data): the look-up
    and its filters are recorded, like the export."""
    qs = filtered_entries(actor, filters, action="audit.view")
    record_read(actor, "audit.browse", purpose="audit review", filters=given_filters(filters))
    return qs


def do_export(actor: Actor, filters: dict[str, Any]) -> models.QuerySet[AuditEntry]:
    """The entries an auditor exports; the export itself is recorded first."""
    qs = filtered_entries(actor, filters, action="audit.export")
    with transaction.atomic():
        _append(
            actor,
            kind=AuditKind.READ,
            action="audit.export",
            purpose="audit export",
            after={"filters": jsonable(filters)},
        )
    return qs


def do_verify(actor: Actor) -> list[ChainReport]:
    scope = actor.scope("audit.verify")
    from sijill.core.matrix import Scope

    reports = verify([actor.site] if scope is not Scope.NATIONAL else None)
    record_event(
        actor,
        "audit.verify",
        kind=AuditKind.SYSTEM,
        result={r.site: ("ok" if r.ok else f"broken at {r.broken_seq}") for r in reports},
    )
    return reports


# --- keys -----------------------------------------------------------------------------------


def do_rotate_key(actor: Actor, from_seq: int | None = None) -> keys.TrustedKey:
    """Start a new signing key of this site from an entry not yet signed (default: the next one).

    The old key stays pinned for the heads before that entry, and its private key stays beside the
    new one until the sequencer has signed up to there.
    """
    site = current_site()
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(site=site)
        head = AuditChainHead.objects.select_for_update().get(site=site)
        start = head.seq + 1
        from_seq = start if from_seq is None else from_seq
        if from_seq < start:
            raise ValidationFailed(
                _("Entries up to %(seq)s are already signed: a new key starts at entry %(next)s or later.")
                % {"seq": head.seq, "next": start}
            )
        pending = keys.next_boundary(site, head.seq)
        if pending is not None:
            raise Conflict(_("A new key is already waiting to start at entry %(seq)s.") % {"seq": pending})
        trusted = keys.rotate(site, from_seq)
        AuditSigningKey.objects.create(
            key_id=trusted.key_id, site=site, public_key=keys.pem_of(trusted.public_b64), from_seq=from_seq
        )
        record_event(
            actor, "audit.rotate_key", kind=AuditKind.SYSTEM, key_id=trusted.key_id, from_seq=from_seq,
            fingerprint=trusted.fingerprint,
        )  # fmt: skip
    return trusted


def directory_keys(site: str) -> list[AuditSigningKey]:
    """A site's keys as published in the (replicated) directory: candidates to confirm, never trusted as such."""
    return list(AuditSigningKey.objects.filter(site=site).order_by("from_seq", "created_at"))


def do_trust_key(actor: Actor, site: str, public_pem: str, from_seq: int, fingerprint: str) -> keys.TrustedKey:
    """Pin a peer's key once the operator has confirmed its fingerprint with the peer's administrator."""
    site = (site or "").strip().upper()
    if site == current_site():
        raise ValidationFailed(_("This site's own keys are pinned by migrate and rotate-key."))
    b64 = keys.public_from_pem(public_pem)
    if not keys.same_fingerprint(fingerprint or "", b64):
        raise ValidationFailed(
            _("The fingerprint given does not match the key of site %(site)s (%(fingerprint)s).")
            % {"site": site, "fingerprint": keys.fingerprint(b64)}
        )
    trusted = keys.pin(site, b64, from_seq)
    record_event(
        actor, "audit.trust_key", kind=AuditKind.SYSTEM, peer=site, key_id=trusted.key_id, from_seq=from_seq,
        fingerprint=trusted.fingerprint,
    )  # fmt: skip
    return trusted


# --- history of a record --------------------------------------------------------------------


@dataclass
class HistoryEntry:
    at: Any
    action: str
    username: str
    site: str
    changes: list[tuple[str, Any, Any]]  # (field, before, after)


_HISTORY_SKIPPED = {"version", "updated_at", "updated_by_id", "created_at", "created_by_id", "name_normalized"}


def history_of(obj: models.Model, limit: int = 200) -> list[HistoryEntry]:
    """A record's changes, newest first, from the audit log (the one source of history).

    The audit log already holds before/after of every write, so no second history table is kept.
    """
    entries = AuditEntry.objects.filter(
        kind=AuditKind.WRITE, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("-at")[:limit]
    history = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        fields = sorted((set(before) | set(after)) - _HISTORY_SKIPPED)
        changes = [(f, before.get(f), after.get(f)) for f in fields if before.get(f) != after.get(f)]
        history.append(HistoryEntry(entry.at, entry.action, entry.actor_username, entry.site, changes))
    return history
