"""Indicator catalogue `/indikator`: every indicator's definition, unit, source and coverage.

Choosing a row (URL ``?indikator=<id>``) shows that indicator's tile map, distribution and details.
"""

from __future__ import annotations

import json

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, clientside_callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.components import maps
from dashboard.components.controls import labelled, note
from dashboard.components.export_menu import card_header, export_menu
from dashboard.components.shell import page_frame, synthetic_badge
from dashboard.data.views.catalogue import catalogue_table
from dashboard.data.views.measures import measure_values, shows_synthetic
from dashboard.exports import page_charts
from dashboard.i18n import fmt_number, t
from dashboard.state import href, lang_of, settings, snapshot

dash.register_page(
    __name__, path="/indikator", name="catalogue", title="Katalog indikator · Kota Cerdas"
)

LANG_STORE = "catalogue-lang"
SELECTED = "catalogue-selected"  # dcc.Store: the indicator on screen (skips repeated selections)
DEFAULTS = "catalogue-defaults"
URL_STATE = "catalogue-url-state"
BADGE = "catalogue-badge-holder"
ALERT = "catalogue-alert"
MAP_TITLE = "catalogue-map-title"
DISTRIBUTION_TITLE = "catalogue-distribution-title"


def layout(lang=None, indikator=None, **_other) -> html.Div:
    lang = lang_of(lang)
    snap = snapshot()
    home = settings().HOME_REGION
    table = catalogue_table(snap)
    known = list(table["id"])
    chosen = indikator if indikator in known else known[0]
    panels = _panels(snap, chosen, lang, home)

    def menu(chart: str):
        return export_menu(
            chart, lang=lang, resolved={"indikator": chosen}, seen={"indikator": indikator}
        )

    notes = []
    if indikator not in (None, "") and indikator not in known:
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
            id=DEFAULTS, hidden=True, **{"data-defaults": json.dumps({"indikator": known[0]})}
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
        _card(
            t("catalogue.grid_title", lang),
            [
                dbc.Row(
                    labelled(
                        t("catalogue.search", lang),
                        dbc.Input(
                            id=ids.CATALOGUE_SEARCH,
                            type="search",
                            placeholder=t("catalogue.search_placeholder", lang),
                            autocomplete="off",
                        ),
                        control_id=ids.CATALOGUE_SEARCH,
                        width={"xs": 12, "md": 6, "lg": 4},
                    ),
                    className="mb-2",
                ),
                _grid(snap, table, chosen, lang),
            ],
            extra_class="mb-3",
        ),
        html.Div(panels["alert"], id=ALERT),
        dbc.Row(
            [
                dbc.Col(
                    _card(
                        panels["map_title"],
                        [
                            dcc.Graph(
                                id=ids.CATALOGUE_MAP,
                                figure=panels["map"],
                                config=maps.graph_config("peta-indikator"),
                                className="readiness-map",
                                responsive=True,
                            ),
                            note(t("catalogue.click_hint", lang)),
                        ],
                        header_id=MAP_TITLE,
                        menu=menu("peta-indikator"),
                    ),
                    lg=7,
                ),
                dbc.Col(
                    [
                        _card(
                            t("catalogue.detail_title", lang),
                            html.Div(panels["detail"], id=ids.CATALOGUE_DETAIL),
                            extra_class="mb-3",
                        ),
                        _card(
                            panels["distribution_title"],
                            dcc.Graph(
                                id=ids.CATALOGUE_DISTRIBUTION,
                                figure=panels["distribution"],
                                config=maps.graph_config("sebaran-indikator"),
                                className="distribution-chart",
                            ),
                            header_id=DISTRIBUTION_TITLE,
                            menu=menu("sebaran-indikator"),
                        ),
                    ],
                    lg=5,
                ),
            ],
            className="g-3",
        ),
    ]
    return page_frame(
        *body,
        lang=lang,
        active="catalogue",
        home=home,
        version=snap.version,
        framework_version=snap.framework.version,
    )


def _card(
    title: str, body, *, header_id: str | None = None, extra_class: str = "", menu=None
) -> dbc.Card:
    if menu is not None:
        header = card_header(title, menu, title_id=header_id)
    else:
        header = dbc.CardHeader(
            title, className="fw-semibold", **({"id": header_id} if header_id else {})
        )
    return dbc.Card([header, dbc.CardBody(body)], className=f"shadow-sm {extra_class}".strip())


