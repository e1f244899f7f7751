"""Property-based run against the project's own OpenAPI schema: no 5xx, responses conform.

Bounded (25 examples per operation, no deadline) and in-process: the Django WSGI app on the test
database, no network.
"""

import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, referentiel, territoires):
    case.call_and_validate()
