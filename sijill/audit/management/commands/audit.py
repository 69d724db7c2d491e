from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sijill.audit import keys, sequencer, services
from sijill.core.actor import Actor
from sijill.core.errors import SijillError
from sijill.core.federation import current_site


class Command(BaseCommand):
    help = "The audit log: verify, export, sequence now, status, keys, rotate-key, trust a peer's key."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        verify = sub.add_parser("verify", help="check every site's chain, or one with --site (exit 1 if broken)")
        verify.add_argument("--site", action="append")
        export = sub.add_parser("export", help="write the log as CSV (UTF-8) to --output or standard output")
        export.add_argument("--site")
        export.add_argument("--since", help="YYYY-MM-DD")
        export.add_argument("--until", help="YYYY-MM-DD")
        export.add_argument("--output", "-o")
        sub.add_parser("sequence", help="place every waiting entry in the chain now (the worker does it continuously)")
        sub.add_parser("status", help="the sequencer: waiting entries, delay, newest signed head")
        sub.add_parser("keys", help="the pinned keys with their fingerprints")
        sub.add_parser("fingerprint", help="this site's current key's fingerprint, to read to a peer's administrator")
        rotate = sub.add_parser("rotate-key", help="start a new signing key from an entry (default: the next)")
        rotate.add_argument("--from-entry", type=int)
        trust = sub.add_parser("trust", help="pin a peer site's published key after confirming its fingerprint")
        trust.add_argument("--site", required=True)
        trust.add_argument("--fingerprint", help="as read to you by the peer's administrator (else asked)")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            getattr(self, "_" + opts["verb"].replace("-", "_"))(opts)
        except SijillError as exc:
            raise CommandError(str(exc.message), returncode=2) from exc

    def _verify(self, opts: dict[str, Any]) -> None:
        reports = services.verify(opts.get("site"))
        broken = False
        for r in reports:
            if r.ok:
                waiting = f"; {r.pending} waiting to be sequenced" if r.pending else ""
                self.stdout.write(f"{r.site}: intact ({r.entries} entries{waiting})")
            else:
                broken = True
                where = f"entry #{r.broken_seq}" if r.broken_seq is not None else "the log"
                self.stdout.write(f"{r.site}: BROKEN at {where} [{r.code}] (id {r.broken_id or '-'}): {r.reason}")
        if not reports:
            self.stdout.write("no audit entries")
        if broken:
            raise CommandError("audit log verification failed", returncode=1)

    def _export(self, opts: dict[str, Any]) -> None:
        filters = {k: opts.get(k) for k in ("site", "since", "until")}
        qs = services.do_export(Actor.cli(), filters)  # the same filters and audit row as the web export
        if opts.get("output"):
            with open(opts["output"], "w", encoding="utf-8", newline="") as out:
                out.writelines(services.export_rows(qs))
        else:
            sys.stdout.writelines(services.export_rows(qs))

    def _sequence(self, opts: dict[str, Any]) -> None:
        count = sequencer.sequence_all()
        self.stdout.write(f"{count} entries sequenced")

    def _status(self, opts: dict[str, Any]) -> None:
        st = sequencer.status()
        self.stdout.write(
            f"{st.site}: head #{st.head_seq} signed {st.signed_at or '-'}; {st.waiting} waiting"
            f" (oldest {st.oldest_waiting_seconds:.1f} s, bound {st.bound_seconds:.0f} s)"
        )
        if st.recent_delay_p99 is not None:
            self.stdout.write(
                f"delay over the newest {st.recent_entries} entries: p50 {st.recent_delay_p50:.3f} s, "
                f"p99 {st.recent_delay_p99:.3f} s, max {st.recent_delay_max:.3f} s"
            )
        if st.late:
            raise CommandError("entries wait longer than the bound: is `sijill worker` running?", returncode=1)

    def _keys(self, opts: dict[str, Any]) -> None:
        for key in sorted(keys.trusted_keys(), key=lambda k: (k.site, k.from_seq)):
            mark = (
                " (this site's current key)" if key.site == current_site() and key.key_id == keys.local_key_id() else ""
            )
            self.stdout.write(f"{key.site} from entry {key.from_seq}: {key.key_id}  {key.fingerprint}{mark}")

    def _fingerprint(self, opts: dict[str, Any]) -> None:
        self.stdout.write(keys.fingerprint(keys.local_public_b64()))

    def _rotate_key(self, opts: dict[str, Any]) -> None:
        trusted = services.do_rotate_key(Actor.cli(), opts.get("from_entry"))
        self.stdout.write(f"new key {trusted.key_id} from entry {trusted.from_seq}: {trusted.fingerprint}")
        self.stdout.write(_("Read this fingerprint to each peer's administrator: they pin it with "
                            "“sijill audit trust --site %(site)s”.") % {"site": trusted.site})  # fmt: skip

    def _trust(self, opts: dict[str, Any]) -> None:
        site = opts["site"].strip().upper()
        pinned = {k.key_id for k in keys.trusted_keys()}
        candidates = [row for row in services.directory_keys(site) if row.key_id not in pinned]
        if not candidates:
            self.stdout.write(_("No new key of site %(site)s to confirm.") % {"site": site})
            return
        for row in candidates:
            b64 = keys.public_from_pem(row.public_key)
            given = confirm_fingerprint(self, site, b64, opts.get("fingerprint"))
            trusted = services.do_trust_key(Actor.cli(), site, row.public_key, row.from_seq, given)
            self.stdout.write(f"pinned {site} {trusted.key_id} from entry {trusted.from_seq}")


def confirm_fingerprint(command: BaseCommand, site: str, b64: str, given: str | None) -> str:
    """The fingerprint the operator confirms: given on the command line, or typed/confirmed at a prompt."""
    shown = keys.fingerprint(b64)
    command.stdout.write(_("Key of site %(site)s, fingerprint: %(fp)s") % {"site": site, "fp": shown})
    if given:
        return given
    if not sys.stdin.isatty():
        raise CommandError(
            _("Confirm the fingerprint with the administrator of site %(site)s, then pass it with --fingerprint.")
            % {"site": site},
            returncode=2,
        )
    answer = input(_("Does it match the fingerprint read to you by site %(site)s's administrator? [yes/no] ")
                   % {"site": site})  # fmt: skip
    if answer.strip().lower() not in {"yes", "y", "نعم"}:
        raise CommandError(_("Not confirmed: nothing pinned."), returncode=2)
    return shown
