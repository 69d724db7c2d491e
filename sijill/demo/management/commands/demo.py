from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from sijill.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo organisation and one login per role (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo()
        self.stdout.write(f"Demo logins for site {settings.SIJILL_SITE} (password for all: {DEMO_PASSWORD}):")
        for username, role, unit in logins:
            self.stdout.write(f"  {username:<16} {role:<22} {unit}")
        if not settings.SIJILL_DEMO:
            self.stdout.write("SIJILL_DEMO is off: roles that read personal records will be asked for 2FA.")
