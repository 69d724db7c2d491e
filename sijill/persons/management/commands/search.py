from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sijill.accounts.services import cli_actor
from sijill.core.errors import SijillError
from sijill.persons import services


class Command(BaseCommand):
    help = "Search persons by name (Arabic or Latin letters). The search and its purpose are audited."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("name", help='e.g. "محمد علي الزوي"')
        parser.add_argument("--purpose", required=True, help="why you search (recorded in the audit log)")
        parser.add_argument("--as", dest="username", required=True, help="the user you act as (their role applies)")
        parser.add_argument("--mother", default="")
        parser.add_argument("--birth-year", type=int)
        parser.add_argument("--place", default="")
        parser.add_argument("--limit", type=int, default=10)

    def handle(self, *args: Any, **opts: Any) -> None:
        actor = cli_actor(opts["username"], "search")
        if actor is None:
            raise CommandError(f"no active user {opts['username']!r}")
        query = services.SearchQuery(
            text=opts["name"], mother=opts["mother"], birth_year=opts["birth_year"], place=opts["place"]
        )
        try:
            matches = services.search_persons(actor, query, purpose=opts["purpose"], limit=opts["limit"])
        except SijillError as exc:
            raise CommandError(f"{exc.message} {exc.details or ''}") from exc
        if not matches:
            self.stdout.write("no match")
        for m in matches:
            p = m.person
            self.stdout.write(f"{m.score:.3f}  {p.full_name}  ({p.birth_year or '?'}, {p.birth_place or '?'})  {p.pk}")
            for r in m.result.reasons:
                self.stdout.write(f"         {r.get('part', '')}: {r.get('ar') or r.get('how', '')}")
