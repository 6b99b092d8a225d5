"""``GET /healthz``: status for monitoring, with the dataset and boundary versions in use.

Public: ``status``, a short ``reason`` code when not ok, and the versions. The details of a
problem (file names, checksum mismatches) only for a signed-in admin (``problem``): they help an
attacker map the server and help nobody else.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify

from dashboard import __version__
from dashboard.data.store.repository import Repository
from dashboard.security import auth
from dashboard.state import repository

log = logging.getLogger(__name__)


def install(server: Flask) -> None:
    server.add_url_rule("/healthz", "healthz", healthz)


def healthz() -> tuple[Response, int]:
    body = health(repository())
    if not auth.has_role("admin"):
        body.pop("problem", None)
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if body["status"] != "error" else 503


def health(repo: Repository) -> dict:
    """ok or degraded, with the snapshot's dataset and boundary versions; error if nothing loads."""
    try:
        snap = repo.snapshot()
    except Exception:
        log.exception("health check could not load data")
        return {"status": "error", "reason": "data_unavailable", "app_version": __version__}
    boundaries = snap.boundaries
    return {
        "status": "degraded" if snap.problem else "ok",
        "reason": "fallback_dataset_version" if snap.problem else None,
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
