"""Step 3 of `/admin`: the validation report (summary, counts, every problem) and its CSV download."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update

from dashboard import ids
from dashboard.data.errors import DataError
from dashboard.data.imports import uploads
from dashboard.i18n import fmt_number, t
from dashboard.pages.admin.parts import card, column, editor_only
from dashboard.pages.callbacks import Callbacks
from dashboard.security.auth import User
from dashboard.state import repository

callbacks = Callbacks(needs_data=False)
ERROR_STYLE = {"color": "#b02a37", "fontWeight": 600}
# the counts shown above the problem list, as (key in the report's counts, text key)
COUNT_KEYS = {
    "indicators": [
        ("rows_read", "count_rows"),
        ("rows_valid", "count_valid"),
        ("rows_missing", "count_missing"),
        ("regions", "count_regions"),
        ("indicators", "count_indicators"),
        ("periods", "count_periods"),
    ],
    "targets": [
        ("rows_read", "count_rows"),
        ("targets", "count_targets"),
        ("regions", "count_regions"),
        ("indicators", "count_indicators"),
    ],
    "events": [("rows_read", "count_rows"), ("events", "count_events")],
    "boundaries": [
        ("features_read", "count_features"),
        ("matched", "count_matched"),
        ("unmatched", "count_unmatched"),
    ],
}
PROBLEM_COUNT_KEYS = [("errors", "count_errors"), ("warnings", "count_warnings")]


def report_card(lang: str) -> dbc.Card:
    return card(
        t("admin.step3", lang),
        dcc.Loading(
            [
                html.Div(
                    html.P(t("admin.no_upload", lang), className="text-body-secondary mb-2"),
                    id=ids.ADMIN_SUMMARY,
                ),
                html.Div(id=ids.ADMIN_COUNTS),
                _problems_grid(lang),
                _download_button(lang),
            ],
            type="default",
            delay_show=300,
        ),
    )


def _download_button(lang: str) -> dbc.Button:
    return dbc.Button(
        [
            html.I(className="bi bi-download me-1", **{"aria-hidden": "true"}),
            t("admin.download_report", lang),
        ],
        id=ids.ADMIN_REPORT_DOWNLOAD,
        color="outline-secondary",
        size="sm",
        className="mt-2",
        disabled=True,
    )


def _problems_grid(lang: str) -> dag.AgGrid:
    condition = {"condition": "params.data.level === 'error'", "style": ERROR_STYLE}
    error_style = {"styleConditions": [condition]}
    columns = [
        column("severity", lang, width=110, cellStyle=error_style),
        column("row", lang, width=100, type="rightAligned"),
        column("column", lang, width=120),
        column("value", lang, flex=1, minWidth=120, tooltipField="value"),
        column(
            "reason",
            lang,
            flex=3,
            minWidth=260,
            tooltipField="reason",
            wrapText=True,
            autoHeight=True,
        ),
    ]
    return dag.AgGrid(
        id=ids.ADMIN_PROBLEMS,
        rowData=[],
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "filter": False},
        dashGridOptions={
            "localeText": {"noRowsToShow": t("admin.problems_none", lang)},
            "tooltipShowDelay": 300,
            "animateRows": False,
        },
        className="ag-theme-quartz admin-problems",
        style={"height": "360px", "width": "100%"},
    )


def summary(name: str, counts: dict, ok: bool, lang: str) -> list:
    """Passed or rejected, in one sentence, and how many warnings do not stand in the way."""
    errors = int(counts.get("errors", 0) or 0)
    warnings = int(counts.get("warnings", 0) or 0)
    text = (
        t("admin.report_ok", lang, file=name)
        if ok
        else t("admin.report_bad", lang, file=name, errors=fmt_number(errors, lang, 0))
    )
    parts = [html.Strong(text)]
    if warnings:
        parts += [" ", t("admin.report_warnings", lang, n=fmt_number(warnings, lang, 0))]
    return [dbc.Alert(parts, color="success" if ok else "danger", className="mb-2")]


def counts_row(kind: str, counts: dict, lang: str) -> dbc.Row:
    """What was read and what was wrong, one small box a number."""
    keys = COUNT_KEYS.get(kind, COUNT_KEYS["boundaries"]) + PROBLEM_COUNT_KEYS
    return dbc.Row(
        [_count_cell(key, label, counts.get(key), lang) for key, label in keys],
        className="g-2 mb-2",
    )


def _count_cell(key: str, label: str, value, lang: str) -> dbc.Col:
    shown = (
        fmt_number(value, lang, 0)
        if isinstance(value, int | float)
        else (str(value) if value else "–")
    )
    return dbc.Col(
        html.Div(
            [
                html.Div(shown, className="fs-5 fw-bold"),
                html.Div(t(f"admin.{label}", lang), className="small text-body-secondary"),
            ],
            className="border rounded px-2 py-1 h-100 bg-white",
            **{"data-count": key},
        ),
        xs=6,
        md=3,
        xl="auto",
    )


def problem_rows(rows: list[dict], lang: str) -> list[dict]:
    """The report's problems as grid rows, severity named in ``lang``."""
    return [
        {
            "level": r["severity"],
            "severity": t(f"admin.severity_{r['severity']}", lang),
            "row": r["row"],
            "column": r["column"] or "",
            "value": r["value"] or "",
            "reason": r["reason"],
            "code": r["code"],  # not a column: lets tests and scripts match problems by kind
        }
        for r in rows
    ]


@callbacks.callback(
    Output(ids.ADMIN_REPORT_FILE, "data"),
    Input(ids.ADMIN_REPORT_DOWNLOAD, "n_clicks"),
    State(ids.ADMIN_STAGED, "data"),
    State(ids.ADMIN_LANG_STORE, "data"),
    prevent_initial_call=True,
)
@editor_only(lambda _denied: no_update)
def download_report(n_clicks, staged_data, lang, *, user: User):
    """The problem list of the file on screen as CSV (same columns as ``validate --report``)."""
    if not n_clicks or not isinstance(staged_data, dict):
        return no_update
    data_dir = repository().store.data_dir
    try:
        staged = uploads.load_staged(data_dir, staged_data.get("token"))
        rows = uploads.load_report_rows(data_dir, staged, lang)
    except DataError:
        return no_update
    stem = uploads.safe_filename(staged.name).rsplit(".", 1)[0]
    return {
        "content": uploads.report_csv(rows),
        "filename": t("admin.report_file", lang, stem=stem),
        "type": "text/csv",
    }
