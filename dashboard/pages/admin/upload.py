"""Steps 1, 2 and 4 of `/admin`: choose the kind of file, upload and check it, import it.

The checks and the import are :mod:`dashboard.data.imports.uploads`, the same code as
``python -m dashboard validate`` / ``import``; the import button follows the file on screen and is
enabled only after a clean check of it.
"""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update

from dashboard import ids
from dashboard.data.errors import DataError, ValidationError
from dashboard.data.imports import isolated, uploads
from dashboard.data.imports.tables import ImportLimits
from dashboard.i18n import fmt_number, t
from dashboard.pages.admin.parts import LEVELS, alert, card, detail, editor_only
from dashboard.pages.admin.report import counts_row, problem_rows, summary
from dashboard.pages.callbacks import Callbacks
from dashboard.security import limits as rate_limits
from dashboard.security.auth import User
from dashboard.state import lang_of, repository, settings

log = logging.getLogger(__name__)
callbacks = Callbacks(needs_data=False)

MODES = ("merge", "replace")
UPLOAD_STYLE = {
    "border": "2px dashed #8da2b5",
    "background": "#fff",
    "cursor": "pointer",
    "minHeight": "8rem",
}
KEEP_REPORT = (no_update,) * 5  # summary, counts, problems, staged file, import result
# validate_upload then sets: BPS indicator list hidden, its value, the upload note (always last)


# ---------------------------------------------------------------------------- layout


def choose_card(lang: str) -> dbc.Card:
    return card(
        t("admin.step1", lang),
        [*_kind_choice(lang), _indicator_options(lang), _boundary_options(lang)],
    )


def _label(key: str, target: str, lang: str) -> dbc.Label:
    return dbc.Label(t(key, lang), html_for=target, className="fw-semibold small")


def _kind_choice(lang: str) -> list:
    return [
        _label("admin.kind_label", ids.ADMIN_KIND, lang),
        dbc.RadioItems(
            id=ids.ADMIN_KIND,
            options=[
                {"label": t(f"admin.kind_{kind}", lang), "value": kind} for kind in uploads.KINDS
            ],
            value="indicators",
            className="mb-3",
        ),
    ]


def _indicator_options(lang: str) -> html.Div:
    return html.Div(
        [
            _label("admin.mode_label", ids.ADMIN_MODE, lang),
            dbc.RadioItems(
                id=ids.ADMIN_MODE,
                options=[{"label": t(f"admin.mode_{mode}", lang), "value": mode} for mode in MODES],
                value="merge",
                className="mb-3",
            ),
            _label("admin.sheet_label", ids.ADMIN_SHEET, lang),
            dbc.Input(
                id=ids.ADMIN_SHEET,
                type="text",
                placeholder=t("admin.sheet_placeholder", lang),
                maxLength=100,
                autocomplete="off",
                size="sm",
            ),
        ],
        id=ids.ADMIN_INDICATOR_OPTIONS,
    )


def _boundary_options(lang: str) -> html.Div:
    return html.Div(
        [
            _label("admin.level_label", ids.ADMIN_LEVEL, lang),
            dbc.Select(
                id=ids.ADMIN_LEVEL,
                options=[{"label": t(f"admin.level_{lv}", lang), "value": lv} for lv in LEVELS],
                value="regency",
                size="sm",
            ),
        ],
        id=ids.ADMIN_BOUNDARY_OPTIONS,
        hidden=True,
    )


def upload_card(lang: str) -> dbc.Card:
    return card(
        t("admin.step2", lang),
        [
            _upload_area(lang),
            html.Div(
                _upload_hint("indicators", lang), id=ids.ADMIN_UPLOAD_HINT, className="form-text"
            ),
            html.Div(id=ids.ADMIN_UPLOAD_NOTE, className="mt-2", role="alert"),
            _bps_options(lang),
        ],
    )


def _bps_options(lang: str) -> html.Div:
    """The indicator of a BPS table export: shown once the uploaded file is one."""
    framework = repository().framework
    options = [{"label": t("bps.admin_choose", lang), "value": ""}]
    options += [
        {"label": f"{i.id} · {i.name_id if lang == 'id' else i.name_en}", "value": i.id}
        for i in framework.indicators
    ]
    return html.Div(
        [
            _label("bps.admin_label", ids.ADMIN_BPS_INDICATOR, lang),
            dbc.Select(id=ids.ADMIN_BPS_INDICATOR, options=options, value="", size="sm"),
            html.Div(t("bps.admin_help", lang), className="form-text"),
        ],
        id=ids.ADMIN_BPS_OPTIONS,
        className="mt-3",
        hidden=True,
    )


