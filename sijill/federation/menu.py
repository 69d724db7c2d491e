"""Menu entries of federation: (label, url name, action the page needs or None)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

MENU: list[tuple[Any, str, str | None]] = [
    (_("Federation"), "federation:status", "federation.view"),
]
