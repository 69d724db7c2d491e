"""Failed sign-ins are limited per username and per client address; the audit log stays bounded."""

import pytest
from django.test import Client
from django.urls import reverse

from sijill.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.SIJILL_LOGIN_ADDRESS_FAILURE_LIMIT = 6


def _sign_in(address: str, username: str, password: str) -> int:
    response = Client(REMOTE_ADDR=address).post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code


def _unauthenticated_rows() -> int:
    return AuditEntry.objects.filter(action__in=["auth.login_failed", "auth.locked_out"]).count()


def test_rotating_usernames_from_one_address_locks_the_address(demo, password):
    """Failed sign-ins were limited per username only: rotating usernames was unbounded."""
    before = _unauthenticated_rows()
    statuses = [_sign_in("10.20.0.1", f"guess{n}", "wrong-password") for n in range(10)]
    assert statuses == [200] * 5 + [429] * 5  # the sixth failure locks the address
    assert _sign_in("10.20.0.1", "t1", password) == 429  # even a real account from that address
    assert _sign_in("10.20.0.2", "t1", password) == 302  # another address is not affected
    # six failures and one lockout were recorded; the refused attempts added nothing
    assert _unauthenticated_rows() - before == 7
    locked = AuditEntry.objects.filter(action="auth.locked_out").latest("seq")
    assert locked.after["client"] == "10.20.0.1"


def test_one_username_from_many_addresses_is_locked_too(demo, password):
    statuses = [_sign_in(f"10.30.0.{n}", "investigator", "wrong-password") for n in range(4)]
    assert statuses == [200, 200, 429, 429]
    assert _sign_in("10.30.1.1", "investigator", password) == 429


def test_colleagues_behind_one_address_are_not_locked_out_by_a_few_typing_errors(demo, password):
    for name in ("t1", "clerk", "auditor", "media", "t1"):
        assert _sign_in("10.40.0.1", name, "typo-password") == 200
    assert _sign_in("10.40.0.1", "checkpoint", password) == 302
