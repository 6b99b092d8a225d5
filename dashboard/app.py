"""Composition root: ``create_app(settings)`` builds the Dash app, its data and its error handling."""

from __future__ import annotations

import copy
import importlib
import logging
import os
from pathlib import Path

import dash
from dash import _callback, html, set_props
from flask import abort, current_app, jsonify, request, send_file

from dashboard import APP_NAME, __version__
from dashboard.config import PROJECT_DIR, Settings
from dashboard.data.store.boundaries import current_geometry
from dashboard.data.store.repository import Repository
from dashboard.i18n import t
from dashboard.security import init_security
from dashboard.security.headers import request_id
from dashboard.web import briefing as briefing_routes
from dashboard.web.exports import install as install_exports

log = logging.getLogger(__name__)

PAGE_MODULES = (
    "dashboard.pages.overview",
    "dashboard.pages.region",
    "dashboard.pages.compare",
    "dashboard.pages.catalogue",
    "dashboard.pages.programme",
    "dashboard.pages.wall",
    "dashboard.pages.admin",
    "dashboard.pages.not_found_404",
    "dashboard.pages.common",
)
_CAPTURED: dict[str, object] = {}


def create_app(
    settings: Settings | None = None, *, repository: Repository | None = None
) -> dash.Dash:
    """The dashboard for ``settings`` (default: from the environment)."""
    settings = settings or Settings.from_env(os.environ)
    logging.basicConfig(
        level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    repository = repository or Repository(settings)
    repository.snapshot()  # seed an empty store and load once, before the first request

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
    _register_pages_and_callbacks()

    from dashboard.pages.frame import app_layout

    app.layout = app_layout
    _add_routes(server)
    install_exports(server)  # /export/chart/..., /export/data/...
    briefing_routes.install(server)  # /export/briefing/<code>.<pptx|pdf>

    from dashboard.exports import render

    render.configure(settings.BROWSER_PATH)
    init_security(app, settings)  # last: the CSP hashes every inline script registered above
    return app


def _register_pages_and_callbacks() -> None:
    """Import page modules once; give every app the callbacks they declared with ``dash.callback``.

    Dash moves globally declared callbacks into the first app that starts serving, so apps made
    later in the same process (tests, CLI exports) would otherwise have none.
    """
    if not _CAPTURED:
        for name in PAGE_MODULES:
            module = importlib.import_module(name)
            page = dash.page_registry.get(name)
            if page is not None and page.get("layout") is None:
                page["layout"] = module.layout  # as Dash does for modules in a pages folder
        _CAPTURED["list"] = copy.copy(_callback.GLOBAL_CALLBACK_LIST)
        _CAPTURED["map"] = dict(_callback.GLOBAL_CALLBACK_MAP)
        _CAPTURED["scripts"] = list(_callback.GLOBAL_INLINE_SCRIPTS)
    _callback.GLOBAL_CALLBACK_LIST[:] = list(_CAPTURED["list"])  # type: ignore[arg-type]
    _callback.GLOBAL_CALLBACK_MAP.clear()
    _callback.GLOBAL_CALLBACK_MAP.update(_CAPTURED["map"])  # type: ignore[arg-type]
    _callback.GLOBAL_INLINE_SCRIPTS[:] = list(_CAPTURED["scripts"])  # type: ignore[arg-type]


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
    referrer = request.referrer or ""
    return "en" if "lang=en" in referrer else "id"


def health(repository: Repository) -> dict:
    """Status for monitoring: ok or degraded, with the dataset version in use."""
    try:
        snap = repository.snapshot()
    except Exception:
        log.exception("health check could not load data")
        return {"status": "error", "app_version": __version__}
    geometry = current_geometry(repository.store, "regency")
    return {
        "status": "degraded" if snap.problem else "ok",
        "problem": snap.problem,
        "dataset_version": snap.version,
        "data_as_of": max(snap.data_as_of.values()) if snap.data_as_of else None,
        "synthetic": snap.is_synthetic,
        "boundary_source": f"imported, boundary version {geometry[0]}" if geometry else "tile map",
        "app_version": __version__,
    }


def _add_routes(server) -> None:
    @server.get("/healthz")
    def healthz():
        body = health(current_app.config["REPOSITORY"])
        return jsonify(body), 200 if body["status"] != "error" else 503

    @server.get("/wall/state")
    def wall_state():
        """What a wall polls: the dataset version and data year (cheap; never cached)."""
        settings = current_app.config["SETTINGS"]
        if settings.WALL_TOKEN and request.args.get("token") != settings.WALL_TOKEN:
            return jsonify({"error": "token required"}), 403
        snap = current_app.config["REPOSITORY"].snapshot()
        response = jsonify(
            {
                "version": snap.version,
                "data_as_of": max(snap.data_as_of.values()) if snap.data_as_of else None,
                "status": "degraded" if snap.problem else "ok",
            }
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    @server.get("/geometry/<level>.geojson")
    def geometry(level: str):
        """Boundary GeoJSON as a static, cacheable resource (sent once, then 304 by ETag)."""
        if level not in ("province", "regency", "district"):
            abort(404)
        found = current_geometry(current_app.config["REPOSITORY"].store, level)
        if found is None:
            abort(404)
        version, path = found
        packed = Path(str(path) + ".gz")
        if packed.exists() and "gzip" in request.headers.get("Accept-Encoding", ""):
            response = send_file(
                packed, mimetype="application/geo+json", conditional=True, etag=True
            )
            response.headers["Content-Encoding"] = "gzip"
        else:
            response = send_file(
                Path(path), mimetype="application/geo+json", conditional=True, etag=True
            )
        response.headers["Vary"] = "Accept-Encoding"
        immutable = request.args.get("v") == str(version)
        response.headers["Cache-Control"] = (
            "public, max-age=31536000, immutable" if immutable else "no-cache"
        )
        return response
