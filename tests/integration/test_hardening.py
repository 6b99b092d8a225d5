"""Malformed requests, the host allowlist, future sessions and /healthz (issue 17 points 4, 6)."""

from __future__ import annotations

import logging
import time

import pytest

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.security import hosts

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    settings = Settings(
        DATA_DIR=tmp_path_factory.mktemp("hardening") / "instance",
        RATE_LIMIT_LOGIN="10000 per minute",
    )
    return create_app(settings)


@pytest.fixture
def client(app):
    return app.server.test_client()


def _one_line_no_traceback(caplog, needle: str) -> None:
    lines = [r for r in caplog.records if needle in r.getMessage()]
    assert len(lines) == 1, [r.getMessage() for r in caplog.records]
    assert all(r.exc_info is None for r in caplog.records)
    assert "Traceback" not in caplog.text


# point 4 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [DEEP, "[" * 70 + "]" * 70, '{"a":' * 80 + "1" + "}" * 80, "{not json"],
    ids=["recursion", "deep-list", "deep-dict", "malformed"],
)
def test_absurd_json_to_a_callback_is_400_with_one_log_line(client, caplog, body):
    with caplog.at_level(logging.INFO):
        response = client.post(
            "/_dash-update-component", data=body, content_type="application/json"
        )
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)
    _one_line_no_traceback(caplog, "bad request")


def test_an_ordinary_callback_still_works(client):
    from dashboard import ids
    from tests.integration.conftest import dash_post
    from tests.integration.test_app import _overview_inputs

    response = dash_post(
        client,
        f"{ids.READINESS_MAP}.figure",
        _overview_inputs("gov_spbe", 2023),
        state=[{"id": "overview-lang", "property": "data", "value": "id"}],
        outputs={"id": ids.READINESS_MAP, "property": "figure"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/nope/x.js",
        "/_dash-component-suites/dash/nope.v1.js",
        "/_dash-component-suites/dash/../../etc/passwd",
    ],
)
def test_unknown_component_suites_are_404_with_one_log_line(client, caplog, path):
    with caplog.at_level(logging.INFO):
        response = client.get(path)
    assert response.status_code == 404
    assert "registered" not in response.get_data(as_text=True)
    assert all(r.exc_info is None for r in caplog.records)
    assert "Traceback" not in caplog.text


# point 6: hosts ----------------------------------------------------------------------------------
def test_default_allowed_hosts():
    assert Settings().allowed_hosts == ("localhost", "127.0.0.1", "[::1]")
    assert Settings(HOST="0.0.0.0").allowed_hosts == ("localhost", "127.0.0.1", "[::1]")
    assert Settings(HOST="10.0.0.5").allowed_hosts[-1] == "10.0.0.5"
    assert Settings(ALLOWED_HOSTS=("kc.example.go.id",)).allowed_hosts == ("kc.example.go.id",)


@pytest.mark.parametrize(
    ("host", "ok"),
    [
        ("kc.example.go.id", True),
        ("KC.example.go.id:443", True),
        ("a.sub.example.go.id", True),
        ("example.go.id", True),
        ("evil.example", False),
        ("example.go.id.evil", False),
        ("[::1]:8050", True),
        ("", False),
    ],
)
def test_host_matching(host, ok):
    assert hosts.allowed(host, ("kc.example.go.id", ".example.go.id", "[::1]")) is ok


def test_another_host_is_refused(client, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/healthz", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "ALLOWED_HOSTS" in response.get_data(as_text=True)
    _one_line_no_traceback(caplog, "not in ALLOWED_HOSTS")
    assert client.get("/healthz", headers={"Host": "127.0.0.1:8050"}).status_code == 200


def test_origin_check_uses_the_allowlist(app):
    from dashboard.security import csrf

    with app.server.test_request_context(
        "/login", method="POST", headers={"Host": "evil.example", "Origin": "http://evil.example"}
    ):
        assert not csrf.same_origin()
    with app.server.test_request_context(
        "/login", method="POST", headers={"Host": "localhost", "Origin": "http://localhost"}
    ):
        assert csrf.same_origin()


# point 6: sessions in the future -----------------------------------------------------------------
def test_a_session_stamped_in_the_future_is_invalid(app, client, tmp_path, caplog):
    from dashboard.security import auth

    store = app.server.extensions["kc_users"]
    store.add("ani", "admin", "a long enough password 123")
    account = store.get("ani")
    with client.session_transaction() as session:
        session.update(user="ani", role="admin", pw=account.fingerprint, t=time.time() + 3600)
    with caplog.at_level(logging.INFO):
        response = client.get("/admin")
    assert response.status_code in {302, 303, 401}  # not signed in
    assert "time stamp lies in the future" in caplog.text
    with client.session_transaction() as session:
        session.update(user="ani", role="admin", pw=account.fingerprint, t=time.time() + 30)
    assert client.get("/admin").status_code == 200  # small clock skew is tolerated
    assert auth.FUTURE_SKEW_SECONDS == 60
