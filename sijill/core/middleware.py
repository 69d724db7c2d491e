from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


class RejectNullCharactersMiddleware:
    """Refuse NUL characters in any parameter or body, once, before any view sees them.

    No legitimate input has them, and PostgreSQL cannot store them in text: without this a
    crafted request would end in a server error instead of a clear 422.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            message = _("The request contains a NUL character, which no field accepts.")
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "validation_error", "message": message}, status=422)
            return HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in {"POST", "PUT", "PATCH"} and content_type.startswith(
            ("application/json", "application/x-www-form-urlencoded")
        ):  # not uploads: a spreadsheet file is binary and full of NUL bytes
            body = request.body
            return b"\x00" in body or b"\\u0000" in body or b"%00" in body
        return False


class ArabicFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Arabic unless the user chose English (language cookie), whatever the browser's
    own language; the API follows the caller's Accept-Language, as clients expect."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/") or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            super().process_request(request)
            return
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
