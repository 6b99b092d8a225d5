"""``GET /export/alerts.<csv|xlsx>?status=&severity=&lang=``: the alerts list with provenance.

Bad values answer 400 with a message naming the parameter and what to use; rate limited as every
export (``RATE_LIMIT_EXPORT``); never a traceback.
"""

from __future__ import annotations

from flask import Flask, Response, request

from dashboard.charts.alerts import alerts_export
from dashboard.charts.formats import MIMETYPES
from dashboard.charts.query import ExportError, read_lang, shown
from dashboard.data.alerts.rules import SEVERITIES
from dashboard.data.views.alerts import STATUSES
from dashboard.exports import tables
from dashboard.i18n import t
from dashboard.security.limits import rate_limited
from dashboard.state import settings, snapshot

FORMATS = ("csv", "xlsx")
CHOICES = {"status": ("all", *STATUSES), "severity": ("all", *SEVERITIES)}


def install(server: Flask) -> None:
    server.add_url_rule(
        "/export/alerts.<fmt>", "export_alerts", rate_limited("export")(export_alerts)
    )


def export_alerts(fmt: str) -> Response:
    lang = settings().LANG
    try:
        lang = read_lang(request.args.get("lang"), settings().LANG)
        if fmt not in FORMATS:
            raise ExportError(404, "coverage_unknown_file", name=shown(f"alerts.{fmt}"))
        chosen = {key: request.args.get(key, "all") for key in CHOICES}
        for key, value in chosen.items():
            if value not in CHOICES[key]:
                return _plain(400, t("alerts.bad_param", lang, key=key, value=shown(value),
                                     choices=", ".join(CHOICES[key])))  # fmt: skip
    except ExportError as exc:
        return _plain(exc.status, exc.message(lang))
    snap = snapshot()
    table, provenance = alerts_export(snap, lang=lang, url=request.url, **chosen)
    writer = tables.to_csv if fmt == "csv" else tables.to_xlsx
    response = Response(writer(table, provenance, lang), mimetype=MIMETYPES[fmt])
    stem = "peringatan" if lang == "id" else "alerts"
    name = f"{stem}_v{snap.version}_{chosen['status']}_{chosen['severity']}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _plain(status: int, text: str) -> Response:
    return Response(text, status=status, mimetype="text/plain")
