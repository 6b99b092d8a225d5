"""Data management `/admin`: upload, validation report, import, versions with rollback, audit log.

Editors and admins only. The page checks the role when it is rendered and every callback checks it
again on the server (``require_role``), so a direct POST to ``/_dash-update-component`` cannot do
what the page would not show. Uploads go through :mod:`dashboard.data.admin_service`, which uses
the CLI's validation and import functions. Every id starts with ``admin-`` (the request guard
refuses those callbacks to anyone below editor).
"""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import quote

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from dashboard.components.shell import page_frame
from dashboard.data.errors import DataError, ValidationError
from dashboard.data.imports import uploads
from dashboard.data.imports.tables import ImportLimits
from dashboard.data.store.versions import read_audit
from dashboard.data.views import versions
from dashboard.i18n import fmt_date, fmt_number, t
from dashboard.security import limits as rate_limits
from dashboard.security.auth import PermissionDenied, current_user, has_role, require_role
from dashboard.state import href, lang_of, repository, settings, snapshot

dash.register_page(__name__, path="/admin", name="admin", title="Kelola data · Kota Cerdas")

log = logging.getLogger(__name__)

ROLE = "editor"
LANG_STORE = "admin-lang"
KIND = "admin-kind"
MODE = "admin-mode"
SHEET = "admin-sheet"
LEVEL = "admin-level"
INDICATOR_OPTIONS = "admin-indicator-options"
BOUNDARY_OPTIONS = "admin-boundary-options"
UPLOAD = "admin-upload"
UPLOAD_HOLDER = "admin-upload-holder"
UPLOAD_HINT = "admin-upload-hint"
UPLOAD_NOTE = "admin-upload-note"  # "file too large" (written by assets/40-admin.js) and refusals
STAGED = "admin-staged"  # dcc.Store: token, name, kind, ok of the file on screen
SUMMARY = "admin-report-summary"
COUNTS = "admin-report-counts"
PROBLEMS = "admin-problems"
REPORT_DOWNLOAD = "admin-report-download"
REPORT_FILE = "admin-report-file"
IMPORT_BUTTON = "admin-import"
IMPORT_RESULT = "admin-import-result"
IMPORT_DONE = "admin-import-done"
DATASET_GRID = "admin-versions"
BOUNDARY_GRID = "admin-boundary-versions"
ACTIVE_BOUNDARY = "admin-active-boundary"
AUDIT_GRID = "admin-audit"
ROLLBACK_DATASET = "admin-rollback-dataset"
ROLLBACK_BOUNDARIES = "admin-rollback-boundaries"
ROLLBACK_MODAL = "admin-rollback-modal"
ROLLBACK_QUESTION = "admin-rollback-question"
ROLLBACK_CONFIRM = "admin-rollback-confirm"
ROLLBACK_CANCEL = "admin-rollback-cancel"
ROLLBACK_PENDING = "admin-rollback-pending"
ROLLBACK_RESULT = "admin-rollback-result"
ROLLBACK_DONE = "admin-rollback-done"
LEVELS = ("regency", "province", "district")
ERROR_STYLE = {"color": "#b02a37", "fontWeight": 600}
# versions and audit: as tall as their rows, ten to a page (a store keeps every version it made)
PAGED = {"domLayout": "autoHeight", "pagination": True, "paginationPageSize": 10,
         "paginationPageSizeSelector": False}  # fmt: skip
UPLOAD_STYLE = {
    "border": "2px dashed #8da2b5",
    "background": "#fff",
    "cursor": "pointer",
    "minHeight": "8rem",
}


def layout(lang=None, **_other) -> html.Div:
    lang = lang_of(lang)
    snap = snapshot()
    frame = {
        "lang": lang,
        "active": "admin",
        "home": settings().HOME_REGION,
        "version": snap.version,
        "framework_version": snap.framework.version,
    }
    if not has_role(ROLE):
        return page_frame(_login_needed(lang), **frame)
    return page_frame(*_workspace(lang), **frame)


