"""Dataset and boundary versions of `/admin`, with rollback behind a confirmation.

A rollback makes a chosen version active again, as ``python -m dashboard rollback N`` does; nothing
is deleted. After an import or a rollback both version tables and the audit log are read again.
"""

from __future__ import annotations

import logging
from datetime import datetime

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, html, no_update

from dashboard import ids
from dashboard.data.errors import DataError
from dashboard.data.imports.boundaries import rollback_boundaries
from dashboard.data.imports.indicators import rollback
from dashboard.data.store.versions import Manifest
from dashboard.data.views.versions import versions_frame
from dashboard.i18n import fmt_number, t
from dashboard.pages.admin.audit import audit_rows
from dashboard.pages.admin.parts import (
    LEVELS,
    alert,
    card,
    column,
    detail,
    editor_only,
    kind_name,
    paged_grid,
    when,
)
from dashboard.pages.callbacks import Callbacks
from dashboard.security.auth import User
from dashboard.state import repository

log = logging.getLogger(__name__)
callbacks = Callbacks(needs_data=False)

ROLLBACK_KINDS = {
    ids.ADMIN_ROLLBACK_DATASET: "dataset",
    ids.ADMIN_ROLLBACK_BOUNDARIES: "boundaries",
}
ROLLBACKS = {"dataset": rollback, "boundaries": rollback_boundaries}


# ---------------------------------------------------------------------------- layout


def version_cards(lang: str) -> list:
    store = repository().store
    dataset = [
        _versions_grid(ids.ADMIN_DATASET_GRID, version_rows(store.dataset, lang), lang),
        _rollback_button(ids.ADMIN_ROLLBACK_DATASET, lang),
    ]
    boundaries = [
        html.P(active_boundary(lang), id=ids.ADMIN_ACTIVE_BOUNDARY, className="small"),
        _versions_grid(ids.ADMIN_BOUNDARY_GRID, version_rows(store.boundaries, lang), lang),
        _rollback_button(ids.ADMIN_ROLLBACK_BOUNDARIES, lang),
    ]
    return [
        dbc.Row(
            [
                dbc.Col(card(t("admin.versions_title", lang), dataset), xl=12),
                dbc.Col(card(t("admin.boundary_versions_title", lang), boundaries), xl=12),
            ],
            className="g-3",
        ),
        html.Div(id=ids.ADMIN_ROLLBACK_RESULT),
    ]


def _rollback_button(ident: str, lang: str) -> html.Div:
    icon = html.I(className="bi bi-arrow-counterclockwise me-1", **{"aria-hidden": "true"})
    return html.Div(
        [
            dbc.Button(
                [icon, t("admin.rollback_button", lang)],
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
        column("active", lang, width=90),
        column("version", lang, width=80, type="rightAligned"),
        column("time", lang, width=240),
        column("who", lang, width=100),
        column("file", lang, minWidth=160, flex=1, tooltipField="file"),
        column("rows", lang, width=100, type="rightAligned"),
        column("sha256", lang, label="sha", width=120),
        column("detail", lang, width=130),
    ]
    selection = {"mode": "singleRow", "checkboxes": True, "enableClickSelection": True}
    return paged_grid(
        ident,
        rows,
        columns,
        lang,
        name="admin-versions",
        options={"rowSelection": selection, "tooltipShowDelay": 300},
        getRowId="params.data.id",
    )


def rollback_modal(lang: str) -> dbc.Modal:
    buttons = [
        dbc.Button(
            t("admin.rollback_cancel", lang),
            id=ids.ADMIN_ROLLBACK_CANCEL,
            color="secondary",
            outline=True,
        ),
        dbc.Button(
            t("admin.rollback_confirm", lang), id=ids.ADMIN_ROLLBACK_CONFIRM, color="danger"
        ),
    ]
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(t("admin.rollback_title", lang))),
            dbc.ModalBody(id=ids.ADMIN_ROLLBACK_QUESTION),
            dbc.ModalFooter(buttons),
        ],
        id=ids.ADMIN_ROLLBACK_MODAL,
        is_open=False,
        backdrop="static",
    )


# ---------------------------------------------------------------------------- table rows


def version_rows(versioned, lang: str) -> list[dict]:
    """Every version of a store (dataset or boundaries) as grid rows, the active one marked."""
    frame = versions_frame(versioned.manifests(), versioned.current().version)
    return [
        {
            "id": str(r["version"]),
            "version": int(r["version"]),
            "active": t("admin.active_mark", lang) if r["active"] else "",
            "time": when(r["created_at"], lang),
            "kind": r["kind"],
            "who": r["who"],
            "file": r["file"],
            "rows": _count(r["rows"], lang),
            "sha256": r["sha256"],
            "detail": detail(r["detail"], lang),
        }
        for r in frame.to_dict("records")
    ]


