"""Friendly not-found page for unknown paths (never an error)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.i18n import t
from dashboard.pages.frame import page_frame
from dashboard.state import href, lang_of, settings, snapshot

dash.register_page(__name__, path="/404", title="Kota Cerdas Command Center")


def layout(lang=None, **_query) -> html.Div:
    lang = lang_of(lang)
    snap = snapshot()
    return page_frame(
        dbc.Alert(
            [
                html.H1(t("common.not_found_title", lang), className="h4"),
                html.P(t("common.not_found_text", lang)),
                dbc.Button(t("common.back_home", lang), href=href("/", lang), color="primary"),
            ],
            color="light",
            className="mt-4",
        ),
        lang=lang,
        active="",
        home=settings().HOME_REGION,
        version=snap.version,
        framework_version=snap.framework.version,
    )
