"""The region profile's indicator parts: strongest and weakest lists and the grid of every value."""

from __future__ import annotations

import dash_ag_grid as dag
import pandas as pd
from dash import html

from dashboard import ids
from dashboard.i18n import fmt_number, t


def indicator_list(
    snap, indicator_ids: list[str], table: pd.DataFrame, lang: str, tone: str
) -> html.Ol:
    by_id = table.set_index("indicator_id")
    items = []
    for ind_id in indicator_ids:
        ind = snap.framework.indicator(ind_id)
        row = by_id.loc[ind_id]
        value = value_text(ind, row["value"], lang)
        rank = f" · #{int(row['rank'])}/{int(row['n_regions'])}" if pd.notna(row["rank"]) else ""
        items.append(
            html.Li(
                [
                    html.Span(ind.name(lang), className="fw-semibold"),
                    html.Br(),
                    html.Small(f"{value}{rank}", className=f"text-{tone}"),
                ]
            )
        )
    return html.Ol(items or [html.Li(t("common.no_data", lang))], className="mb-0 ps-3")


def value_text(ind, value, lang: str) -> str:
    if value is None or pd.isna(value):
        return t("common.insufficient_data", lang)
    if ind.categories:
        position = int(float(value)) - 1
        return ind.categories[position] if 0 <= position < len(ind.categories) else str(value)
    return f"{fmt_number(value, lang, ind.decimals)} {ind.unit}"


def indicator_grid(snap, table: pd.DataFrame, lang: str) -> html.Div:
    """Every indicator of the region: a sortable grid on screen, a plain table on paper.

    The grid draws only the rows and columns in view and never wraps a cell, so a printed grid
    loses columns at A4 width; the table (hidden on screen) wraps its cells and repeats its header
    on every printed page.
    """
    rows = _grid_rows(snap, table, lang)
    columns = _grid_columns(lang)
    grid = dag.AgGrid(
        id=ids.PROFILE_INDICATORS,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions={"domLayout": "autoHeight", "tooltipShowDelay": 300},
        className="ag-theme-quartz indicator-table d-print-none",
        style={"width": "100%"},
    )
    return html.Div([grid, _print_table(rows, columns)])


def _print_table(rows: list[dict], columns: list[dict]) -> html.Table:
    """The grid's rows as a static table for print (``d-none d-print-table``)."""
    fields = [c["field"] for c in columns]
    right = {c["field"] for c in columns if c.get("type") == "rightAligned"}

    def cell(tag, field: str, text: object):
        return tag(
            "" if text is None else str(text), className="text-end" if field in right else None
        )

    return html.Table(
        [
            html.Thead(html.Tr([cell(html.Th, c["field"], c["headerName"]) for c in columns])),
            html.Tbody([html.Tr([cell(html.Td, f, row[f]) for f in fields]) for row in rows]),
        ],
        className="table table-sm kc-print-table d-none d-print-table",
        id="profile-indicators-print",
    )


def _grid_rows(snap, table: pd.DataFrame, lang: str) -> list[dict]:
    groups = {g.id: g.name(lang) for g in (*snap.framework.pillars, *snap.framework.elements)}
    groups["context"] = t("profile.context_title", lang)
    rows = []
    for rec in table.to_dict("records"):
        ind = snap.framework.indicator(rec["indicator_id"])
        rows.append(
            {
                "indicator": ind.name(lang),
                "group": groups.get(rec["group"], rec["group"]),
                "value": value_text(ind, rec["value"], lang)
                if ind.categories
                else (
                    fmt_number(rec["value"], lang, ind.decimals)
                    if rec["value"] is not None and not pd.isna(rec["value"])
                    else t("common.insufficient_data", lang)
                ),
                "unit": ind.unit,
                "rank": None
                if rec["rank"] is None or pd.isna(rec["rank"])
                else f"{int(rec['rank'])}/{int(rec['n_regions'])}",
                "percentile": None
                if rec["percentile"] is None or pd.isna(rec["percentile"])
                else round(rec["percentile"]),
                "year": None
                if rec["period"] is None or pd.isna(rec["period"])
                else int(rec["period"]),
                "source": rec["source"],
                "synthetic": t("profile.yes", lang) if rec["synthetic"] else t("profile.no", lang),
            }
        )
    return rows


def _grid_columns(lang: str) -> list[dict]:
    return [
        {
            "field": "indicator",
            "headerName": t("profile.col_indicator", lang),
            "flex": 3,
            "minWidth": 220,
            "tooltipField": "indicator",
        },
        {
            "field": "group",
            "headerName": t("profile.col_group", lang),
            "flex": 2,
            "minWidth": 150,
            "rowGroup": False,
        },
        {
            "field": "value",
            "headerName": t("profile.col_value", lang),
            "flex": 1,
            "minWidth": 100,
            "type": "rightAligned",
        },
        {"field": "unit", "headerName": t("profile.col_unit", lang), "flex": 1, "minWidth": 90},
        {
            "field": "rank",
            "headerName": t("profile.col_rank", lang),
            "flex": 1,
            "minWidth": 90,
            "type": "rightAligned",
        },
        {
            "field": "percentile",
            "headerName": t("profile.col_percentile", lang),
            "flex": 1,
            "minWidth": 100,
            "type": "rightAligned",
        },
        {"field": "year", "headerName": t("profile.col_year", lang), "flex": 1, "minWidth": 100},
        {
            "field": "source",
            "headerName": t("profile.col_source", lang),
            "flex": 2,
            "minWidth": 150,
        },
        {
            "field": "synthetic",
            "headerName": t("profile.col_synthetic", lang),
            "flex": 1,
            "minWidth": 90,
        },
    ]
