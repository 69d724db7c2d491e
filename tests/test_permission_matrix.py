"""Every page and API endpoint × every role → the status the permission matrix promises.

The table below names the action each endpoint needs; the expected status comes from the
written matrix (sijill/core/permission_matrix.txt): 403 where the role lacks the action, success
otherwise. A test fails if a page or API operation exists that this table does not list, so a
new endpoint cannot be added without its permission being tested.
"""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sijill.accounts.models import User
from sijill.api import api
from sijill.core import matrix
from sijill.core.appmodules import app_modules
from sijill.organisation.models import Unit
from sijill.persons.models import Person
from tests.endpoints import Endpoint
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db
_counter = itertools.count()


def _own_unit(user: User) -> str:
    return str(user.unit_id)


def _person() -> str:
    return str(Person.objects.order_by("name_normalized").values_list("pk", flat=True)[0])


def _q() -> str:
    return quote("ونيس بوخمادة")


def _tripoli_room(_: User) -> str:
    return str(Unit.objects.get(code="tripoli-room").pk)


def _url(name: str, *args: object) -> str:
    return reverse(name, args=args)


PAGES = [
    Endpoint("web:home", None, "GET", lambda u: reverse("web:home")),
    Endpoint("web:matrix", None, "GET", lambda u: reverse("web:matrix")),
    Endpoint("web:health", None, "GET", lambda u: reverse("web:health")),
    Endpoint("accounts:tokens", None, "GET", lambda u: reverse("accounts:tokens")),
    Endpoint("accounts:users", "user.view", "GET", lambda u: reverse("accounts:users")),
    Endpoint("accounts:user_create", "user.manage", "GET", lambda u: reverse("accounts:user_create")),
    Endpoint("accounts:user_detail", "user.view", "GET", lambda u: reverse("accounts:user_detail", args=[u.pk])),
    Endpoint("organisation:directorates", "org.view", "GET", lambda u: reverse("organisation:directorates")),
    Endpoint("organisation:units", "org.view", "GET", lambda u: reverse("organisation:units")),
    Endpoint("organisation:unit_detail", "org.view", "GET", lambda u: _url("organisation:unit_detail", u.unit_id)),
    Endpoint("organisation:unit_create", "org.manage", "GET", lambda u: reverse("organisation:unit_create")),
    Endpoint(
        "organisation:unit_edit",
        "org.manage",
        "GET",
        lambda u: _url("organisation:unit_edit", _tripoli_room(u)),
    ),
    Endpoint("persons:search", "person.search", "GET", lambda u: reverse("persons:search")),
    Endpoint("persons:create", "person.manage", "GET", lambda u: reverse("persons:create")),
    Endpoint(
        "persons:detail", "person.view", "GET", lambda u: _url("persons:detail", _person()) + "?purpose=matrix+test"
    ),
    Endpoint("audit:entries", "audit.view", "GET", lambda u: reverse("audit:entries")),
    Endpoint("audit:export", "audit.export", "GET", lambda u: reverse("audit:export")),
    Endpoint("audit:verify", "audit.verify", "GET", lambda u: reverse("audit:verify")),
]
# Pages open to everyone or handled by Django itself, outside the matrix.
PUBLIC_PAGES = {"accounts:login", "accounts:logout", "accounts:two_factor", "accounts:revoke_token", "set_language"}


def _new_unit() -> dict[str, Any]:
    return {"code": f"matrix-unit-{next(_counter)}", "name_ar": "وحدة اختبار", "kind": "office", "agency_id": "police"}


# API operations open to the public (no sign-in), listed by the apps that own them.
PUBLIC_APIS: set[str] = set()

