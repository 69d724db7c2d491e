"""``sijill warrants expire``: record the expiry of this site's warrants past their date.

A warrant is inactive from the day after its expiry date whether or not this runs (its state is
derived when read); running it daily (cron/systemd timer) puts each expiry in the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sijill.core.actor import Actor
from sijill.warrants.services import expire_warrants


class Command(BaseCommand):
    help = "Warrants maintenance. 'expire': record the expiry of this site's warrants past their expiry date."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("task", choices=["expire"])

    def handle(self, *args: Any, **opts: Any) -> None:
        count = expire_warrants(Actor.cli())
        self.stdout.write(f"{count} warrant(s) recorded as expired")