def _login_needed(lang: str) -> dbc.Alert:
    user = current_user()
    text = (
        t("admin.role_too_low", lang, name=user.name, role=user.role)
        if user is not None
        else t("admin.login_required_text", lang)
    )
    return dbc.Alert(
        [
            html.H1(t("admin.login_required_title", lang), className="h4"),
            html.P(text),
            dbc.Button(
                t("admin.login_button", lang),
                href=_login_href(lang),
                external_link=True,
                color="primary",
            ),
        ],
        color="light",
        className="mt-4",
    )


def _login_href(lang: str) -> str:
    target = "/login?next=" + quote(href("/admin", lang), safe="")
    return target + "&lang=en" if lang == "en" else target


def _workspace(lang: str) -> list:
    user = require_role(ROLE)
    max_mb = settings().MAX_UPLOAD_MB
    return [
        dcc.Store(id=LANG_STORE, data=lang),
        dcc.Store(id=STAGED),
        dcc.Store(id=IMPORT_DONE),
        dcc.Store(id=ROLLBACK_DONE),
        dcc.Store(id=ROLLBACK_PENDING),
        dcc.Download(id=REPORT_FILE),
        html.Div(
            [
                html.H1(t("admin.title", lang), className="h3 mb-0 me-3"),
                html.Span(
                    t("admin.signed_in_as", lang, name=user.name, role=user.role),
                    className="badge text-bg-light border",
                ),
            ],
            className="d-flex flex-wrap align-items-center gap-2 mb-1",
        ),
        html.P(t("admin.subtitle", lang), className="text-body-secondary mb-3"),
        dbc.Row(
            [
                dbc.Col([_choose_card(lang), _upload_card(lang, max_mb)], lg=4),
                dbc.Col([_report_card(lang), _import_card(lang)], lg=8),
            ],
            className="g-3 mb-3",
        ),
        *_version_cards(lang),
        _audit_card(lang),
        _rollback_modal(lang),
    ]


def _card(title: str, body, *, extra_class: str = "mb-3") -> dbc.Card:
    return dbc.Card(
        [dbc.CardHeader(title, className="fw-semibold"), dbc.CardBody(body)],
        className=f"shadow-sm {extra_class}",
    )


def _choose_card(lang: str) -> dbc.Card:
    return _card(
        t("admin.step1", lang),
        [
            dbc.Label(t("admin.kind_label", lang), html_for=KIND, className="fw-semibold small"),
            dbc.RadioItems(
                id=KIND,
                options=[
                    {"label": t("admin.kind_indicators", lang), "value": "indicators"},
                    {"label": t("admin.kind_boundaries", lang), "value": "boundaries"},
                ],
                value="indicators",
                className="mb-3",
            ),
            html.Div(
                [
                    dbc.Label(
                        t("admin.mode_label", lang), html_for=MODE, className="fw-semibold small"
                    ),
                    dbc.RadioItems(
                        id=MODE,
                        options=[
                            {"label": t("admin.mode_merge", lang), "value": "merge"},
                            {"label": t("admin.mode_replace", lang), "value": "replace"},
                        ],
                        value="merge",
                        className="mb-3",
                    ),
                    dbc.Label(
                        t("admin.sheet_label", lang), html_for=SHEET, className="fw-semibold small"
                    ),
                    dbc.Input(
                        id=SHEET,
                        type="text",
                        placeholder=t("admin.sheet_placeholder", lang),
                        maxLength=100,
                        autocomplete="off",
                        size="sm",
                    ),
                ],
                id=INDICATOR_OPTIONS,
            ),
            html.Div(
                [
                    dbc.Label(
                        t("admin.level_label", lang), html_for=LEVEL, className="fw-semibold small"
                    ),
                    dbc.Select(
                        id=LEVEL,
                        options=[
                            {"label": t(f"admin.level_{level}", lang), "value": level}
                            for level in LEVELS
                        ],
                        value="regency",
                        size="sm",
                    ),
                ],
                id=BOUNDARY_OPTIONS,
                hidden=True,
            ),
        ],
    )


