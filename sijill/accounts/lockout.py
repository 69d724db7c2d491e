"""Failed sign-ins: locked out by username and by client address, each with its own limit.

django-axes locks a username after ``AXES_FAILURE_LIMIT`` failures, whatever the address (a
guessing attack from many machines), and a client address after ``SIJILL_LOGIN_ADDRESS_FAILURE_LIMIT``
failures, whatever the usernames (an attacker rotating usernames). The address limit is higher: an
operations room signs in from behind one address, and its colleagues' typing errors must not lock
the room out. A successful sign-in clears the failures of its username and address.

A sign-in refused because of a lockout is not audited again: the failures up to the lockout and the
lockout itself are, so unauthenticated requests grow the audit log by a bounded number of rows.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

REFUSED_MARK = "sijill_refused_locked_out"


class LockoutBackend(AxesStandaloneBackend):
    """Axes' refusal of a locked-out username or address, marked on the request (see ``refused``)."""

    def authenticate(
        self, request: HttpRequest, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        try:
            super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            setattr(request, REFUSED_MARK, True)
            raise


def refused(request: HttpRequest | None) -> bool:
    """Whether this sign-in was refused for a lockout already in force (not a failure of its own)."""
    return bool(getattr(request, REFUSED_MARK, False))


class LockoutHandler(AxesDatabaseHandler):
    """Failures counted per username and per address (``AXES_LOCKOUT_PARAMETERS``), each against its
    own limit. Axes compares the largest of the counts with one limit; the address count is given to
    it scaled, so that it reaches that limit exactly when it reaches the address limit."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # One queryset per lockout parameter, in the order of settings.AXES_LOCKOUT_PARAMETERS.
        by_username, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = get_failure_limit(request, credentials)
        address_limit = max(int(settings.SIJILL_LOGIN_ADDRESS_FAILURE_LIMIT), 1)
        return max(by_username, by_address * limit // address_limit)
