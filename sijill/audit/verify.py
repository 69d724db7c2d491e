"""Checking a site's audit log against the keys, checkpoints and witnesses this site trusts.

For each site, ``verify`` walks the sequenced entries in order and recomputes every content hash
and chain hash; the newest chain hash must be the signed head, signed by the key pinned for that
site and entry (never a key read from the database). The log must also reach, with the same
chain hash, the last head in the checkpoint file and the highest head witnessed by a peer: a log
shorter than either was truncated, wiped or restored from an older backup. Entries still waiting
for the sequencer longer than the bound are reported as well.
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.audit import chain, checkpoints, keys
from sijill.audit.models import AuditChainHead, AuditEntry, WitnessedHead
from sijill.core.federation import current_site

PAGE = 20_000


@dataclass
class ChainReport:
    site: str
    entries: int = 0
    pending: int = 0  # waiting for the sequencer, within the bound
    broken_seq: int | None = None
    broken_id: str | None = None
    # stable: altered, missing, inserted, unlinked, unsigned, head, key, truncated, forked,
    # unsequenced, checkpoint, witness
    code: str = ""
    reason: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.code


@dataclass(frozen=True)
class Anchor:
    """A signed head this site holds outside the site's log: a checkpoint line or a peer's witness."""

    source: str  # "checkpoint" or "witness:<SITE>"
    seq: int
    hash: str
    key_id: str
    signature: str


def _select_list() -> str:
    """An entry's columns for hashing, converted by the database itself (little per-row Python).

    PostgreSQL writes the scalars' JSON array itself (json_build_array writes what
    ``chain.scalars_text`` writes); SQLite hands the scalars one by one.
    """
    qn = connection.ops.quote_name
    postgresql = connection.vendor == "postgresql"
    parts = []
    for name in chain.SCALAR_FIELDS:
        if postgresql and name in chain.UUID_FIELDS:
            parts.append(f"replace({qn(name)}::text, '-', '')")
        elif postgresql and name == "at":
            parts.append("(extract(epoch FROM at) * 1000000)::bigint")
        elif name == "at":  # SQLite keeps 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC
            # (the seconds of the first 19 characters: SQLite rounds a fraction up to the next second)
            parts.append(
                "CAST(strftime('%%s', substr(at, 1, 19)) AS INTEGER) * 1000000"
                " + CAST(substr(at || '.000000', 21, 6) AS INTEGER)"
            )
        else:
            parts.append(qn(name))
    if postgresql:
        parts = [f"json_build_array('{chain.FORMAT}', {', '.join(parts)})::text"]
    return ", ".join([*parts, "before", "after", "seq", "hash", "chain_hash"])


def _pages(site: str) -> Iterator[list[tuple[Any, ...]]]:
    """The site's sequenced entries in order, a page at a time (keyset pagination on (site, seq)).

    Each row ends with before, after, seq, hash, chain_hash; what precedes is the scalars (SQLite)
    or their JSON array's text (PostgreSQL).
    """
    after, columns = 0, _select_list()
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT {columns} FROM audit_auditentry WHERE site = %s AND seq > %s "  # noqa: S608 - fixed columns
                "ORDER BY seq LIMIT %s",
                [site, after, PAGE],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            yield rows
            after = rows[-1][-3]


def _prefetched(site: str) -> Iterator[list[tuple[Any, ...]]]:
    """``_pages``, with the next page read by a second connection while this one's rows are hashed.

    PostgreSQL builds a page while Python hashes the previous one. Inside a transaction (tests)
    another connection would not see its rows: pages are read in turn then.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield from _pages(site)
        return
    pages: queue.Queue[Any] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def read() -> None:
        try:
            for page in _pages(site):
                while not stop.is_set():
                    try:
                        pages.put(page, timeout=0.5)
                        break
                    except queue.Full:
                        continue
            pages.put(None)
        except BaseException as exc:  # handed to the reader below
            pages.put(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threading.Thread(target=read, name="sijill-verify-read", daemon=True).start()
    try:
        while (page := pages.get()) is not None:
            if isinstance(page, BaseException):
                raise page
            yield page
    finally:
        stop.set()


def _id(lead: list[Any]) -> str:
    """The entry's id from the row's leading part (the first scalar, or the first item of the array)."""
    first = str(lead[0])
    return first[8:40] if first.startswith("[") else first  # '["v2", "<32 hex>", …'


def _anchors(site: str, witnessed: list[WitnessedHead], extra: dict[str, list[Anchor]]) -> list[Anchor]:
    found = []
    checkpoint = checkpoints.latest().get(site)
    if checkpoint is not None:
        found.append(Anchor("checkpoint", checkpoint.seq, checkpoint.hash, checkpoint.key_id, checkpoint.signature))
    found.extend(
        Anchor(f"witness:{w.witness}", w.seq, w.hash, w.key_id, w.signature)
        for w in witnessed
        if w.site == site and w.seq
    )
    found.extend(extra.get(site, []))
    return found


def _signed_by_pinned(site: str, seq: int, key_id: str, signature: str, digest: str) -> str:
    """'' when the head is signed by the key pinned for this site at this entry, else a code."""
    pinned = keys.key_for(site, seq)
    if pinned is None or pinned.key_id != key_id:
        return "key"
    if not keys.valid_signature(pinned, signature, chain.head_message(site, seq, digest)):
        return "head"
    return ""


def verify_site(
    site: str,
    *,
    witnessed: list[WitnessedHead] | None = None,
    extra_anchors: dict[str, list[Anchor]] | None = None,
    now: dt.datetime | None = None,
) -> ChainReport:
    """Walk one site's chain; report the first thing that does not hold."""
    report = ChainReport(site=site)
    witnessed = witnessed if witnessed is not None else list(WitnessedHead.objects.filter(site=site))
    anchors = _anchors(site, witnessed, extra_anchors or {})
    by_seq: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        by_seq.setdefault(anchor.seq, []).append(anchor)

    def broken(seq: int | None, code: str, reason: str, entry_id: Any = None) -> ChainReport:
        report.broken_seq, report.code, report.reason = seq, code, reason
        report.broken_id = chain.uuid_text(entry_id) if entry_id is not None else None
        return report

    alarm = next((w for w in witnessed if w.site == site and w.alarm), None)
    if alarm is not None:
        return broken(alarm.seq, "witness", _("site %(witness)s raised an alarm about this log: %(alarm)s")
                      % {"witness": alarm.witness, "alarm": alarm.alarm})  # fmt: skip
    for anchor in anchors:  # an anchor nobody can forge: signed by the pinned key
        code = _signed_by_pinned(site, anchor.seq, anchor.key_id, anchor.signature, anchor.hash)
        if code:
            reason = _("a signed head held outside the log (%(source)s) is not signed by the pinned key")
            return broken(anchor.seq, "checkpoint", reason % {"source": anchor.source})

    content_hash, text_hash, chain_hash = chain.content_hash, chain.text_hash, chain.chain_hash
    postgresql = connection.vendor == "postgresql"
    previous, expected, count = chain.GENESIS, 1, 0
    for page in _prefetched(site):
        for row in page:
            *lead, before, after, seq, digest, chained = row
            if seq != expected:
                return broken(seq, "missing", _("entries before this one are missing (deleted)"), _id(lead))
            computed = text_hash(lead[0], before, after) if postgresql else content_hash(lead, before, after)
            if computed != digest:
                return broken(seq, "altered", _("content altered after it was written"), _id(lead))
            previous = chain_hash(previous, seq, digest)
            if previous != chained:
                return broken(seq, "unlinked", _("does not link to the entry before it"), _id(lead))
            if seq in by_seq and any(a.hash != previous for a in by_seq[seq]):
                source = next(a.source for a in by_seq[seq] if a.hash != previous)
                return broken(seq, "forked", _("differs from the head signed for this entry (%(source)s): the log "
                                               "was rewritten or restored from another copy") % {"source": source},
                              _id(lead))  # fmt: skip
            expected += 1
            count += 1
    report.entries = count
    last_seq = expected - 1

    head = AuditChainHead.objects.filter(site=site).first()
    head_seq = head.seq if head else 0
    if last_seq or head_seq:
        if head is None:
            return broken(last_seq, "head", _("the signed head of this chain is missing"))
        if head.seq > last_seq:
            return broken(last_seq + 1, "missing", _("newest entries are missing: the signed head names a later entry"))
        if head.seq < last_seq:
            return broken(head.seq + 1, "unsigned", _("entries after the signed head (added without the site's key)"))
        if head.hash != previous:
            return broken(head.seq, "head", _("the signed head does not match the chain"))
        code = _signed_by_pinned(site, head.seq, head.key_id, head.signature, head.hash)
        if code == "key":
            return broken(head.seq, "key", _("the head is not signed by a key pinned for this site"))
        if code:
            return broken(head.seq, "head", _("the head's signature is invalid"))
    for anchor in anchors:
        if anchor.seq > last_seq:
            return broken(
                last_seq + 1,
                "truncated",
                _("the log ends at entry %(last)s but %(source)s holds a head signed at entry %(seq)s: entries were "
                  "deleted, or the database restored from an older backup") % {
                    "last": last_seq, "source": anchor.source, "seq": anchor.seq},
            )  # fmt: skip

    waiting = AuditEntry.objects.filter(site=site, seq__isnull=True)
    if site == current_site():
        now = now or timezone.now()
        bound = dt.timedelta(seconds=float(settings.SIJILL_AUDIT_SEQUENCE_BOUND_SECONDS))
        late = waiting.filter(at__lt=now - bound).order_by("at").values_list("id", flat=True).first()
        if late is not None:
            return broken(None, "unsequenced", _("entries have waited longer than %(bound)s s for the sequencer: is "
                                                 "“sijill worker” running?") % {"bound": int(bound.total_seconds())},
                          late)  # fmt: skip
    report.pending = waiting.count()
    return report


def sites_to_check() -> list[str]:
    """Every site this database knows of: entries, heads, pinned keys, checkpoints and witnesses."""
    known = set(AuditEntry.objects.values_list("site", flat=True).distinct())
    known |= set(AuditChainHead.objects.values_list("site", flat=True))
    known |= {k.site for k in keys.trusted_keys()}
    known |= set(checkpoints.latest())
    known |= set(WitnessedHead.objects.values_list("site", flat=True))
    return sorted(known)


def verify(
    sites: Iterable[str] | None = None, *, extra_anchors: dict[str, list[Anchor]] | None = None
) -> list[ChainReport]:
    witnessed = list(WitnessedHead.objects.all())
    return [
        verify_site(site, witnessed=witnessed, extra_anchors=extra_anchors)
        for site in (sites_to_check() if sites is None else sites)
    ]
