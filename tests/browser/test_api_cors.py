"""The API from a page of another origin in headless Chromium: CORS as a browser enforces it.

A portal page (a small server on another loopback port: another origin) fetches /api/v1 from
gunicorn: a plain GET, a GET with ``Authorization`` (a real preflight), a refused token whose 401
is still readable, the exposed ``ETag`` revalidated to 304, and a non-API URL that the browser
must block (CORS is opened for /api/ only).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.conftest import Server

pytestmark = pytest.mark.browser

TOKEN = "browser-api-token-0123456789"
PORTAL_PAGE = b"<!doctype html><title>Portal</title><p>another origin</p>"
FETCH = """async ([url, headers]) => {
  try {
    const r = await fetch(url, {headers});
    const text = await r.text();
    return {status: r.status, etag: r.headers.get('ETag'), text};
  } catch (e) {
    return {error: String(e)};
  }
}"""


@pytest.fixture(scope="module")
def token_server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("api-cors") / "instance", env={"API_TOKEN": TOKEN})
    srv.start()
    yield srv
    srv.stop()


class _PortalHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PORTAL_PAGE)))
        self.end_headers()
        self.wfile.write(PORTAL_PAGE)

    def log_message(self, *_args) -> None:
        pass


@pytest.fixture(scope="module")
def portal_url():
    """A real loopback server on another port (Chromium's local network checks refuse a public
    page's requests to 127.0.0.1 before CORS is even asked)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _PortalHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{httpd.server_address[1]}/portal.html"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def portal(browser, portal_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(portal_url)
    yield page
    context.close()


def test_another_origin_reads_the_api_with_a_token(portal, token_server):
    url = token_server.url + "/api/v1/observations?indicator=liv_hdi&limit=2"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    ok = portal.evaluate(FETCH, [url, auth])
    assert ok.get("status") == 200, ok
    assert '"synthetic"' in ok["text"]
    assert ok["etag"]  # exposed to scripts of other origins
    again = portal.evaluate(FETCH, [url, {**auth, "If-None-Match": ok["etag"]}])
    assert again.get("status") == 304, again
    refused = portal.evaluate(FETCH, [url, {"Authorization": "Bearer wrong-token-000000"}])
    assert refused.get("status") == 401, refused  # readable: the error carries CORS headers too
    assert "token" in refused["text"]


def test_cors_is_opened_for_the_api_only(portal, token_server):
    blocked = portal.evaluate(FETCH, [token_server.url + "/healthz", {}])
    assert "Failed to fetch" in blocked.get("error", ""), blocked
