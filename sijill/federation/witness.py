"""Witnessing peers' audit logs over federation (Certificate Transparency's witnesses, in small).

Every minute the worker looks at each peer's newest signed head as replicated here. It checks the
signature against the key pinned for that peer, and compares with the highest head it saw before
(``audit.WitnessedHead``, local, never replicated):

- a head that goes backwards, or another hash for an entry already signed, is an alarm;
- so is a log here missing entries under a head the peer signed (they came in the same
  transaction as the head, so they cannot simply be late).

Otherwise the new head becomes the highest seen. The worker also fetches, from each peer, the
highest head that peer saw of *this* site, so that ``sijill audit verify`` here fails when this
site's log was rolled back behind what its peers saw.
"""

from __future__ import annotations

import logging

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.audit import chain, keys
from sijill.audit.models import AuditChainHead, AuditEntry, WitnessedHead
from sijill.core.federation import current_site
from sijill.federation import replication as rep
from sijill.federation.models import PeerLink

logger = logging.getLogger(__name__)


def _alarm(row: WitnessedHead, message: str) -> str:
    if row.alarm != message:
        row.alarm, row.alarm_at = message, timezone.now()
        row.save(update_fields=["alarm", "alarm_at"])
    return message


def _chain_at(site: str, seq: int) -> str | None:
    return AuditEntry.objects.filter(site=site, seq=seq).values_list("chain_hash", flat=True).first()


def witness_site(site: str) -> str:
    """Witness one peer's newest head as replicated here; returns the alarm ('' when none)."""
    me, now = current_site(), timezone.now()
    head = AuditChainHead.objects.filter(site=site).first()
    seen = WitnessedHead.objects.filter(site=site, witness=me).first()
    if head is None or not head.seq:
        if seen is not None and seen.seq:
            return _alarm(seen, _("the signed head of site %(site)s is gone (the highest seen was entry %(seq)s)")
                          % {"site": site, "seq": seen.seq})  # fmt: skip
        return ""
    pinned = keys.key_for(site, head.seq)
    signed = (
        pinned is not None
        and pinned.key_id == head.key_id
        and keys.valid_signature(pinned, head.signature, chain.head_message(site, head.seq, head.hash))
    )
    if seen is None:
        seen = WitnessedHead(site=site, witness=me, seq=0, hash=chain.GENESIS, key_id="", signature="", seen_at=now)
    if not signed:
        if seen.pk is None:
            seen.save()
        return _alarm(seen, _("the head of site %(site)s at entry %(seq)s is not signed by the key pinned for it")
                      % {"site": site, "seq": head.seq})  # fmt: skip
    if head.seq < seen.seq:
        return _alarm(seen, _("the head of site %(site)s went back from entry %(old)s to entry %(new)s")
                      % {"site": site, "old": seen.seq, "new": head.seq})  # fmt: skip
    if head.seq == seen.seq and head.hash != seen.hash:
        return _alarm(
            seen, _("site %(site)s signed two different logs at entry %(seq)s") % {"site": site, "seq": head.seq}
        )
    if _chain_at(site, head.seq) != head.hash:
        return _alarm(seen, _("entries of site %(site)s under its head at entry %(seq)s are missing or altered here")
                      % {"site": site, "seq": head.seq})  # fmt: skip
    if seen.seq and _chain_at(site, seen.seq) != seen.hash:
        return _alarm(seen, _("the log of site %(site)s was rewritten under the head seen at entry %(seq)s")
                      % {"site": site, "seq": seen.seq})  # fmt: skip
    seen.seq, seen.hash, seen.key_id, seen.signature, seen.seen_at = (
        head.seq,
        head.hash,
        head.key_id,
        head.signature,
        now,
    )
    seen.alarm, seen.alarm_at = "", None
    seen.save()
    return ""


_WITNESS_COLUMNS = ("seq", "hash", "key_id", "signature", "seen_at", "alarm", "alarm_at")


def fetch_witnesses_of_this_site() -> int:
    """From each reachable peer, the highest head of this site it saw; kept here for ``verify``."""
    me, fetched = current_site(), 0
    for link in PeerLink.objects.all():
        try:
            with rep.peer_connection(link.dsn, timeout=2) as conn:
                row = conn.execute(
                    "SELECT seq, hash, key_id, signature, seen_at, alarm, alarm_at FROM audit_witnessedhead "
                    "WHERE site = %s AND witness = %s",
                    [me, link.peer],
                ).fetchone()
        except Exception as exc:  # unreachable, or not migrated yet: try again next time
            logger.info("witness: site %s not asked: %s", link.peer, exc)
            continue
        if row is None:
            continue
        WitnessedHead.objects.update_or_create(
            site=me, witness=link.peer,
            defaults=dict(zip(_WITNESS_COLUMNS, row, strict=True)),
        )  # fmt: skip
        fetched += 1
    return fetched


def witness_peers() -> dict[str, str]:
    """Witness every peer whose log is here; returns the alarms by site."""
    if connection.vendor != "postgresql":
        return {}
    me = current_site()
    peers = (set(AuditChainHead.objects.values_list("site", flat=True)) | set(
        WitnessedHead.objects.filter(witness=me).values_list("site", flat=True))) - {me}  # fmt: skip
    alarms = {site: message for site in sorted(peers) if (message := witness_site(site))}
    fetch_witnesses_of_this_site()
    return alarms


def alarms() -> list[WitnessedHead]:
    """Every alarm raised here or by a peer about this site: for the federation page."""
    return list(WitnessedHead.objects.exclude(alarm=""))
