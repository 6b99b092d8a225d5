"""A chart with its text alternative: ``<figure>`` named by the chart's title, described by a
short summary, with a link to the chart's data as an HTML table.

Plotly's SVG means nothing to a screen reader, so the caption comes first in the figure: a
reader meets the title (visually hidden: the card header shows it), the summary (visible, small)
and the "Tabel data" link before the plot. The link carries the chart's name and its export menu's
id (``data-export-for``): ``assets/40-export.js`` rebuilds it from the current URL like the
export links, so it follows filter changes; the server-rendered href works without any script.
Callbacks that change the filters update the title and summary by their ids.
"""

from __future__ import annotations

from collections.abc import Sequence

from dash import html

from dashboard.components.export_menu import menu_id
from dashboard.i18n import t


def title_id(chart: str) -> str:
    return f"{chart}-text-title"


def summary_id(chart: str) -> str:
    return f"{chart}-text-summary"


def table_link_id(chart: str) -> str:
    return f"{chart}-table-link"


def table_link(chart: str, href: str, *, lang: str, menu: str | None = None) -> html.A:
    """ "Tabel data", named with the chart's title for a screen reader's list of links."""
    attributes = {"data-table-chart": chart, "data-export-kind": "table"}
    if menu:
        attributes["data-export-for"] = menu
    return html.A(
        [html.I(className="bi bi-grid-3x3 me-1", **{"aria-hidden": "true"}), t("table.link", lang)],
        href=href,
        id=table_link_id(chart),
        className="kc-table-link text-nowrap",
        **{"aria-labelledby": f"{table_link_id(chart)} {title_id(chart)}"},
        **attributes,
    )


def described_chart(
    graph,
    *,
    chart: str,
    title: str,
    summary: str,
    table_href: str,
    lang: str,
    menu: bool = True,
    class_name: str = "",
    after: Sequence = (),
) -> html.Figure:
    """``graph`` (a ``dcc.Graph``) in a figure with its title, summary and data table link.

    ``menu``: the chart has an export menu (:func:`menu_id`) whose filters the link follows;
    ``after``: components drawn under the graph, inside the figure.
    """
    caption = html.Figcaption(
        [
            html.Span(title, id=title_id(chart), className="visually-hidden"),
            html.Span(summary, id=summary_id(chart), className="kc-chart-summary"),
            " ",
            table_link(chart, table_href, lang=lang, menu=menu_id(chart) if menu else None),
        ],
        className="kc-chart-caption small text-body-secondary mb-1",
    )
    return html.Figure(
        [caption, graph, *after],
        className=f"kc-chart-figure mb-0 {class_name}".strip(),
        **{"aria-labelledby": title_id(chart), "aria-describedby": summary_id(chart)},
    )
