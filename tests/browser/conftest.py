"""Browser tests: a real gunicorn server on a free port and headless Chromium (Playwright).

Chromium is the Debian package (/usr/bin/chromium, installed by .ci/run); Playwright never
downloads a browser. Tests wait on locators and network idleness with deadlines, never on sleeps.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.config import PROJECT_DIR

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = PROJECT_DIR / "docs" / "screenshots"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn process serving the app, as users run it."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.log = data_dir.parent / f"gunicorn-{self.port}.log"
        self.env = {
            **os.environ,
            "DATA_DIR": str(data_dir),
            "PYTHONPATH": str(PROJECT_DIR),
            "SECRET_KEY": secrets.token_hex(32),  # gunicorn refuses to start without one
            "RATE_LIMIT_EXPORT": "1000 per minute",  # export tests run many; limits have own tests
            "RENDER_QUEUE_SECONDS": "60",  # a loaded test machine must not turn exports into 503s
            **(env or {}),
        }
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> Server:
        return self.launch().wait_ready(timeout)

    def launch(self) -> Server:
        """Start gunicorn without waiting: servers launched together boot on both cores."""
        handle = self.log.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "app:server",
                "--workers",
                "2",
                "--preload",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--no-control-socket",
                "--timeout",
                "120",
            ],
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        handle.close()  # the child has its own copy
        return self

    def wait_ready(self, timeout: float = 60) -> Server:
        """Poll /healthz until the launched server answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)  # polling a starting server, not waiting for the UI
        raise RuntimeError(f"server did not answer in {timeout}s: {self.log.read_text()[-3000:]}")

    def halt(self) -> None:
        """Ask gunicorn to stop without waiting (stop() waits): servers stopped together."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)

    def stop(self) -> None:
        """Quick shutdown (SIGINT): gunicorn's graceful one (SIGTERM) waits up to its graceful
        timeout for open connections such as a wall's polls, which took 15 s per server."""
        self.halt()
        if self.proc and self.proc.poll() is None:
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("browser") / "instance"
    srv = Server(data_dir).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class ConsoleLog(list):
    """Console errors, page errors and failed or external requests seen by one page."""

    def problems(self) -> list[str]:
        return list(self)


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
    pg = context.new_page()
    log = ConsoleLog()
    host = f"127.0.0.1:{server.port}"
    pg.on(
        "console",
        lambda msg: (
            log.append(f"console {msg.type}: {msg.text} ({msg.location.get('url', '?')})")
            if msg.type == "error"
            else None
        ),
    )
    pg.on("pageerror", lambda exc: log.append(f"page error: {exc}"))
    pg.on(
        "request",
        lambda req: (
            None
            if host in req.url or req.url.startswith(("data:", "blob:"))
            else log.append(f"external request: {req.url}")
        ),
    )
    pg.on("requestfailed", lambda req: log.append(f"request failed: {req.url} {req.failure}"))
    pg.console_log = log
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def dropdown_option(page, name: str, *, exact: bool = False):
    """An open dropdown's option, found by its accessible name and clicked where a user clicks it.

    ``assets/15-a11y.js`` gives the option role to the focusable radio inside each option's label
    (axe nested-interactive); the radio is drawn under the option's text, so a click goes to the
    label, as a pointer's does.
    """
    wanted = page.get_by_role("option", name=name, exact=exact)  # inside the label
    labels = page.get_by_role("listbox").locator("label.dash-options-list-option")
    return labels.filter(has=wanted).first


def wait_for_dash(page) -> None:
    """Dash has rendered and no callback is pending."""
    page.wait_for_selector("#_pages_content > *", state="attached")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
                 .every(gd => gd._fullLayout && gd.querySelector('.main-svg'))"""
    )
    # two animation frames: plotly paints heatmap images and hover layers after its promise
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save docs/screenshots/<name>.png once every graph has redrawn at the final size.

    A full-page capture grows the viewport, which makes responsive plotly graphs redraw; we grow
    it ourselves first and wait until each graph's layout matches its container.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    original = page.viewport_size
    if full_page:
        height = page.evaluate("() => document.documentElement.scrollHeight")
        page.set_viewport_size(
            {"width": original["width"], "height": max(height, original["height"])}
        )
        page.wait_for_function(
            """() => Array.from(document.querySelectorAll('.js-plotly-plot')).every(gd =>
                   gd._fullLayout && Math.abs(gd._fullLayout.width - gd.clientWidth) < 2
                   && Math.abs(gd._fullLayout.height - gd.clientHeight) < 2)"""
        )
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
    page.screenshot(path=str(path))
    if full_page:
        page.set_viewport_size(original)
    return path
