"""The export menu in a chart card's header: PNG, PNG 2x, SVG, PDF, CSV and XLSX of that chart.

Links point at ``/export/chart|data/<name>.<fmt>`` with the page's filters. The filters change
in the browser without a new layout (the URL is rewritten by ``assets/10-kc.js``), so
``assets/40-export.js`` rebuilds each link from the current URL when it is clicked, focused or
right-clicked. The server renders the links too (with the filters the page was built for), so
they work before any script runs. When no Chromium is installed the image items are disabled
and a note says why; the data items keep working.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import html

from dashboard.exports import render
from dashboard.exports.charts import CHARTS
from dashboard.i18n import t
from dashboard.state import settings

# (kind, format, scale, label key): the menu's items in order
ITEMS = (
    ("chart", "png", None, "png"),
    ("chart", "png", 2, "png2"),
    ("chart", "svg", None, "svg"),
    ("chart", "pdf", None, "pdf"),
    ("data", "csv", None, "csv"),
    ("data", "xlsx", None, "xlsx"),
)


def menu_id(chart: str) -> str:
    return f"export-{chart}"


def export_href(
    chart: str, kind: str, fmt: str, query: Mapping[str, object], scale: int | None = None
) -> str:
    """``/export/chart/peta-kesiapan.png?indicator=...``; empty values are left out."""
    params = {k: str(v) for k, v in query.items() if v not in (None, "")}
    if scale:
        params["scale"] = str(scale)
    search = urlencode(params, safe=",.")
    return f"/export/{kind}/{chart}.{fmt}" + (f"?{search}" if search else "")


def export_menu(
    chart: str,
    *,
    lang: str,
    resolved: Mapping[str, object] | None = None,
    seen: Mapping[str, object] | None = None,
    fixed: Mapping[str, object] | None = None,
) -> html.Div:
    """The menu of one chart.

    ``resolved``: the page's filter values as the page used them (defaults filled in, bad values
    replaced); ``seen``: the raw values of the URL the page was built from; ``fixed``: values not
    in the page's query (the region of ``/wilayah/<code>``, ``lang``). At click time a filter whose
    URL value is still the one the page saw is sent as resolved, so an export shows what the
    screen shows even when the link once held a value the page replaced.
    """
    spec = CHARTS[chart]
    fixed = {k: v for k, v in (fixed or {}).items() if v not in (None, "")}
    if lang != settings().LANG:  # exports default to the configured language, pages to "id"
        fixed.setdefault("lang", lang)
    keys = [k for k in spec.keys if k not in fixed]
    resolved = {k: _text(v) for k, v in (resolved or {}).items() if k in keys}
    seen = {k: _text(v) for k, v in (seen or {}).items() if k in keys and v is not None}
    images = render.available()
    query = {**resolved, **fixed}
    links = {
        kind: [
            _item(chart, kind, fmt, scale, t(f"export.{label}", lang), query, images)
            for k, fmt, scale, label in ITEMS
            if k == kind
        ]
        for kind in ("chart", "data")
    }
    unavailable = html.Div(
        t("export.unavailable", lang),
        className="px-3 pb-2 small fw-normal text-body-secondary kc-export-unavailable",
        style={"maxWidth": "19rem", "whiteSpace": "normal"},
    )
    items = [
        dbc.DropdownMenuItem(t("export.images", lang), header=True),
        *([] if images else [unavailable]),
        *links["chart"],
        dbc.DropdownMenuItem(divider=True),
        dbc.DropdownMenuItem(t("export.data", lang), header=True),
        *links["data"],
    ]
    return html.Div(
        dbc.DropdownMenu(
            items,
            label=[
                html.I(className="bi bi-download me-1", **{"aria-hidden": "true"}),
                t("export.menu", lang),
            ],
            size="sm",
            color="link",
            align_end=True,
            toggle_class_name="kc-export-toggle py-0",
            toggle_style={"textDecoration": "none"},
            class_name="kc-export-dropdown",
        ),
        id=menu_id(chart),
        className="kc-export ms-auto flex-shrink-0",
        title=t("export.menu_label", lang),
        **{
            "data-export-chart": chart,
            "data-export-keys": json.dumps(keys),
            "data-export-seen": json.dumps(seen),
            "data-export-resolved": json.dumps(resolved),
            "data-export-fixed": json.dumps({k: _text(v) for k, v in fixed.items()}),
        },
    )


def _item(chart, kind, fmt, scale, label, query, images: bool):
    attributes = {"data-export-kind": kind, "data-export-format": fmt}
    if scale:
        attributes["data-export-scale"] = str(scale)
    if kind == "chart" and not images:
        return html.Span(
            label,
            className="dropdown-item disabled kc-export-link-disabled",
            **{"aria-disabled": "true"},
            **attributes,
        )
    return html.A(
        label,
        href=export_href(chart, kind, fmt, query, scale),
        className="dropdown-item kc-export-link text-body",
        rel="nofollow",
        **attributes,
    )


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def card_header(title, menu, *, title_id: str | None = None) -> dbc.CardHeader:
    """A card header with the title on the left and the export menu on the right.

    The title sits in its own element (``title_id``) so a callback can replace it without
    removing the menu.
    """
    heading = html.Span(title, id=title_id) if title_id else html.Span(title)
    return dbc.CardHeader(
        [heading, menu],
        className="fw-semibold d-flex align-items-center gap-2 py-1 kc-chart-header",
    )
