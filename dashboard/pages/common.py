"""Callbacks of the frame shared by all pages: language switch and the collapsed navbar."""

from __future__ import annotations

from dash import Input, Output, State, callback, clientside_callback

from dashboard import ids

# Switching language reloads the current page (layout and texts) with ?lang=... kept in the URL.
clientside_callback(
    """
    function(lang) {
        var current = new URLSearchParams(window.location.search).get("lang") || "id";
        if (!lang || lang === current) { return window.dash_clientside.no_update; }
        return window.kc.langHref(lang);
    }
    """,
    Output(ids.URL, "href"),
    Input(ids.LANG_SELECT, "value"),
    prevent_initial_call=True,
)


@callback(
    Output("navbar-collapse", "is_open"),
    Input("navbar-toggler", "n_clicks"),
    State("navbar-collapse", "is_open"),
    prevent_initial_call=True,
)
def toggle_navbar(n_clicks, is_open):
    """Open or close the menu on narrow screens."""
    return not is_open
