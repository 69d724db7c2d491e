"""Errors that carry their HTTP status and a stable machine code.

Services raise these; the web views and the API turn them into a page or a JSON body in the
user's language; the CLI prints the message and exits non-zero. Nothing else needs to know HTTP.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class SijillError(Exception):
    status: int = 400
    code: str = "error"
    default_message: str | Promise = _("The request could not be completed.")

    def __init__(self, message: str | Promise | None = None, *, details: Any = None) -> None:
        self.message = message if message is not None else self.default_message
        self.details = details
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": str(self.message)}
        if self.details is not None:
            body["details"] = self.details
        return body


class ValidationFailed(SijillError):
    status = 422
    code = "validation_error"
    default_message = _("The data given is not valid.")


class PermissionDenied(SijillError):
    status = 403
    code = "permission_denied"
    default_message = _("Your role does not allow this action.")


class NotFound(SijillError):
    """Also raised for objects outside the user's scope, so their existence is not revealed."""

    status = 404
    code = "not_found"
    default_message = _("Not found.")


class Conflict(SijillError):
    status = 409
    code = "conflict"
    default_message = _("This record was changed by someone else meanwhile. Reload it and try again.")


class ForeignRecord(SijillError):
    """A site tried to change a record that another site owns."""

    status = 409
    code = "foreign_record"
    default_message = _(
        "This record belongs to another site. Only its own site may change it; record your action as a new entry."
    )


class Unauthenticated(SijillError):
    status = 401
    code = "unauthenticated"
    default_message = _("Authentication is required.")


class FederationUnavailable(SijillError):
    status = 400
    code = "federation_unavailable"
    default_message = _("Federation between sites needs PostgreSQL; this installation uses SQLite.")
