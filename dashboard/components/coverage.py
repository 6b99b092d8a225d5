"""Pure trees of the data coverage page: status bars, the per-indicator table, a region's gaps
and the data request list grouped by publisher, with its download links."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.i18n import fmt_number, t

STATUSES = ("real", "synthetic", "missing")


def status_bar(real: int, synthetic: int, missing: int, *, lang: str) -> html.Div:
    """A stacked bar of the three counts (blue, amber, grey) with the numbers beside it."""
    total = max(real + synthetic + missing, 1)
    parts = [
        html.Div(
            className=f"kc-cov-part kc-cov-{status}",
            style={"width": f"{100 * count / total:.2f}%"},
        )
        for status, count in zip(STATUSES, (real, synthetic, missing), strict=True)
        if count
    ]
    label = t("coverage.bar_label", lang, real=real, synthetic=synthetic, missing=missing)
    return html.Div(
        [
            html.Div(parts, className="kc-cov-bar", role="img", **{"aria-label": label}),
            html.Div(label, className="kc-cov-numbers small"),
        ],
        className="kc-cov-cell",
    )


def legend(lang: str) -> html.Div:
    return html.Div(
        [
            html.Span(
                [html.Span(className=f"kc-cov-swatch kc-cov-{s}"), t(f"coverage.status_{s}", lang)],
                className="me-3",
            )
            for s in STATUSES
        ],
        className="small text-body-secondary mb-2",
    )


def _year(value: object) -> str:
    return "–" if value is None or pd.isna(value) else str(int(value))


def indicator_table(frame: pd.DataFrame, *, lang: str, label_id: str) -> html.Div:
    """One row per indicator: name, publisher, the year's status bar, latest real year.

    It scrolls inside its card, so it is a named region in the tab order (``label_id``: the
    element naming it) that keyboard users can scroll (WCAG 2.1.1, axe scrollable-region-focusable).
    """
    name = f"name_{'en' if lang == 'en' else 'id'}"
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(f"coverage.col_{c}", lang), scope="col")
                for c in ("indicator", "publisher", "coverage", "latest_real")
            ]
        )
    )
    rows = [
        html.Tr(
            [
                html.Td(
                    [
                        html.Div(rec[name], className="fw-semibold"),
                        html.Small(
                            rec["id"]
                            + ("" if rec["scored"] else " · " + t("coverage.context", lang)),
                            className="text-body-secondary",
                        ),
                    ]
                ),
                html.Td(rec["publisher"]),
                html.Td(
                    status_bar(rec["real"], rec["synthetic"], rec["missing"], lang=lang),
                    className="kc-cov-td",
                ),
                html.Td(_year(rec["latest_real"]), className="text-end"),
            ]
        )
        for rec in frame.to_dict("records")
    ]
    return html.Div(
        dbc.Table([head, html.Tbody(rows)], hover=True, size="sm", className="mb-0 align-middle"),
        className="table-responsive kc-cov-table",
        **scroll_region(label_id),
    )


def scroll_region(label_id: str) -> dict:
    """The props of a container scrolling on its own: focusable, a region, named by ``label_id``."""
    return {"tabIndex": "0", "role": "region", "aria-labelledby": label_id}


def region_gaps(frame: pd.DataFrame, *, region_name: str, lang: str) -> html.Div:
    """The indicators a region lacks a real value for: synthetic (amber) or none (grey)."""
    if frame.empty:
        return html.P(t("coverage.region_complete", lang, region=region_name), className="mb-0")
    name = f"name_{'en' if lang == 'en' else 'id'}"
    items = [
        html.Li(
            [
                html.Span(
                    t(f"coverage.status_{rec['status']}", lang),
                    className=f"badge kc-cov-badge kc-cov-{rec['status']} me-2",
                ),
                html.Span(rec[name], className="fw-semibold"),
                html.Small(
                    " · "
                    + rec["publisher"]
                    + " · "
                    + t("coverage.latest_real_short", lang, year=_year(rec["latest_real"])),
                    className="text-body-secondary",
                ),
            ],
            className="list-group-item py-1",
        )
        for rec in frame.to_dict("records")
    ]
    return html.Ul(items, className="list-group list-group-flush kc-cov-gaps")


def request_list(
    frame: pd.DataFrame, *, lang: str, template_query: dict[str, str], n_regions: int
) -> html.Div:
    """The data request list grouped by publisher, each with a link to its collection form."""
    if frame.empty:
        return html.P(t("coverage.request_empty", lang), className="mb-0")
    name = f"name_{'en' if lang == 'en' else 'id'}"
    groups = []
    for publisher, rows in frame.groupby("publisher", sort=True):
        query = {**template_query, "publisher": publisher}
        link = "/export/coverage/template.xlsx?" + urlencode(query)
        items = [
            html.Li(
                [
                    html.Span(rec[name]),
                    html.Small(
                        " · "
                        + t(
                            "coverage.request_line",
                            lang,
                            n=fmt_number(rec["lacking"], lang, 0),
                            of=n_regions,
                            year=_year(rec["latest_real"]),
                        ),
                        className="text-body-secondary",
                    ),
                ]
            )
            for rec in rows.to_dict("records")
        ]
        groups.append(
            html.Div(
                [
                    html.Div(
                        [
                            html.Span(publisher, className="fw-semibold me-2"),
                            html.Span(
                                t("coverage.request_count", lang, n=len(rows)),
                                className="badge text-bg-light me-2",
                            ),
                            html.A(
                                [
                                    html.I(className="bi bi-file-earmark-spreadsheet me-1"),
                                    t("coverage.template_link", lang),
                                ],
                                href=link,
                                className="small kc-cov-template-link",
                                **{"data-publisher": publisher},
                            ),
                        ],
                        className="d-flex flex-wrap align-items-center",
                    ),
                    html.Ul(items, className="small mb-2"),
                ],
                className="kc-cov-request-group",
            )
        )
    return html.Div(groups)


def download_links(links: dict[str, str], *, lang: str) -> html.Div:
    """Buttons for the request list (CSV, XLSX) and the form for every indicator lacking data."""
    buttons = [
        dbc.Button(
            [html.I(className=f"bi {icon} me-1", **{"aria-hidden": "true"}), t(key, lang)],
            href=links[kind],
            external_link=True,
            color="primary",
            outline=color == "outline",
            size="sm",
            className="me-2 mb-2",
            id=f"coverage-download-{kind}",
        )
        for kind, key, icon, color in (
            ("csv", "coverage.download_csv", "bi-filetype-csv", "outline"),
            ("xlsx", "coverage.download_xlsx", "bi-file-earmark-excel", "outline"),
            ("template", "coverage.download_template", "bi-file-earmark-spreadsheet", "primary"),
        )
    ]
    return html.Div(buttons, className="d-flex flex-wrap")
