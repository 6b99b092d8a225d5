"""Security headers on every kind of response, and error answers without internals."""

from __future__ import annotations

import base64
import hashlib
import re
from importlib.metadata import version

import dash
import pytest

from dashboard import __version__
from dashboard.app import create_app
from dashboard.config import PROJECT_DIR, Settings
from tests.integration.auth_helpers import add_user, login

PASSWORD = "correct horse battery"
PAGES = ("/", "/wilayah/32.16", "/wilayah/32", "/bandingkan?kode=32.16,32.75", "/indikator",
         "/program", "/wall", "/login", "/login?lang=en")  # fmt: skip


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    settings = Settings(
        DATA_DIR=tmp_path_factory.mktemp("headers") / "instance",
        FRAME_ANCESTORS="https://portal.example.go.id",
        MAX_UPLOAD_MB=0.01,
    )
    app = create_app(settings)
    add_user(settings, "eddie", "editor", PASSWORD)
    return app


@pytest.fixture
def client(app):
    return app.server.test_client()


def directives(policy: str) -> dict[str, list[str]]:
    parts = (item.strip().split() for item in policy.split(";") if item.strip())
    return {name: values for name, *values in parts}


def assert_common_headers(response, *, framed: bool = False) -> None:
    h = response.headers
    csp = directives(h["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    sources = [v for values in csp.values() for v in values if v != "https://portal.example.go.id"]
    assert not [v for v in sources if "://" in v or v in ("*", "http:", "https:")], sources
    if framed:
        assert csp["frame-ancestors"] == ["https://portal.example.go.id"]
        assert "X-Frame-Options" not in h
    else:
        assert csp["frame-ancestors"] == ["'none'"]
        assert h["X-Frame-Options"] == "DENY"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "same-origin"
    assert h["X-Request-ID"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_common_headers(response, framed=path == "/wall")


def test_only_the_wall_may_be_framed_by_the_configured_origin(client):
    assert_common_headers(client.get("/wall?scenes=peta"), framed=True)
    assert_common_headers(client.get("/wall/state"), framed=False)
    assert_common_headers(client.get("/wallx"), framed=False)


def test_callbacks_errors_and_assets_have_them_too(client):
    responses = [
        client.get("/_dash-layout"),
        client.get("/healthz"),
        client.get("/assets/00-bootstrap-flatly.min.css"),
        client.get("/assets/no-such-file.png"),
        client.get("/_dash-update-component"),
        client.post("/_dash-update-component", data=b"{", content_type="application/json"),
    ]
    for response in responses:
        assert_common_headers(response)


def test_login_and_admin_are_never_cached(client):
    for path in ("/login", "/login?lang=en", "/admin", "/admin/x"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    login(client, "eddie", PASSWORD)
    assert client.get("/admin").headers["Cache-Control"] == "no-store"
    assert client.get("/logout").headers["Cache-Control"] == "no-store"


def test_hsts_only_over_https(app):
    https = app.server.test_client()
    response = https.get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" not in app.server.test_client().get("/login").headers


def internals(text: str) -> list[str]:
    markers = ["Traceback", 'File "', "site-packages", str(PROJECT_DIR), "Werkzeug",
               f"Flask/{version('flask')}", f"dash {dash.__version__}", "Python/3"]  # fmt: skip
    return [m for m in markers if m in text]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/assets/no-such-file.css", {}, 404),
        ("put", "/_dash-update-component", {}, 405),
        ("post", "/login", {"data": {"x": "y" * 1_200_000}}, 413),
        (
            "post",
            "/_dash-update-component",
            {"data": b"[1,", "content_type": "application/json"},
            400,
        ),
        ("get", "/geometry/nowhere.geojson", {}, 404),
        ("delete", "/", {}, 405),
    ],
)
def test_errors_show_no_internals(client, method, path, kwargs, status):
    response = getattr(client, method)(path, **kwargs)
    text = response.get_data(as_text=True)
    assert response.status_code == status, text
    assert response.mimetype == "text/plain"
    assert not internals(text), text
    assert "request " in text  # a request id the user can quote


def test_no_version_or_server_details_in_headers(client):
    response = client.get("/")
    banner = " ".join(f"{k}: {v}" for k, v in response.headers.items())
    assert "Werkzeug" not in banner
    assert dash.__version__ not in banner
    assert __version__ not in banner


def _inline_script_hashes(page_html: str) -> set[str]:
    # the IE warning sits in a conditional comment: no browser we serve runs it
    page_html = re.sub(r"<!--.*?-->", "", page_html, flags=re.S)
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in re.findall(r"<script>(.*?)</script>", page_html, flags=re.S)
    }


def test_the_policy_hashes_every_inline_script_even_after_a_probe_came_first(tmp_path):
    """A gthread worker whose first request was a ``/healthz`` probe once kept a policy without
    Dash Pages' page-title script for its whole life: the browser refused it on every page."""
    app = create_app(Settings(DATA_DIR=tmp_path / "instance"))
    assert app._got_first_request["pages"], "Dash Pages' router must be set up before the fork"
    client = app.server.test_client()
    assert client.get("/healthz").status_code in (200, 503)
    # any inline script Dash adds later (as the router's did) must reach the policy too
    app.clientside_callback(
        "function(x) { return x; /* added late */ }",
        dash.Output("late-out", "children"),
        dash.Input("late-in", "children"),
    )
    response = client.get("/")
    policy = directives(response.headers["Content-Security-Policy"])
    missing = _inline_script_hashes(response.get_data(as_text=True)) - set(policy["script-src"])
    assert not missing, f"inline scripts without a hash in the policy: {missing}"
