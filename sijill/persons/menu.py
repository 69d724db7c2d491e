"""Menu entries of persons beyond the core ones (search, new person)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

MENU: list[tuple[Any, str, str | None]] = [
    (_("Persons"), "persons:list", "person.search"),
]