def _count(value, lang: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return fmt_number(value, lang, 0)


def active_boundary(lang: str) -> str:
    """Which boundary version the maps use, and its levels."""
    versioned = repository().store.boundaries
    current = versioned.current().version
    if current is None:
        return t("admin.active_boundary_none", lang)
    levels = versioned.manifest(current).info.get("levels", {})
    names = ", ".join(t(f"admin.level_{level}", lang) for level in LEVELS if level in levels)
    return t("admin.active_boundary", lang, version=current, levels=names or "–")


# ---------------------------------------------------------------------------- callbacks


@callbacks.callback(
    Output(ids.ADMIN_ROLLBACK_MODAL, "is_open"),
    Output(ids.ADMIN_ROLLBACK_QUESTION, "children"),
    Output(ids.ADMIN_ROLLBACK_PENDING, "data"),
    Output(ids.ADMIN_ROLLBACK_RESULT, "children"),
    Input(ids.ADMIN_ROLLBACK_DATASET, "n_clicks"),
    Input(ids.ADMIN_ROLLBACK_BOUNDARIES, "n_clicks"),
    Input(ids.ADMIN_ROLLBACK_CANCEL, "n_clicks"),
    State(ids.ADMIN_DATASET_GRID, "selectedRows"),
    State(ids.ADMIN_BOUNDARY_GRID, "selectedRows"),
    State(ids.ADMIN_LANG_STORE, "data"),
    prevent_initial_call=True,
)
@editor_only(lambda refusal: (False, None, None, refusal))
def ask_rollback(_dataset, _boundaries, _cancel, dataset_rows, boundary_rows, lang, *, user: User):
    """Ask before switching versions: which version, which file, and what is active now."""
    kind = ROLLBACK_KINDS.get(ctx.triggered_id)
    if kind is None:  # cancelled
        return False, no_update, None, no_update
    version = _selected_version(dataset_rows if kind == "dataset" else boundary_rows)
    if version is None:
        return False, no_update, None, alert(t("admin.rollback_pick", lang), "info")
    versioned = getattr(repository().store, kind)
    current = versioned.current().version
    if version == current:
        return (
            False,
            no_update,
            None,
            alert(t("admin.rollback_same", lang, version=version), "info"),
        )
    try:
        manifest = versioned.manifest(version)
    except DataError as exc:
        return False, no_update, None, alert(exc.message(lang))
    question = _rollback_question(kind, version, manifest, current, lang)
    return True, question, {"kind": kind, "version": version}, None


def _selected_version(rows) -> int | None:
    if isinstance(rows, list) and rows and isinstance(rows[0], dict):
        try:
            return int(rows[0].get("version"))
        except (TypeError, ValueError):
            return None
    return None


def _rollback_question(
    kind: str, version: int, manifest: Manifest, current: int | None, lang: str
) -> str:
    return t(
        "admin.rollback_question",
        lang,
        kind=kind_name(kind, lang),
        version=version,
        file=manifest.source_file or "–",
        when=when(manifest.created_at, lang),
        current=current if current is not None else "–",
    )


@callbacks.callback(
    Output(ids.ADMIN_ROLLBACK_MODAL, "is_open", allow_duplicate=True),
    Output(ids.ADMIN_ROLLBACK_RESULT, "children", allow_duplicate=True),
    Output(ids.ADMIN_ROLLBACK_DONE, "data"),
    Input(ids.ADMIN_ROLLBACK_CONFIRM, "n_clicks"),
    State(ids.ADMIN_ROLLBACK_PENDING, "data"),
    State(ids.ADMIN_LANG_STORE, "data"),
    prevent_initial_call=True,
)
@editor_only(lambda refusal: (False, refusal, no_update))
def confirm_rollback(n_clicks, pending, lang, *, user: User):
    """Make the chosen version active again (nothing is deleted), as ``rollback N`` does."""
    if not n_clicks or not isinstance(pending, dict) or pending.get("kind") not in ROLLBACKS:
        return False, no_update, no_update
    kind = pending["kind"]
    try:
        version = int(pending.get("version"))
    except (TypeError, ValueError):
        return False, no_update, no_update
    store = repository().store
    try:
        previous = getattr(store, kind).current().version
        manifest = ROLLBACKS[kind](store, version, who=user.name)
    except DataError as exc:
        return False, alert(exc.message(lang)), no_update
    log.info("rollback of %s to version %s by %s", kind, version, user.name)
    text = t(
        "admin.rolled_back",
        lang,
        kind=kind_name(kind, lang),
        version=manifest.version,
        previous=previous if previous is not None else "–",
    )
    return False, alert(text, "success"), f"{kind}:{version}:{datetime.now().timestamp()}"


@callbacks.callback(
    Output(ids.ADMIN_DATASET_GRID, "rowData"),
    Output(ids.ADMIN_BOUNDARY_GRID, "rowData"),
    Output(ids.ADMIN_AUDIT_GRID, "rowData"),
    Output(ids.ADMIN_ACTIVE_BOUNDARY, "children"),
    Input(ids.ADMIN_IMPORT_DONE, "data"),
    Input(ids.ADMIN_ROLLBACK_DONE, "data"),
    State(ids.ADMIN_LANG_STORE, "data"),
    prevent_initial_call=True,
)
@editor_only(lambda _refusal: (no_update,) * 4)
def refresh_tables(_imported, _rolled_back, lang, *, user: User):
    """Versions and audit log after an import or a rollback."""
    store = repository().store
    return (
        version_rows(store.dataset, lang),
        version_rows(store.boundaries, lang),
        audit_rows(lang),
        active_boundary(lang),
    )
