"""The JSON API under /api/v1/: one NinjaAPI, one router per app, errors as {code, message}."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
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


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [{"loc": list(e.get("loc", [])), "message": str(e.get("msg", ""))} for e in exc.errors]
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
