"""Data management `/admin`: upload, validation report, import, versions with rollback, audit log.

Editors and admins only. The page checks the role when it is rendered and every callback checks it
again on the server (``parts.editor_only``), so a direct POST to ``/_dash-update-component`` cannot
do what the page would not show. Uploads go through :mod:`dashboard.data.imports.uploads`, which
uses the CLI's validation and import functions. Every id starts with ``admin-`` (the request guard
refuses those callbacks to anyone below editor).

Sections: :mod:`.upload` (steps 1, 2 and 4), :mod:`.report` (step 3), :mod:`.versions` (versions
and rollback), :mod:`.audit`, :mod:`.alerts` (the alert rules, admins only);
``register_callbacks`` attaches their callbacks to an app.
"""

from __future__ import annotations

from urllib.parse import quote

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids
from dashboard.i18n import t
from dashboard.pages.admin import alerts, audit, report, upload, versions
from dashboard.pages.admin.parts import ROLE
from dashboard.pages.frame import page_frame
from dashboard.security.auth import current_user, has_role, require_role
from dashboard.state import href, lang_of, settings, snapshot

dash.register_page(__name__, path="/admin", name="admin", title="Kelola data · Kota Cerdas")


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
    login = dbc.Button(
        t("admin.login_button", lang), href=_login_href(lang), external_link=True, color="primary"
    )
    return dbc.Alert(
        [html.H1(t("admin.login_required_title", lang), className="h4"), html.P(text), login],
        color="light",
        className="mt-4",
    )


def _login_href(lang: str) -> str:
    target = "/login?next=" + quote(href("/admin", lang), safe="")
    return target + "&lang=en" if lang == "en" else target


def _workspace(lang: str) -> list:
    return [
        *_stores(lang),
        _heading(lang),
        html.P(t("admin.subtitle", lang), className="text-body-secondary mb-3"),
        dbc.Row(
            [
                dbc.Col([upload.choose_card(lang), upload.upload_card(lang)], lg=4),
                dbc.Col([report.report_card(lang), upload.import_card(lang)], lg=8),
            ],
            className="g-3 mb-3",
        ),
        *versions.version_cards(lang),
        audit.audit_card(lang),
        alerts.alerts_card(lang) if has_role(alerts.ROLE) else None,
        versions.rollback_modal(lang),
    ]


def _stores(lang: str) -> list:
    """What the callbacks pass on: language, the file on screen, what was imported or restored."""
    return [
        dcc.Store(id=ids.ADMIN_LANG_STORE, data=lang),
        dcc.Store(id=ids.ADMIN_STAGED),
        dcc.Store(id=ids.ADMIN_IMPORT_DONE),
        dcc.Store(id=ids.ADMIN_ROLLBACK_DONE),
        dcc.Store(id=ids.ADMIN_ROLLBACK_PENDING),
        dcc.Download(id=ids.ADMIN_REPORT_FILE),
    ]


def _heading(lang: str) -> html.Div:
    user = require_role(ROLE)
    return html.Div(
        [
            html.H1(t("admin.title", lang), className="h3 mb-0 me-3"),
            html.Span(
                t("admin.signed_in_as", lang, name=user.name, role=user.role),
                className="badge text-bg-light border",
            ),
        ],
        className="d-flex flex-wrap align-items-center gap-2 mb-1",
    )


def register_callbacks(app: dash.Dash) -> None:
    """The sections' callbacks (upload, report, versions) on ``app``."""
    for section in (upload, report, versions, alerts):
        section.callbacks.register(app)
