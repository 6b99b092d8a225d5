"""Login, roles, sessions, CSRF and REQUIRE_LOGIN, through the Flask test client.

Everything is checked on the server: direct POSTs to ``/_dash-update-component`` as anonymous and
viewer users must not reach any admin callback, whatever the page shows.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time

import pytest

from dashboard.app import create_app
from dashboard.config import PROJECT_DIR, Settings
from dashboard.security import auth
from dashboard.security.users import UserStore
from tests.integration.auth_helpers import (
    ORIGIN,
    add_user,
    csrf_cookie,
    dash_headers,
    form_token,
    login,
    logout,
)
from tests.integration.conftest import router_body

PASSWORD = "correct horse battery"
LEAKS = ("Traceback", 'File "', "site-packages", str(PROJECT_DIR), "werkzeug", "Werkzeug/")
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}  # a browser navigating


def callback_body(output: str, entry: dict) -> dict:
    """A request for the registered callback ``output`` with empty values (wildcards: none)."""

    def wildcard(component_id) -> bool:
        return isinstance(component_id, dict) and ["ALL"] in component_id.values()

    def item(dep: dict):
        if wildcard(dep["id"]):
            return []
        return {"id": dep["id"], "property": dep["property"], "value": None}

    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    outputs = []
    for part in parts:
        component, _, prop = part.split("@")[0].rpartition(".")
        component_id = json.loads(component) if component.startswith("{") else component
        outputs.append(item({"id": component_id, "property": prop}))
    first = entry["inputs"][0] if entry["inputs"] else None
    return {
        "output": output,
        "outputs": outputs if output.startswith("..") else outputs[0],
        "inputs": [item(d) for d in entry["inputs"]],
        "state": [item(d) for d in entry["state"]],
        "changedPropIds": [f"{first['id']}.{first['property']}"] if first else [],
    }


def leaks(text: str) -> list[str]:
    return [marker for marker in LEAKS if marker in text]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    settings = Settings(
        DATA_DIR=tmp_path_factory.mktemp("auth") / "instance",
        RATE_LIMIT_LOGIN="5 per minute",
        SESSION_MINUTES=30,
    )
    app = create_app(settings)
    for name, role in (("vera", "viewer"), ("eddie", "editor"), ("ada", "admin")):
        add_user(settings, name, role, PASSWORD)
    app.server.test_client().get("/")  # Dash registers the page router on the first request
    return app


@pytest.fixture(autouse=True)
def _fresh_limits(app):
    app.server.extensions["kc_rate_limits"].reset()


@pytest.fixture
def settings(app) -> Settings:
    return app.server.config["SETTINGS"]


@pytest.fixture
def anonymous(app):
    return app.server.test_client()


@pytest.fixture
def viewer(app):
    client = app.server.test_client()
    login(client, "vera", PASSWORD)
    return client


@pytest.fixture
def editor(app):
    client = app.server.test_client()
    login(client, "eddie", PASSWORD)
    return client


def admin_callbacks(app) -> dict[str, dict]:
    found = {k: v for k, v in app.callback_map.items() if "admin-" in k}
    found.setdefault("admin-upload-probe.children", {"inputs": [], "state": []})
    found["admin-upload-probe.children"] = {
        "inputs": [{"id": "admin-upload", "property": "contents"}],
        "state": [],
    }
    return found


def post_callback(client, body: dict, **headers: str):
    return client.post(
        "/_dash-update-component", json=body, headers={**dash_headers(client), **headers}
    )


# pages -------------------------------------------------------------------------------------------
def test_admin_sends_anonymous_visitors_to_the_login_page(anonymous):
    for path in ("/admin", "/admin/", "/admin/versions?lang=en", "/ADMIN"):
        response = anonymous.get(path, headers=HTML)
        assert response.status_code == 303, path
        assert response.headers["Location"].startswith("/login?next=%2F")
    assert anonymous.get("/admin", headers={"Accept": "application/json"}).status_code == 401


def test_viewers_get_a_403_page_and_editors_the_admin_page(viewer, editor):
    response = viewer.get("/admin", headers=HTML)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "vera" in page
    assert "Akses ditolak" in page
    assert response.headers["Cache-Control"] == "no-store"
    response = editor.get("/admin", headers=HTML)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_public_pages_stay_public(anonymous):
    for path in ("/", "/wilayah/32.16", "/bandingkan", "/indikator", "/program", "/wall"):
        assert anonymous.get(path).status_code == 200, path
    assert anonymous.get("/_dash-layout").status_code == 200


def test_public_pages_leave_the_session_alone(anonymous, editor):
    for path in ("/", "/_dash-layout", "/wall/state"):
        response = anonymous.get(path)
        assert "Set-Cookie" not in response.headers, path
        assert "Cookie" not in response.headers.get("Vary", ""), path
    # a logged-in user's cacheable answers do not vary with the (re-signed) session cookie
    assert "Cookie" not in editor.get("/_dash-layout").headers.get("Vary", "")


def test_login_page_is_bilingual_and_uncached(anonymous):
    page = anonymous.get("/login")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert 'lang="id"' in page.get_data(as_text=True)
    text = anonymous.get("/login?lang=en").get_data(as_text=True)
    assert "User name" in text
    assert 'action="/login?lang=en"' in text
    assert "<script" not in text
    assert "/assets/00-bootstrap-flatly.min.css?m=" in text


# admin callbacks ---------------------------------------------------------------------------------
def test_anonymous_and_viewers_cannot_reach_any_admin_callback(app, anonymous, viewer):
    callbacks = admin_callbacks(app)
    assert len(callbacks) >= 2
    for client in (anonymous, viewer):
        for output, entry in callbacks.items():
            response = post_callback(client, callback_body(output, entry))
            assert response.status_code == 403, (output, response.status_code)
            assert not leaks(response.get_data(as_text=True))


def test_editors_pass_the_admin_callback_guard(app, editor):
    for output, entry in app.callback_map.items():
        if output.startswith("..admin-versions.rowData"):
            response = post_callback(editor, callback_body(output, entry))
            assert response.status_code not in (401, 403), response.get_data(as_text=True)


def test_the_page_router_renders_admin_only_for_editors(anonymous, viewer, editor):
    for client in (anonymous, viewer):
        for path in ("/admin", "/admin/", "/Admin", "//admin", "/%61dmin"):
            response = post_callback(client, router_body(path))
            assert response.status_code == 403, (path, response.status_code)
    response = post_callback(editor, router_body("/admin"))
    assert response.status_code == 200
    response = post_callback(anonymous, router_body("/wilayah/32.16"))
    assert response.status_code == 200


def test_a_role_hidden_in_other_fields_is_still_checked(anonymous):
    body = router_body("/")
    body["state"] = [{"id": {"type": "admin-row", "index": 1}, "property": "data", "value": 1}]
    assert post_callback(anonymous, body).status_code == 403


# CSRF --------------------------------------------------------------------------------------------
def test_logged_in_callbacks_need_the_csrf_header(editor):
    body = router_body("/")
    assert post_callback(editor, body).status_code == 200
    response = editor.post("/_dash-update-component", json=body, headers={"Origin": ORIGIN})
    assert response.status_code == 403
    wrong = {"Origin": ORIGIN, "X-CSRFToken": "x" * 43}
    assert editor.post("/_dash-update-component", json=body, headers=wrong).status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://localhost.evil.example"},
        {"Referer": "https://evil.example/page"},
    ],
)
def test_cross_site_posts_are_refused(anonymous, editor, headers):
    for client in (anonymous, editor):
        token = csrf_cookie(client) or ""
        response = client.post(
            "/_dash-update-component",
            json=router_body("/"),
            headers={**headers, "X-CSRFToken": token},
        )
        assert response.status_code == 403
    response = anonymous.post(
        "/login",
        data={"name": "eddie", "password": PASSWORD, "csrf_token": form_token(anonymous)},
        headers=headers,
    )
    assert response.status_code == 403


def test_login_form_needs_its_token(anonymous):
    form_token(anonymous)
    response = anonymous.post("/login", data={"name": "eddie", "password": PASSWORD})
    assert response.status_code == 400
    assert "kedaluwarsa" in response.get_data(as_text=True)
    assert csrf_cookie(anonymous) is None


# login -------------------------------------------------------------------------------------------
def test_wrong_passwords_get_one_generic_message(anonymous, caplog):
    caplog.set_level(logging.WARNING, logger="dashboard.security")
    texts = []
    for name, password in (("eddie", "wrong password!"), ("nobody", PASSWORD)):
        response = login(anonymous, name, password, expect_ok=False)
        assert response.status_code == 401
        texts.append(response.get_data(as_text=True))
        assert "Nama pengguna atau kata sandi salah." in texts[-1]
    assert texts[0].replace("eddie", "") == texts[1].replace("nobody", "")
    logged = caplog.text
    assert "login failed for 'eddie' from 127.0.0.1" in logged
    assert "wrong password!" not in logged
    assert PASSWORD not in logged
    assert csrf_cookie(anonymous) is None


def test_logins_are_rate_limited(anonymous):
    for _ in range(5):
        assert login(anonymous, "eddie", "wrong password!", expect_ok=False).status_code == 401
    response = login(anonymous, "eddie", PASSWORD, expect_ok=False)  # even the right one
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    text = response.get_data(as_text=True)
    assert "Terlalu banyak percobaan" in text
    assert "<html" in text
    assert csrf_cookie(anonymous) is None


def test_cookie_flags(app):
    client = app.server.test_client()
    response = login(client, "eddie", PASSWORD)
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    session = cookies[auth.SESSION_COOKIE]
    assert "HttpOnly" in session
    assert "SameSite=Lax" in session
    assert "Secure" in session
    assert "Expires=" in session  # a permanent session: SESSION_MINUTES from the last activity
    token = cookies["_csrf_token"]
    assert "HttpOnly" not in token
    assert "SameSite=Strict" in token
    assert "Secure" in token


@pytest.mark.parametrize(
    ("next_url", "target"),
    [
        ("/wilayah/32.16?lang=en", "/wilayah/32.16?lang=en"),
        ("//evil.example/x", "/admin"),
        ("https://evil.example/", "/admin"),
        ("/\\evil.example", "/admin"),
        ("javascript:alert(1)", "/admin"),
        ("/login", "/admin"),
        ("", "/admin"),
    ],
)
def test_next_accepts_only_local_paths(app, next_url, target):
    client = app.server.test_client()
    response = login(client, "eddie", PASSWORD, next=next_url)
    assert response.headers["Location"] == target


def test_viewers_land_on_the_overview(app):
    client = app.server.test_client()
    assert login(client, "vera", PASSWORD).headers["Location"] == "/"


def test_logout_ends_the_session(editor):
    assert editor.get("/admin", headers=HTML).status_code == 200
    response = logout(editor)
    assert response.status_code == 303
    assert response.headers["Location"] == "/login?logged_out=1"
    assert csrf_cookie(editor) is None
    assert editor.get("/admin", headers=HTML).status_code == 303


def test_session_is_not_fixed_across_login(app):
    client = app.server.test_client()
    before = form_token(client)
    login(client, "eddie", PASSWORD)
    assert csrf_cookie(client) != before


def test_idle_sessions_expire(editor, monkeypatch, settings):
    assert editor.get("/admin", headers=HTML).status_code == 200
    later = time.time() + settings.SESSION_MINUTES * 60 + 5
    monkeypatch.setattr(auth.time, "time", lambda: later)
    response = editor.get("/admin", headers=HTML)
    assert response.status_code == 303
    assert "expired=1" in response.headers["Location"]
    assert csrf_cookie(editor) is None
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "30 menit" in page


def test_activity_keeps_a_session_alive(editor, monkeypatch, settings):
    start = time.time()
    for step in range(1, 5):  # 4 x 20 minutes of activity, each under the 30-minute limit
        now = start + step * 20 * 60
        monkeypatch.setattr(auth.time, "time", lambda now=now: now)
        assert editor.get("/admin", headers=HTML).status_code == 200, step


def test_removed_users_and_changed_roles_take_effect_at_once(app, settings):
    add_user(settings, "tmp-editor", "editor", PASSWORD)
    client = app.server.test_client()
    login(client, "tmp-editor", PASSWORD)
    assert client.get("/admin", headers=HTML).status_code == 200
    UserStore(settings.users_path).set_role("tmp-editor", "viewer")
    assert client.get("/admin", headers=HTML).status_code == 403
    UserStore(settings.users_path).set_role("tmp-editor", "editor")
    UserStore(settings.users_path).set_password("tmp-editor", "a different password")
    assert client.get("/admin", headers=HTML).status_code == 303  # a new password ends old sessions
    login(client, "tmp-editor", "a different password")
    UserStore(settings.users_path).remove("tmp-editor")
    assert client.get("/admin", headers=HTML).status_code == 303


def test_require_role_in_callbacks(app):
    with app.server.test_request_context("/"):
        assert auth.current_user() is None
        assert not auth.has_role("viewer")
        with pytest.raises(auth.PermissionDenied):
            auth.require_role("editor")


# malformed requests ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b"null",
        b'{"output": 3, "inputs": []}',
        b'{"output": "x.y", "inputs": {"a": 1}}',
        b'{"output": "x.y", "inputs": [3]}',
        b'{"output": "x.y", "inputs": [{"id": 3, "property": "v"}]}',
        b'{"output": "x.y", "inputs": [], "state": "s"}',
        b'{"output": "no-such.figure", "inputs": [], "changedPropIds": []}',
        b'{"output": "..a.b...{bad json.c..", "inputs": []}',
        b"\xff\xfe",
    ],
)
def test_malformed_callbacks_get_a_plain_400(anonymous, editor, body):
    for client in (anonymous, editor):
        response = client.post(
            "/_dash-update-component",
            data=body,
            content_type="application/json",
            headers=dash_headers(client),
        )
        text = response.get_data(as_text=True)
        assert response.status_code == 400, text
        assert response.mimetype == "text/plain"
        assert not leaks(text)


# REQUIRE_LOGIN and the wall token ----------------------------------------------------------------
@pytest.fixture(scope="module")
def locked(tmp_path_factory):
    settings = Settings(
        DATA_DIR=tmp_path_factory.mktemp("locked") / "instance",
        REQUIRE_LOGIN=True,
        WALL_TOKEN="wall-secret-123",
    )
    app = create_app(settings)
    add_user(settings, "vera", "viewer", PASSWORD)
    return app


def wall_callbacks(app) -> dict[str, dict]:
    return {k: v for k, v in app.callback_map.items() if '"type":"wall-' in k}


def test_require_login_locks_every_page(locked):
    client = locked.server.test_client()
    for path in ("/", "/wilayah/32.16", "/indikator", "/wall", "/wall?token=wrong"):
        response = client.get(path, headers=HTML)
        assert response.status_code == 303, path
        assert response.headers["Location"].startswith("/login?next=")
    for path in (
        "/_dash-layout",
        "/_dash-dependencies",
        "/wall/state",
        "/geometry/regency.geojson",
    ):
        assert client.get(path).status_code == 401, path
    assert post_callback(client, router_body("/")).status_code == 401
    assert client.get("/healthz").status_code == 200
    assert client.get("/login").status_code == 200
    assert client.get("/assets/00-bootstrap-flatly.min.css").status_code == 200


def test_require_login_lets_logged_in_viewers_in(locked):
    client = locked.server.test_client()
    login(client, "vera", PASSWORD)
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    assert post_callback(client, router_body("/")).status_code == 200
    assert client.get("/admin", headers=HTML).status_code == 403


def test_the_wall_token_opens_the_wall_and_nothing_else(locked):
    client = locked.server.test_client()
    client.get("/")  # the page router is registered on the first request
    wall = "http://localhost/wall?token=wall-secret-123&scenes=peta"
    assert client.get("/wall?token=wall-secret-123").status_code == 200
    assert client.get("/wall/state?token=wall-secret-123").status_code == 200
    from_wall = {"Referer": wall}
    assert client.get("/_dash-layout", headers=from_wall).status_code == 200
    assert client.get("/_dash-dependencies", headers=from_wall).status_code == 200
    response = post_callback(client, router_body("/wall", "?token=wall-secret-123"), **from_wall)
    assert response.status_code == 200
    assert "wall-root" in response.get_data(as_text=True)
    for output, entry in wall_callbacks(locked).items():
        response = post_callback(client, callback_body(output, entry), **from_wall)
        assert response.status_code in (200, 204), (output, response.get_data(as_text=True))
    # the token does not open other pages, other callbacks or the admin page
    assert post_callback(client, router_body("/wilayah/32.16"), **from_wall).status_code == 401
    assert post_callback(client, router_body("/admin"), **from_wall).status_code == 403
    other = next(k for k in locked.callback_map if k.startswith("profile-body"))
    body = callback_body(other, locked.callback_map[other])
    assert post_callback(client, body, **from_wall).status_code == 401
    assert (
        client.get("/_dash-layout", headers={"Referer": wall.replace("123", "124")}).status_code
        == 401
    )
    assert client.get("/", headers={"Referer": wall, **HTML}).status_code == 303


# secret key --------------------------------------------------------------------------------------
def test_a_temporary_key_is_made_outside_gunicorn(app, caplog):
    assert len(app.server.secret_key) == 64
    with caplog.at_level(logging.WARNING, logger="dashboard.security.auth"):
        first, second = auth.secret_key(Settings()), auth.secret_key(Settings())
    assert len(first) == 64
    assert first != second
    assert "SECRET_KEY is not set: using a temporary key" in caplog.text
    assert auth.secret_key(Settings(SECRET_KEY="k" * 64)) == "k" * 64


def test_gunicorn_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DATA_DIR=str(tmp_path / "instance"), PYTHONPATH=str(PROJECT_DIR))
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "app:server", "--preload", "--workers", "1",
         "--bind", "127.0.0.1:0", "--no-control-socket"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "secrets.token_hex(32)" in result.stderr


def test_the_session_serializer_is_built_once_per_key():
    """Built per request it cost more than reading the session; a new key still gets its own."""
    from flask import Flask

    from dashboard.security.auth import _SessionInterface

    flask_app = Flask(__name__)
    flask_app.secret_key = "a" * 64
    interface = _SessionInterface()
    first = interface.get_signing_serializer(flask_app)
    assert interface.get_signing_serializer(flask_app) is first
    token = first.dumps({"user": "ana"})
    flask_app.secret_key = "b" * 64
    second = interface.get_signing_serializer(flask_app)
    assert second is not first
    assert second.loads(second.dumps({"user": "ana"})) == {"user": "ana"}
    with pytest.raises(Exception, match="Signature"):
        second.loads(token)  # signed with the old key, which is no fallback