def _upload_card(lang: str, max_mb: float) -> dbc.Card:
    max_bytes = settings().max_upload_bytes
    return _card(
        t("admin.step2", lang),
        [
            html.Div(
                dcc.Upload(
                    id=UPLOAD,
                    children=html.Div(
                        [
                            html.I(
                                className="bi bi-cloud-arrow-up fs-2 d-block",
                                **{"aria-hidden": "true"},
                            ),
                            t("admin.upload_prompt", lang) + " ",
                            html.Span(t("admin.upload_choose", lang), className="link-primary"),
                        ]
                    ),
                    max_size=max_bytes,
                    multiple=False,
                    className="admin-upload text-center p-4 rounded",
                    style=UPLOAD_STYLE,
                    style_active={**UPLOAD_STYLE, "borderStyle": "solid", "background": "#eef6ff"},
                    style_reject={**UPLOAD_STYLE, "borderColor": "#b02a37"},
                ),
                id=UPLOAD_HOLDER,
                **{
                    "data-max-bytes": str(max_bytes),
                    "data-too-large": t("admin.too_large", lang),
                    "data-lang": lang,
                },
            ),
            html.Div(
                _upload_hint("indicators", lang, max_mb),
                id=UPLOAD_HINT,
                className="form-text",
            ),
            html.Div(id=UPLOAD_NOTE, className="mt-2", role="alert"),
        ],
    )


def _upload_hint(kind: str, lang: str, max_mb: float) -> str:
    return t(f"admin.upload_hint_{kind}", lang, max_mb=fmt_number(max_mb, lang, 0))


def _report_card(lang: str) -> dbc.Card:
    return _card(
        t("admin.step3", lang),
        dcc.Loading(
            [
                html.Div(
                    html.P(t("admin.no_upload", lang), className="text-body-secondary mb-2"),
                    id=SUMMARY,
                ),
                html.Div(id=COUNTS),
                _problems_grid(lang),
                dbc.Button(
                    [
                        html.I(className="bi bi-download me-1", **{"aria-hidden": "true"}),
                        t("admin.download_report", lang),
                    ],
                    id=REPORT_DOWNLOAD,
                    color="outline-secondary",
                    size="sm",
                    className="mt-2",
                    disabled=True,
                ),
            ],
            type="default",
            delay_show=300,
        ),
    )


