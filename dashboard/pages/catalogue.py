"""Indicator catalogue `/indikator`: every indicator's definition, unit, source and coverage.

Choosing a row (URL ``?indikator=<id>``) shows that indicator's tile map, distribution and details.
"""

from __future__ import annotations

import json

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.charts import maps
from dashboard.charts.query import CATALOGUE_KEYS, defaults, resolve
from dashboard.charts.registry import chart_figure, charts_on
from dashboard.charts.text import chart_text
from dashboard.components.chart_text import summary_id, title_id
from dashboard.components.controls import labelled, note
from dashboard.components.export_menu import titled_card
from dashboard.components.shell import synthetic_badge
from dashboard.data.views.catalogue import catalogue_table
from dashboard.data.views.measures import measure_values, shows_synthetic
from dashboard.i18n import t
from dashboard.pages.callbacks import Callbacks
from dashboard.pages.catalogue_parts import indicator_detail, indicator_grid
from dashboard.pages.common import open_profile_on_click, write_query_on_change
from dashboard.pages.frame import chart_menu, chart_with_text, needs_data, page_frame
from dashboard.state import lang_of, settings, snapshot

dash.register_page(
    __name__, path="/indikator", name="catalogue", title="Katalog indikator · Kota Cerdas"
)
callbacks = Callbacks()

LANG_STORE = "catalogue-lang"
SELECTED = "catalogue-selected"  # dcc.Store: the indicator on screen (skips repeated selections)
DEFAULTS = "catalogue-defaults"
URL_STATE = "catalogue-url-state"
BADGE = "catalogue-badge-holder"
ALERT = "catalogue-alert"
MAP_TITLE = "catalogue-map-title"
DISTRIBUTION_TITLE = "catalogue-distribution-title"
PAGE = "/indikator"
TEXT_CHARTS = ("peta-indikator", "sebaran-indikator")


@needs_data("catalogue")
def layout(lang=None, indikator=None, **_other) -> html.Div:
    lang = lang_of(lang)
    snap = snapshot()
    home = settings().HOME_REGION
    table = catalogue_table(snap)
    q = resolve(snap, CATALOGUE_KEYS, {"indikator": indikator}, home=home)
    chosen = q["indikator"]
    panels = _panels(snap, chosen, lang, home)
    menus = {
        name: chart_menu(name, lang=lang, resolved=q.values, seen={"indikator": indikator})
        for name in charts_on(PAGE)
    }
    notes = []
    if not q.ok("indikator"):
        notes.append(
            dbc.Alert(
                t("catalogue.unknown_indicator", lang, indicator=indikator),
                color="info",
                className="mb-3",
            )
        )
    body = [
        dcc.Store(id=LANG_STORE, data=lang),
        dcc.Store(id=SELECTED, data=chosen),
        dcc.Store(id=URL_STATE),
        html.Div(
            id=DEFAULTS,
            hidden=True,
            **{"data-defaults": json.dumps(defaults(snap, CATALOGUE_KEYS, home=home))},
        ),
        html.Div(
            [
                html.H1(t("catalogue.title", lang), className="h3 mb-0 me-3"),
                html.Div(panels["badge"], id=BADGE),
            ],
            className="d-flex flex-wrap align-items-center gap-2 mb-1",
        ),
        html.P(
            t("catalogue.subtitle", lang, n=len(table), version=snap.framework.version),
            className="text-body-secondary mb-3",
        ),
        *notes,
        _grid_card(snap, table, chosen, lang),
        html.Div(panels["alert"], id=ALERT),
        _charts(panels, menus, lang),
    ]
    return page_frame(
        *body,
        lang=lang,
        active="catalogue",
        home=home,
        version=snap.version,
        framework_version=snap.framework.version,
    )


def _grid_card(snap, table, chosen: str, lang: str) -> dbc.Card:
    """The searchable grid of every indicator, the chosen one selected."""
    search = dbc.Input(
        id=ids.CATALOGUE_SEARCH,
        type="search",
        placeholder=t("catalogue.search_placeholder", lang),
        autocomplete="off",
    )
    control = labelled(
        t("catalogue.search", lang),
        search,
        control_id=ids.CATALOGUE_SEARCH,
        width={"xs": 12, "md": 6, "lg": 4},
    )
    return titled_card(
        t("catalogue.grid_title", lang),
        [dbc.Row(control, className="mb-2"), indicator_grid(snap, table, chosen, lang)],
        class_name="shadow-sm mb-3",
    )


