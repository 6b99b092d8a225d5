"""Response headers, request ids, the request size limit and error pages without internals.

The Content-Security-Policy allows nothing outside this server (command centers are air-gapped,
and an injected script could not phone home anyway): scripts only from ``/`` plus the hashes of
Dash's own inline scripts (``app.csp_hashes()``). Styles allow ``'unsafe-inline'`` because plotly.js
and React set element styles; that cannot run code.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable

import dash
from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.config import Settings
from dashboard.i18n import LANGS, catalogue, t
from dashboard.security.callbacks import WALL_PATH

log = logging.getLogger(__name__)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9_-]{6,64}$")


def request_id() -> str:
    """The id of the current request: shown to users on errors, written to the server log."""
    rid = getattr(g, "request_id", None)
    if rid is None:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _REQUEST_ID.match(incoming) else secrets.token_hex(6)  # uuid4: 3x slower
        g.request_id = rid
    return rid


def content_security_policy(script_hashes: list[str], frame_ancestors: str) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": [frame_ancestors],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


# Versions Dash writes into every page's config: of no use to the browser (the version check is
# off outside debug mode), of some use to an attacker picking exploits.
_CONFIG_DISCLOSURES = ("python_version", "dash_version", "plotly_version", "dash_version_url")


def _hide_versions(app: dash.Dash) -> None:
    original = app._config

    def config() -> dict:
        values = original()
        for key in _CONFIG_DISCLOSURES:
            values.pop(key, None)
        values["disable_version_check"] = True
        return values

    app._config = config  # type: ignore[method-assign]


def install(app: dash.Dash, settings: Settings) -> None:
    """Proxy handling, the request size limit, security headers and plain error pages."""
    server: Flask = app.server
    _hide_versions(app)
    if settings.TRUST_PROXY > 0:
        n = settings.TRUST_PROXY
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    server.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    wall_ancestors = settings.FRAME_ANCESTORS.strip()
    policy = _policies(app, wall_ancestors)

    @server.before_request
    def _start() -> None:
        request_id()

    @server.after_request
    def _headers(response: Response) -> Response:
        is_wall = request.path.rstrip("/") == WALL_PATH
        _set_headers(response, policy(is_wall), frame_deny=not (is_wall and wall_ancestors))
        return response

    @server.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        return http_error_response(error, settings)

    @server.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        return _internal_error(error)


def _policies(app: dash.Dash, wall_ancestors: str) -> Callable[[bool], str]:
    """``policy(is_wall)``: the Content-Security-Policy of a page, recomputed only when Dash's list
    of inline scripts changes.

    Dash adds inline scripts after create_app has returned: Dash Pages registers its page-title
    clientside callback in a ``before_request`` hook on a process's first request. A policy hashed
    once, by a thread that raced that hook (a ``/healthz`` probe under gthread), lacked that
    script's hash for the worker's whole life: the browser refused it on every page it served.
    """
    policies: dict[str, str] = {}
    hashed = [-1]  # how many inline scripts the policies cover

    def policy(is_wall: bool) -> str:
        # Hashed on use, again whenever Dash gained an inline script: Dash Pages adds its own
        # clientside callback (the page title) on a worker's first request, and with gthread
        # workers a parallel first request (a page's assets) could otherwise freeze the policy
        # without it, and that worker's pages then fail to set their titles.
        count = len(app._inline_scripts)
        if count != hashed[0]:
            hashes = list(app.csp_hashes())
            policies["default"] = content_security_policy(hashes, "'none'")
            policies["wall"] = content_security_policy(hashes, wall_ancestors or "'none'")
            hashed[0] = len(app._inline_scripts)
        return policies["wall" if is_wall else "default"]

    return policy


def _set_headers(response: Response, policy: str, *, frame_deny: bool) -> None:
    h = response.headers
    h["Content-Security-Policy"] = policy
    if frame_deny:
        h["X-Frame-Options"] = "DENY"
    h["X-Content-Type-Options"] = "nosniff"
    h["Referrer-Policy"] = "same-origin"
    h["Cross-Origin-Opener-Policy"] = "same-origin"
    h["Cross-Origin-Resource-Policy"] = "same-origin"
    h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    if request.is_secure:
        h["Strict-Transport-Security"] = "max-age=31536000"
    h["X-Request-ID"] = request_id()


def http_error_response(error: HTTPException, settings: Settings) -> Response:
    """A short plain-text answer with the request id; 5xx are logged with their traceback."""
    code = error.code or 500
    if code >= 500:
        return _internal_error(error)
    lang = _plain_lang()
    key = f"http.e{code}" if f"http.e{code}" in catalogue(lang) else "http.other"
    text = t(key, lang, detail=_safe_detail(error), max_mb=settings.MAX_UPLOAD_MB, name=error.name)
    text = t("http.with_request", lang, text=text, request_id=request_id())
    response = Response(text + "\n", status=code, mimetype="text/plain")
    valid = getattr(error, "valid_methods", None)
    if code == 405 and valid:
        response.headers["Allow"] = ", ".join(valid)
    return response


def _safe_detail(error: HTTPException) -> str:
    """A 400's description only when our code wrote it (abort(400, "...")), never werkzeug's."""
    description = error.description or ""
    default = type(error).description
    return description if description and description != default else "the request is malformed."


def _internal_error(error: BaseException) -> Response:
    rid = request_id()
    original = getattr(error, "original_exception", None) or error
    log.error("request failed [%s] %s %s", rid, request.method, request.path, exc_info=original)
    text = t("http.internal", _plain_lang(), request_id=rid)
    return Response(text + "\n", status=500, mimetype="text/plain")


def _plain_lang() -> str:
    """``?lang=`` if given, else Indonesian for browsers that prefer it, else English (clients)."""
    asked = request.args.get("lang")
    if asked in LANGS:
        return asked
    best = request.accept_languages.best_match(LANGS)
    return best or "en"
