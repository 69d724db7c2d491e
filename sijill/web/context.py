"""Navigation by role: a menu entry appears only if the matrix lets the user's role use it."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sijill.accounts.models import User
from sijill.core.actor import Actor
from sijill.core.appmodules import app_modules
from sijill.core.federation import current_site

# (label, url name, action the page needs; None = every signed-in user)
MENU: list[tuple[Any, str, str | None]] = [
    (_("Home"), "web:home", None),
    (_("Directorates"), "organisation:directorates", "org.view"),
    (_("Units"), "organisation:units", "org.view"),
    (_("Person search"), "persons:search", "person.search"),
    (_("New person"), "persons:create", "person.manage"),
    (_("Users"), "accounts:users", "user.view"),
    (_("Audit log"), "audit:entries", "audit.view"),
    (_("Audit verification"), "audit:verify", "audit.verify"),
    (_("Permissions"), "web:matrix", None),
    (_("API tokens"), "accounts:tokens", None),
]


@cache
def full_menu() -> list[tuple[Any, str, str | None]]:
    """The core menu, then each app's ``menu.MENU`` in the order of INSTALLED_APPS."""
    entries = list(MENU[:5])
    for module in app_modules("menu"):
        entries += module.MENU
    return entries + MENU[5:]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    context: dict[str, Any] = {"sijill_site": current_site()}
    if not isinstance(user, User) or not user.is_authenticated:
        return context
    actor = Actor.from_user(user)
    context["menu"] = [
        {"label": label, "url": reverse(name), "active": request.path == reverse(name)}
        for label, name, action in full_menu()
        if action is None or actor.can(action)
    ]
    context["actor"] = actor
    return context
