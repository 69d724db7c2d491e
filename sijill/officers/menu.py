"""Menu entries of officers: (label, url name, action the page needs or None)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

MENU: list[tuple[Any, str, str | None]] = [
    (_("Officers"), "officers:list", "officer.view"),
    (_("New officer"), "officers:create", "officer.manage"),
    (_("Badge check"), "officers:badge", None),
]
