from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from sijill.accounts.auth import two_factor_satisfied
from sijill.accounts.models import User

_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/api/", "/public/", "/health")


class TwoFactorRequiredMiddleware:
    """Send a signed-in user whose role needs 2FA to the second step before any page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            isinstance(user, User)
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not two_factor_satisfied(request, user)
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)