def _group_names(snap, lang: str) -> dict[str, str]:
    names = {g.id: g.name(lang) for g in (*snap.framework.pillars, *snap.framework.elements)}
    names["context"] = t("catalogue.context", lang)
    return names


def _data_kind(row, lang: str) -> str:
    if row["latest"] is None or pd.isna(row["latest"]):
        return t("catalogue.data_none", lang)
    return t("catalogue.data_synthetic" if row["synthetic"] else "catalogue.data_real", lang)


def grid_rows(snap, table: pd.DataFrame, lang: str) -> list[dict]:
    """The catalogue as grid rows, in the language of the page (sorted by pillar, then order)."""
    groups = _group_names(snap, lang)
    rows = []
    for row in table.to_dict("records"):
        latest = None if row["latest"] is None or pd.isna(row["latest"]) else int(row["latest"])
        rows.append(
            {
                "id": row["id"],
                "group": groups.get(row["group"], row["group"]),
                "group_order": int(row["group_order"]),
                "name": row["name_en"] if lang == "en" else row["name_id"],
                "sub_dimension": row["sub_dimension"] or "–",
                "definition": row["description_en"] if lang == "en" else row["description_id"],
                "unit": row["unit"],
                "direction": _direction_text(row["direction"], row["group"] != "context", lang),
                "source": row["source"],
                "coverage": int(row["n_with_data"]),
                "coverage_text": f"{row['n_with_data']}/{row['n_regions']}",
                "latest": latest,
                "data": _data_kind(row, lang),
            }
        )
    return rows