APIS = [
    Endpoint("GET /me", None, "GET", lambda u: "/me"),
    Endpoint("GET /sites", "org.view", "GET", lambda u: "/sites"),
    Endpoint("GET /districts", "org.view", "GET", lambda u: "/districts"),
    Endpoint("GET /agencies", "org.view", "GET", lambda u: "/agencies"),
    Endpoint("GET /directorates", "org.view", "GET", lambda u: "/directorates"),
    Endpoint(
        "GET /directorates/{directorate_id}",
        "org.view",
        "GET",
        lambda u: f"/directorates/{Unit.objects.get(code='tripoli-hq').directorate_id}",
    ),
    Endpoint("GET /units", "org.view", "GET", lambda u: "/units"),
    Endpoint("GET /units/{unit_id}", "org.view", "GET", lambda u: f"/units/{_own_unit(u)}"),
    Endpoint("POST /units", "org.manage", "POST", lambda u: "/units", _new_unit, ok=201),
    Endpoint(
        "PATCH /units/{unit_id}",
        "org.manage",
        "PATCH",
        lambda u: f"/units/{_tripoli_room(u)}",
        lambda: {"version": Unit.objects.get(code="tripoli-room").version, "name_en": "Tripoli room"},
    ),
    Endpoint("GET /users", "user.view", "GET", lambda u: "/users"),
    Endpoint("GET /users/{user_id}", "user.view", "GET", lambda u: f"/users/{u.pk}"),
    Endpoint("GET /tokens", None, "GET", lambda u: "/tokens"),
    Endpoint("POST /tokens", None, "POST", lambda u: "/tokens", lambda: {"name": "ci", "days": 7}, ok=201),
    Endpoint("DELETE /tokens/{token_id}", None, "DELETE", lambda u: "/tokens/0000000000000000", ok=404),
    Endpoint("GET /persons/search", "person.search", "GET", lambda u: "/persons/search?purpose=matrix+test&q=" + _q()),
    Endpoint("GET /persons/{person_id}", "person.view", "GET", lambda u: f"/persons/{_person()}?purpose=matrix+test"),
    Endpoint("POST /persons", "person.manage", "POST", lambda u: "/persons", lambda: {"first_name": "سالم"}, ok=201),
    Endpoint("GET /audit/entries", "audit.view", "GET", lambda u: "/audit/entries"),
    Endpoint("POST /audit/verify", "audit.verify", "POST", lambda u: "/audit/verify", dict),
]


for _cases in app_modules("tests.matrix_cases"):
    PAGES += _cases.PAGES
    APIS += _cases.APIS
    PUBLIC_PAGES |= _cases.PUBLIC_PAGES
    PUBLIC_APIS |= _cases.PUBLIC_APIS


def expected(role: str, endpoint: Endpoint) -> int:
    if endpoint.action is not None and matrix.scope_for(role, endpoint.action) is None:
        return 403
    return endpoint.ok


def _pattern_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns == "api":
                continue
            names |= _pattern_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_page_is_in_the_table():
    listed = {e.name for e in PAGES} | PUBLIC_PAGES
    assert _pattern_names(get_resolver()) - listed == set()


def test_every_api_operation_is_in_the_table():
    schema = api.get_openapi_schema()
    operations = {
        f"{method.upper()} {path.removeprefix('/api/v1')}" for path, item in schema["paths"].items() for method in item
    }
    assert operations - {e.name for e in APIS} - PUBLIC_APIS == set()


@pytest.mark.parametrize("role", matrix.ROLES)
@pytest.mark.parametrize("endpoint", PAGES, ids=lambda e: e.name)
def test_page(role: str, endpoint: Endpoint, client_of, user_of):
    user = user_of(role)
    response = getattr(client_of(role), endpoint.method.lower())(endpoint.path(user))
    assert response.status_code == expected(role, endpoint), response.content[:300]


@pytest.mark.parametrize("role", matrix.ROLES)
@pytest.mark.parametrize("endpoint", APIS, ids=lambda e: e.name)
def test_api(role: str, endpoint: Endpoint, user_of):
    user = user_of(role)
    response = ApiClient(user).call(endpoint.method, endpoint.path(user), endpoint.body() if endpoint.body else None)
    assert response.status_code == expected(role, endpoint), response.content[:300]
    if response.status_code >= 400:
        assert set(response.json()) >= {"code", "message"}


# --- objects outside the user's place answer 404 ---------------------------------------------


def test_directorate_operator_cannot_see_another_directorates_user(client_of, user_of):
    tripoli_operator = user_of("tripoli.room")
    misrata = client_of("misrata.room")
    assert misrata.get(reverse("accounts:user_detail", args=[tripoli_operator.pk])).status_code == 404
    api = ApiClient(user_of("misrata.room"))
    response = api.call("GET", f"/users/{tripoli_operator.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    listed = {row["username"] for row in api.call("GET", "/users?limit=500").json()["items"]}
    assert "misrata.room" in listed and "tripoli.room" not in listed


def test_unit_scoped_role_sees_only_its_unit(user_of):
    api = ApiClient(user_of("checkpoint"))
    assert api.call("GET", f"/users/{user_of('investigator').pk}").status_code == 404
    assert api.call("GET", f"/users/{user_of('checkpoint').pk}").status_code == 200


def test_site_admin_cannot_edit_another_sites_unit(client_of, user_of):
    peer = Unit.objects.get(code="benghazi-room")
    assert client_of("admin").get(reverse("organisation:unit_edit", args=[peer.pk])).status_code == 404
    response = ApiClient(user_of("admin")).call("PATCH", f"/units/{peer.pk}", {"version": peer.version, "name_en": "x"})
    assert response.status_code == 404