def _upload_area(lang: str) -> html.Div:
    """The drop zone; its holder tells assets/40-admin.js the size limit and the refusal text."""
    max_bytes = settings().max_upload_bytes
    prompt = [
        html.I(className="bi bi-cloud-arrow-up fs-2 d-block", **{"aria-hidden": "true"}),
        t("admin.upload_prompt", lang) + " ",
        html.Span(t("admin.upload_choose", lang), className="link-primary"),
    ]
    return html.Div(
        dcc.Upload(
            id=ids.ADMIN_UPLOAD,
            children=html.Div(prompt),
            max_size=max_bytes,
            multiple=False,
            className="admin-upload text-center p-4 rounded",
            style=UPLOAD_STYLE,
            style_active={**UPLOAD_STYLE, "borderStyle": "solid", "background": "#eef6ff"},
            style_reject={**UPLOAD_STYLE, "borderColor": "#b02a37"},
        ),
        id=ids.ADMIN_UPLOAD_HOLDER,
        **{
            "data-max-bytes": str(max_bytes),
            "data-too-large": t("admin.too_large", lang),
            "data-lang": lang,
            # the name of the upload's file input, the keyboard's way in (assets/15-a11y.js)
            "data-control-label": t("admin.upload_prompt", lang)
            + " "
            + t("admin.upload_choose", lang),
        },
    )


def _upload_hint(kind: str, lang: str) -> str:
    max_mb = settings().MAX_UPLOAD_MB
    return t(f"admin.upload_hint_{kind}", lang, max_mb=fmt_number(max_mb, lang, 0))


def import_card(lang: str) -> dbc.Card:
    return card(
        t("admin.step4", lang),
        [
            dbc.Button(
                [
                    html.I(className="bi bi-box-arrow-in-down me-1", **{"aria-hidden": "true"}),
                    t("admin.import_button", lang),
                ],
                id=ids.ADMIN_IMPORT_BUTTON,
                color="primary",
                disabled=True,
            ),
            html.Div(t("admin.import_help", lang), className="form-text"),
            dcc.Loading(html.Div(id=ids.ADMIN_IMPORT_RESULT, className="mt-2"), type="default"),
        ],
    )


# ---------------------------------------------------------------------------- callbacks


@callbacks.callback(
    Output(ids.ADMIN_INDICATOR_OPTIONS, "hidden"),
    Output(ids.ADMIN_BOUNDARY_OPTIONS, "hidden"),
    Output(ids.ADMIN_UPLOAD_HINT, "children"),
    Input(ids.ADMIN_KIND, "value"),
    State(ids.ADMIN_LANG_STORE, "data"),
    prevent_initial_call=True,
)
def show_options_for_kind(kind, lang):
    """Indicator files take a mode and a sheet; boundary files take a level."""
    lang = lang_of(lang)
    kind = kind if kind in uploads.KINDS else "indicators"
    return kind != "indicators", kind != "boundaries", _upload_hint(kind, lang)


@callbacks.callback(
    Output(ids.ADMIN_SUMMARY, "children"),
    Output(ids.ADMIN_COUNTS, "children"),
    Output(ids.ADMIN_PROBLEMS, "rowData"),
    Output(ids.ADMIN_STAGED, "data"),
    Output(ids.ADMIN_IMPORT_RESULT, "children"),
    Output(ids.ADMIN_BPS_OPTIONS, "hidden"),
    Output(ids.ADMIN_BPS_INDICATOR, "value"),
    Output(ids.ADMIN_UPLOAD_NOTE, "children"),
    Input(ids.ADMIN_UPLOAD, "contents"),
    Input(ids.ADMIN_BPS_INDICATOR, "value"),
    State(ids.ADMIN_UPLOAD, "filename"),
    State(ids.ADMIN_KIND, "value"),
    State(ids.ADMIN_LEVEL, "value"),
    State(ids.ADMIN_SHEET, "value"),
    State(ids.ADMIN_LANG_STORE, "data"),
    prevent_initial_call=True,
)
@editor_only(lambda refusal: (*KEEP_REPORT, no_update, no_update, refusal))
def validate_upload(contents, indicator, filename, kind, level, sheet, lang, *, user: User):
    """Stage the uploaded file and run the CLI's validation on it; show the full report.

    Choosing the indicator of a BPS table export checks the file on screen again with it; a new
    file starts without one (an indicator chosen for the last table never carries over).
    """
    if contents is None:
        return (*KEEP_REPORT, no_update, no_update, None)
    if (limited := _rate_limited(lang)) is not None:
        return (*KEEP_REPORT, no_update, no_update, limited)
    new_file = ctx.triggered_id != ids.ADMIN_BPS_INDICATOR
    if new_file or not isinstance(indicator, str):
        indicator = None
    repo = repository()
    kind = kind if kind in uploads.KINDS else "indicators"
    level = level if level in LEVELS else "regency"
    try:
        staged = uploads.stage_upload(
            repo.store.data_dir,
            contents,
            filename,
            who=user.name,
            kind=kind,
            level=level,
            sheet=sheet,
            indicator=indicator,
        )
    except DataError as exc:
        return (*KEEP_REPORT, no_update, no_update, alert(exc.message(lang)))
    s = settings()
    staged = isolated.validate_isolated(  # a separate process: a bomb cannot take this worker
        repo.store.data_dir,
        staged,
        limits=_limits(),
        tolerance=s.SIMPLIFY_TOLERANCE,
        memory_mb=s.IMPORT_MEMORY_MB,
        timeout_s=s.IMPORT_TIMEOUT_S,
    )
    errors = staged.counts.get("errors", 0)
    log.info("upload %s by %s validated: %s errors", staged.name, user.name, errors)
    rows = uploads.load_report_rows(repo.store.data_dir, staged, lang)
    return (
        summary(staged.name, staged.counts, bool(staged.ok), lang),
        counts_row(staged.kind, staged.counts, lang),
        problem_rows(rows, lang),
        {"token": staged.token, "name": staged.name, "kind": staged.kind, "ok": staged.ok},
        None,
        not any(str(row.get("code", "")).startswith("bps.") for row in rows),
        "" if new_file else no_update,
        None,
    )


