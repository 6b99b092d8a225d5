"""Security in a real browser: the CSP breaks nothing, login through the form, REQUIRE_LOGIN walls.

Every page is opened in headless Chromium against gunicorn; the document must carry the CSP
header and the page must report no ``securitypolicyviolation`` event and no console error.
"""

from __future__ import annotations

import re

import pytest

from dashboard.config import PROJECT_DIR
from dashboard.security.users import UserStore
from tests.browser.conftest import ConsoleLog, Server, wait_for_dash

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
WALL_TOKEN = "wall-token-for-tests-0123456789"
PAGES = (
    "/",
    "/wilayah/32.16",
    "/wilayah/32",
    "/bandingkan?kode=32.16,32.75",
    "/indikator",
    "/program",
    "/wall",
    "/login",
)
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


def csp_violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations || []")


def wait_for_page(page, path: str) -> None:
    if path == "/login":
        page.wait_for_selector("#login-submit")
    elif path.startswith("/wall"):
        page.wait_for_selector(".wall-scene.active")
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.wall-scene.active .js-plotly-plot'))"
            ".every(gd => gd._fullLayout)"
        )
        page.wait_for_load_state("networkidle")
    else:
        wait_for_dash(page)


@pytest.fixture(scope="module")
def accounts(server):
    store = UserStore(server.data_dir / "users.toml")
    for name, role in (("eddie", "editor"), ("vera", "viewer")):
        if store.get(name) is None:
            store.add(name, role, PASSWORD)
    return store


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_csp_and_violates_nothing(page, server, path):
    page.add_init_script(WATCH_CSP)
    response = page.goto(server.url + path)
    assert response.status == 200
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert not re.search(r"\d", response.headers.get("server", ""))  # "gunicorn", no version
    wait_for_page(page, path)
    assert csp_violations(page) == []
    assert page.console_log.problems() == []


def log_in(page, server, name: str, *, next_path: str = "") -> None:
    page.goto(f"{server.url}/login" + (f"?next={next_path}" if next_path else ""))
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("#login-submit")


def test_login_reach_admin_and_log_out(page, server, accounts):
    page.add_init_script(WATCH_CSP)
    response = page.goto(server.url + "/admin")
    assert "/login?next=%2Fadmin" in page.url  # anonymous: sent to the login page
    assert response.headers["cache-control"] == "no-store"
    page.fill("#name", "eddie")
    page.fill("#password", "wrong password!")
    page.click("#login-submit")
    page.wait_for_selector(".alert-danger")
    assert "salah" in page.inner_text(".alert-danger")
    page.console_log.clear()  # the 401 of the failed attempt is logged by Chromium on purpose

    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"/admin$"))
    wait_for_dash(page)
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["kc_session"]["httpOnly"]
    assert cookies["kc_session"]["sameSite"] == "Lax"
    assert cookies["kc_session"]["secure"]
    assert cookies["_csrf_token"]["sameSite"] == "Strict"
    assert not cookies["_csrf_token"]["httpOnly"]
    pages = PROJECT_DIR / "dashboard" / "pages"
    if (pages / "admin.py").exists() or (pages / "admin" / "__init__.py").exists():
        # the admin page's own callbacks ran with the CSRF header (a 403 would be a console error)
        page.wait_for_selector("[id^='admin-']", state="attached")
    else:
        page.wait_for_selector("#_pages_content >> text=/tidak ditemukan|not found/i")
    assert csp_violations(page) == []
    assert page.console_log.problems() == []

    page.goto(server.url + "/logout")
    page.click("#logout-submit")
    page.wait_for_url(re.compile(r"/login\?logged_out=1$"))
    assert "_csrf_token" not in {c["name"] for c in page.context.cookies()}
    page.goto(server.url + "/admin")
    assert "/login?next=%2Fadmin" in page.url
    assert page.console_log.problems() == []


def test_a_viewer_gets_a_403_page_for_admin(page, server, accounts):
    log_in(page, server, "vera", next_path="%2Fadmin")
    page.wait_for_selector(".alert-danger")
    assert "vera" in page.inner_text(".alert-danger")
    assert "/login" not in page.url  # the 403 page is served at /admin itself


def test_callbacks_keep_working_while_logged_in(page, server, accounts):
    """Public pages' callbacks carry the X-CSRFToken header once the cookie exists."""
    log_in(page, server, "vera")
    page.wait_for_url(re.compile(r"/$"))
    wait_for_dash(page)
    statuses: list[int] = []
    page.on(
        "response",
        lambda r: statuses.append(r.status) if "_dash-update-component" in r.url else None,
    )
    page.goto(server.url + "/indikator")
    wait_for_dash(page)
    assert statuses
    assert set(statuses) <= {200, 204}
    assert page.console_log.problems() == []


# REQUIRE_LOGIN -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def locked_server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("locked") / "instance"
    srv = Server(data_dir, env={"REQUIRE_LOGIN": "1", "WALL_TOKEN": WALL_TOKEN}).start()
    UserStore(data_dir / "users.toml").add("vera", "viewer", PASSWORD)
    yield srv
    srv.stop()


@pytest.fixture
def locked_page(browser, locked_server):
    """Like conftest's ``page``, for the REQUIRE_LOGIN server."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
    pg = context.new_page()
    log = ConsoleLog()
    host = f"127.0.0.1:{locked_server.port}"
    pg.on("console", lambda m: log.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda exc: log.append(f"page error: {exc}"))
    pg.on(
        "request",
        lambda r: (
            None
            if host in r.url or r.url.startswith(("data:", "blob:"))
            else log.append(f"external request: {r.url}")
        ),
    )
    pg.on("requestfailed", lambda r: log.append(f"request failed: {r.url} {r.failure}"))
    pg.console_log = log
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def test_require_login_sends_visitors_to_the_login_page(locked_page, locked_server):
    page = locked_page
    page.goto(locked_server.url + "/wilayah/32.16")
    page.wait_for_selector("#login-submit")
    assert "/login?next=%2Fwilayah%2F32.16" in page.url
    page.fill("#name", "vera")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"/wilayah/32\.16$"))
    wait_for_dash(page)
    assert page.console_log.problems() == []


def test_the_wall_works_with_its_token_under_require_login(locked_page, locked_server):
    """The wall's own Dash requests are let through by the token in their Referer."""
    page = locked_page
    statuses: list[tuple[str, int]] = []
    page.on("response", lambda r: statuses.append((r.url, r.status)))
    page.add_init_script(WATCH_CSP)
    query = f"token={WALL_TOKEN}&scenes=sorotan,peta&interval=5"
    page.goto(f"{locked_server.url}/wall?{query}")
    wait_for_page(page, "/wall")
    assert page.locator(".wall-locked").count() == 0
    # the second showing of the spotlight asks the server (a Dash callback) for the next indicator
    with page.expect_response(
        lambda r: (
            "_dash-update-component" in r.url and "wall-spotlight" in (r.request.post_data or "")
        ),
        timeout=30_000,
    ) as spotlight:
        pass
    assert spotlight.value.status == 200
    page.wait_for_function("() => !document.querySelector('#wall-offline:not(.d-none)')")
    polled = [status for url, status in statuses if "/wall/state" in url]
    assert polled
    assert set(polled) == {200}
    assert [(u, s) for u, s in statuses if s in (401, 403)] == []
    assert csp_violations(page) == []
    assert page.console_log.problems() == []

    page.goto(f"{locked_server.url}/wall?token=wrong")
    page.wait_for_selector("#login-submit")