def _problems_grid(lang: str) -> dag.AgGrid:
    columns = [
        {
            "field": "severity",
            "headerName": t("admin.col_severity", lang),
            "width": 110,
            "cellStyle": {
                "styleConditions": [
                    {"condition": "params.data.level === 'error'", "style": ERROR_STYLE}
                ]
            },
        },
        {
            "field": "row",
            "headerName": t("admin.col_row", lang),
            "width": 100,
            "type": "rightAligned",
        },
        {"field": "column", "headerName": t("admin.col_column", lang), "width": 120},
        {
            "field": "value",
            "headerName": t("admin.col_value", lang),
            "flex": 1,
            "minWidth": 120,
            "tooltipField": "value",
        },
        {
            "field": "reason",
            "headerName": t("admin.col_reason", lang),
            "flex": 3,
            "minWidth": 260,
            "tooltipField": "reason",
            "wrapText": True,
            "autoHeight": True,
        },
    ]
    return dag.AgGrid(
        id=PROBLEMS,
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


def _import_card(lang: str) -> dbc.Card:
    return _card(
        t("admin.step4", lang),
        [
            dbc.Button(
                [
                    html.I(className="bi bi-box-arrow-in-down me-1", **{"aria-hidden": "true"}),
                    t("admin.import_button", lang),
                ],
                id=IMPORT_BUTTON,
                color="primary",
                disabled=True,
            ),
            html.Div(t("admin.import_help", lang), className="form-text"),
            dcc.Loading(html.Div(id=IMPORT_RESULT, className="mt-2"), type="default"),
        ],
    )


def _version_cards(lang: str) -> list:
    tables = _tables(lang)
    return [
        dbc.Row(
            [
                dbc.Col(
                    _card(
                        t("admin.versions_title", lang),
                        [
                            _versions_grid(DATASET_GRID, tables["dataset"], lang),
                            _rollback_button(ROLLBACK_DATASET, lang),
                        ],
                    ),
                    xl=12,
                ),
                dbc.Col(
                    _card(
                        t("admin.boundary_versions_title", lang),
                        [
                            html.P(
                                tables["active_boundary"], id=ACTIVE_BOUNDARY, className="small"
                            ),
                            _versions_grid(BOUNDARY_GRID, tables["boundaries"], lang),
                            _rollback_button(ROLLBACK_BOUNDARIES, lang),
                        ],
                    ),
                    xl=12,
                ),
            ],
            className="g-3",
        ),
        html.Div(id=ROLLBACK_RESULT),
    ]


def _rollback_button(ident: str, lang: str) -> html.Div:
    return html.Div(
        [
            dbc.Button(
                [
                    html.I(
                        className="bi bi-arrow-counterclockwise me-1", **{"aria-hidden": "true"}
                    ),
                    t("admin.rollback_button", lang),
                ],
                id=ident,
                color="outline-primary",
                size="sm",
                className="mt-2",
            ),
            html.Div(t("admin.rollback_help", lang), className="form-text"),
        ]
    )


def _versions_grid(ident: str, rows: list[dict], lang: str) -> dag.AgGrid:
    columns = [
        {"field": "active", "headerName": t("admin.col_active", lang), "width": 90},
        {
            "field": "version",
            "headerName": t("admin.col_version", lang),
            "width": 80,
            "type": "rightAligned",
        },
        {"field": "time", "headerName": t("admin.col_time", lang), "width": 240},
        {"field": "who", "headerName": t("admin.col_who", lang), "width": 100},
        {
            "field": "file",
            "headerName": t("admin.col_file", lang),
            "minWidth": 160,
            "flex": 1,
            "tooltipField": "file",
        },
        {
            "field": "rows",
            "headerName": t("admin.col_rows", lang),
            "width": 100,
            "type": "rightAligned",
        },
        {"field": "sha256", "headerName": t("admin.col_sha", lang), "width": 120},
        {"field": "detail", "headerName": t("admin.col_detail", lang), "width": 130},
    ]
    return dag.AgGrid(
        id=ident,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "filter": False},
        getRowId="params.data.id",
        dashGridOptions={
            "rowSelection": {"mode": "singleRow", "checkboxes": True, "enableClickSelection": True},
            **PAGED,
            "localeText": _paging_texts(lang),
            "tooltipShowDelay": 300,
            "animateRows": False,
        },
        className="ag-theme-quartz admin-versions",
        style={"width": "100%"},
    )


def _paging_texts(lang: str) -> dict[str, str]:
    keys = {"page": "page", "of": "of", "to": "to", "firstPage": "first",
            "previousPage": "previous", "nextPage": "next", "lastPage": "last"}  # fmt: skip
    texts = {grid: t(f"admin.grid_{key}", lang) for grid, key in keys.items()}
    return {**texts, "noRowsToShow": t("admin.no_rows", lang)}


def _audit_card(lang: str) -> dbc.Card:
    columns = [
        {"field": "at", "headerName": t("admin.col_at", lang), "width": 240},
        {"field": "action", "headerName": t("admin.col_action", lang), "width": 100},
        {"field": "kind", "headerName": t("admin.col_kind", lang), "width": 110},
        {
            "field": "version",
            "headerName": t("admin.col_version", lang),
            "width": 80,
            "type": "rightAligned",
        },
        {
            "field": "previous",
            "headerName": t("admin.col_previous", lang),
            "width": 130,
            "type": "rightAligned",
        },
        {"field": "who", "headerName": t("admin.col_who", lang), "width": 100},
        {
            "field": "file",
            "headerName": t("admin.col_file", lang),
            "flex": 1,
            "minWidth": 160,
            "tooltipField": "file",
        },
        {"field": "sha256", "headerName": t("admin.col_sha", lang), "width": 120},
        {"field": "detail", "headerName": t("admin.col_detail", lang), "width": 130},
    ]
    return _card(
        t("admin.audit_title", lang),
        [
            html.P(t("admin.audit_help", lang), className="small text-body-secondary"),
            dag.AgGrid(
                id=AUDIT_GRID,
                rowData=_tables(lang)["audit"],
                columnDefs=columns,
                defaultColDef={"sortable": True, "resizable": True, "filter": False},
                dashGridOptions={
                    **PAGED,
                    "localeText": _paging_texts(lang),
                    "animateRows": False,
                },
                className="ag-theme-quartz admin-audit",
                style={"width": "100%"},
            ),
        ],
        extra_class="mt-3",
    )


