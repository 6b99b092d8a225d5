"""``GET /export/briefing/<code>.<pptx|pdf>?period=&lang=``: a region briefing deck by link.

So a deck can be scheduled (``curl`` every Monday at 07.00) or scripted. ``<code>`` is a dotted
Kemendagri code or a BPS code (``32.16`` or ``3216``). Answers are plain text with a message in
the requested language when something is wrong: 404 for an unknown region or format, 400 for a
bad year or language, 503 when no Chromium can draw the charts, 429 over the export rate limit
(``RATE_LIMIT_EXPORT``), 503 with ``Retry-After`` when every render slot of the host is busy;
never a traceback. Each request builds its own deck.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, request

from dashboard.data.errors import DataError
from dashboard.exports import render as images
from dashboard.exports.briefing.build import resolve_period, resolve_region
from dashboard.exports.briefing.deck import FORMATS, build_deck
from dashboard.exports.gate import RenderBusy
from dashboard.i18n import LANGS, t
from dashboard.security.headers import request_id
from dashboard.security.limits import rate_limited
from dashboard.state import export_queue, settings, snapshot
from dashboard.web import jobs, metrics, render_gate

log = logging.getLogger(__name__)
ENDPOINT = "export_briefing"
MAX_SHOWN = 40  # characters of a bad value repeated in a message


def install(server: Flask) -> None:
    """Register the briefing endpoint (once; a second call is a no-op)."""
    if ENDPOINT in server.view_functions:
        return
    server.add_url_rule(
        "/export/briefing/<filename>", ENDPOINT, rate_limited("export")(export_briefing)
    )


def export_briefing(filename: str) -> Response:
    """The deck as an attachment named like ``paparan_32.16_kab-bekasi_2024.pptx``."""
    raw_lang = request.args.get("lang", "")
    lang = raw_lang if raw_lang in LANGS else settings().LANG
    if raw_lang and raw_lang not in LANGS:
        return _plain(400, t("briefing.bad_lang", lang, lang=raw_lang[:MAX_SHOWN]))
    key, dot, fmt = filename.rpartition(".")
    if not dot or fmt.lower() not in FORMATS:
        shown = (fmt if dot else filename)[:MAX_SHOWN]
        return _plain(404, t("briefing.unknown_format", lang, fmt=shown))
    snap = snapshot()
    try:
        code = resolve_region(snap, key[:MAX_SHOWN])
    except DataError as exc:  # unknown or ambiguous region, or a province
        return _plain(404, exc.message(lang))
    try:
        period = resolve_period(snap, request.args.get("period"))
    except DataError as exc:
        return _plain(400, exc.message(lang))
    queue = export_queue()
    if queue is not None:  # REDIS_URL: an export worker builds it
        params = {"code": code, "period": int(period), "fmt": fmt.lower()}
        return jobs.queued_export(queue, "briefing", params, lang)
    if not images.available():
        return _plain(503, t("briefing.no_browser", lang))
    try:
        with render_gate.gate().slot():
            deck = build_deck(snap, code, period, fmt=fmt.lower(), lang=lang)
    except RenderBusy as exc:
        metrics.export_done("briefing", "busy", 0.0)
        return render_gate.busy_response(exc, lang)
    except images.RenderUnavailable:
        metrics.export_done("briefing", "error", 0.0)
        log.exception("briefing export failed [%s]", request_id())
        return _plain(503, t("briefing.no_browser", lang))
    metrics.export_done("briefing", "ok", deck.seconds)
    log.info("briefing %s (%d bytes) in %.1f s", deck.filename, len(deck.content), deck.seconds)
    response = Response(deck.content, mimetype=deck.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{deck.filename}"'
    response.headers["Cache-Control"] = "no-store"  # the deck says when it was made
    return response


def _plain(status: int, message: str) -> Response:
    """A short plain-text answer with the request id, like the other export endpoints."""
    return Response(
        f"{message} (request {request_id()})\n",
        status=status,
        mimetype="text/plain",
        headers={"Cache-Control": "no-store"},
    )
