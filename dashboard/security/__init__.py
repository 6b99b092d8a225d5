"""Security for the Flask server under Dash: headers and CSP, request ids, size and rate limits,
login and roles. ``init_security(app, settings)`` is called once by ``create_app``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.config import Settings

if TYPE_CHECKING:  # the CLI imports security.users without starting Dash
    import dash


def init_security(app: dash.Dash, settings: Settings) -> None:
    """Install every protection on ``app``; call after all pages and callbacks are registered."""
    from dashboard.security import auth, headers, hosts, limits, malformed

    app.server.extensions["dash_app"] = app  # auth checks callback requests against its map
    headers.install(app, settings)
    hosts.install(app.server, settings)  # before anything else reads the request
    malformed.install(app.server, lambda error: headers.http_error_response(error, settings))
    limits.install(app.server, settings)
    auth.install(app.server, settings)
