"""Writing, verifying and exporting the audit log.

Every service that changes data or reads personal data calls ``record_*`` inside the transaction
of its change, so the UI, the API and the CLI are audited alike and an audit row exists exactly
when the change does.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.audit.models import AuditChainHead, AuditEntry, AuditKind, AuditSigningKey
from sijill.core.actor import Actor
from sijill.core.errors import ValidationFailed
from sijill.core.federation import current_site
from sijill.core.safe_csv import csv_lines
from sijill.core.services import given_filters

GENESIS = "0" * 64
# Fields never copied into the log, whatever the model.
SECRET_FIELDS = frozenset({"password", "digest", "key", "secret"})

# --- keys -----------------------------------------------------------------------------------


@cache
def _private_key() -> Ed25519PrivateKey:
    path = settings.SIJILL_AUDIT_KEY_FILE
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        path.chmod(0o600)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return loaded


def _public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _key_id(public_pem: str) -> str:
    return hashlib.sha256(public_pem.encode()).hexdigest()[:16]


@cache
def local_key_id() -> str:
    return _key_id(_public_pem(_private_key().public_key()))


def register_local_key() -> None:
    pem = _public_pem(_private_key().public_key())
    AuditSigningKey.objects.get_or_create(key_id=_key_id(pem), defaults={"site": current_site(), "public_key": pem})


def _sign(message: str) -> str:
    return _private_key().sign(message.encode()).hex()


def _head_message(site: str, seq: int, digest: str) -> str:
    return f"head|{site}|{seq}|{digest}"


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


_HASHED_FIELDS = (
    "site", "seq", "at", "kind", "action", "channel", "actor_id", "actor_username", "actor_role",
    "actor_site", "actor_unit_id", "actor_unit_path", "actor_directorate_id", "object_type",
    "object_id", "object_repr", "purpose", "before", "after", "prev_hash", "key_id",
)  # fmt: skip


def entry_hash(entry: AuditEntry) -> str:
    payload = {name: jsonable(getattr(entry, name)) for name in _HASHED_FIELDS}
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- writing --------------------------------------------------------------------------------


def _append(
    actor: Actor,
    *,
    kind: str,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    purpose: str = "",
) -> AuditEntry:
    if not connection.in_atomic_block:
        raise RuntimeError("The audit log is written inside the transaction of the change it records.")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    site = current_site()
    head = AuditChainHead.objects.select_for_update().filter(site=site).first()
    if head is None:
        head = AuditChainHead.objects.create(site=site)
        head = AuditChainHead.objects.select_for_update().get(site=site)
    entry = AuditEntry(
        site=site,
        seq=head.seq + 1,
        at=timezone.now(),
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
        prev_hash=head.hash,
        key_id=local_key_id(),
    )
    entry.hash = entry_hash(entry)
    entry.signature = _sign(entry.hash)
    entry.save(force_insert=True)
    head.seq, head.hash, head.key_id = entry.seq, entry.hash, entry.key_id
    head.signature = _sign(_head_message(site, entry.seq, entry.hash))
    head.save()
    return entry


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


@dataclass
class ChainReport:
    site: str
    entries: int = 0
    broken_seq: int | None = None
    broken_id: str | None = None
    code: str = ""  # stable: altered, missing, inserted, unlinked, unsigned, head, key
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.code


def _public_keys() -> dict[str, Ed25519PublicKey]:
    keys: dict[str, Ed25519PublicKey] = {}
    for row in AuditSigningKey.objects.all():
        loaded = serialization.load_pem_public_key(row.public_key.encode())
        if isinstance(loaded, Ed25519PublicKey) and _key_id(row.public_key) == row.key_id:
            keys[row.key_id] = loaded
    return keys


def _valid_signature(keys: dict[str, Ed25519PublicKey], key_id: str, signature: str, message: str) -> bool:
    key = keys.get(key_id)
    if key is None:
        return False
    try:
        key.verify(bytes.fromhex(signature), message.encode())
    except (InvalidSignature, ValueError):
        return False
    return True


def verify_site(site: str, keys: dict[str, Ed25519PublicKey] | None = None) -> ChainReport:
    """Walk one site's chain from its first entry; report the first entry that does not hold."""
    keys = keys if keys is not None else _public_keys()
    report = ChainReport(site=site)
    prev, expected = GENESIS, 1
    last: AuditEntry | None = None

    def broken(entry: AuditEntry | None, seq: int, code: str, reason: str) -> ChainReport:
        report.broken_seq, report.code, report.reason = seq, code, reason
        report.broken_id = str(entry.pk) if entry else None
        return report

    for entry in AuditEntry.objects.filter(site=site).order_by("seq").iterator(chunk_size=2000):
        report.entries += 1
        if entry.seq != expected:
            if entry.seq < expected:
                return broken(entry, entry.seq, "inserted", _("entry out of sequence (inserted afterwards)"))
            return broken(entry, entry.seq, "missing", _("entries before this one are missing (deleted)"))
        if entry.prev_hash != prev:
            return broken(entry, entry.seq, "unlinked", _("does not link to the entry before it"))
        if entry_hash(entry) != entry.hash:
            return broken(entry, entry.seq, "altered", _("content altered after it was written"))
        if not _valid_signature(keys, entry.key_id, entry.signature, entry.hash):
            return broken(entry, entry.seq, "unsigned", _("signature invalid (written without the site's key)"))
        prev, expected, last = entry.hash, expected + 1, entry
    head = AuditChainHead.objects.filter(site=site).first()
    last_seq = last.seq if last else 0
    if head is not None and (head.seq, head.hash) != (last_seq, prev):
        return broken(
            None, last_seq + 1, "missing", _("newest entries are missing: the chain head names a later entry")
        )
    if (
        head is not None
        and head.seq
        and not _valid_signature(keys, head.key_id, head.signature, _head_message(site, head.seq, head.hash))
    ):
        return broken(None, head.seq, "head", _("chain head signature invalid"))
    if site == current_site() and local_key_id() not in keys:
        return broken(None, 0, "key", _("this site's signing key is not registered"))
    return report


def verify(sites: Iterable[str] | None = None) -> list[ChainReport]:
    keys = _public_keys()
    if sites is None:
        known = set(AuditEntry.objects.values_list("site", flat=True).distinct())
        known |= set(AuditChainHead.objects.values_list("site", flat=True))
        sites = sorted(known)
    return [verify_site(site, keys) for site in sites]


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
    rows = (_export_row(entry) for entry in entries.order_by("site", "seq").iterator(chunk_size=2000))
    yield from csv_lines(EXPORT_COLUMNS, rows)


# --- database guards ------------------------------------------------------------------------

_PG_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION sijill_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'sijill: the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS sijill_append_only ON audit_auditentry;
CREATE TRIGGER sijill_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION sijill_audit_append_only();
"""


def after_migrate(sender: Any, **kwargs: Any) -> None:
    """Register this site's key, start its chain and forbid edits at the database level."""
    register_local_key()
    AuditChainHead.objects.get_or_create(site=current_site())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_PG_APPEND_ONLY)


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
    return qs.order_by("-at", "site", "-seq")


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
