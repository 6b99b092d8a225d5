"""Downloads of the data coverage page ``/data``.

- ``GET /export/coverage/request.<csv|xlsx>?regions=&period=&lang=``: the data request list (per
  publisher and indicator, the kab/kota without a real value), with provenance.
- ``GET /export/coverage/template.xlsx?indicators=a,b|publisher=BPS&regions=&period=&agency=&level=&lang=``:
  an XLSX collection form (see :mod:`dashboard.exports.template`).

``regions`` is ``home`` (default), ``all``, a province code (``32``), a kab/kota code or name.
Bad values answer 400 with a message saying what to use, an unknown file 404; rate limited as
every export (``RATE_LIMIT_EXPORT``); never a traceback.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, request

from dashboard.charts.coverage import request_export
from dashboard.charts.formats import MIMETYPES
from dashboard.charts.query import ExportError, read_lang, shown
from dashboard.data.errors import DataError
from dashboard.data.views.coverage import scope_regions
from dashboard.data.views.periods import default_period
from dashboard.exports import tables
from dashboard.exports.template import MIMETYPE, build_template, template_spec
from dashboard.security.headers import request_id
from dashboard.security.limits import rate_limited
from dashboard.state import settings, snapshot

log = logging.getLogger(__name__)
REQUEST_FORMATS = ("csv", "xlsx")
KNOWN_KEYS = {
    "request": {"regions", "period", "lang"},
    "template": {"indicators", "publisher", "regions", "period", "agency", "lang", "level"},
}


def install(server: Flask) -> None:
    """Register ``/export/coverage/<file>`` on the Flask server."""
    server.add_url_rule(
        "/export/coverage/<filename>", "export_coverage", rate_limited("export")(export_coverage)
    )


def export_coverage(filename: str) -> Response:
    lang = settings().LANG
    try:
        lang = read_lang(request.args.get("lang"), settings().LANG)
        name, _, fmt = filename.rpartition(".")
        if name == "template" and fmt == "xlsx":
            body, file_name, mimetype = _template(lang)
        elif name == "request" and fmt in REQUEST_FORMATS:
            body, file_name, mimetype = _request(fmt, lang)
        else:
            raise ExportError(404, "coverage_unknown_file", name=shown(filename))
    except ExportError as exc:
        return _plain(exc.status, exc.message(lang))
    except DataError as exc:
        return _plain(400, exc.message(lang))
    log.info("coverage export %s (%d bytes)", file_name, len(body))
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _query(kind: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in request.args:
        values = request.args.getlist(key)
        if len(values) > 1:
            raise ExportError(400, "repeated_param", key=shown(key))
        if key not in KNOWN_KEYS[kind]:
            raise ExportError(
                400,
                "coverage_unknown_param",
                key=shown(key),
                keys=", ".join(sorted(KNOWN_KEYS[kind])),
            )
        out[key] = values[0]
    return out


def _template(lang: str) -> tuple[bytes, str, str]:
    query = _query("template")
    snap = snapshot()
    spec = template_spec(
        snap,
        indicators=query.get("indicators"),
        publisher=query.get("publisher"),
        regions=query.get("regions"),
        home=settings().HOME_REGION,
        period=query.get("period"),
        lang=lang,
        agency=query.get("agency", ""),
        level=query.get("level") or "regency",
    )
    return build_template(snap.framework, snap.regions, spec), spec.file_name(), MIMETYPE


def _request(fmt: str, lang: str) -> tuple[bytes, str, str]:
    query = _query("request")
    snap = snapshot()
    scope = (query.get("regions") or "home").strip()
    regions = scope_regions(snap, scope, home=settings().HOME_REGION)
    period = _period(snap, query.get("period"))
    table, provenance = request_export(
        snap, period, regions, scope=scope, lang=lang, url=request.url
    )
    body = (
        tables.to_csv(table, provenance, lang)
        if fmt == "csv"
        else tables.to_xlsx(table, provenance, lang)
    )
    safe = "".join(c if c.isalnum() or c in ".-" else "-" for c in scope)[:40] or "home"
    stem = "permintaan-data" if lang == "id" else "data-request"
    return body, f"{stem}_{safe}_{period}.{fmt}", MIMETYPES[fmt]


def _period(snap, raw: str | None) -> int:
    if raw is None or not raw.strip():
        return default_period(snap)
    text = raw.strip()
    if not text.isdigit() or int(text) not in snap.periods:
        raise ExportError(
            400, "bad_period", value=shown(text), periods=f"{snap.periods[0]}-{snap.periods[-1]}"
        )
    return int(text)


def _plain(status: int, message: str) -> Response:
    return Response(
        f"{message} (request {request_id()})\n",
        status=status,
        mimetype="text/plain",
        headers={"Cache-Control": "no-store"},
    )
