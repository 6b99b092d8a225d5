"""The alert rules on `/admin`: the rules file in a text area, checked and saved by admins only.

Check shows every problem (file, rule, field, reason) without writing; Save validates the same way
and writes the file atomically only when it is valid, with a line in the audit log. The role is
checked again in each callback, so a direct POST cannot do what the page would not show; the CSRF
token travels with every callback as for the rest of the page.
"""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html, no_update

from dashboard import ids
from dashboard.data.alerts.rules import RulesError
from dashboard.i18n import t
from dashboard.pages.admin.parts import card
from dashboard.pages.callbacks import Callbacks
from dashboard.security.auth import PermissionDenied, require_role
from dashboard.state import lang_of, repository

log = logging.getLogger(__name__)
callbacks = Callbacks()
ROLE = "admin"


def alerts_card(lang: str) -> dbc.Card:
    """The rules in use, editable (shown to admins only)."""
    current = repository().alerts.source.current()
    body = [
        html.P(t("alerts.admin_help", lang), className="small text-body-secondary"),
        dbc.Label(
            t("alerts.admin_editor_label", lang),
            html_for=ids.ADMIN_ALERTS_TEXT,
            className="small fw-semibold",
        ),
        dbc.Textarea(
            id=ids.ADMIN_ALERTS_TEXT,
            value=current.text,
            rows=18,
            spellCheck=False,
            className="font-monospace small",
        ),
        html.Div(
            [
                dbc.Button(
                    t("alerts.admin_check", lang),
                    id=ids.ADMIN_ALERTS_CHECK,
                    color="outline-primary",
                    size="sm",
                ),
                dbc.Button(
                    t("alerts.admin_save", lang),
                    id=ids.ADMIN_ALERTS_SAVE,
                    color="primary",
                    size="sm",
                ),
            ],
            className="d-flex gap-2 mt-2",
        ),
        html.Div(_state_note(current, lang), id=ids.ADMIN_ALERTS_RESULT, className="mt-2"),
    ]
    return card(t("alerts.admin_title", lang), body, extra_class="mt-3")


def _state_note(current, lang: str):
    if current.problem:
        return dbc.Alert(t("alerts.rules_problem", lang, problem=current.problem),
                         color="danger", className="small mb-0")  # fmt: skip
    return html.Div(
        t("alerts.rules_version", lang, digest=current.digest or "–", n=len(current.rules), ms="–"),
        className="small text-body-secondary",
    )


def _problems(exc: RulesError, lang: str) -> dbc.Alert:
    return dbc.Alert(
        [
            html.Strong(t("alerts.admin_invalid", lang)),
            html.Ul([html.Li(m) for m in exc.messages(lang)], className="mb-0 small"),
        ],
        color="danger",
        className="mb-0",
    )


def _refused(lang: str) -> dbc.Alert:
    return dbc.Alert(t("alerts.admin_only", lang), color="warning", className="mb-0")


@callbacks.callback(
    Output(ids.ADMIN_ALERTS_RESULT, "children"),
    Input(ids.ADMIN_ALERTS_CHECK, "n_clicks"),
    State(ids.ADMIN_ALERTS_TEXT, "value"),
    State(ids.ADMIN_LANG_STORE, "data"),
    prevent_initial_call=True,
)
def check_rules(_clicks, text, lang):
    """Validate the text area without writing anything."""
    lang = lang_of(lang)
    try:
        require_role(ROLE)
    except PermissionDenied:
        return _refused(lang)
    try:
        rules = repository().alerts.source.parse(str(text or ""))
    except RulesError as exc:
        return _problems(exc, lang)
    return dbc.Alert(t("alerts.admin_ok", lang, n=len(rules)), color="success", className="mb-0")


@callbacks.callback(
    Output(ids.ADMIN_ALERTS_RESULT, "children", allow_duplicate=True),
    Output(ids.ADMIN_ALERTS_TEXT, "value"),
    Input(ids.ADMIN_ALERTS_SAVE, "n_clicks"),
    State(ids.ADMIN_ALERTS_TEXT, "value"),
    State(ids.ADMIN_LANG_STORE, "data"),
    prevent_initial_call=True,
)
def save_rules(_clicks, text, lang):
    """Validate and save (atomically, audited); a rejected text changes nothing."""
    lang = lang_of(lang)
    try:
        user = require_role(ROLE)
    except PermissionDenied:
        return _refused(lang), no_update
    source = repository().alerts.source
    try:
        saved = source.save(str(text or ""), who=user.name)
    except RulesError as exc:
        return _problems(exc, lang), no_update
    log.info("alert rules saved by %s: %d rules, version %s", user.name, len(saved.rules),
             saved.digest)  # fmt: skip
    message = t("alerts.admin_saved", lang, n=len(saved.rules), digest=saved.digest)
    return dbc.Alert(message, color="success", className="mb-0"), saved.text
