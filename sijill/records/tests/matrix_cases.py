"""This app's rows of the permission-matrix test (tests/test_permission_matrix.py collects them)."""

from tests.endpoints import Endpoint

PAGES: list[Endpoint] = []
APIS: list[Endpoint] = []
# Pages and API operations deliberately open to the public (no sign-in), e.g. public checks.
PUBLIC_PAGES: set[str] = set()
PUBLIC_APIS: set[str] = set()
