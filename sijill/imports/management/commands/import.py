"""``sijill import <registry> FILE``: a legacy file into a registry, all or nothing (see sijill.imports)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from sijill.accounts.services import cli_actor
from sijill.core.actor import Actor
from sijill.core.errors import SijillError
from sijill.imports import services
from sijill.imports.engine import Report

SHOWN_PROBLEMS = 200


class Command(BaseCommand):
    help = (
        "Import a legacy CSV (UTF-8 or Windows-1256) or XLSX file into a registry. Every row is checked "
        "first; nothing is written unless the whole file is valid (or, with --skip-invalid, the valid rows "
        "go in and the rejected ones are written to --rejects). Importing the same file again adds nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("registry", help="e.g. persons")
        parser.add_argument("file", type=Path)
        parser.add_argument("--skip-invalid", action="store_true", help="import the valid rows, reject the others")
        parser.add_argument("--rejects", type=Path, help="write the rejected rows here (CSV, UTF-8 with BOM)")
        parser.add_argument(
            "--as", dest="username", help="the user you act as (their role applies); default: the site's shell"
        )
        parser.add_argument(
            "--language", choices=["ar", "en"], default=os.environ.get("SIJILL_LANGUAGE", "ar"),
            help="language of the messages (default: Arabic, or SIJILL_LANGUAGE)",
        )  # fmt: skip
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *args: Any, **opts: Any) -> None:
        with translation.override(opts["language"]):
            self._import(opts)

    def _actor(self, username: str | None) -> Actor:
        if not username:
            return Actor.cli()
        actor = cli_actor(username, "import")
        if actor is None:
            raise CommandError(_("No active user %(username)s.") % {"username": username})
        return actor

    def _import(self, opts: dict[str, Any]) -> None:
        path: Path = opts["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror}) from exc
        bars: dict[str, tqdm[Any]] = {}
        labels = {"validate": _("checking"), "write": _("importing")}

        def progress(phase: str, done: int, total: int | None) -> None:
            if opts["no_progress"]:
                return
            bar = bars.get(phase)
            if bar is None:
                for other in bars.values():
                    other.close()
                bar = bars[phase] = tqdm(
                    total=total, desc=labels[phase], unit=_("rows"), file=sys.stderr, dynamic_ncols=True
                )
            if total is not None:
                bar.total = total
            bar.update(done - bar.n)

        try:
            report = services.do_import(
                self._actor(opts["username"]), opts["registry"], data, path.name,
                skip_invalid=opts["skip_invalid"], progress=progress,
            )  # fmt: skip
        except SijillError as exc:
            raise CommandError(str(exc.message)) from exc
        finally:
            for bar in bars.values():
                bar.close()
        self._summary(report, opts)

    def _summary(self, report: Report, opts: dict[str, Any]) -> None:
        out = self.stdout
        if report.file_error:
            raise CommandError(_("File refused: %(error)s") % {"error": report.file_error})
        for problem in report.problems[:SHOWN_PROBLEMS]:
            where = _("line %(line)s") % {"line": problem.line}
            if problem.column:
                where += "، " + _("column «%(column)s»") % {"column": problem.column}
            out.write(f"{where}: {problem.message}")
        if len(report.problems) > SHOWN_PROBLEMS:
            out.write(_("… and %(count)s more problems.") % {"count": len(report.problems) - SHOWN_PROBLEMS})
        if report.ignored_columns:
            out.write(_("Columns ignored: %(columns)s") % {"columns": "، ".join(report.ignored_columns)})
        out.write(
            _("%(rows)s rows read: %(valid)s valid, %(invalid)s invalid.")
            % {"rows": report.rows, "valid": report.valid, "invalid": report.invalid}
        )
        if report.rejects and opts["rejects"]:
            opts["rejects"].write_bytes(report.rejects)
            out.write(_("Rejected rows written to %(file)s.") % {"file": opts["rejects"]})
        if not report.imported:
            raise CommandError(_("File refused: nothing was imported. Correct the lines above, or use --skip-invalid."))
        out.write(
            _("Imported: %(created)s new, %(existing)s already in the registry (skipped).")
            % {"created": report.created, "existing": report.existing}
        )
