"""Every action of federation is one function here: it checks, acts and audits.

Join, leave, refresh and resync are the site administrator's, from the server's shell (``sijill
federation …``, which needs the database superuser to manage replication); the page and the API
only show the status.

Joining, leaving and resynchronising change PostgreSQL objects (publication, subscriptions,
slots) that cannot live inside a transaction; each is recorded in the audit log as a system
event once done. Status and verify only read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.audit.models import AuditKind
from sijill.audit.services import record_event
from sijill.core.actor import Actor
from sijill.core.errors import NotFound, ValidationFailed
from sijill.core.federation import current_site
from sijill.federation import replication as rep
from sijill.federation.models import PeerLink


def alert_after() -> dt.timedelta:
    """How long a link may be down before the federation page raises an alert (default 30 minutes)."""
    return dt.timedelta(minutes=float(settings.SIJILL_FEDERATION_ALERT_MINUTES))


@dataclass
class Outcome:
    peer: str
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _dsn_of(peer: str) -> str:
    link = PeerLink.objects.filter(peer=peer).first()
    if link is None:
        raise NotFound(_("This site is not linked to site %(peer)s.") % {"peer": peer})
    return link.dsn


def _check_server() -> None:
    rep.require_postgresql()
    with connection.cursor() as cursor:
        cursor.execute("SHOW wal_level")
        row = cursor.fetchone()
        if not row or row[0] != "logical":
            raise rep.FederationError(
                _("PostgreSQL must run with wal_level = logical (postgresql.conf), then be restarted.")
            )


def do_publish(actor: Actor) -> Outcome:
    """Publish this site's own rows (the first step of linking; ``join`` does it too)."""
    _check_server()
    rep.ensure_replica_identity()
    rep.ensure_publication()
    record_event(actor, "federation.publish", kind=AuditKind.SYSTEM)
    return Outcome(current_site(), notes=[
        _("This site's rows are published as %(name)s.") % {"name": rep.publication_name(current_site())}
    ])  # fmt: skip


@dataclass
class PeerKey:
    key_id: str
    public_pem: str
    from_seq: int
    fingerprint: str
    pinned: bool


def peer_keys(peer: str, dsn: str) -> list[PeerKey]:
    """The audit keys the peer publishes (read at the peer), each with its fingerprint and whether it is pinned here."""
    from sijill.audit import keys

    rep.require_postgresql()
    peer = rep.check_site_code(peer)
    rep.check_peer_site(dsn, peer)
    with rep.peer_connection(dsn) as conn:
        rows = conn.execute(
            "SELECT key_id, public_key, from_seq FROM audit_auditsigningkey WHERE site = %s ORDER BY from_seq", [peer]
        ).fetchall()
    pinned = {k.key_id for k in keys.trusted_keys()}
    found = []
    for key_id, pem, from_seq in rows:
        b64 = keys.public_from_pem(pem)
        if keys.key_id_of(b64) != key_id:
            raise rep.FederationError(_("Site %(peer)s publishes a key whose id does not match it.") % {"peer": peer})
        found.append(PeerKey(key_id, pem, int(from_seq), keys.fingerprint(b64), key_id in pinned))
    if not found:
        raise rep.FederationError(
            _("Site %(peer)s publishes no audit key: run “sijill migrate” there.") % {"peer": peer}
        )
    return found


def do_join(actor: Actor, peer: str, dsn: str, confirmed: dict[str, str] | None = None) -> Outcome:
    """Pin the peer's audit keys (each confirmed by its fingerprint), publish this site's rows and
    subscribe to the peer's. Idempotent: run it again at will (e.g. after the peer rotated its key).

    ``confirmed`` maps each key id not pinned yet to the fingerprint the operator confirmed.
    """
    from sijill.audit.services import do_trust_key

    peer = rep.check_site_code(peer)
    dsn = (dsn or "").strip()
    if not dsn:
        raise ValidationFailed(_("Give the peer's connection string (--dsn)."))
    _check_server()
    outcome = Outcome(peer)
    for key in peer_keys(peer, dsn):
        if key.pinned:
            continue
        do_trust_key(actor, peer, key.public_pem, key.from_seq, (confirmed or {}).get(key.key_id, ""))
        outcome.notes.append(
            _("Pinned the audit key of site %(peer)s from entry %(seq)s (fingerprint %(fp)s).")
            % {"peer": peer, "seq": key.from_seq, "fp": key.fingerprint}
        )
    rep.ensure_replica_identity()
    rep.ensure_publication()
    PeerLink.objects.update_or_create(peer=peer, defaults={"dsn": dsn})
    created = rep.subscribe(peer, dsn)
    outcome.notes.append(
        _("Subscribed to site %(peer)s; its rows are being copied.") % {"peer": peer}
        if created
        else _("The link to site %(peer)s was already set up; brought up to date.") % {"peer": peer}
    )
    record_event(actor, "federation.join", kind=AuditKind.SYSTEM, peer=peer, created=created)
    return outcome


