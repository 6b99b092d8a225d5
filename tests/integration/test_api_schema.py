"""Schemathesis against /api/v1/openapi.json: every documented request, valid and invalid, gets a
documented answer (status, content type, headers, body schema), never a server error.

Runs in the normal suite (``.ci/run``) on the WSGI app, with a bounded number of examples per
operation and mode so it stays fast. The document enumerates indicator ids, years and region
codes, so generated valid requests must succeed (positive data acceptance) and invalid ones must
be refused with a 4xx (negative data rejection); schemathesis' default checks all run.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.views.api.spec import ENDPOINTS, OPENAPI

EXAMPLES = 25
IDENTITY = {"Accept-Encoding": "identity"}
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    config = Settings(
        DATA_DIR=tmp_path_factory.mktemp("api-schema") / "instance",
        RATE_LIMIT_API="100000 per minute",
    )
    app = create_app(config)
    return schemathesis.openapi.from_wsgi(OPENAPI.path, app.server)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("path", [e.path for e in (*ENDPOINTS, OPENAPI)])
def test_api_conforms_to_its_openapi_document(api_schema, path, mode):
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=IDENTITY)  # the WSGI client does not un-gzip

    run()
