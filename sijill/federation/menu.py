"""Menu entries of federation: (label, url name, action the page needs or None)."""

from typing import Any

MENU: list[tuple[Any, str, str | None]] = []
