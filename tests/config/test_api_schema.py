"""Property-based run against the project's own OpenAPI schema: no 5xx, responses conform.

Bounded (25 examples per operation, no deadline) and in-process: the Django WSGI app on the test
database, no network.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings


@pytest.fixture
def connexion_du_test():
    """Keep the test's database connection (and its transaction) across requests, as Django's
    test client does: the WSGI handler would otherwise close it after each response."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, connexion_du_test, referentiel, territoires):
    case.call_and_validate()
