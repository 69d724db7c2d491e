"""schemathesis against the OpenAPI schema: no generated request may cause a server error (5xx).

Requests are made in-process against the WSGI application, as a site administrator and as an
auditor (between them they reach every operation with permission), inside the test transaction.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from sijill.wsgi import application
from tests.helpers import ApiClient

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Like Django's test client: a request must not close the connection holding the test transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(user_of) -> dict[str, str]:
    return {role: ApiClient(user_of(role)).token for role in ("site_admin", "auditor")}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, tokens):
    for token in tokens.values():
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "ar"}, checks=[not_a_server_error]
        )
