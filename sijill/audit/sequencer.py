"""The per-site sequencer: orders committed entries, extends the hash chain, signs one head per batch.

Writers never wait for it: they insert their entry (``seq`` empty) and commit. The sequencer locks
only its site's head row, so two sequencers (two workers) take turns and never give an entry two
places; a sequencer that dies mid-batch rolls back and loses nothing, since the entries stay in
its queue until a batch that places them commits. It runs in ``sijill worker`` (a loop every
``SIJILL_AUDIT_SEQUENCE_INTERVAL`` seconds) and on demand (``sijill audit sequence``).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from sijill.audit import chain, checkpoints, keys
from sijill.audit.models import AuditChainHead, AuditEntry
from sijill.core.federation import current_site

logger = logging.getLogger(__name__)
BATCH = 5000


class SequencerError(RuntimeError):
    pass


@dataclass
class Batch:
    site: str
    count: int
    first_seq: int = 0
    last_seq: int = 0


def _take_head(site: str) -> AuditChainHead:
    AuditChainHead.objects.get_or_create(site=site)
    return AuditChainHead.objects.select_for_update().get(site=site)


def _pending(site: str, limit: int) -> list[tuple[Any, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, hash FROM audit_auditentry WHERE site = %s AND seq IS NULL ORDER BY at, id LIMIT %s",
            [site, limit],
        )
        return list(cursor.fetchall())


def _place(rows: list[tuple[Any, int, str]], now: Any) -> int:
    """Give each (id, seq, chain_hash) its place; only entries still without one."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            done = 0
            for start in range(0, len(rows), 1000):
                part = rows[start : start + 1000]
                values = ", ".join(["(%s::uuid, %s::bigint, %s)"] * len(part))
                cursor.execute(
                    "UPDATE audit_auditentry AS e SET seq = v.seq, chain_hash = v.chain, sequenced_at = %s "  # noqa: S608
                    f"FROM (VALUES {values}) AS v(id, seq, chain) WHERE e.id = v.id AND e.seq IS NULL",
                    [now, *(x for row in part for x in row)],
                )
                done += cursor.rowcount
            return done
        cursor.executemany(
            "UPDATE audit_auditentry SET seq = %s, chain_hash = %s, sequenced_at = %s WHERE id = %s AND seq IS NULL",
            [(seq, chain_value, now, entry_id) for entry_id, seq, chain_value in rows],
        )
        return len(rows)


def sequence_batch(site: str | None = None, limit: int = BATCH) -> Batch:
    """Place up to ``limit`` waiting entries of this site and sign the new head; 0 when none wait."""
    site = site or current_site()
    if not connection.in_atomic_block and not AuditEntry.objects.filter(site=site, seq__isnull=True).exists():
        return Batch(site, 0)  # nothing waits: no write lock taken (SQLite serialises writers)
    with transaction.atomic():
        head = _take_head(site)
        start = head.seq + 1
        signer = keys.key_for(site, start)
        if signer is None:
            raise SequencerError(f"no key of site {site} is pinned for entry {start}")
        boundary = keys.next_boundary(site, start)
        if boundary is not None:
            limit = min(limit, boundary - start)  # the head before another key takes over
        private = keys.private_key_for(signer.key_id)
        if private is None:
            raise SequencerError(f"the private key {signer.key_id} pinned for entry {start} is not here")
        waiting = _pending(site, limit)
        if not waiting:
            return Batch(site, 0)
        previous, seq, placed = head.hash, head.seq, []
        for entry_id, content in waiting:
            seq += 1
            previous = chain.chain_hash(previous, seq, content)
            placed.append((entry_id, seq, previous))
        now = timezone.now()
        if _place(placed, now) != len(placed):
            raise SequencerError("an entry was placed by someone else meanwhile")  # rolls the batch back
        head.seq, head.hash, head.key_id, head.signed_at = seq, previous, signer.key_id, now
        head.signature = private.sign(chain.head_message(site, seq, previous)).hex()
        head.save()
        signed = checkpoints.Checkpoint(site, seq, previous, signer.key_id, head.signature, now.isoformat())
        transaction.on_commit(lambda: checkpoints.append(signed))
    return Batch(site, len(placed), start, seq)


def sequence_all(site: str | None = None, limit: int = BATCH) -> int:
    """Place every waiting entry now (the command and tests); returns how many."""
    total = 0
    while (batch := sequence_batch(site, limit)).count:
        total += batch.count
    return total


def run(stop: threading.Event, interval: float | None = None) -> None:
    """The worker's loop: a batch as soon as entries wait, else a short sleep. Never raises."""
    interval = float(interval if interval is not None else settings.SIJILL_AUDIT_SEQUENCE_INTERVAL)
    while not stop.is_set():
        try:
            close_old_connections()
            batch = sequence_batch()
            if batch.count >= BATCH:
                continue
        except Exception:
            logger.exception("audit sequencer: batch failed; retrying")
            stop.wait(min(5.0, interval * 10))
            continue
        stop.wait(interval)
    connection.close()


# --- status ---------------------------------------------------------------------------------


@dataclass
class SequencerStatus:
    site: str
    head_seq: int
    signed_at: Any
    waiting: int
    oldest_waiting_at: Any
    oldest_waiting_seconds: float
    bound_seconds: float
    recent_delay_p50: float | None
    recent_delay_p99: float | None
    recent_delay_max: float | None
    recent_entries: int

    @property
    def late(self) -> bool:
        return self.oldest_waiting_seconds > self.bound_seconds


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def status(site: str | None = None, sample: int = 2000) -> SequencerStatus:
    """How far behind the sequencer is, and its delays over the newest ``sample`` entries."""
    site = site or current_site()
    now = timezone.now()
    head = AuditChainHead.objects.filter(site=site).first()
    waiting = AuditEntry.objects.filter(site=site, seq__isnull=True)
    count = waiting.count()
    oldest = waiting.order_by("at").values_list("at", flat=True).first()
    recent = list(
        AuditEntry.objects.filter(site=site, seq__isnull=False)
        .order_by("-seq")
        .values_list("at", "sequenced_at")[:sample]
    )
    delays = [max(0.0, (done - at).total_seconds()) for at, done in recent if done is not None]
    return SequencerStatus(
        site=site,
        head_seq=head.seq if head else 0,
        signed_at=head.signed_at if head else None,
        waiting=count,
        oldest_waiting_at=oldest,
        oldest_waiting_seconds=(now - oldest).total_seconds() if oldest else 0.0,
        bound_seconds=float(settings.SIJILL_AUDIT_SEQUENCE_BOUND_SECONDS),
        recent_delay_p50=_percentile(delays, 0.5) if delays else None,
        recent_delay_p99=_percentile(delays, 0.99) if delays else None,
        recent_delay_max=max(delays) if delays else None,
        recent_entries=len(delays),
    )
