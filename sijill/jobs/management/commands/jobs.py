"""``sijill jobs [list] [--status failed]`` and ``sijill jobs retry ID``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sijill.core.actor import Actor
from sijill.core.errors import SijillError
from sijill.jobs import services


class Command(BaseCommand):
    help = "List background jobs, or run a failed one again."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb")
        listing = sub.add_parser("list", help="the newest jobs (default)")
        listing.add_argument("--status", default="", help="ready, running, successful or failed")
        listing.add_argument("--limit", type=int, default=50)
        retry = sub.add_parser("retry", help="run a failed job again (same task, same arguments)")
        retry.add_argument("job_id")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            if opts.get("verb") == "retry":
                row = services.do_retry(Actor.cli(), opts["job_id"])
                self.stdout.write(f"enqueued {row.id} ({row.name})")
                return
            rows = services.recent_jobs(opts.get("status") or "", opts.get("limit") or 50)
        except SijillError as exc:
            raise CommandError(str(exc.message), returncode=2) from exc
        for r in rows:
            note = " (interrupted)" if r.interrupted else ""
            self.stdout.write(
                f"{r.id}  {r.status:<10} {r.name}  {r.args}  enqueued {r.enqueued_at:%Y-%m-%d %H:%M:%S}{note}"
                + (f"\n    {r.error}" if r.error else "")
            )
        if not rows:
            self.stdout.write("no jobs")
