"""Menu entries of imports: (label, url name, action the page needs or None)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

MENU: list[tuple[Any, str, str | None]] = [(_("Import from legacy systems"), "imports:index", "import.run")]
