"""Menu entries of criminal records and cases: (label, url name, action the page needs or None)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

MENU: list[tuple[Any, str, str | None]] = [
    (_("Cases"), "records:cases", "record.view"),
    (_("New case"), "records:case_create", "record.manage"),
]
