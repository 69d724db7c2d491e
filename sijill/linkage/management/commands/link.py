"""``sijill link run | review | status``: the statewide register from the command line.

sijill link run [--scope site|cross-site|batch] [--since DATE] [--as USER]
sijill link review --as USER [--limit N]      (judge the queue's pairs one by one)
sijill link status                            (the last runs and the queue)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from sijill.accounts.services import cli_actor
from sijill.core.actor import Actor
from sijill.core.errors import SijillError
from sijill.linkage import services
from sijill.linkage.models import LinkageRun, Scope

VERDICTS = {"y": "yes", "n": "no", "u": "unsure", "s": "", "q": ""}


class Command(BaseCommand):
    help = "Link person records into statewide persons (runs, review, status); see README 'The statewide register'."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="run the linkage model over a scope")
        run.add_argument("--scope", choices=Scope.values, default=Scope.CROSS_SITE)
        run.add_argument("--since", help="batch scope: records created since this date (YYYY-MM-DD); default: last run")
        run.add_argument(
            "--train",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="train by EM (default: on large inputs)",
        )
        run.add_argument("--no-progress", action="store_true")
        review = sub.add_parser("review", help="judge the pairs waiting in the review queue")
        review.add_argument("--limit", type=int, default=20)
        status = sub.add_parser("status", help="the last runs and the review queue")
        status.add_argument("--limit", type=int, default=5)
        for command in (run, review, status):
            command.add_argument("--as", dest="username", help="the user you act as; default: the site's shell")
            command.add_argument(
                "--language", choices=["ar", "en"], default=os.environ.get("SIJILL_LANGUAGE", "ar"),
                help="language of the messages (default: Arabic, or SIJILL_LANGUAGE)",
            )  # fmt: skip

    def handle(self, *args: Any, **opts: Any) -> None:
        with translation.override(opts["language"]):
            username = opts.get("username")
            actor = cli_actor(username, f"link {opts['action']}") if username else Actor.cli()
            if actor is None:
                raise CommandError(_("No active user %(username)s.") % {"username": opts["username"]})
            try:
                getattr(self, f"_{opts['action']}")(actor, opts)
            except SijillError as exc:
                raise CommandError(str(exc.message)) from exc

    def _run(self, actor: Actor, opts: dict[str, Any]) -> None:
        since = None
        if opts.get("since"):
            try:
                since = dt.datetime.combine(dt.date.fromisoformat(opts["since"]), dt.time(), tzinfo=dt.UTC)
            except ValueError as exc:
                raise CommandError(_("The date is written YYYY-MM-DD, e.g. 2026-01-31.")) from exc
        bar: tqdm[Any] | None = None
        steps = {
            "reading": _("reading the records"), "linking": _("comparing (Splink)"), "training": _("training (EM)"),
            "predicting": _("scoring the pairs"), "recording": _("recording links and the review queue"),
        }  # fmt: skip

        def progress(step: str, done: int, total: int) -> None:
            nonlocal bar
            if opts["no_progress"]:
                return
            label = steps.get(step, step)
            if bar is None or bar.desc != label:
                if bar is not None:
                    bar.close()
                bar = tqdm(total=total or None, desc=label, file=sys.stderr, dynamic_ncols=True)
            if total:
                bar.total = total
                bar.update(done - bar.n)

        try:
            run = services.do_run(actor, opts["scope"], since=since, progress=progress, train=opts["train"])
        finally:
            if bar is not None:
                bar.close()
        self._print_run(run)

    def _print_run(self, run: LinkageRun) -> None:
        self.stdout.write(
            _(
                "%(scope)s: %(records)d records; %(linked)d pairs linked automatically, %(review)d sent to review, "
                "%(apart)d kept apart by a no; %(clusters)d statewide persons of two or more records (%(seconds).1f s)."
            )
            % {
                "scope": run.get_scope_display(),
                "records": run.records,
                "linked": run.auto_linked,
                "review": run.to_review,
                "apart": run.held_apart,
                "clusters": run.clusters,
                "seconds": run.seconds,
            }
        )

    def _status(self, actor: Actor, opts: dict[str, Any]) -> None:
        for run in services.runs(actor)[: opts["limit"]]:
            self.stdout.write(
                f"{run.started_at:%Y-%m-%d %H:%M} {run.origin_site} {run.get_status_display()} — ", ending=""
            )
            self._print_run(run)
        _items, total = services.review_queue(actor, limit=1)
        self.stdout.write(_("Pairs waiting for a judgement: %(n)d") % {"n": total})

    def _review(self, actor: Actor, opts: dict[str, Any]) -> None:
        done = 0
        skipped: set[Any] = set()
        while done < opts["limit"]:
            items, total = services.review_queue(actor, limit=len(skipped) + 1)
            items = [i for i in items if i.pair.pk not in skipped]
            if not items:
                self.stdout.write(_("No pair waits for a judgement."))
                return
            view = services.read_pair(actor, items[0].pair.pk)
            self._show(view, total)
            answer = input(_("Same person? [y]es / [n]o / [u]nsure / [s]kip / [q]uit: ")).strip().lower()[:1]
            verdict = VERDICTS.get(answer)
            if answer == "q":
                return
            if not verdict:
                skipped.add(items[0].pair.pk)
                continue
            reason = input(_("Reason: ")).strip()
            try:
                services.do_decide(actor, view.left.pk, view.right.pk, verdict=verdict, reason=reason)
            except SijillError as exc:
                self.stderr.write(str(exc.message))
                if exc.details:
                    self.stderr.write(str(exc.details))
                continue
            done += 1
            self.stdout.write(_("Recorded."))

    def _show(self, view: services.PairView, total: int) -> None:
        write = self.stdout.write
        write("")
        write(
            _("Pairs waiting: %(n)d — match probability %(p).3f")
            % {"n": total, "p": view.pair.probability if view.pair else 0}
        )
        for label, person in ((_("First record"), view.left), (_("Second record"), view.right)):
            birth = person.birth_date.strftime("%d/%m/%Y") if person.birth_date else (person.birth_year or "—")
            write(
                f"  {label} [{person.origin_site}]: {person.full_name} — {_('mother')}: {person.mother_name or '—'} — "
                f"{birth} — {person.birth_place or '—'} — {person.national_number or '—'}"
            )
        for title, lines in ((_("For"), view.evidence_for), (_("Against"), view.evidence_against)):
            write(f"  {title}:")
            for e in lines:
                write(f"    {e.comparison_label}: {e.level_label} ({e.weight:+.1f})")
