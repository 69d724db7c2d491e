"""Turning a request into an Actor: web sessions and API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from ninja.security import HttpBearer, SessionAuth

from sijill.accounts import services
from sijill.accounts.models import User
from sijill.core.actor import Actor
from sijill.core.errors import Unauthenticated


def two_factor_satisfied(request: HttpRequest, user: User) -> bool:
    """2FA is needed by roles that read personal records; demo accounts may skip it in the demo."""
    if not user.requires_two_factor:
        return True
    if settings.SIJILL_DEMO and user.is_demo_account:
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def next_url(request: HttpRequest, fallback: str = "web:home") -> str:
    """Where a sign-in step goes next: the ``next`` it was given if that stays on this site, else
    ``fallback``. Every step validates it, so no link can send a signed-in user to another site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(fallback)


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
