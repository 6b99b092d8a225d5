"""Helpers for tests that need a logged-in user: create accounts and log in through the real form.

Usage::

    from tests.integration.auth_helpers import add_user, login, dash_post_as

    add_user(app.server.config["SETTINGS"], "eddie", "editor", "a-long-password")
    client = app.server.test_client()
    login(client, "eddie", "a-long-password")      # asserts the login worked
    dash_post_as(client, "admin-report.children", [...])  # sends Origin and X-CSRFToken

Logged-in Dash callback POSTs must carry the ``X-CSRFToken`` header (the browser's Dash renderer
copies it from the ``_csrf_token`` cookie set at login); ``dash_post_as`` does the same.
"""

from __future__ import annotations

import re

from dashboard.config import Settings
from dashboard.security.users import Account, user_store

CSRF_COOKIE = "_csrf_token"
ORIGIN = "http://localhost"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_user(settings: Settings, name: str, role: str, password: str) -> Account:
    """Create (or replace) an account in the settings' users file (or PostgreSQL's users)."""
    store = user_store(settings)
    if store.get(name) is not None:
        store.remove(name)
    return store.add(name, role, password)


def app_with_editor(settings: Settings, password: str, name: str = "eddie"):
    """An app with one editor account, its first page served so the layout is built."""
    from dashboard.app import create_app

    app = create_app(settings)
    add_user(settings, name, "editor", password)
    app.server.test_client().get("/")
    return app


def form_token(client, path: str = "/login") -> str:
    """The CSRF token of the form on ``path`` (binds it to the client's session)."""
    page = client.get(path)
    found = _TOKEN.search(page.get_data(as_text=True))
    assert found, f"no csrf_token in {path}: {page.status}"
    return found.group(1)


def login(client, name: str, password: str, *, expect_ok: bool = True, next: str | None = None):
    """Log in through ``POST /login`` as a browser would; returns the response."""
    data = {"name": name, "password": password, "csrf_token": form_token(client)}
    if next is not None:
        data["next"] = next
    response = client.post("/login", data=data, headers={"Origin": ORIGIN})
    if expect_ok:
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        assert csrf_cookie(client), "login did not set the _csrf_token cookie"
    return response


def logout(client):
    token = form_token(client, "/login")
    return client.post("/logout", data={"csrf_token": token}, headers={"Origin": ORIGIN})


def csrf_cookie(client) -> str | None:
    cookie = client.get_cookie(CSRF_COOKIE)
    return cookie.value if cookie is not None else None


def dash_headers(client) -> dict[str, str]:
    """Headers the Dash renderer sends with a callback POST from this app's own page."""
    headers = {"Origin": ORIGIN}
    token = csrf_cookie(client)
    if token:
        headers["X-CSRFToken"] = token
    return headers


def dash_post_as(
    client,
    output: str,
    inputs: list[dict],
    *,
    state: list[dict] | None = None,
    outputs=None,
    changed=None,
):
    """POST a callback request like ``conftest.dash_post``, with Origin and the CSRF header."""
    from tests.integration.conftest import dash_post

    return dash_post(
        client,
        output,
        inputs,
        state=state,
        outputs=outputs,
        changed=changed,
        headers=dash_headers(client),
    )
