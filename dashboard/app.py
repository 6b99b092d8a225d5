"""Composition root: ``create_app(settings)`` builds the Dash app, its data and its error handling."""

from __future__ import annotations

import importlib
import logging
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dash
from dash import html, set_props
from flask import current_app, request

from dashboard import APP_NAME, ids, web
from dashboard.config import PROJECT_DIR, SettingError, Settings
from dashboard.data.store.pg import StoreUnavailable
from dashboard.data.store.repository import Repository
from dashboard.i18n import LANGS, normalise_lang, t
from dashboard.security import init_security
from dashboard.security.headers import request_id
from dashboard.state import add_degraded_probe
from dashboard.web import dash_json

log = logging.getLogger(__name__)

PAGE_MODULES = (
    "dashboard.pages.overview",
    "dashboard.pages.region",
    "dashboard.pages.districts",
    "dashboard.pages.compare",
    "dashboard.pages.catalogue",
    "dashboard.pages.data_coverage",
    "dashboard.pages.programme",
    "dashboard.pages.alerts",
    "dashboard.pages.wall",
    "dashboard.pages.admin",
    "dashboard.pages.not_found_404",
    "dashboard.pages.common",
)


def create_app(
    settings: Settings | None = None, *, repository: Repository | None = None
) -> dash.Dash:
    """The dashboard for ``settings`` (default: from the environment)."""
    settings = settings or Settings.from_env(os.environ)
    check_data_dir(settings)
    web.logs.configure(settings)  # LOG_FORMAT: text lines or one JSON object per line
    _clean_orphans(settings)
    dash_json.install()  # Dash's answers written by orjson in one pass (same bytes)
    repository = repository or Repository(settings)
    try:
        repository.snapshot()  # seed an empty store and load once, before the first request
    except StoreUnavailable as exc:  # PostgreSQL down at start: one line, start degraded
        log.error("%s; starting without data until it answers", exc.message("en"))

    app = dash.Dash(
        __name__,
        title=APP_NAME,
        update_title=None,
        use_pages=True,
        pages_folder="",
        assets_folder=str(PROJECT_DIR / "assets"),
        serve_locally=True,
        compress=True,
        # Dash Pages would otherwise embed every page's full layout (about 900 KB) in each HTML
        # document to validate callback ids in the browser. tests/integration/test_callbacks.py
        # checks instead, once, that every callback id exists in some page's layout.
        suppress_callback_exceptions=True,
        on_error=_on_callback_error,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    server = app.server
    # assets are linked with a ?m=<mtime> cache buster, so browsers may keep them for a year
    # instead of revalidating every stylesheet and script on each page load
    server.config.update(
        SETTINGS=settings, REPOSITORY=repository, SEND_FILE_MAX_AGE_DEFAULT=31_536_000
    )
    add_degraded_probe(server, repository.store_degradations)  # PostgreSQL away: banner, healthz
    _register_pages(app)
    from dashboard.pages import lazy_scripts

    lazy_scripts.install(app)  # dash-ag-grid's bundle only where a grid is drawn
    _index_in_page_language(app)

    from dashboard.pages.frame import app_layout

    app.layout = app_layout
    web.install(server, settings)  # health, wall state, geometry, login, exports, briefing

    from dashboard.exports import render

    render.configure(settings.BROWSER_PATH)
    init_security(app, settings)  # last: the CSP hashes every inline script registered above
    _set_up_dash(app)
    return app


def warm_caches(app: dash.Dash) -> None:
    """Compute what every worker's first filter changes would, before gunicorn forks them.

    The served app only (``app.py``; tests build apps without it): the overview map's values of
    every measure and year in the default language (``charts.maps.prepare``, a few tenths of a
    second) and the national panels beside it (``pages.overview.prepare_panels``, about two
    seconds), so a filter change costs as little on its first sight as on a repeat (P1). Never
    stops the start: what is missing is then computed per filter change, as before.
    """
    from dashboard.charts import maps
    from dashboard.pages import overview

    repository = app.server.config["REPOSITORY"]
    settings = repository.settings
    try:
        snap = repository.snapshot()
        if not snap.has_data:
            return
        started = time.perf_counter()
        count = maps.prepare(snap, settings.LANG)
        log.info("map values of %d measures x years prepared in %.2f s", count, _since(started))
        started = time.perf_counter()
        count = overview.prepare_panels(snap, settings.LANG, settings.HOME_REGION)
        log.info("national panels of %d measures x years built in %.2f s", count, _since(started))
    except Exception:  # a degraded start still serves; the rest comes per request
        log.exception("could not prepare the overview at start-up")


def _since(started: float) -> float:
    return time.perf_counter() - started


def _set_up_dash(app: dash.Dash) -> None:
    """Run Dash's first-request setup now, in the process gunicorn forks its workers from.

    Dash fills the registry of the component-suite files it may serve while setting itself up on a
    process's first request, and marks the setup done before the registry is filled
    (plotly/dash#3971). Under gthread, a freshly started or recycled worker (``max_requests``)
    answered 404 to script requests racing that first request: a page open at that moment lost a
    component bundle. Set up before the fork (``preload_app``), every worker starts complete.

    Dash Pages' router registers its callbacks and its page-title clientside script in a
    ``before_request`` hook on the first request, too; run it here as well, so a thread racing
    that first request cannot hash the Content-Security-Policy without that script.
    """
    with app.server.test_request_context("/"):
        app._setup_server()
        for hook in app.server.before_request_funcs.get(None, []):
            if getattr(hook, "__name__", "") == "router_sync":  # Dash Pages (dash.enable_pages)
                hook()


def _index_in_page_language(app: dash.Dash) -> None:
    """WCAG 3.1.1 (axe html-has-lang/html-lang-valid): the HTML document states the page's language
    from its first paint, so a screen reader reads an English page with English rules. After a
    language switch without reload, ``assets/15-a11y.js`` updates it from the page's root."""
    interpolate = app.interpolate_index

    def interpolate_index(**parts: str) -> str:
        return interpolate(**parts).replace("<html>", f'<html lang="{_document_lang()}">', 1)

    app.interpolate_index = interpolate_index


def _document_lang() -> str:
    """The language of the page this request renders: ``?lang=``, else Indonesian; the wall's
    (``?lang=``, its playlist's, ``DASHBOARD_LANG``) on ``/wall``."""
    if request.path.rstrip("/") == "/wall":
        from dashboard.pages import wall

        return wall.document_lang(request.args)
    return normalise_lang(request.args.get("lang"))


def check_data_dir(settings: Settings) -> None:
    """Refuse to start when ``DATA_DIR`` cannot be created or written (better now than at the
    first import, with an editor waiting)."""
    data_dir = Path(settings.DATA_DIR)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".write-check-"):
            pass
    except OSError as exc:
        raise SettingError(
            f"environment variable DATA_DIR: the directory {str(data_dir)!r} is not writable "
            f"({exc.strerror or exc}); expected a directory the server's user can write"
        ) from None


