"""Menu entries of forensic evidence: (label, url name, action the page needs or None)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

MENU: list[tuple[Any, str, str | None]] = [
    (_("Forensic evidence"), "evidence:list", "evidence.view"),
    (_("New evidence item"), "evidence:create", "evidence.manage"),
]
