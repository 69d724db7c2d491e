"""The JSON API under /api/v1/: one NinjaAPI, one router per app, errors as {code, message}."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from sijill.accounts.api import router as accounts_router
from sijill.accounts.auth import TokenAuth, VerifiedSessionAuth
from sijill.audit.api import router as audit_router
from sijill.core.errors import SijillError
from sijill.custody.api import router as custody_router
from sijill.evidence.api import router as evidence_router
from sijill.federation.api import router as federation_router
from sijill.imports.api import router as imports_router
from sijill.linkage.api import router as linkage_router
from sijill.officers.api import router as officers_router
from sijill.organisation.api import router as organisation_router
from sijill.persons.api import router as persons_router
from sijill.records.api import router as records_router
from sijill.vehicles.api import router as vehicles_router
from sijill.warrants.api import router as warrants_router

api = NinjaAPI(
    title="Sijill API",
    version="1",
    description="Sijill — unified security information system. Authenticate with a personal token "
    "(Authorization: Bearer sjl_…). Errors are JSON {code, message, details}; messages follow Accept-Language.",
    urls_namespace="api",
    auth=[TokenAuth(), VerifiedSessionAuth()],
)


def _error(request: HttpRequest, status: int, code: str, message: str, details: object = None) -> HttpResponse:
    body: dict[str, object] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return api.create_response(request, body, status=status)


@api.exception_handler(SijillError)
def _sijill_error(request: HttpRequest, exc: SijillError) -> HttpResponse:
    return _error(request, exc.status, exc.code, str(exc.message), exc.details)


# Pydantic's messages are English: each error type gets its message in the caller's language.
_VALIDATION_MESSAGES: dict[str, Any] = {
    "missing": gettext_lazy("This field is required."),
    "string_too_short": gettext_lazy("Too short: at least %(min_length)s characters."),
    "string_too_long": gettext_lazy("Too long: at most %(max_length)s characters."),
    "string_pattern_mismatch": gettext_lazy("This value does not have the expected form."),
    "string_type": gettext_lazy("Expected text."),
    "int_parsing": gettext_lazy("Expected a whole number."),
    "int_type": gettext_lazy("Expected a whole number."),
    "int_from_float": gettext_lazy("Expected a whole number."),
    "float_parsing": gettext_lazy("Expected a number."),
    "float_type": gettext_lazy("Expected a number."),
    "greater_than_equal": gettext_lazy("Must be at least %(ge)s."),
    "greater_than": gettext_lazy("Must be more than %(gt)s."),
    "less_than_equal": gettext_lazy("Must be at most %(le)s."),
    "less_than": gettext_lazy("Must be less than %(lt)s."),
    "uuid_parsing": gettext_lazy("Expected a record id."),
    "uuid_type": gettext_lazy("Expected a record id."),
    "date_parsing": gettext_lazy("Expected a date (YYYY-MM-DD)."),
    "date_type": gettext_lazy("Expected a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": gettext_lazy("Expected a date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": gettext_lazy("Expected a date (YYYY-MM-DD)."),
    "datetime_parsing": gettext_lazy("Expected a date and time (YYYY-MM-DDTHH:MM)."),
    "datetime_type": gettext_lazy("Expected a date and time (YYYY-MM-DDTHH:MM)."),
    "datetime_from_date_parsing": gettext_lazy("Expected a date and time (YYYY-MM-DDTHH:MM)."),
    "bool_parsing": gettext_lazy("Expected true or false."),
    "bool_type": gettext_lazy("Expected true or false."),
    "enum": gettext_lazy("Not one of the allowed values: %(expected)s."),
    "literal_error": gettext_lazy("Not one of the allowed values: %(expected)s."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
    "model_attributes_type": gettext_lazy("Expected an object."),
    "dict_type": gettext_lazy("Expected an object."),
    "model_type": gettext_lazy("Expected an object."),
    "list_type": gettext_lazy("Expected a list."),
    "too_short": gettext_lazy("Too few items: at least %(min_length)s."),
    "too_long": gettext_lazy("Too many items: at most %(max_length)s."),
}


def validation_message(error: dict[str, Any]) -> str:
    """One pydantic error in the active language (never pydantic's English)."""
    template = _VALIDATION_MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return _("This value is not valid.")
    context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return str(template) % context if "%(" in str(template) else str(template)
    except (KeyError, ValueError):
        return _("This value is not valid.")


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {"loc": list(e.get("loc", [])), "type": str(e.get("type", "")), "message": validation_message(e)}
        for e in exc.errors
    ]
    return _error(request, 422, "validation_error", _("The data given is not valid."), details)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Authentication is required."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return _error(request, 429, "throttled", _("Too many requests; try again later."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", str(exc))


api.add_router("/", accounts_router)
api.add_router("/", organisation_router)
api.add_router("/audit", audit_router)
api.add_router("/", persons_router)
api.add_router("/", records_router)
api.add_router("/", warrants_router)
api.add_router("/", custody_router)
api.add_router("/", vehicles_router)
api.add_router("/", officers_router)
api.add_router("/", evidence_router)
api.add_router("/", imports_router)
api.add_router("/", federation_router)
api.add_router("/", linkage_router)
