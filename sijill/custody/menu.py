"""Menu entries of arrests and custody: (label, url name, action the page needs or None)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

MENU: list[tuple[Any, str, str | None]] = [
    (_("Custody"), "custody:list", "custody.view"),
    (_("Overdue custody"), "custody:overdue", "custody.view"),
    (_("Record an arrest"), "custody:create", "custody.manage"),
]
