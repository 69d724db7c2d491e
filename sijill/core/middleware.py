from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


def _refusal(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    """The API's JSON error, or a plain page, in the language already chosen for the request."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RejectNullCharactersMiddleware:
    """Refuse, before any view sees them, bodies over the size limits and NUL characters in any
    parameter or body. Placed after the locale middleware, so the refusal is in the caller's language.

    No legitimate input has NUL, and PostgreSQL cannot store it in text: without this a crafted
    request would end in a server error instead of a clear 422. A body over the limits
    (``SIJILL_IMPORT_MAX_BYTES`` and a margin for an upload; Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``
    for a form or JSON body) is refused with 413, as the API's JSON error on the API, not the
    HTML page Django would answer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        upload_limit = int(settings.SIJILL_IMPORT_MAX_BYTES) + 2**20  # the file and its form around it
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        try:
            if declared > upload_limit:
                raise RequestDataTooBig()
            has_nul = self._has_nul(request)
        except (RequestDataTooBig, TooManyFieldsSent):
            message = _("The request is too large (at most %(mb)s MB).") % {"mb": upload_limit // 2**20}
            return _refusal(request, 413, "too_large", message)
        if has_nul:
            return _refusal(
                request, 422, "validation_error", _("The request contains a NUL character, which no field accepts.")
            )
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
