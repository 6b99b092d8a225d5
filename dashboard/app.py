"""Composition root: ``create_app(settings)`` builds the Dash app, its data and its error handling."""

from __future__ import annotations

import logging
import os

import dash
from dash import html
from flask import jsonify

from dashboard import APP_NAME, __version__
from dashboard.config import Settings
from dashboard.data.repository import Repository

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> dash.Dash:
    """The dashboard for ``settings`` (default: from the environment)."""
    settings = settings or Settings.from_env(os.environ)
    logging.basicConfig(
        level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    repository = Repository(settings)
    repository.snapshot()  # seed an empty store and load once, before the first request

    app = dash.Dash(
        __name__,
        title=APP_NAME,
        update_title=None,
        serve_locally=True,
        assets_folder=str(settings_assets()),
    )
    app.server.config["REPOSITORY"] = repository
    app.layout = lambda: summary_layout(repository)

    @app.server.get("/healthz")
    def healthz():
        return jsonify(health(repository))

    return app


def settings_assets():
    from dashboard.config import PROJECT_DIR

    return PROJECT_DIR / "assets"


def health(repository: Repository) -> dict:
    """Status for monitoring: ok or degraded, with the dataset version in use."""
    try:
        snap = repository.snapshot()
    except Exception:
        log.exception("health check could not load data")
        return {"status": "error", "app_version": __version__}
    from dashboard.data.boundary_service import current_geometry

    geometry = current_geometry(repository.store, "regency")
    return {
        "status": "degraded" if snap.problem else "ok",
        "problem": snap.problem,
        "dataset_version": snap.version,
        "data_as_of": max(snap.data_as_of.values()) if snap.data_as_of else None,
        "synthetic": snap.is_synthetic,
        "boundary_source": f"imported (version {geometry[0]})" if geometry else "tile map",
        "app_version": __version__,
    }


def summary_layout(repository: Repository) -> html.Div:
    """Interim page until the dashboard pages land: what data is loaded."""
    snap = repository.snapshot()
    manifest = snap.dataset.manifest
    counts = manifest.counts
    return html.Main(
        [
            html.H1(APP_NAME),
            html.P("Data contoh (sintetis)" if snap.is_synthetic else "", className="badge"),
            html.Dl(
                [
                    html.Dt("Versi dataset"),
                    html.Dd(str(manifest.version)),
                    html.Dt("Sumber"),
                    html.Dd(manifest.source_file),
                    html.Dt("Observasi"),
                    html.Dd(f"{counts.get('observations', 0):,}".replace(",", ".")),
                    html.Dt("Wilayah"),
                    html.Dd(str(counts.get("regions"))),
                    html.Dt("Indikator"),
                    html.Dd(str(counts.get("indicators"))),
                    html.Dt("Periode"),
                    html.Dd(f"{counts.get('period_min')}–{counts.get('period_max')}"),
                ]
            ),
        ]
    )
