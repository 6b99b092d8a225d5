"""The region profile's targets and timeline: target against actual per indicator and for the
composite (status, gap in the indicator's unit), small trend panels with target lines, and the
region's events as a short list."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.charts import maps
from dashboard.charts.region import targets_figure
from dashboard.charts.text import targets_text
from dashboard.components.chart_text import described_chart
from dashboard.components.export_menu import titled_card
from dashboard.components.shell import synthetic_badge
from dashboard.data.views.events import event_title, events_for
from dashboard.data.views.targets import COMPOSITE, TREND_YEARS, status_counts, target_table
from dashboard.i18n import fmt_number, fmt_signed, t

STATUS_TONES = {  # bootstrap background of each status badge
    "met": "success",
    "on_course": "info",
    "off_course": "warning",
    "missed": "danger",
    "no_data": "secondary",
}


SCALE_UNITS = ("0-100", "1-5", "0-5", "0-3", "1-4")  # a score's range, not a unit to repeat


def indicator_label(snap, indicator: str, lang: str) -> tuple[str, str, int]:
    """Name, unit to write after a value ("" for scores and scales) and decimals."""
    if indicator == COMPOSITE:
        return t("targets.composite", lang), "", 1
    ind = snap.framework.indicator(indicator)
    return ind.name(lang), "" if ind.unit in SCALE_UNITS else ind.unit, ind.decimals


def status_badge(status: str, lang: str) -> dbc.Badge:
    return dbc.Badge(
        t(f"targets.status_{status}", lang),
        color=STATUS_TONES[status],
        className=f"target-status target-{status}",
    )


def targets_section(snap, code: str, period: int, lang: str) -> html.Div:
    """The targets card (table and panels) and the timeline card, side by side on wide screens."""
    table = target_table(snap, code, period)
    if table.empty:
        body = html.P(t("targets.none", lang), className="text-body-secondary mb-0")
        return dbc.Row(
            [
                dbc.Col(titled_card(t("targets.title", lang), body), lg=8),
                dbc.Col(
                    titled_card(t("events.timeline_title", lang), timeline(snap, code, lang)), lg=4
                ),
            ],
            className="g-3 mb-3",
        )
    counts = status_counts(table)
    summary = html.P(t("targets.summary", lang, **counts), className="fw-semibold mb-2")
    note = [
        synthetic_badge(lang=lang, show=True, id="targets-synthetic"),
        html.Small(" " + t("targets.sample_note", lang), className="text-body-secondary"),
    ]
    body = [
        summary,
        html.Div(note, className="mb-2") if table["target_synthetic"].any() else None,
        _table(snap, table, lang),
        html.Small(t("targets.explain", lang, years=TREND_YEARS), className="text-body-secondary"),
        _panels(snap, code, period, lang),
    ]
    return dbc.Row(
        [
            dbc.Col(titled_card(t("targets.title", lang), body), lg=8),
            dbc.Col(titled_card(t("events.timeline_title", lang), timeline(snap, code, lang)),
                    lg=4),
        ],
        className="g-3 mb-3",
    )  # fmt: skip


def _panels(snap, code: str, period: int, lang: str) -> html.Figure:
    """The small trend panels, named and summarised; their data table is the one above them."""
    graph = dcc.Graph(
        id=ids.PROFILE_TARGET_CHART,
        figure=targets_figure(snap, code, lang=lang),
        config=maps.graph_config("tren"),
        className="profile-target-chart",
    )
    text = targets_text(snap, code, period, lang)
    return described_chart(graph, chart="target-panels", title=text.title, summary=text.summary,
                           table_href=f"#{ids.PROFILE_TARGETS}", lang=lang, menu=False,
                           class_name="mt-2")  # fmt: skip


def _table(snap, table: pd.DataFrame, lang: str) -> dbc.Table:
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(f"targets.col_{c}", lang), className=cls)
                for c, cls in (
                    ("indicator", ""),
                    ("year", "text-end"),
                    ("target", "text-end"),
                    ("actual", "text-end"),
                    ("projected", "text-end"),
                    ("gap", "text-end"),
                    ("status", ""),
                )
            ]
        )
    )
    rows = []
    for rec in table.to_dict("records"):
        name, unit, decimals = indicator_label(snap, rec["indicator_id"], lang)
        actual = (
            "–"
            if rec["actual"] is None or pd.isna(rec["actual"])
            else t(
                "targets.actual_of",
                lang,
                value=fmt_number(rec["actual"], lang, decimals),
                year=int(rec["actual_year"]),
            )
        )
        projected = (
            "–"
            if rec["projected"] is None or pd.isna(rec["projected"])
            else fmt_number(rec["projected"], lang, decimals)
        )
        gap = (
            "–"
            if rec["gap"] is None or pd.isna(rec["gap"])
            else f"{fmt_signed(rec['gap'], lang, decimals)} {unit}".strip()
        )
        tone = "" if gap == "–" else ("text-better" if rec["gap"] >= 0 else "text-worse")
        rows.append(
            html.Tr(
                [
                    html.Td(name),
                    html.Td(str(rec["period"]), className="text-end"),
                    html.Td(
                        f"{fmt_number(rec['target'], lang, decimals)} {unit}".strip(),
                        className="text-end",
                    ),
                    html.Td(actual, className="text-end"),
                    html.Td(projected, className="text-end"),
                    html.Td(gap, className=f"text-end {tone}"),
                    html.Td(status_badge(rec["status"], lang)),
                ],
                **{"data-indicator": rec["indicator_id"], "data-status": rec["status"]},
            )
        )
    return dbc.Table(
        [head, html.Tbody(rows)],
        id=ids.PROFILE_TARGETS,
        size="sm",
        hover=True,
        responsive=True,
        className="mb-1 small",
    )


def timeline(snap, code: str, lang: str, *, id: str = ids.PROFILE_TIMELINE) -> html.Div:
    """The region's events (and the national ones), newest first."""
    events = events_for(snap, code)
    if events.empty:
        return html.P(t("events.none", lang), className="text-body-secondary mb-0")
    items = []
    for rec in events.iloc[::-1].to_dict("records"):
        items.append(
            html.Li(
                [
                    html.Span(rec["date"], className="text-body-secondary me-2 font-monospace"),
                    html.Span(event_title(rec, lang)),
                    html.Span(
                        t(f"events.category_{rec['category']}", lang),
                        className="badge text-bg-light ms-2",
                    ),
                    html.Span(t("events.national", lang), className="badge text-bg-light ms-1")
                    if rec["region_code"] == ""
                    else None,
                    html.Span(t("events.synthetic", lang), className="badge text-bg-warning ms-1")
                    if rec["synthetic"]
                    else None,
                ],
                className="mb-1",
            )
        )
    return html.Ul(items, id=id, className="list-unstyled mb-0 small")
