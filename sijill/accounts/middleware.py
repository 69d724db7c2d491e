from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

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
            # Back to the page asked for once the code is given (the two-factor step validates it).
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return HttpResponseRedirect(reverse("accounts:two_factor") + (f"?{query}" if query else ""))
        return self.get_response(request)
