"""``sijill federation join|leave|status|verify|resync|refresh``: the site administrator's commands."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from sijill.core.actor import Actor
from sijill.core.errors import FederationUnavailable, SijillError
from sijill.federation import services


def _size(value: int | None) -> str:
    if value is None:
        return "—"
    for unit in ("B", "KB", "MB", "GB"):
        if abs(value) < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value = value / 1024  # type: ignore[assignment]
    return str(value)


class Command(BaseCommand):
    help = "Link this site with its peers by PostgreSQL logical replication, and check the links."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("publish", help="publish this site's own rows (first step; join does it too)")
        join = sub.add_parser("join", help="publish this site's rows and subscribe to a peer (idempotent)")
        join.add_argument("--peer", required=True, help="the peer's site code, e.g. BEN")
        join.add_argument("--dsn", required=True, help="libpq connection string of the peer's database")
        join.add_argument(
            "--fingerprint", action="append", default=[],
            help="fingerprint of the peer's audit key as read to you by its administrator (else asked; once per key)",
        )  # fmt: skip
        leave = sub.add_parser("leave", help="stop exchanging rows with a peer")
        leave.add_argument("--peer", required=True)
        status = sub.add_parser("status", help="each peer: connected, lag, last change, slot, WAL, errors")
        status.add_argument("--json", action="store_true")
        verify = sub.add_parser("verify", help="compare per-table content hashes with each peer")
        verify.add_argument("--peer")
        verify.add_argument("--json", action="store_true")
        resync = sub.add_parser("resync", help="after a lost slot: fresh copy of a peer's rows")
        resync.add_argument("--peer", required=True)
        sub.add_parser("refresh", help="after a migration: update publication and subscriptions")

    def handle(self, *args: Any, **opts: Any) -> None:
        actor = Actor.cli()
        try:
            getattr(self, f"_{opts['verb']}")(actor, opts)
        except SijillError as exc:
            raise CommandError(str(exc.message), returncode=2) from exc

    def _notes(self, outcome: services.Outcome) -> None:
        for note in outcome.notes:
            self.stdout.write(note)

    def _publish(self, actor: Actor, opts: dict[str, Any]) -> None:
        self._notes(services.do_publish(actor))

    def _join(self, actor: Actor, opts: dict[str, Any]) -> None:
        from sijill.audit import keys
        from sijill.audit.management.commands.audit import confirm_fingerprint

        given = list(opts.get("fingerprint") or [])
        confirmed: dict[str, str] = {}
        for key in services.peer_keys(opts["peer"], opts["dsn"]):
            if key.pinned:
                continue
            b64 = keys.public_from_pem(key.public_pem)
            match = next((fp for fp in given if keys.same_fingerprint(fp, b64)), None)
            if given and match is None:
                raise CommandError(_("No fingerprint given matches the key of site %(peer)s (%(fp)s).")
                                   % {"peer": opts["peer"].upper(), "fp": key.fingerprint}, returncode=2)  # fmt: skip
            confirmed[key.key_id] = confirm_fingerprint(self, opts["peer"].upper(), b64, match)
        self._notes(services.do_join(actor, opts["peer"], opts["dsn"], confirmed))

    def _leave(self, actor: Actor, opts: dict[str, Any]) -> None:
        outcome = services.do_leave(actor, opts["peer"])
        self._notes(outcome)
        self.stdout.write(_("Site %(peer)s is no longer linked.") % {"peer": outcome.peer})

    def _refresh(self, actor: Actor, opts: dict[str, Any]) -> None:
        outcome = services.do_refresh(actor)
        for note in outcome.notes:
            self.stderr.write(note)
        self.stdout.write(_("Publication and subscriptions are up to date."))

    def _resync(self, actor: Actor, opts: dict[str, Any]) -> None:
        self._notes(services.do_resync(actor, opts["peer"]))

    def _status(self, actor: Actor, opts: dict[str, Any]) -> None:
        view = services.overview(actor)
        if not view.available:
            raise FederationUnavailable()
        if opts.get("json"):
            body = {
                "site": view.site,
                "published": view.published,
                "alert_after_minutes": view.alert_after_minutes,
                "peers": [p.as_dict() for p in view.peers],
                "audit_alarms": [
                    {"site": w.site, "witness": w.witness, "seq": w.seq, "alarm": w.alarm, "since": w.alarm_at}
                    for w in view.witness_alarms
                ],
            }
            self.stdout.write(json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1))
            return
        self.stdout.write(_("Site %(site)s, publication: %(pub)s") % {
            "site": view.site, "pub": _("yes") if view.published else _("no")})  # fmt: skip
        for w in view.witness_alarms:
            self.stdout.write(_("Audit log alarm") + f" ({w.witness}): {w.alarm}")
        if not view.peers:
            self.stdout.write(_("No peer."))
        for p in view.peers:
            st = p.status
            self.stdout.write(
                f"{st.peer}: "
                + (_("connected") if st.connected else _("disconnected"))
                + (f" ({_('subscription disabled')})" if st.subscribed and not st.enabled else "")
                + f"; {_('lag')} {_size(st.incoming_lag_bytes)}"
                + f"; {_('last change received')} {st.last_change_at or '—'}"
                + f"; {_('slot at the peer')} {st.incoming_slot_state or '—'}"
                + f", {_('WAL retained there')} {_size(st.incoming_retained_bytes)}"
                + f"; {_('slot here')} {st.outgoing_slot_state or '—'}"
                + f", {_('WAL retained here')} {_size(st.outgoing_retained_bytes)}"
                + f"; {_('apply errors')} {st.apply_errors + st.sync_errors}"
            )
            if st.error:
                self.stdout.write(f"  {st.error}")
            for note in st.notes:
                self.stdout.write(f"  {note}")
            if p.alert:
                self.stdout.write("  " + _("ALERT: the link has been down since %(since)s.") % {"since": p.down_since})

    def _verify(self, actor: Actor, opts: dict[str, Any]) -> None:
        results = services.do_verify(actor, opts.get("peer"))
        if opts.get("json"):
            body = [
                {"peer": r.peer, "equal": r.equal, "error": r.error, "tables": r.tables,
                 "differences": [d.__dict__ for d in r.differences]}
                for r in results
            ]  # fmt: skip
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=1))
        else:
            for r in results:
                if r.error:
                    self.stdout.write(f"{r.peer}: {r.error}")
                elif r.equal:
                    self.stdout.write(
                        _("%(peer)s: equal (%(tables)s tables, %(rows)s rows)")
                        % {"peer": r.peer, "tables": r.tables, "rows": r.rows_here}
                    )
                else:
                    self.stdout.write(_("%(peer)s: differs in:") % {"peer": r.peer})
                    for d in r.differences:
                        self.stdout.write(
                            f"  {d.table} [{d.site}]: {_('here')} {d.here[0] if d.here else 0}, "
                            f"{_('there')} {d.there[0] if d.there else 0}"
                        )
        if not results:
            self.stdout.write(_("No peer."))
        if any(not r.equal for r in results):
            raise CommandError(_("The sites' contents differ."), returncode=1)
