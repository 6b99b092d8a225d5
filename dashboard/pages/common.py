"""Callbacks of the frame shared by all pages (language switch, collapsed navbar), and the
clientside callbacks every page with filters or a map registers the same way."""

from __future__ import annotations

from dash import Input, Output, State

from dashboard import ids
from dashboard.pages.callbacks import Callbacks

callbacks = Callbacks(needs_data=False)

# Switching language reloads the current page (layout and texts) with ?lang=... kept in the URL.
callbacks.clientside_callback(
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


@callbacks.callback(
    Output(ids.NAVBAR_COLLAPSE, "is_open"),
    Output(ids.NAVBAR_TOGGLER, "aria-expanded"),
    Input(ids.NAVBAR_TOGGLER, "n_clicks"),
    State(ids.NAVBAR_COLLAPSE, "is_open"),
    prevent_initial_call=True,
)
def toggle_navbar(n_clicks, is_open):
    """Open or close the menu on narrow screens (and say so to screen readers)."""
    return not is_open, "false" if is_open else "true"


register_callbacks = callbacks.register


def open_profile_on_click(
    page_callbacks: Callbacks, map_id: str, ranking_id: str | None = None
) -> None:
    """Clicking a region on a page's map (or its ranking) opens that region's profile."""
    inputs = [Input(map_id, "clickData")]
    if ranking_id is not None:
        inputs.append(Input(ranking_id, "clickData"))
    params = "mapClick, rankClick" if ranking_id is not None else "mapClick"
    second = "rankClick" if ranking_id is not None else "null"
    page_callbacks.clientside_callback(
        f"""
    function({params}) {{
        return window.kc.profileHref(dash_clientside.callback_context.triggered, mapClick, {second});
    }}
    """,
        Output(ids.URL, "href", allow_duplicate=True),
        *inputs,
        prevent_initial_call=True,
    )


def write_query_on_change(
    page_callbacks: Callbacks,
    store_id: str,
    keys: dict[str, Input],
    defaults_id: str,
    *,
    prevent_initial_call: bool = False,
) -> None:
    """A page's filters -> its URL (pushState, so back/forward work) without a re-render.

    ``keys``: query key -> the control property holding its value; values equal to the page's
    defaults (the ``data-defaults`` of ``defaults_id``) are left out of the URL.
    """
    names = [f"v{n}" for n in range(len(keys))]
    query = ", ".join(f"{key}: {name}" for key, name in zip(keys, names, strict=True))
    page_callbacks.clientside_callback(
        f"""
    function({", ".join(names)}) {{
        return window.kc.writeQuery({{{query}}}, "{defaults_id}");
    }}
    """,
        Output(store_id, "data"),
        *keys.values(),
        prevent_initial_call=prevent_initial_call,
    )