def _charts(panels: dict, menus: dict, lang: str) -> dbc.Row:
    """The chosen indicator's map, details and distribution."""
    figure = dcc.Graph(
        id=ids.CATALOGUE_MAP,
        figure=panels["map"],
        config=maps.graph_config("peta-indikator"),
        className="readiness-map",
        responsive=True,
    )
    distribution = dcc.Graph(
        id=ids.CATALOGUE_DISTRIBUTION,
        figure=panels["distribution"],
        config=maps.graph_config("sebaran-indikator"),
        className="distribution-chart",
    )
    figure, distribution = (
        chart_with_text(name, graph, lang=lang, values=panels["query"], text=panels["texts"][name])
        for name, graph in zip(TEXT_CHARTS, (figure, distribution), strict=True)
    )
    detail = html.Div(panels["detail"], id=ids.CATALOGUE_DETAIL)
    return dbc.Row(
        [
            dbc.Col(
                titled_card(
                    panels["map_title"],
                    [figure, note(t("catalogue.click_hint", lang))],
                    title_id=MAP_TITLE,
                    menu=menus["peta-indikator"],
                    class_name="shadow-sm",
                ),
                lg=7,
            ),
            dbc.Col(
                [
                    titled_card(
                        t("catalogue.detail_title", lang), detail, class_name="shadow-sm mb-3"
                    ),
                    titled_card(
                        panels["distribution_title"],
                        distribution,
                        title_id=DISTRIBUTION_TITLE,
                        menu=menus["sebaran-indikator"],
                        class_name="shadow-sm",
                    ),
                ],
                lg=5,
            ),
        ],
        className="g-3",
    )


def _panels(snap, indicator_id: str, lang: str, home: str) -> dict:
    """Map, distribution and details of one indicator in its latest year (layout and callback)."""
    table = catalogue_table(snap).set_index("id")
    info = table.loc[indicator_id]
    ind = snap.framework.indicator(indicator_id)
    latest = None if info["latest"] is None or pd.isna(info["latest"]) else int(info["latest"])
    year = latest if latest is not None else snap.periods[-1]
    values = measure_values(snap, indicator_id, year)
    label = ind.name(lang)
    q = {"indikator": indicator_id}
    figure = chart_figure("peta-indikator", snap, q, lang=lang, home=home)
    distribution = chart_figure("sebaran-indikator", snap, q, lang=lang, home=home)
    empty = not values["value"].notna().any()
    return {
        "query": q,
        "texts": {name: chart_text(name, snap, q, lang=lang, home=home) for name in TEXT_CHARTS},
        "map": figure,
        "distribution": distribution,
        "detail": indicator_detail(snap, info, ind, lang, latest),
        "badge": synthetic_badge(lang=lang, show=shows_synthetic(values), id=ids.SYNTHETIC_BADGE),
        "alert": dbc.Alert(t("catalogue.no_values", lang), color="info", className="mb-3")
        if empty
        else None,
        "map_title": t("catalogue.map_title", lang, name=label, period=year)
        if latest is not None
        else t("catalogue.map_title_empty", lang, name=label),
        "distribution_title": t("catalogue.distribution_title", lang, period=year),
    }


@callbacks.callback(
    Output(ids.CATALOGUE_MAP, "figure"),
    Output(ids.CATALOGUE_DISTRIBUTION, "figure"),
    Output(ids.CATALOGUE_DETAIL, "children"),
    Output(BADGE, "children"),
    Output(ALERT, "children"),
    Output(MAP_TITLE, "children"),
    Output(DISTRIBUTION_TITLE, "children"),
    *(Output(f(name), "children") for name in TEXT_CHARTS for f in (title_id, summary_id)),
    Output(SELECTED, "data"),
    Input(ids.CATALOGUE_GRID, "selectedRows"),
    State(SELECTED, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def update_catalogue_on_selection(selected_rows, current, lang):
    """Show the chosen indicator; the grid's own echo of the initial selection changes nothing."""
    chosen = _chosen_id(selected_rows)
    snap = snapshot()
    if chosen is None or chosen == current or chosen not in snap.framework.by_id:
        raise PreventUpdate
    lang = lang_of(lang)
    p = _panels(snap, chosen, lang, settings().HOME_REGION)
    return (
        p["map"],
        p["distribution"],
        p["detail"],
        p["badge"],
        p["alert"],
        p["map_title"],
        p["distribution_title"],
        *(
            part
            for name in TEXT_CHARTS
            for part in (p["texts"][name].title, p["texts"][name].summary)
        ),
        chosen,
    )


def _chosen_id(selected_rows) -> str | None:
    if isinstance(selected_rows, dict):
        found = selected_rows.get("ids") or []
        return str(found[0]) if found else None
    if isinstance(selected_rows, list) and selected_rows and isinstance(selected_rows[0], dict):
        value = selected_rows[0].get("id")
        return str(value) if value is not None else None
    return None


# Quick search: filter the grid in the browser, no server round trip.
callbacks.clientside_callback(
    """
    function(text) {
        return new window.dash_clientside.Patch().assign(["quickFilterText"], text || "").build();
    }
    """,
    Output(ids.CATALOGUE_GRID, "dashGridOptions"),
    Input(ids.CATALOGUE_SEARCH, "value"),
    prevent_initial_call=True,
)

write_query_on_change(
    callbacks,
    URL_STATE,
    {"indikator": Input(SELECTED, "data")},
    DEFAULTS,
    prevent_initial_call=True,
)
open_profile_on_click(callbacks, ids.CATALOGUE_MAP)


register_callbacks = callbacks.register
