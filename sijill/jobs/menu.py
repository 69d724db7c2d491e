"""Menu entries of background work: (label, url name, action the page needs or None)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

MENU: list[tuple[Any, str, str | None]] = [
    (_("Background work"), "jobs:status", "jobs.view"),
]
