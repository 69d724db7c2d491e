"""Menu entries of the statewide register: (label, url name, action the page needs or None)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

MENU: list[tuple[Any, str, str | None]] = [
    (_("Linkage review queue"), "linkage:queue", "link.review"),
    (_("Linkage conflicts"), "linkage:conflicts", "link.review"),
    (_("Linkage runs"), "linkage:runs", "link.run"),
]
