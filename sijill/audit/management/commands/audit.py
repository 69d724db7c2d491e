from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sijill.audit import services
from sijill.core.actor import Actor


class Command(BaseCommand):
    help = "Verify the audit log's hash chains (exit 1 and name the first broken entry) or export it as CSV."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        verify = sub.add_parser("verify", help="check every site's chain, or one with --site")
        verify.add_argument("--site", action="append")
        export = sub.add_parser("export", help="write the log as CSV (UTF-8) to --output or standard output")
        export.add_argument("--site")
        export.add_argument("--since", help="YYYY-MM-DD")
        export.add_argument("--until", help="YYYY-MM-DD")
        export.add_argument("--output", "-o")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["verb"] == "verify":
            self._verify(opts.get("site"))
        else:
            self._export(opts)

    def _verify(self, sites: list[str] | None) -> None:
        reports = services.verify(sites)
        broken = False
        for r in reports:
            if r.ok:
                self.stdout.write(f"{r.site}: intact ({r.entries} entries)")
            else:
                broken = True
                where = f"entry #{r.broken_seq} [{r.code}] (id {r.broken_id or '-'})"
                self.stdout.write(f"{r.site}: BROKEN at {where}: {r.reason}")
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
