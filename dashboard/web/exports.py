"""HTTP endpoints for exports, mirroring the page URLs so a link can be shared, scheduled or scripted.

- ``GET /export/chart/<name>.<png|svg|pdf>?<page query>[&scale=2]``: the chart as an image
  (PNG 1920x1080, ``scale=2`` for 3840x2160), 503 with a plain message when no Chromium is there.
- ``GET /export/data/<name>.<csv|xlsx>?<page query>``: the data behind the chart.

``<name>`` is a chart of :data:`dashboard.charts.registry.CHARTS` (``peta-kesiapan``, ``peringkat``,
...); the query takes the keys of the page that shows it plus ``lang``. Unknown names answer 404
with the valid ones, bad values 400 with a message saying what to use; never a traceback.
Responses are attachments with a whitelisted file name and are rate limited per client
(``RATE_LIMIT_EXPORT``); images take a host-wide render slot (:mod:`dashboard.web.render_gate`,
503 with ``Retry-After`` when the host is saturated). Every request builds its own figure and table: nothing is shared between
concurrent exports except the warm browser, which draws one image at a time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time

from flask import Flask, Response, request

from dashboard.charts.formats import FORMATS, MIMETYPES, SCALES
from dashboard.charts.query import ExportError, read_lang, shown
from dashboard.charts.registry import build_chart, chart
from dashboard.data.errors import DataError
from dashboard.exports import render, tables
from dashboard.exports.gate import RenderBusy
from dashboard.i18n import t
from dashboard.security.headers import request_id
from dashboard.security.limits import rate_limited
from dashboard.state import export_queue, settings, snapshot
from dashboard.web import jobs, metrics, render_gate

log = logging.getLogger(__name__)


def install(server: Flask) -> None:
    """Register ``/export/chart/...`` and ``/export/data/...`` on the Flask server."""
    server.add_url_rule(
        "/export/chart/<filename>", "export_chart", rate_limited("export")(export_chart)
    )
    server.add_url_rule(
        "/export/data/<filename>", "export_data", rate_limited("export")(export_data)
    )


def export_chart(filename: str) -> Response:
    """A chart as PNG, SVG or PDF with its title and provenance drawn in."""
    return _export(filename, "chart")


def export_data(filename: str) -> Response:
    """The data behind a chart as CSV or XLSX with its provenance."""
    return _export(filename, "data")


def _export(filename: str, kind: str) -> Response:
    lang = settings().LANG
    try:
        lang = read_lang(request.args.get("lang"), settings().LANG)
        name, fmt = _split(filename)
        chart(name)  # 404 listing the charts when unknown
        if fmt not in FORMATS[kind]:
            raise ExportError(
                404,
                "unknown_format",
                fmt=shown(fmt),
                kind=t(f"export.kind_{kind}", lang),
                formats=", ".join(FORMATS[kind]),
            )
        query = single_valued_query()
        scale = _scale(query.pop("scale", None), fmt)
        queue = export_queue() if kind == "chart" else None
        if queue is not None:  # REDIS_URL: an export worker draws it (Chromium lives there)
            params = {"name": name, "query": query, "fmt": fmt, "scale": scale}
            return jobs.queued_export(
                queue, "chart", {**params, "host": request.host_url.rstrip("/")}, lang
            )
        if kind == "chart" and not render.available():
            return _plain(503, t("export.error.chromium_missing", lang))
        started = time.perf_counter()
        # an image holds a render slot from building the figure on: refused requests cost nothing
        with render_gate.gate().slot() if kind == "chart" else contextlib.nullcontext():
            export = build_chart(
                name, query, snap=snapshot(), lang=lang, home=settings().HOME_REGION
            )
            export = dataclasses.replace(
                export,
                provenance=dataclasses.replace(
                    export.provenance, url=request.host_url.rstrip("/") + export.provenance.url
                ),
            )
            body = (
                render.chart_image(export, fmt, scale=scale)
                if kind == "chart"
                else tables.chart_table(export, fmt)
            )
    except RenderBusy as exc:
        metrics.export_done(_metric_kind(kind), "busy", 0.0)
        return render_gate.busy_response(exc, lang)
    except ExportError as exc:
        return _plain(exc.status, exc.message(lang))
    except DataError as exc:
        return _plain(400, exc.message(lang))
    except render.RenderUnavailable:
        metrics.export_done(_metric_kind(kind), "error", 0.0)
        log.exception("image export failed [%s]", request_id())
        key = "render_failed" if render.available() else "chromium_missing"
        return _plain(503, t(f"export.error.{key}", lang))
    metrics.export_done(_metric_kind(kind), "ok", time.perf_counter() - started)
    log.info(
        "export %s.%s (%d bytes) in %.0f ms",
        name,
        fmt,
        len(body),
        (time.perf_counter() - started) * 1000,
    )
    response = Response(body, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{export.file_name(fmt)}"'
    response.headers["Cache-Control"] = "no-store"  # the provenance says when it was made
    return response


def _metric_kind(kind: str) -> str:
    return "image" if kind == "chart" else "data"


def _split(filename: str) -> tuple[str, str]:
    name, dot, fmt = filename.rpartition(".")
    return (name, fmt.lower()) if dot else (filename, "")


def single_valued_query() -> dict[str, str]:
    """The request's query as a plain dict; a key given twice is an error, not a guess (exports
    and the chart table pages read queries the same way)."""
    out: dict[str, str] = {}
    for key in request.args:
        values = request.args.getlist(key)
        if len(values) > 1:
            raise ExportError(400, "repeated_param", key=shown(key))
        out[key] = values[0]
    return out


def _scale(raw: str | None, fmt: str) -> int:
    if raw is None or raw.strip() == "":
        return 1
    if fmt != "png":
        raise ExportError(400, "scale_png_only")
    try:
        value = float(raw)
    except ValueError:
        value = None
    if value is None or value not in SCALES:
        raise ExportError(400, "bad_scale", value=shown(raw))
    return int(value)


def _plain(status: int, message: str) -> Response:
    """A short plain-text answer with the request id, as the app's other error pages."""
    return Response(
        f"{message} (request {request_id()})\n",
        status=status,
        mimetype="text/plain",
        headers={"Cache-Control": "no-store"},
    )
