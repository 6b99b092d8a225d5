"""``GET /healthz``: status for monitoring, with the dataset and boundary versions in use.

Public: ``status``, a short ``reason`` code when not ok (the first of ``reasons``: every current
:class:`dashboard.data.degraded.Degraded` code, from the snapshot and from registered probes),
``skipped_versions`` (broken dataset versions passed over) and the versions. ``status`` is
``degraded`` (HTTP 200: the host serves what it has) also when no intact dataset version exists
at all (``no_data``). The details of a problem (file names, checksum mismatches) only for a
signed-in admin (``problem``): they help an attacker map the server and help nobody else.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify

from dashboard import __version__
from dashboard.data.degraded import Degraded
from dashboard.data.store.repository import Repository
from dashboard.security import auth
from dashboard.state import degraded, repository

log = logging.getLogger(__name__)


def install(server: Flask) -> None:
    server.add_url_rule("/healthz", "healthz", healthz)


def healthz() -> tuple[Response, int]:
    body = health(repository(), reasons=_reasons())
    if not auth.has_role("admin"):
        body.pop("problem", None)
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if body["status"] != "error" else 503


def _reasons() -> list[Degraded] | None:
    try:
        return degraded()
    except Exception:
        log.exception("health check could not gather the degraded reasons")
        return None


def health(repo: Repository, *, reasons: list[Degraded] | None = None) -> dict:
    """ok or degraded (with every reason), with the snapshot's dataset and boundary versions;
    error only when no snapshot can be made at all."""
    try:
        snap = repo.snapshot()
    except Exception:
        log.exception("health check could not load data")
        return {"status": "error", "reason": "data_unavailable", "app_version": __version__}
    reasons = snap.degradations() if reasons is None else reasons
    boundaries = snap.boundaries
    details = "; ".join(r.detail for r in reasons if r.detail)
    return {
        "status": "degraded" if reasons else "ok",
        "reason": reasons[0].code if reasons else None,
        "reasons": [r.code for r in reasons],
        "skipped_versions": list(snap.skipped),
        "problem": details or None,
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
