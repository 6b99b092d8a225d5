"""The export menu in a chart card's header: PNG, PNG 2x, SVG, PDF, CSV and XLSX of that chart.

The caller gives the items with their links (``dashboard.charts.registry.menu_links``, with the
page's filters) and whether images can be drawn here. The filters change in the browser without a
new layout (the URL is rewritten by ``assets/10-kc.js``), so ``assets/40-export.js`` rebuilds
each link from the current URL when it is clicked, focused or right-clicked; the server-rendered
links work before any script runs. When no Chromium is installed the image items are disabled
and a note says why; the data items keep working. With the export queue (``queued``: ``REDIS_URL``)
the same script fetches an image link instead of following it: the file when the worker is done
within ``EXPORT_WAIT_SECONDS``, otherwise a status line under the menu ("queued (position k)",
"building", in the server's words) polled from ``/export/job/<id>`` until the file downloads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import t

MenuItem = tuple[str, str, int | None, str, str]  # kind, format, scale, label key, href


def _group_heading(text: str) -> html.Div:
    """A group's heading in the menu: dbc's header item is a ``role="heading"`` without the
    ``aria-level`` that role requires (axe aria-required-attr, WCAG 4.1.2)."""
    return html.Div(text, className="dropdown-header", role="heading", **{"aria-level": "3"})


def menu_id(chart: str) -> str:
    return f"export-{chart}"


def export_menu(
    chart: str,
    *,
    lang: str,
    items: Sequence[MenuItem],
    images: bool,
    keys: Sequence[str],
    queued: bool = False,
    resolved: Mapping[str, str],
    seen: Mapping[str, str],
    fixed: Mapping[str, str],
) -> html.Div:
    """The menu of one chart.

    ``keys``, ``resolved``, ``seen`` and ``fixed`` travel as data attributes for the script that
    rebuilds the links: a filter whose URL value is still the one the page saw is sent as
    resolved, so an export shows what the screen shows even when the link once held a value the
    page replaced.
    """
    links = {
        kind: [
            _item(kind, fmt, scale, t(f"export.{label}", lang), href, images)
            for k, fmt, scale, label, href in items
            if k == kind
        ]
        for kind in ("chart", "data")
    }
    unavailable = html.Div(
        t("export.unavailable", lang),
        className="px-3 pb-2 small fw-normal text-body-secondary kc-export-unavailable",
        style={"maxWidth": "19rem", "whiteSpace": "normal"},
    )
    entries = [
        _group_heading(t("export.images", lang)),
        *([] if images else [unavailable]),
        *links["chart"],
        dbc.DropdownMenuItem(divider=True),
        _group_heading(t("export.data", lang)),
        *links["data"],
    ]
    status = html.Div(  # the queued export's state, filled by assets/40-export.js
        className="kc-export-status small fw-normal text-body-secondary bg-body border rounded "
        "shadow-sm px-2 py-1 mt-1",
        hidden=True,
        role="status",
        style={
            "position": "absolute",
            "right": 0,
            "top": "100%",
            "zIndex": 6,
            "whiteSpace": "nowrap",
        },
        **{"aria-live": "polite"},
    )
    return html.Div(
        [
            dbc.DropdownMenu(
                entries,
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
            status,
        ],
        id=menu_id(chart),
        className="kc-export ms-auto flex-shrink-0",
        style={"position": "relative"},
        title=t("export.menu_label", lang),
        **{
            "data-export-chart": chart,
            "data-export-keys": json.dumps(list(keys)),
            "data-export-seen": json.dumps(dict(seen)),
            "data-export-resolved": json.dumps(dict(resolved)),
            "data-export-fixed": json.dumps(dict(fixed)),
            **({"data-export-queue": "1"} if queued else {}),
        },
    )


def _item(kind, fmt, scale, label, href, images: bool):
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
        href=href,
        className="dropdown-item kc-export-link text-body",
        rel="nofollow",
        **attributes,
    )


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


def titled_card(
    title, body, *, menu=None, title_id: str | None = None, class_name: str = "h-100 shadow-sm"
) -> dbc.Card:
    """A card with a title (and the export menu when the card shows a chart) above its body."""
    if menu is not None:
        header = card_header(title, menu, title_id=title_id)
    else:
        header = dbc.CardHeader(
            title, className="fw-semibold", **({"id": title_id} if title_id else {})
        )
    return dbc.Card([header, dbc.CardBody(body)], className=class_name)
