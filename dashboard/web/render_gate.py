"""The host's render gate for export routes: a slot per image or deck, 503 + Retry-After when full.

The gate is :func:`dashboard.state.render_gate`: one :class:`dashboard.exports.gate.RenderGate`
per app (``RENDER_SLOTS``, ``RENDER_QUEUE_SECONDS``, lock files in ``DATA_DIR/run``). ``busy_response`` is the answer when
every slot stays taken: JSON for API clients, a small page that retries by itself for browsers,
plain text for scripts; always ``Retry-After`` and ``Cache-Control: no-store``.
"""

from __future__ import annotations

import json
import logging
from html import escape

from flask import Flask, Response, request

from dashboard import state
from dashboard.config import Settings
from dashboard.exports.gate import RenderBusy, RenderGate
from dashboard.i18n import t
from dashboard.security.headers import request_id

log = logging.getLogger(__name__)


def install(server: Flask, settings: Settings) -> None:
    """Make the gate now (its lock directory), not on the first export."""
    with server.app_context():
        state.render_gate()


def gate() -> RenderGate:
    return state.render_gate()


def busy_response(busy: RenderBusy, lang: str) -> Response:
    """503 saying the host is busy rendering, in ``lang``, with ``Retry-After``."""
    seconds = busy.retry_after
    message = t("serve.busy", lang, seconds=seconds)
    log.info("export refused: render slots busy [%s] %s", request_id(), request.path)
    best = request.accept_mimetypes.best_match(["text/html", "application/json", "text/plain"])
    if best == "application/json":
        body = json.dumps({"error": "busy", "message": message, "retry_after": seconds})
        mimetype = "application/json"
    elif best == "text/html" and request.accept_mimetypes["text/html"]:
        body = (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="{seconds}">'
            f"<title>{escape(t('serve.busy_title', lang))}</title></head><body>"
            f"<p>{escape(message)}</p><p>{escape(t('serve.busy_retry', lang))}</p>"
            "</body></html>"
        )
        mimetype = "text/html"
    else:
        body = f"{message} (request {request_id()})\n"
        mimetype = "text/plain"
    return Response(
        body,
        status=503,
        mimetype=mimetype,
        headers={"Retry-After": str(seconds), "Cache-Control": "no-store"},
    )
