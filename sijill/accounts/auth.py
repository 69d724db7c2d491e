"""Turning a request into an Actor: web sessions and API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from sijill.accounts import services
from sijill.accounts.models import User
from sijill.core.actor import Actor
from sijill.core.errors import Unauthenticated


def cli_actor(username: str | None) -> Actor | None:
    """The actor of a command run ``--as`` a user of this site (their role applies); without a user,
    the site's shell itself. None when no active local user has that name."""
    if not username:
        return Actor.cli()
    user = User.objects.local().select_related("unit").filter(username=username, is_active=True).first()
    return Actor.from_user(user, channel="cli") if user is not None else None


def two_factor_satisfied(request: HttpRequest, user: User) -> bool:
    """2FA is needed by roles that read personal records; demo accounts may skip it in the demo."""
    if not user.requires_two_factor:
        return True
    if settings.SIJILL_DEMO and user.is_demo_account:
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def actor_for(request: HttpRequest, channel: str = "web") -> Actor:
    user = getattr(request, "auth", None) or request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise Unauthenticated()
    return Actor.from_user(user, channel)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer sjl_...``: a personal token, stored hashed, revocable."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = services.user_for_token(token)
        if user is not None:
            request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """The browser's session, accepted only once two-factor authentication is done."""

    def authenticate(self, request: HttpRequest, key: Any) -> Any:
        user = super().authenticate(request, key)
        if isinstance(user, User) and two_factor_satisfied(request, user):
            return user
        return None
