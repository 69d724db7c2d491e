"""schemathesis against the OpenAPI schema: no generated request may cause a server error (5xx).

Requests are made in-process against the WSGI application inside the test transaction, each
operation as a role that holds its action (from the permission-matrix table), so the generated
input reaches the handler rather than stopping at 403.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from sijill.core import matrix
from sijill.wsgi import application
from tests.helpers import ApiClient
from tests.test_permission_matrix import APIS

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Like Django's test client: a request must not close the connection holding the test transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


_ACTIONS = {endpoint.name: endpoint.action for endpoint in APIS}


def _role_for(method: str, path: str) -> str:
    """The role with the widest scope for the operation's action (site admin for open ones)."""
    action = _ACTIONS.get(f"{method.upper()} {path.removeprefix('/api/v1')}")
    if action is None:
        return "site_admin"
    allowed = [
        (matrix.SCOPE_ORDER.index(scope), role) for role in matrix.ROLES if (scope := matrix.scope_for(role, action))
    ]
    return min(allowed)[1] if allowed else "site_admin"


@pytest.fixture
def token_of(user_of):
    tokens: dict[str, str] = {}

    def get(role: str) -> str:
        if role not in tokens:
            tokens[role] = ApiClient(user_of(role)).token
        return tokens[role]

    return get


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, token_of):
    token = token_of(_role_for(case.operation.method, case.operation.path))
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "ar"}, checks=[not_a_server_error]
    )
