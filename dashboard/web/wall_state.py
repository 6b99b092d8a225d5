"""``GET /wall/state``: what a running wall polls to notice a new dataset or boundary version.

``position`` orders what hosts answer (:func:`dashboard.data.views.wall.position`): a wall behind a
round-robin balancer compares it with what it shows and ignores a host that is behind.
"""

from __future__ import annotations

from functools import partial

from flask import Flask, Response, jsonify, request

from dashboard.config import Settings
from dashboard.data.views.wall import position
from dashboard.i18n import normalise_lang, t
from dashboard.state import degraded, snapshot


def install(server: Flask, settings: Settings) -> None:
    view = partial(wall_state, token=settings.WALL_TOKEN)
    server.add_url_rule("/wall/state", "wall_state", view)


def wall_state(*, token: str | None = None) -> Response | tuple[Response, int]:
    """The snapshot's versions and data year: cheap, never cached, token-checked like ``/wall``."""
    if token and request.args.get("token") != token:
        return jsonify({"error": "token required"}), 403
    snap = snapshot()
    lang = normalise_lang(request.args.get("lang"))
    reasons = degraded()
    notice = " ".join(t(f"degraded.{r.code}", lang, **r.params) for r in reasons if r.public)
    response = jsonify(
        {
            "version": snap.version,
            "boundary_version": snap.boundary_version,
            # [pointer serial, version] per store: the wall moves only forward in it
            "position": position(snap),
            "data_as_of": max(snap.data_as_of.values()) if snap.data_as_of else None,
            "status": "degraded" if reasons else "ok",
            "has_data": snap.has_data,
            "notice": notice,  # the banner's line in ?lang= (every visitor may read it)
        }
    )
    response.headers["Cache-Control"] = "no-store"
    return response