def _grid(snap, table: pd.DataFrame, chosen: str, lang: str) -> dag.AgGrid:
    columns = [
        # rows arrive grouped by pillar/element in framework order (row grouping is enterprise-only)
        {
            "field": "group",
            "headerName": t("catalogue.col_group", lang),
            "minWidth": 150,
            "pinned": "left",
        },
        {
            "field": "name",
            "headerName": t("catalogue.col_name", lang),
            "minWidth": 230,
            "flex": 2,
            "pinned": "left",
            "tooltipField": "name",
        },
        {
            "field": "sub_dimension",
            "headerName": t("catalogue.col_sub_dimension", lang),
            "minWidth": 150,
        },
        {
            "field": "definition",
            "headerName": t("catalogue.col_definition", lang),
            "minWidth": 320,
            "flex": 3,
            "tooltipField": "definition",
        },
        {"field": "unit", "headerName": t("catalogue.col_unit", lang), "minWidth": 100},
        {"field": "direction", "headerName": t("catalogue.col_direction", lang), "minWidth": 170},
        {"field": "source", "headerName": t("catalogue.col_source", lang), "minWidth": 150},
        {
            "field": "coverage",
            "headerName": t("catalogue.col_coverage", lang),
            "minWidth": 110,
            "type": "rightAligned",
            "valueFormatter": {"function": "params.data.coverage_text"},
        },
        {
            "field": "latest",
            "headerName": t("catalogue.col_latest", lang),
            "minWidth": 120,
            "type": "rightAligned",
        },
        {"field": "data", "headerName": t("catalogue.col_data", lang), "minWidth": 110},
    ]
    return dag.AgGrid(
        id=ids.CATALOGUE_GRID,
        rowData=grid_rows(snap, table, lang),
        columnDefs=columns,
        defaultColDef={"sortable": True, "resizable": True, "filter": False},
        getRowId="params.data.id",
        selectedRows={"ids": [chosen]},
        scrollTo={"rowId": chosen, "rowPosition": "middle"},
        dashGridOptions={
            "rowSelection": {
                "mode": "singleRow",
                "checkboxes": False,
                "enableClickSelection": True,
            },
            "quickFilterText": "",
            "tooltipShowDelay": 300,
            "localeText": {"noRowsToShow": t("catalogue.no_results", lang)},
            "animateRows": False,
        },
        className="ag-theme-quartz catalogue-grid",
        style={"height": "420px", "width": "100%"},
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
    figure = page_charts.indicator_map(snap, indicator_id, lang=lang, home=home)
    distribution = page_charts.indicator_distribution(snap, indicator_id, lang=lang, home=home)
    empty = not values["value"].notna().any()
    return {
        "map": figure,
        "distribution": distribution,
        "detail": _detail(snap, info, ind, lang, latest),
        "badge": synthetic_badge(lang=lang, show=shows_synthetic(values), id=ids.SYNTHETIC_BADGE),
        "alert": dbc.Alert(t("catalogue.no_values", lang), color="info", className="mb-3")
        if empty
        else None,
        "map_title": t("catalogue.map_title", lang, name=label, period=year)
        if latest is not None
        else t("catalogue.map_title_empty", lang, name=label),
        "distribution_title": t("catalogue.distribution_title", lang, period=year),
    }


def _direction_text(direction: str, scored: bool, lang: str) -> str:
    """Context values (population, area) are neither better nor worse when higher."""
    return t(f"catalogue.direction_{direction}" if scored else "catalogue.direction_context", lang)


def _detail(snap, info, ind, lang: str, latest: int | None) -> list:
    groups = _group_names(snap, lang)
    if ind.scored:
        weight = t(
            "catalogue.weight_value",
            lang,
            share=fmt_number(100 * info["weight"], lang, 0) + "%",
            group=groups.get(ind.group, ind.group),
        )
    else:
        weight = t("catalogue.weight_context", lang)
    items = [
        (t("catalogue.definition", lang), ind.description(lang) or "–"),
        (t("catalogue.unit", lang), ind.unit),
        (t("catalogue.direction", lang), _direction_text(ind.direction, ind.scored, lang)),
    ]
    if ind.categories:
        items.append((t("catalogue.categories", lang), " < ".join(ind.categories)))
    items += [
        (t("catalogue.source", lang), ind.source),
        (
            t("catalogue.data_as_of", lang),
            str(latest) if latest is not None else t("catalogue.data_none", lang),
        ),
        (
            t("catalogue.coverage", lang),
            t(
                "catalogue.coverage_value",
                lang,
                n=int(info["n_with_data"]),
                total=int(info["n_regions"]),
                year=latest,
            )
            if latest is not None
            else t("catalogue.data_none", lang),
        ),
        (
            t("catalogue.normalisation", lang),
            t(
                f"catalogue.norm_{ind.normalisation}" if ind.scored else "catalogue.norm_context",
                lang,
            ),
        ),
        (t("catalogue.weight", lang), weight),
    ]
    if info["sources_seen"]:
        items.append((t("catalogue.sources_seen", lang), ", ".join(info["sources_seen"])))
    if latest is not None:
        items.append(
            (
                t("catalogue.data_kind", lang),
                t(
                    "catalogue.data_kind_synthetic"
                    if info["synthetic"]
                    else "catalogue.data_kind_real",
                    lang,
                ),
            )
        )
    terms = []
    for term, text in items:
        terms += [html.Dt(term, className="col-sm-4"), html.Dd(text, className="col-sm-8")]
    return [
        html.H2(ind.name(lang), className="h5", id="catalogue-detail-name"),
        html.Dl(terms, className="row small mb-2"),
        dbc.Button(
            [
                html.I(className="bi bi-map me-1", **{"aria-hidden": "true"}),
                t("catalogue.open_overview", lang),
            ],
            href=href("/", lang, indicator=ind.id, period=latest)
            if ind.scored
            else href("/", lang),
            color="outline-primary",
            size="sm",
            disabled=not ind.scored,
        ),
    ]


@callback(
    Output(ids.CATALOGUE_MAP, "figure"),
    Output(ids.CATALOGUE_DISTRIBUTION, "figure"),
    Output(ids.CATALOGUE_DETAIL, "children"),
    Output(BADGE, "children"),
    Output(ALERT, "children"),
    Output(MAP_TITLE, "children"),
    Output(DISTRIBUTION_TITLE, "children"),
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
clientside_callback(
    """
    function(text) {
        return new window.dash_clientside.Patch().assign(["quickFilterText"], text || "").build();
    }
    """,
    Output(ids.CATALOGUE_GRID, "dashGridOptions"),
    Input(ids.CATALOGUE_SEARCH, "value"),
    prevent_initial_call=True,
)

# Selection -> URL (?indikator=<id>), pushState so back/forward re-render the page.
clientside_callback(
    """
    function(indicator) {
        return window.kc.writeQuery({indikator: indicator}, "catalogue-defaults");
    }
    """,
    Output(URL_STATE, "data"),
    Input(SELECTED, "data"),
    prevent_initial_call=True,
)

# Clicking a region on the map opens its profile.
clientside_callback(
    """
    function(mapClick) {
        return window.kc.profileHref(dash_clientside.callback_context.triggered, mapClick, null);
    }
    """,
    Output(ids.URL, "href", allow_duplicate=True),
    Input(ids.CATALOGUE_MAP, "clickData"),
    prevent_initial_call=True,
)
