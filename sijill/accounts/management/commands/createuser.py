from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sijill.accounts import services
from sijill.accounts.models import Role
from sijill.core.actor import Actor
from sijill.core.errors import SijillError
from sijill.organisation.models import Unit


class Command(BaseCommand):
    help = "Create a user of this site with a role and a unit (the site's bootstrap; audited as the CLI)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit", required=True, help="unit code")
        parser.add_argument("--name", default="", help="full name in Arabic")
        parser.add_argument("--password", help="read from SIJILL_NEW_PASSWORD or asked when omitted")

    def handle(self, *args: Any, **opts: Any) -> None:
        unit = Unit.objects.filter(code=opts["unit"]).first()
        if unit is None:
            raise CommandError(f"no unit with code {opts['unit']!r}")
        password = opts["password"] or os.environ.get("SIJILL_NEW_PASSWORD") or getpass.getpass("Password: ")
        actor = Actor.cli()
        try:
            user = services.do_create_user(
                actor,
                username=opts["username"],
                password=password,
                role=opts["role"],
                unit_id=unit.pk,
                full_name_ar=opts["name"],
            )
        except SijillError as exc:
            raise CommandError(f"{exc.message} {exc.details or ''}") from exc
        self.stdout.write(f"created {user.username} ({user.role}) in {unit.code}")
