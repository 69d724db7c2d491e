"""The row type of the permission-matrix test, shared by every app's ``tests/matrix_cases.py``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sijill.accounts.models import User


@dataclass(frozen=True)
class Endpoint:
    """One page or API operation: the action it needs; its expected status comes from the matrix.

    ``path`` receives the requesting user and returns the URL (pages) or the path under /api/v1
    (API). ``ok`` is the status of success; a role without ``action`` must get 403.
    """

    name: str  # URL name (pages) or "METHOD /path" (API), as registered
    action: str | None  # None: any signed-in user
    method: str
    path: Callable[[User], str]
    body: Callable[[], Any] | None = None
    ok: int = 200
