"""``GET /healthz``: status for monitoring, with the dataset and boundary versions in use."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify

from dashboard import __version__
from dashboard.data.store.repository import Repository
from dashboard.state import repository

log = logging.getLogger(__name__)


def install(server: Flask) -> None:
    server.add_url_rule("/healthz", "healthz", healthz)


def healthz() -> tuple[Response, int]:
    body = health(repository())
    return jsonify(body), 200 if body["status"] != "error" else 503


def health(repo: Repository) -> dict:
    """ok or degraded, with the snapshot's dataset and boundary versions; error if nothing loads."""
    try:
        snap = repo.snapshot()
    except Exception:
        log.exception("health check could not load data")
        return {"status": "error", "app_version": __version__}
    boundaries = snap.boundaries
    return {
        "status": "degraded" if snap.problem else "ok",
        "problem": snap.problem,
        "dataset_version": snap.version,
        "data_as_of": max(snap.data_as_of.values()) if snap.data_as_of else None,
        "synthetic": snap.is_synthetic,
        "boundary_source": (
            f"imported, boundary version {boundaries.version}"
            if boundaries.has("regency")
            else "tile map"
        ),
        "boundary_version": snap.boundary_version,
        "app_version": __version__,
    }
