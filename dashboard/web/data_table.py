"""``GET /tabel/<chart>?<page query>``: the data behind a chart as an accessible HTML table.

Every chart on a page links here ("Tabel data" / "Data table"): the same table as the chart's
CSV/XLSX export (:data:`dashboard.charts.registry.CHARTS`, read strictly by
:func:`dashboard.charts.registry.build_chart`), as a ``<table>`` with a caption, column and row
headers, the chart's summary, its provenance and a link back to the page with the same filters.
Plain HTML styled with the app's CSS: no script needed. Unknown charts answer 404 and bad values
400, each with the message the exports give, in a page of the same look; never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from dashboard import APP_NAME
from dashboard.charts.provenance import synthetic_label
from dashboard.charts.query import ExportError, read_lang
from dashboard.charts.registry import build_chart
from dashboard.charts.tableview import table_view
from dashboard.data.errors import DataError
from dashboard.i18n import t
from dashboard.security.headers import request_id
from dashboard.state import settings, snapshot
from dashboard.web.exports import single_valued_query

STYLES = (  # the app's own stylesheets (Dash serves assets/ at /assets/)
    "/assets/00-bootstrap-flatly.min.css",
    "/assets/01-bootstrap-icons.min.css",
    "/assets/02-fonts.css",
    "/assets/20-app.css",
)
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


def install(server: Flask) -> None:
    """Register ``/tabel/<chart>``."""
    server.add_url_rule("/tabel/<name>", "data_table", data_table)


def data_table(name: str) -> Response:
    """The table page of chart ``name`` for the query of the page that shows it."""
    lang = settings().LANG
    try:
        lang = read_lang(request.args.get("lang"), lang)
        query = single_valued_query()
        export = build_chart(name, query, snap=snapshot(), lang=lang, home=settings().HOME_REGION)
    except ExportError as exc:
        return _page(lang, exc.status, error=exc.message(lang))
    except DataError as exc:
        return _page(lang, 400, error=exc.message(lang))
    view = table_view(export)
    return _page(
        lang,
        200,
        view=view,
        back=view.back,
        page_title=t("table.page_title", lang, title=view.title),
        rows_text=t("table.rows", lang, n=len(view.rows)),
    )


def _page(lang: str, status: int, *, error: str = "", **params: object) -> Response:
    """The table page (or its error state) in ``lang``; ``params`` fill or replace the defaults."""
    context = {
        "lang": lang,
        "app": APP_NAME,
        "styles": STYLES,
        "heading": t("table.heading", lang),
        "page_title": t("table.heading", lang),
        "summary_heading": t("table.summary_heading", lang),
        "provenance_heading": t("table.provenance_heading", lang),
        "empty_text": t("table.empty", lang),
        "back_text": t("table.back", lang),
        "back": "/" if lang == "id" else "/?lang=en",
        "synthetic_label": synthetic_label(lang),
        "error": f"{error} (request {request_id()})" if error else "",
        **params,
    }
    body = _TEMPLATES.get_template("data_table.html").render(**context)
    return Response(
        body, status=status, mimetype="text/html", headers={"Cache-Control": "no-store"}
    )
