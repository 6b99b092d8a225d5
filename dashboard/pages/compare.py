"""Compare `/bandingkan?kode=32.16,32.75`: two to six kab/kota side by side, best value per row."""

from __future__ import annotations

import json

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update

from dashboard import ids
from dashboard.charts import maps
from dashboard.charts.query import (
    COMPARE_EXAMPLE,
    COMPARE_KEYS,
    PERIOD,
    compare_choice,
    defaults,
    resolve,
)
from dashboard.charts.registry import chart_figure
from dashboard.charts.text import ChartText, chart_text
from dashboard.components.chart_text import summary_id, title_id
from dashboard.components.controls import dropdown, labelled, note, period_select
from dashboard.components.export_menu import card_header
from dashboard.components.shell import synthetic_badge
from dashboard.data.store.repository import SYNTHETIC
from dashboard.data.views.compare import MAX_COMPARE, compare_scores, compare_values
from dashboard.data.views.regions import region_choices, short_name
from dashboard.i18n import t
from dashboard.pages.callbacks import Callbacks
from dashboard.pages.compare_table import value_table
from dashboard.pages.frame import chart_menu, chart_with_text, needs_data, page_frame
from dashboard.state import href, lang_of, settings, snapshot

dash.register_page(
    __name__, path="/bandingkan", name="compare", title="Bandingkan wilayah · Kota Cerdas"
)
callbacks = Callbacks()

LANG_STORE = "compare-lang"
DEFAULTS = "compare-defaults"
URL_STATE = "compare-url-state"
NOTES = "compare-notes"
BADGE = "compare-badge-holder"
CONTENT = "compare-content"
EMPTY = "compare-empty"
CHART_TITLE = "compare-chart-title"
TABLE_TITLE = "compare-table-title"
CHART = "bandingkan-pilar"


@needs_data("compare")
def layout(lang=None, kode=None, period=None, **_other) -> html.Div:
    lang = lang_of(lang)
    snap = snapshot()
    home = settings().HOME_REGION
    choice = compare_choice(snap, kode, home)
    q = resolve(snap, (PERIOD,), {"period": period}, home=home)
    year = q["period"]
    panels = _panels(snap, list(choice.codes), year, lang, home)
    notes = _notes(snap, choice, lang, year)
    if not q.ok("period"):
        notes.append(
            note(t("compare.bad_period", lang, period=period, used=year), extra_class="d-block")
        )
    menu = chart_menu(
        "bandingkan-pilar",
        lang=lang,
        resolved={"kode": ",".join(choice.codes), "period": year},
        seen={"kode": kode, "period": period},
    )
    body = [
        dcc.Store(id=LANG_STORE, data=lang),
        dcc.Store(id=URL_STATE),
        html.Div(
            id=DEFAULTS,
            hidden=True,
            **{"data-defaults": json.dumps(defaults(snap, COMPARE_KEYS, home=home))},
        ),
        html.Div(
            [
                html.H1(t("compare.title", lang), className="h3 mb-0 me-3"),
                html.Div(panels["badge"], id=BADGE),
            ],
            className="d-flex flex-wrap align-items-center gap-2 mb-1",
        ),
        html.P(t("compare.subtitle", lang), className="text-body-secondary mb-3"),
        dbc.Card(
            dbc.CardBody(
                [_controls(snap, choice, year, lang), html.Div(notes, id=NOTES, className="mt-2")]
            ),
            className="mb-3 shadow-sm",
        ),
        html.Div(panels["empty"], id=EMPTY),
        html.Div(_content(panels, lang, menu), id=CONTENT, hidden=panels["hidden"]),
    ]
    return page_frame(
        *body,
        lang=lang,
        active="compare",
        home=home,
        version=snap.version,
        framework_version=snap.framework.version,
    )


def _controls(snap, choice, year: int, lang: str) -> dbc.Row:
    """The regions (up to six, searchable by name or code) and the year."""
    options = [
        {"label": r.label, "value": r.code, "search": r.search}
        for r in region_choices(snap.regions).itertuples(index=False)
    ]
    regions = dropdown(
        ids.COMPARE_SELECT,
        options,
        list(choice.codes),
        lang=lang,
        multi=True,
        clearable=True,
        placeholder=t("compare.regions_placeholder", lang),
    )
    return dbc.Row(
        [
            labelled(
                t("compare.regions", lang),
                regions,
                control_id=ids.COMPARE_SELECT,
                width={"xs": 12, "lg": 10},
            ),
            period_select(
                ids.COMPARE_PERIOD,
                snap.periods,
                year,
                label=t("compare.period", lang),
                lang=lang,
                width={"xs": 6, "lg": 2},
            ),
        ],
        className="g-3 align-items-end filters",
    )


def _content(panels: dict, lang: str, menu) -> list:
    graph = dcc.Graph(
        id=ids.COMPARE_CHART,
        figure=panels["figure"],
        config=maps.graph_config("bandingkan-pilar"),
        className="compare-chart",
    )
    return [
        dbc.Card(
            [
                card_header(panels["chart_title"], menu, title_id=CHART_TITLE),
                dbc.CardBody(
                    chart_with_text(
                        CHART, graph, lang=lang, values=panels["query"], text=panels["text"]
                    )
                ),
            ],
            className="mb-3 shadow-sm",
        ),
        dbc.Card(
            [
                dbc.CardHeader(panels["table_title"], id=TABLE_TITLE, className="fw-semibold"),
                dbc.CardBody(
                    [
                        note(t("compare.table_hint", lang), extra_class="d-block mb-2"),
                        dag.AgGrid(
                            id=ids.COMPARE_TABLE,
                            rowData=panels["rows"],
                            columnDefs=panels["columns"],
                            defaultColDef={"resizable": True, "sortable": False},
                            dashGridOptions={"domLayout": "autoHeight", "tooltipShowDelay": 300},
                            className="ag-theme-quartz compare-table",
                            style={"width": "100%"},
                        ),
                    ]
                ),
            ],
            className="shadow-sm",
        ),
    ]


