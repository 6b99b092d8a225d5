"""Server logs as text or JSON (``LOG_FORMAT``), with the request id, route, status and duration.

``LOG_FORMAT=json`` writes one JSON object per line, ready for a log shipper: ``time`` (UTC,
ISO 8601), ``level``, ``logger``, ``message`` and, inside a request, ``request_id`` (the one of
:func:`dashboard.security.headers.request_id`, also sent as ``X-Request-ID``) and ``route`` (the
URL rule, not the raw path). Every request also writes an access line (logger
``dashboard.access``) with ``method``, ``path``, ``status`` and ``duration_ms``; under gunicorn
its own access log is then switched off (``gunicorn.conf.py``) and its error log uses the same
formatter, so every line of the server is JSON. ``text`` keeps the readable lines.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import time

from flask import Flask, Response, g, has_request_context, request

from dashboard.config import Settings

ACCESS = logging.getLogger("dashboard.access")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_EXTRA = ("method", "path", "status", "duration_ms", "route", "request_id")


class JsonFormatter(logging.Formatter):
    """One JSON object per record; request fields added when a Flask request is active."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            out["request_id"] = getattr(g, "request_id", None)
            rule = request.url_rule
            out["route"] = rule.rule if rule is not None else None
        for key in _EXTRA:
            value = record.__dict__.get(key)
            if value is not None:
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure(settings: Settings) -> None:
    """Root logging for the server in ``LOG_FORMAT`` at ``LOG_LEVEL`` (idempotent)."""
    root = logging.getLogger()
    if settings.LOG_FORMAT != "json":
        logging.basicConfig(level=settings.LOG_LEVEL, format=TEXT_FORMAT)
        return
    root.setLevel(settings.LOG_LEVEL)
    for handler in list(root.handlers):  # replace plain stream handlers; keep test captures
        if type(handler) is logging.StreamHandler:
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)


def started() -> float:
    """When the current request started (``perf_counter``), set by the first hook that asks."""
    if "kc_started" not in g:
        g.kc_started = time.perf_counter()
    return g.kc_started


def install(server: Flask, settings: Settings) -> None:
    """Time every request; in JSON mode write its access line."""

    @server.before_request
    def _start_clock() -> None:
        started()

    if settings.LOG_FORMAT != "json":
        return

    @server.after_request
    def _access(response: Response) -> Response:
        duration = (time.perf_counter() - started()) * 1000
        ACCESS.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(duration, 1),
            },
        )
        return response
