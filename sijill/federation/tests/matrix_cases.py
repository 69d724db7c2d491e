"""This app's rows of the permission-matrix test (tests/test_permission_matrix.py collects them)."""

from django.urls import reverse

from tests.endpoints import Endpoint

PAGES: list[Endpoint] = [
    Endpoint("federation:status", "federation.view", "GET", lambda u: reverse("federation:status")),
]
APIS: list[Endpoint] = [
    Endpoint("GET /federation/status", "federation.view", "GET", lambda u: "/federation/status"),
]
# Pages and API operations deliberately open to the public (no sign-in), e.g. public checks.
PUBLIC_PAGES: set[str] = set()
PUBLIC_APIS: set[str] = set()