def do_leave(actor: Actor, peer: str) -> Outcome:
    """Stop exchanging rows with a peer. Rows already received stay (the peer's sovereign data)."""
    rep.require_postgresql()
    peer = rep.check_site_code(peer)
    outcome = Outcome(peer, notes=rep.unsubscribe(peer))
    if rep.drop_outgoing_slot(peer):
        outcome.notes.append(_("The slot feeding site %(peer)s was dropped here.") % {"peer": peer})
    PeerLink.objects.filter(peer=peer).delete()
    if not rep.subscribed_peers() and not PeerLink.objects.exists():
        rep.drop_publication()
        outcome.notes.append(_("No peer remains: this site's publication was dropped."))
    record_event(actor, "federation.leave", kind=AuditKind.SYSTEM, peer=peer)
    return outcome


def do_refresh(actor: Actor) -> Outcome:
    """After a migration: replica identity, publication table list, each subscription's table list."""
    rep.require_postgresql()
    outcome = Outcome(current_site())
    rep.ensure_replica_identity()
    if rep.publication_exists():
        rep.ensure_publication()
    outcome.notes.extend(rep.refresh_subscriptions())
    record_event(actor, "federation.refresh", kind=AuditKind.SYSTEM)
    return outcome


def do_resync(actor: Actor, peer: str) -> Outcome:
    """Recover from a lost slot: drop the link, delete the peer's rows here, subscribe with a fresh copy.

    Only rows owned by the peer are deleted; this site's own rows are never touched.
    """
    _check_server()
    peer = rep.check_site_code(peer)
    dsn = _dsn_of(peer)
    outcome = Outcome(peer, notes=rep.unsubscribe(peer))
    with rep.peer_connection(dsn) as conn:  # refuse before deleting anything if the peer is unreachable
        conn.execute(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = %s AND NOT active",
            [rep.slot_name(peer, current_site())],
        )
    outcome.counts = rep.delete_peer_rows(peer)
    rep.subscribe(peer, dsn, copy_data=True)
    record_event(actor, "federation.resync", kind=AuditKind.SYSTEM, peer=peer, deleted=sum(outcome.counts.values()))
    outcome.notes.append(
        _("%(count)s rows of site %(peer)s were removed here and are being copied afresh.")
        % {"count": sum(outcome.counts.values()), "peer": peer}
    )
    return outcome


# --- reading --------------------------------------------------------------------------------


@dataclass
class PeerView:
    status: rep.PeerStatus
    down_since: dt.datetime | None
    alert: bool

    def as_dict(self) -> dict[str, Any]:
        return {**self.status.as_dict(), "down_since": self.down_since, "alert": self.alert}


@dataclass
class Overview:
    site: str
    available: bool
    published: bool = False
    peers: list[PeerView] = field(default_factory=list)
    alert_after_minutes: int = 30
    replicated_tables: list[str] = field(default_factory=list)

    witness_alarms: list[Any] = field(default_factory=list)

    @property
    def alerts(self) -> list[PeerView]:
        return [p for p in self.peers if p.alert]


def overview(actor: Actor) -> Overview:
    """The links of this site as seen now; records when each was last seen connected."""
    actor.scope("federation.view")
    threshold = alert_after()
    result = Overview(current_site(), available=connection.vendor == "postgresql",
                      alert_after_minutes=int(threshold.total_seconds() // 60))  # fmt: skip
    if not result.available:
        return result
    from sijill.federation.witness import alarms

    result.witness_alarms = alarms()
    result.published = rep.publication_exists()
    result.replicated_tables = [t.name for t in rep.replicated_tables()]
    links = {link.peer: link for link in PeerLink.objects.all()}
    now = timezone.now()
    for peer in sorted(set(links) | set(rep.subscribed_peers())):
        link = links.get(peer)
        st = rep.peer_status(peer, link.dsn if link else None)
        if link is not None:
            changes: dict[str, Any] = {}
            if st.connected:
                changes["last_seen_at"] = now
            if st.last_change_at:
                changes["last_change_at"] = st.last_change_at
            if changes:
                PeerLink.objects.filter(pk=peer).update(**changes)
                for k, v in changes.items():
                    setattr(link, k, v)
        down_since = None
        if not st.connected:
            down_since = (link.last_seen_at or link.joined_at) if link else None
        alert = bool(down_since and now - down_since > threshold) or st.incoming_slot_state == "lost"
        result.peers.append(PeerView(st, down_since, alert))
    return result


@dataclass
class VerifyResult:
    peer: str
    differences: list[rep.TableDifference]
    tables: int
    rows_here: int
    error: str = ""

    @property
    def equal(self) -> bool:
        return not self.error and not self.differences


def do_verify(actor: Actor, peer: str | None = None) -> list[VerifyResult]:
    """Compare per-table content hashes of every site's rows here and at each peer."""
    if not actor.is_system:
        actor.scope("federation.view")
    rep.require_postgresql()
    peers = [rep.check_site_code(peer)] if peer else sorted(PeerLink.objects.values_list("peer", flat=True))
    here = rep.local_hashes()
    rows_here = sum(c for per_site in here.values() for c, _h in per_site.values())
    results = []
    for code in peers:
        try:
            there = rep.peer_hashes(_dsn_of(code))
        except rep.FederationError as exc:
            results.append(VerifyResult(code, [], len(here), rows_here, error=str(exc.message)))
            continue
        results.append(VerifyResult(code, rep.compare(here, there, None), len(here), rows_here))
    return results