# The import button and the report download follow the file on screen.
callbacks.clientside_callback(
    """
    function(staged) {
        var ready = !!(staged && staged.ok && !staged.imported);
        return [!ready, !(staged && staged.token)];
    }
    """,
    Output(ids.ADMIN_IMPORT_BUTTON, "disabled"),
    Output(ids.ADMIN_REPORT_DOWNLOAD, "disabled"),
    Input(ids.ADMIN_STAGED, "data"),
)


@callbacks.callback(
    Output(ids.ADMIN_IMPORT_RESULT, "children", allow_duplicate=True),
    Output(ids.ADMIN_STAGED, "data", allow_duplicate=True),
    Output(ids.ADMIN_IMPORT_DONE, "data"),
    Input(ids.ADMIN_IMPORT_BUTTON, "n_clicks"),
    State(ids.ADMIN_STAGED, "data"),
    State(ids.ADMIN_MODE, "value"),
    State(ids.ADMIN_LANG_STORE, "data"),
    prevent_initial_call=True,
)
@editor_only(lambda refusal: (refusal, no_update, no_update))
def import_staged_file(n_clicks, staged_data, mode, lang, *, user: User):
    """Import the validated file as a new version, recorded under the logged-in user's name."""
    if not n_clicks or not isinstance(staged_data, dict):
        return no_update, no_update, no_update
    if (limited := _rate_limited(lang)) is not None:
        return limited, no_update, no_update
    repo = repository()
    try:
        staged = uploads.load_staged(repo.store.data_dir, staged_data.get("token"))
        s = settings()
        done = isolated.import_isolated(
            repo.store,
            staged,
            who=user.name,
            limits=_limits(),
            tolerance=s.SIMPLIFY_TOLERANCE,
            mode=mode if mode in MODES else "merge",
            memory_mb=s.IMPORT_MEMORY_MB,
            timeout_s=s.IMPORT_TIMEOUT_S,
        )
    except DataError as exc:
        return (
            alert(t("admin.import_rejected", lang, message=_reasons(exc, lang))),
            no_update,
            no_update,
        )
    version = done.manifest.version
    log.info("import of %s by %s: %s version %s", staged.name, user.name, done.kind, version)
    result = alert(_import_text(staged.name, done, lang), "success")
    return result, {**staged_data, "imported": version}, version


def _rate_limited(lang: str) -> dbc.Alert | None:
    """The friendly refusal once this address has uploaded too often, else None (and counted)."""
    if rate_limits.hit("upload"):
        return None
    seconds = rate_limits.retry_after("upload")
    return alert(t("admin.rate_limited", lang, seconds=seconds), "warning")


def _limits() -> ImportLimits:
    return ImportLimits.from_settings(settings())


def _reasons(exc: DataError, lang: str) -> str:
    """Why an import was refused: the first five problems of a failed check, or the error."""
    if isinstance(exc, ValidationError):
        return "; ".join(p.message(lang) for p in exc.report.errors[:5])
    return exc.message(lang)


def _import_text(name: str, done: uploads.ImportDone, lang: str) -> str:
    counts = done.counts
    if done.kind in ("targets", "events"):
        return t(
            f"admin.imported_{done.kind}",
            lang,
            file=name,
            version=done.manifest.version,
            n=fmt_number(counts.get("rows_in_file", 0), lang, 0),
        )
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
        level=detail(str(counts.get("level", "")), lang),
        matched=fmt_number(counts.get("matched", 0), lang, 0),
        missing=fmt_number(len(counts.get("regions_without_geometry") or []), lang, 0),
    )