def _notes(snap, choice, lang: str, period: int) -> list:
    notes = _unscored(snap, choice, lang, period)
    if choice.unknown:
        notes.append(
            note(
                t("compare.unknown_codes", lang, codes=", ".join(choice.unknown)),
                icon="bi-question-circle",
                extra_class="d-block",
            )
        )
    if choice.dropped:
        names = ", ".join(short_name(snap.regions.name(c)) for c in choice.dropped[:5])
        if len(choice.dropped) > 5:  # e.g. "select all" in the dropdown
            names += " " + t("compare.and_more", lang, n=len(choice.dropped) - 5)
        notes.append(
            note(
                t("compare.too_many", lang, max=MAX_COMPARE, names=names),
                icon="bi-exclamation-circle",
                extra_class="d-block",
            )
        )
    return notes


def _unscored(snap, choice, lang: str, period: int) -> list:
    """The chosen regions without a composite that year, and where the reason is explained."""
    scores = snap.scores
    rows = scores[(scores["period"] == period) & scores["region_code"].isin(choice.codes)]
    scored = set(rows.loc[rows["composite"].notna(), "region_code"])
    missing = [c for c in choice.codes if c not in scored]
    if not missing:
        return []
    names = ", ".join(short_name(snap.regions.name(c)) for c in missing)
    text = t("real.compare_unscored", lang, names=names, period=period)
    return [note(text, icon="bi-info-circle", extra_class="d-block")]


def _panels(snap, codes: list[str], period: int, lang: str, home: str) -> dict:
    """Everything that depends on the chosen regions and year (one place for layout and callback)."""
    enough = len(codes) >= 2
    scores = compare_scores(snap, codes, period)
    values = compare_values(snap, codes, period)
    rows, columns = value_table(snap, codes, scores, values, lang, home) if enough else ([], [])
    synthetic = enough and bool((values["source"] == SYNTHETIC).any())
    query = {"kode": codes, "period": period}
    return {
        "figure": chart_figure(CHART, snap, query, lang=lang, home=home) if enough else go.Figure(),
        "query": query,
        "text": chart_text(CHART, snap, query, lang=lang, home=home)
        if enough
        else ChartText("", ""),
        "rows": rows,
        "columns": columns,
        "badge": synthetic_badge(lang=lang, show=synthetic, id=ids.SYNTHETIC_BADGE),
        "empty": None if enough else _empty_state(lang),
        "hidden": not enough,
        "chart_title": t("compare.chart_title", lang, period=period),
        "table_title": t("compare.table_title", lang, period=period),
    }


def _empty_state(lang: str) -> dbc.Alert:
    return dbc.Alert(
        [
            html.H2(t("compare.empty_title", lang), className="h5"),
            html.P(t("compare.empty_text", lang), className="mb-2"),
            dbc.Button(
                [
                    html.I(className="bi bi-layout-three-columns me-1"),
                    t("compare.empty_suggestion", lang),
                ],
                href=href("/bandingkan", lang, kode=",".join(COMPARE_EXAMPLE)),
                color="outline-primary",
                size="sm",
            ),
        ],
        color="light",
        className="border",
        id="compare-empty-state",
    )


@callbacks.callback(
    Output(ids.COMPARE_CHART, "figure"),
    Output(ids.COMPARE_TABLE, "rowData"),
    Output(ids.COMPARE_TABLE, "columnDefs"),
    Output(BADGE, "children"),
    Output(NOTES, "children"),
    Output(EMPTY, "children"),
    Output(CONTENT, "hidden"),
    Output(CHART_TITLE, "children"),
    Output(TABLE_TITLE, "children"),
    Output(title_id(CHART), "children"),
    Output(summary_id(CHART), "children"),
    Output(ids.COMPARE_SELECT, "value"),
    Input(ids.COMPARE_SELECT, "value"),
    Input(ids.COMPARE_PERIOD, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def update_compare_on_selection(codes, period, lang):
    """Rebuild chart and table for the chosen regions and year; trim a selection over six."""
    lang = lang_of(lang)
    snap = snapshot()
    home = settings().HOME_REGION
    choice = compare_choice(snap, codes if codes is not None else [], home)
    year = resolve(snap, (PERIOD,), {"period": period}, home=home)["period"]
    p = _panels(snap, list(choice.codes), year, lang, home)
    trimmed = list(choice.codes) if choice.dropped or choice.unknown else no_update
    return (
        p["figure"],
        p["rows"],
        p["columns"],
        p["badge"],
        _notes(snap, choice, lang, year),
        p["empty"],
        p["hidden"],
        p["chart_title"],
        p["table_title"],
        p["text"].title,
        p["text"].summary,
        trimmed,
    )


# Selection -> URL (pushState, so links can be shared and back/forward re-render the page).
callbacks.clientside_callback(
    """
    function(codes, period) {
        // at most six regions (MAX_COMPARE); the server trims the dropdown to the same six
        return window.kc.writeQuery({kode: (codes || []).slice(0, 6), period: period},
                                    "compare-defaults");
    }
    """,
    Output(URL_STATE, "data"),
    Input(ids.COMPARE_SELECT, "value"),
    Input(ids.COMPARE_PERIOD, "value"),
    prevent_initial_call=True,
)


register_callbacks = callbacks.register
