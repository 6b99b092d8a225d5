"""Every HTTP route that is not a Dash page: health, wall state, geometry, login, exports, briefing, API,
region search.

``install(server, settings)`` registers them all; ``dashboard.app.create_app`` calls it once.
"""

from __future__ import annotations

from flask import Flask

from dashboard.config import Settings
from dashboard.web import (
    alerts,
    api,
    briefing,
    coverage,
    data_table,
    exports,
    geometry,
    health,
    jobs,
    login,
    logs,
    metrics,
    no_data,
    render_gate,
    search,
    wall_state,
)


def install(server: Flask, settings: Settings) -> None:
    """Register every non-page route on ``server``."""
    logs.install(server, settings)  # request clock first; JSON access lines with LOG_FORMAT=json
    api.install(server, settings)  # /api/v1/... (its hook must precede the security hooks)
    no_data.install(server)  # 503 for exports and the API while no intact dataset exists
    render_gate.install(server, settings)  # host-wide render slots for exports
    health.install(server)  # /healthz
    wall_state.install(server, settings)  # /wall/state
    geometry.install(server)  # /geometry/<level>.geojson
    login.install(server)  # /login, /logout
    exports.install(server)  # /export/chart/..., /export/data/...
    data_table.install(server)  # /tabel/<chart>: a chart's data as an HTML table
    jobs.install(server, settings)  # /export/job/<id>[/file] with REDIS_URL (the export queue)
    briefing.install(server)  # /export/briefing/<code>.<pptx|pdf>
    coverage.install(server)  # /export/coverage/<request.csv|request.xlsx|template.xlsx>
    search.install(server)
    metrics.install(
        server, settings
    )  # /metrics (token or METRICS_ALLOW), request metrics  # /search/regions?q=... (the navbar's region search)
    alerts.install(server)  # /export/alerts.<csv|xlsx> (the alerts list)
