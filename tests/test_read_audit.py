"""Every read of personal data is audited, UI, API and CLI alike: the lists that were not (issue 9)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from sijill.audit.models import AuditEntry
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db

LISTS = [
    # (role, page, API path, audit action)
    ("checkpoint", "vehicles:stops", "/vehicles/stops", "vehicle.stop_list"),
    ("personnel", "officers:list", "/officers", "officer.list"),
    ("t1", "accounts:users", "/users", "user.list"),
    ("investigator", "evidence:list", "/evidence", "evidence.list"),
    ("clerk", "records:cases", "/cases", "case.list"),
    ("auditor", "audit:entries", "/audit/entries", "audit.browse"),
]


def _reads(action: str, username: str, channel: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, actor_username=username, channel=channel, kind="read"))


@pytest.mark.parametrize(("role", "page", "api_path", "action"), LISTS)
def test_list_pages_and_api_lists_are_audited(role, page, api_path, action, client_of, user_of):
    user = user_of(role)
    assert client_of(role).get(reverse(page), {"q": "x"} if page == "accounts:users" else {}).status_code == 200
    [web] = _reads(action, user.username, "web")
    assert web.purpose and web.actor_role == user.role
    assert ApiClient(user).call("GET", api_path).status_code == 200
    [api] = _reads(action, user.username, "api")
    assert api.purpose


def test_the_filters_asked_for_are_recorded(client_of, user_of):
    client_of("t1").get(reverse("accounts:users"), {"q": "room", "role": "directorate_operator"})
    [entry] = _reads("user.list", "t1", "web")
    assert entry.after["filters"] == {"text": "room", "role": "directorate_operator"}


def test_cli_as_user_records_the_operating_system_account_beside_the_user(demo):
    import getpass

    call_command("search", "خالد الككلي", "--purpose", "تحقق — قضية 12", "--as", "investigator", stdout=io.StringIO())
    opened = AuditEntry.objects.filter(action="auth.cli_as", actor_username="investigator").latest("seq")
    assert opened.channel == "cli" and opened.after == {"os_account": getpass.getuser(), "command": "search"}
    search = AuditEntry.objects.filter(action="person.search", actor_username="investigator", channel="cli")
    assert search.latest("seq").seq == opened.seq + 1