def _rollback_modal(lang: str) -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(t("admin.rollback_title", lang))),
            dbc.ModalBody(id=ROLLBACK_QUESTION),
            dbc.ModalFooter(
                [
                    dbc.Button(
                        t("admin.rollback_cancel", lang),
                        id=ROLLBACK_CANCEL,
                        color="secondary",
                        outline=True,
                    ),
                    dbc.Button(
                        t("admin.rollback_confirm", lang), id=ROLLBACK_CONFIRM, color="danger"
                    ),
                ]
            ),
        ],
        id=ROLLBACK_MODAL,
        is_open=False,
        backdrop="static",
    )


# ---------------------------------------------------------------------------- table rows


def _when(stamp, lang: str) -> str:
    if stamp is None or pd.isna(stamp):
        return "–"
    return fmt_date(pd.Timestamp(stamp).to_pydatetime(), lang, time=True)


def _count(value, lang: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return fmt_number(value, lang, 0)


def _version_rows(versioned, lang: str) -> list[dict]:
    current = versioned.current().version
    frame = versions.versions_frame(versioned.manifests(), current)
    return [
        {
            "id": str(r["version"]),
            "version": int(r["version"]),
            "active": t("admin.active_mark", lang) if r["active"] else "",
            "time": _when(r["created_at"], lang),
            "kind": r["kind"],
            "who": r["who"],
            "file": r["file"],
            "rows": _count(r["rows"], lang),
            "sha256": r["sha256"],
            "detail": _detail(r["detail"], lang),
        }
        for r in frame.to_dict("records")
    ]


def _detail(value: str, lang: str) -> str:
    if value in LEVELS:
        return t(f"admin.level_{value}", lang)
    return value


def _audit_rows(lang: str) -> list[dict]:
    frame = versions.audit_frame(read_audit(repository().store.data_dir))
    kinds = {
        "dataset": t("admin.kind_dataset", lang),
        "indicators": t("admin.kind_dataset", lang),
        "boundaries": t("admin.kind_boundaries_short", lang),
    }
    return [
        {
            "at": _when(r["at"], lang),
            "action": t(f"admin.action_{r['action']}", lang)
            if r["action"] in ("seed", "import", "rollback")
            else r["action"],
            "kind": kinds.get(r["kind"], r["kind"]),
            "version": None if pd.isna(r["version"]) else int(r["version"]),
            "previous": None
            if r["previous"] is None or pd.isna(r["previous"])
            else int(r["previous"]),
            "who": r["who"],
            "file": r["file"],
            "sha256": r["sha256"],
            "detail": _detail(r["detail"], lang),
        }
        for r in frame.to_dict("records")
    ]


def _active_boundary(lang: str) -> str:
    versioned = repository().store.boundaries
    current = versioned.current().version
    if current is None:
        return t("admin.active_boundary_none", lang)
    levels = versioned.manifest(current).info.get("levels", {})
    names = ", ".join(t(f"admin.level_{level}", lang) for level in LEVELS if level in levels)
    return t("admin.active_boundary", lang, version=current, levels=names or "–")


def _tables(lang: str) -> dict:
    store = repository().store
    return {
        "dataset": _version_rows(store.dataset, lang),
        "boundaries": _version_rows(store.boundaries, lang),
        "audit": _audit_rows(lang),
        "active_boundary": _active_boundary(lang),
    }


# ---------------------------------------------------------------------------- report


def _alert(text: str, color: str = "danger") -> dbc.Alert:
    return dbc.Alert(text, color=color, className="mb-2")


def _denied(lang: str) -> dbc.Alert:
    return _alert(t("admin.permission_denied", lang), "warning")


def _limits() -> ImportLimits:
    s = settings()
    return ImportLimits(max_bytes=s.max_upload_bytes, max_rows=s.MAX_IMPORT_ROWS)


def _summary(name: str, counts: dict, ok: bool, lang: str) -> list:
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


def _counts(kind: str, counts: dict, lang: str) -> dbc.Row:
    if kind == "indicators":
        keys = [
            ("rows_read", "count_rows"),
            ("rows_valid", "count_valid"),
            ("rows_missing", "count_missing"),
            ("regions", "count_regions"),
            ("indicators", "count_indicators"),
            ("periods", "count_periods"),
        ]
    else:
        keys = [
            ("features_read", "count_features"),
            ("matched", "count_matched"),
            ("unmatched", "count_unmatched"),
        ]
    keys += [("errors", "count_errors"), ("warnings", "count_warnings")]
    cells = []
    for key, label in keys:
        value = counts.get(key)
        shown = (
            fmt_number(value, lang, 0)
            if isinstance(value, int | float)
            else (str(value) if value else "–")
        )
        cells.append(
            dbc.Col(
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
        )
    return dbc.Row(cells, className="g-2 mb-2")


def _problem_rows(rows: list[dict], lang: str) -> list[dict]:
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


def _staged_data(staged: uploads.StagedUpload) -> dict:
    return {"token": staged.token, "name": staged.name, "kind": staged.kind, "ok": staged.ok}


# ---------------------------------------------------------------------------- callbacks


@callback(
    Output(INDICATOR_OPTIONS, "hidden"),
    Output(BOUNDARY_OPTIONS, "hidden"),
    Output(UPLOAD_HINT, "children"),
    Input(KIND, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def show_options_for_kind(kind, lang):
    """Indicator files take a mode and a sheet; boundary files take a level."""
    lang = lang_of(lang)
    kind = kind if kind in uploads.KINDS else "indicators"
    hint = _upload_hint(kind, lang, settings().MAX_UPLOAD_MB)
    return kind != "indicators", kind != "boundaries", hint


@callback(
    Output(SUMMARY, "children"),
    Output(COUNTS, "children"),
    Output(PROBLEMS, "rowData"),
    Output(STAGED, "data"),
    Output(IMPORT_RESULT, "children"),
    Output(UPLOAD_NOTE, "children"),
    Input(UPLOAD, "contents"),
    State(UPLOAD, "filename"),
    State(KIND, "value"),
    State(LEVEL, "value"),
    State(SHEET, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def validate_upload(contents, filename, kind, level, sheet, lang):
    """Stage the uploaded file and run the CLI's validation on it; show the full report."""
    lang = lang_of(lang)
    keep = (no_update, no_update, no_update, no_update, no_update)
    try:
        user = require_role(ROLE)
    except PermissionDenied:
        return (*keep, _denied(lang))
    if contents is None:
        return (*keep, None)
    if not rate_limits.hit("upload"):
        seconds = rate_limits.retry_after("upload")
        return (*keep, _alert(t("admin.rate_limited", lang, seconds=seconds), "warning"))
    s = settings()
    repo = repository()
    try:
        staged = uploads.stage_upload(
            repo.store.data_dir,
            contents,
            filename,
            who=user.name,
            kind=kind if kind in uploads.KINDS else "indicators",
            level=level if level in LEVELS else "regency",
            sheet=sheet,
        )
    except DataError as exc:
        return (*keep, _alert(exc.message(lang)))
    report = uploads.validate_staged(
        repo.store.data_dir,
        staged,
        regions=repo.regions,
        framework=repo.framework,
        limits=_limits(),
        tolerance=s.SIMPLIFY_TOLERANCE,
    )
    log.info("upload %s by %s validated: %d errors", staged.name, user.name, len(report.errors))
    rows = uploads.load_report_rows(repo.store.data_dir, staged, lang)
    return (
        _summary(staged.name, report.counts, report.ok, lang),
        _counts(staged.kind, report.counts, lang),
        _problem_rows(rows, lang),
        _staged_data(staged),
        None,
        None,
    )


# The import button and the report download follow the file on screen.
clientside_callback(
    """
    function(staged) {
        var ready = !!(staged && staged.ok && !staged.imported);
        return [!ready, !(staged && staged.token)];
    }
    """,
    Output(IMPORT_BUTTON, "disabled"),
    Output(REPORT_DOWNLOAD, "disabled"),
    Input(STAGED, "data"),
)


@callback(
    Output(IMPORT_RESULT, "children", allow_duplicate=True),
    Output(STAGED, "data", allow_duplicate=True),
    Output(IMPORT_DONE, "data"),
    Input(IMPORT_BUTTON, "n_clicks"),
    State(STAGED, "data"),
    State(MODE, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def import_staged_file(n_clicks, staged_data, mode, lang):
    """Import the validated file as a new version, recorded under the logged-in user's name."""
    lang = lang_of(lang)
    try:
        user = require_role(ROLE)
    except PermissionDenied:
        return _denied(lang), no_update, no_update
    if not n_clicks or not isinstance(staged_data, dict):
        return no_update, no_update, no_update
    if not rate_limits.hit("upload"):
        seconds = rate_limits.retry_after("upload")
        return (
            _alert(t("admin.rate_limited", lang, seconds=seconds), "warning"),
            no_update,
            no_update,
        )
    s = settings()
    repo = repository()
    try:
        staged = uploads.load_staged(repo.store.data_dir, staged_data.get("token"))
        done = uploads.import_staged(
            repo.store,
            staged,
            who=user.name,
            regions=repo.regions,
            framework=repo.framework,
            limits=_limits(),
            tolerance=s.SIMPLIFY_TOLERANCE,
            mode=mode if mode in ("merge", "replace") else "merge",
        )
    except ValidationError as exc:
        text = "; ".join(p.message(lang) for p in exc.report.errors[:5])
        return _alert(t("admin.import_rejected", lang, message=text)), no_update, no_update
    except DataError as exc:
        return (
            _alert(t("admin.import_rejected", lang, message=exc.message(lang))),
            no_update,
            no_update,
        )
    log.info(
        "import of %s by %s: %s version %s",
        staged.name,
        user.name,
        done.kind,
        done.manifest.version,
    )
    result = _alert(_import_text(staged.name, done, lang), "success")
    return result, {**staged_data, "imported": done.manifest.version}, done.manifest.version


def _import_text(name: str, done: uploads.ImportDone, lang: str) -> str:
    counts = done.counts
    if done.kind == "indicators":
        return t(
            "admin.imported_indicators",
            lang,
            file=name,
            version=done.manifest.version,
            added=fmt_number(counts.get("rows_added", 0), lang, 0),
            updated=fmt_number(counts.get("rows_updated", 0), lang, 0),
            unchanged=fmt_number(counts.get("rows_unchanged", 0), lang, 0),
        )
    return t(
        "admin.imported_boundaries",
        lang,
        file=name,
        version=done.manifest.version,
        level=_detail(str(counts.get("level", "")), lang),
        matched=fmt_number(counts.get("matched", 0), lang, 0),
        missing=fmt_number(len(counts.get("regions_without_geometry") or []), lang, 0),
    )


@callback(
    Output(REPORT_FILE, "data"),
    Input(REPORT_DOWNLOAD, "n_clicks"),
    State(STAGED, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def download_report(n_clicks, staged_data, lang):
    """The problem list of the file on screen as CSV (same columns as ``validate --report``)."""
    lang = lang_of(lang)
    if not has_role(ROLE) or not n_clicks or not isinstance(staged_data, dict):
        return no_update
    data_dir = repository().store.data_dir
    try:
        staged = uploads.load_staged(data_dir, staged_data.get("token"))
        rows = uploads.load_report_rows(data_dir, staged, lang)
    except DataError:
        return no_update
    stem = uploads.safe_filename(staged.name).rsplit(".", 1)[0]
    prefix = "laporan" if lang == "id" else "report"
    return {
        "content": uploads.report_csv(rows),
        "filename": f"{prefix}-{stem}.csv",
        "type": "text/csv",
    }


@callback(
    Output(ROLLBACK_MODAL, "is_open"),
    Output(ROLLBACK_QUESTION, "children"),
    Output(ROLLBACK_PENDING, "data"),
    Output(ROLLBACK_RESULT, "children"),
    Input(ROLLBACK_DATASET, "n_clicks"),
    Input(ROLLBACK_BOUNDARIES, "n_clicks"),
    Input(ROLLBACK_CANCEL, "n_clicks"),
    State(DATASET_GRID, "selectedRows"),
    State(BOUNDARY_GRID, "selectedRows"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def ask_rollback(_dataset, _boundaries, _cancel, dataset_rows, boundary_rows, lang):
    """Ask before switching versions: which version, which file, and what is active now."""
    lang = lang_of(lang)
    try:
        require_role(ROLE)
    except PermissionDenied:
        return False, None, None, _denied(lang)
    trigger = ctx.triggered_id
    if trigger not in (ROLLBACK_DATASET, ROLLBACK_BOUNDARIES):
        return False, no_update, None, no_update
    kind = "dataset" if trigger == ROLLBACK_DATASET else "boundaries"
    version = _selected_version(dataset_rows if kind == "dataset" else boundary_rows)
    if version is None:
        return False, no_update, None, _alert(t("admin.rollback_pick", lang), "info")
    versioned = getattr(repository().store, kind)
    current = versioned.current().version
    if version == current:
        return (
            False,
            no_update,
            None,
            _alert(t("admin.rollback_same", lang, version=version), "info"),
        )
    try:
        manifest = versioned.manifest(version)
    except DataError as exc:
        return False, no_update, None, _alert(exc.message(lang))
    question = t(
        "admin.rollback_question",
        lang,
        kind=_kind_name(kind, lang),
        version=version,
        file=manifest.source_file or "–",
        when=_when(manifest.created_at, lang),
        current=current if current is not None else "–",
    )
    return True, question, {"kind": kind, "version": version}, None


def _kind_name(kind: str, lang: str) -> str:
    return t("admin.kind_dataset" if kind == "dataset" else "admin.kind_boundaries_short", lang)


def _selected_version(rows) -> int | None:
    if isinstance(rows, list) and rows and isinstance(rows[0], dict):
        try:
            return int(rows[0].get("version"))
        except (TypeError, ValueError):
            return None
    return None


@callback(
    Output(ROLLBACK_MODAL, "is_open", allow_duplicate=True),
    Output(ROLLBACK_RESULT, "children", allow_duplicate=True),
    Output(ROLLBACK_DONE, "data"),
    Input(ROLLBACK_CONFIRM, "n_clicks"),
    State(ROLLBACK_PENDING, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def confirm_rollback(n_clicks, pending, lang):
    """Make the chosen version active again (nothing is deleted), as ``rollback N`` does."""
    lang = lang_of(lang)
    try:
        user = require_role(ROLE)
    except PermissionDenied:
        return False, _denied(lang), no_update
    if not n_clicks or not isinstance(pending, dict):
        return False, no_update, no_update
    kind = pending.get("kind")
    try:
        version = int(pending.get("version"))
    except (TypeError, ValueError):
        return False, no_update, no_update
    store = repository().store
    try:
        if kind == "dataset":
            from dashboard.data.imports.indicators import rollback

            previous = store.dataset.current().version
            manifest = rollback(store, version, who=user.name)
        elif kind == "boundaries":
            from dashboard.data.imports.boundaries import rollback_boundaries

            previous = store.boundaries.current().version
            manifest = rollback_boundaries(store, version, who=user.name)
        else:
            return False, no_update, no_update
    except DataError as exc:
        return False, _alert(exc.message(lang)), no_update
    log.info("rollback of %s to version %s by %s", kind, version, user.name)
    text = t(
        "admin.rolled_back",
        lang,
        kind=_kind_name(kind, lang),
        version=manifest.version,
        previous=previous if previous is not None else "–",
    )
    return False, _alert(text, "success"), f"{kind}:{version}:{datetime.now().timestamp()}"


@callback(
    Output(DATASET_GRID, "rowData"),
    Output(BOUNDARY_GRID, "rowData"),
    Output(AUDIT_GRID, "rowData"),
    Output(ACTIVE_BOUNDARY, "children"),
    Input(IMPORT_DONE, "data"),
    Input(ROLLBACK_DONE, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def refresh_tables(_imported, _rolled_back, lang):
    """Versions and audit log after an import or a rollback."""
    lang = lang_of(lang)
    if not has_role(ROLE):
        return no_update, no_update, no_update, no_update
    tables = _tables(lang)
    return tables["dataset"], tables["boundaries"], tables["audit"], tables["active_boundary"]