def _clean_orphans(settings: Settings) -> None:
    """Leftovers of imports killed mid-way (a worker timeout, a crash) go at start: one line."""
    from dashboard.data.imports.uploads import clean_orphans

    counts = clean_orphans(settings.DATA_DIR)
    log.info(
        "start-up cleanup in %s: %d staging folders of interrupted imports, %d abandoned "
        "uploads, %d temporary files removed",
        settings.DATA_DIR,
        counts["staging"],
        counts["uploads"],
        counts["temporary"],
    )


def _register_pages(app: dash.Dash) -> None:
    """Import the page modules (once) and give ``app`` their layouts and callbacks.

    A page with ``register_callbacks(app)`` declares its callbacks on the app instance (public
    API, works for any number of apps; see :mod:`dashboard.pages.callbacks`).
    """
    modules = [importlib.import_module(name) for name in PAGE_MODULES]
    for module in modules:
        page = dash.page_registry.get(module.__name__)
        if page is not None and page.get("layout") is None:
            page["layout"] = module.layout  # as Dash does for modules in a pages folder
    for module in modules:
        if hasattr(module, "register_callbacks"):
            module.register_callbacks(app)


def _on_callback_error(error: Exception) -> None:
    """A failed callback shows a short alert with a request id; the rest of the page keeps working."""
    rid = request_id()
    log.error("callback failed [%s]", rid, exc_info=error)
    lang = _request_lang()
    set_props(
        "page-alert",
        {
            "children": html.Div(
                t("common.error_generic", lang, request_id=rid),
                className="alert alert-warning alert-dismissible mb-0",
                role="alert",
            )
        },
    )


def _request_lang() -> str:
    """The failed callback's page language: a language store or selector among its inputs and
    states (``admin-lang``, ``lang-select``), else ``?lang=`` of the page, else ``DASHBOARD_LANG``.
    """
    body = request.get_json(silent=True) if request.is_json else None
    items = []
    if isinstance(body, dict):
        for group in (body.get("state"), body.get("inputs")):
            for item in group if isinstance(group, list) else []:
                items.extend(item if isinstance(item, list) else [item])
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        is_lang = item["id"].endswith("lang") or item["id"] == ids.LANG_SELECT
        if is_lang and item.get("value") in LANGS:
            return item["value"]
    query = parse_qs(urlsplit(request.referrer or "").query).get("lang", [])
    if query and query[0] in LANGS:
        return query[0]
    return current_app.config["SETTINGS"].LANG
