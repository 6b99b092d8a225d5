"""Compare `/bandingkan?kode=32.16,32.75`: two to six kab/kota side by side, best value per row."""

from __future__ import annotations

import json

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, callback, clientside_callback, dcc, html, no_update

from dashboard import ids
from dashboard.components import maps
from dashboard.components.controls import dropdown, labelled, note
from dashboard.components.export_menu import card_header, export_menu
from dashboard.components.shell import page_frame, synthetic_badge
from dashboard.data.framework import CONTEXT_GROUP
from dashboard.data.store.repository import SYNTHETIC
from dashboard.data.views.compare import MAX_COMPARE, compare_scores, compare_values, value_grid
from dashboard.data.views.periods import default_period, period_or_default
from dashboard.data.views.regions import parse_region_keys, region_choices, short_name
from dashboard.exports import page_charts
from dashboard.exports.page_charts import COMPARE_EXAMPLE as EXAMPLE
from dashboard.exports.page_charts import default_compare_codes as default_codes
from dashboard.figures.compare import best_per_row
from dashboard.i18n import fmt_number, t
from dashboard.state import href, lang_of, settings, snapshot

dash.register_page(
    __name__, path="/bandingkan", name="compare", title="Bandingkan wilayah · Kota Cerdas"
)

LANG_STORE = "compare-lang"
DEFAULTS = "compare-defaults"
URL_STATE = "compare-url-state"
NOTES = "compare-notes"
BADGE = "compare-badge-holder"
CONTENT = "compare-content"
EMPTY = "compare-empty"
CHART_TITLE = "compare-chart-title"
TABLE_TITLE = "compare-table-title"
COMPOSITE_ROW = "composite"
BEST_STYLE = {"fontWeight": "700", "color": "#15803d", "backgroundColor": "#e8f5ec"}
MISSING_STYLE = {"color": "#6c757d", "fontStyle": "italic"}


def layout(lang=None, kode=None, period=None, **_other) -> html.Div:
    lang = lang_of(lang)
    snap = snapshot()
    home = settings().HOME_REGION
    choice = parse_region_keys(
        snap.regions, ",".join(default_codes(home)) if kode is None else kode
    )
    year, period_ok = period_or_default(snap, period)
    panels = _panels(snap, list(choice.codes), year, lang, home)
    notes = _notes(snap, choice, lang)
    if not period_ok:
        notes.append(
            note(t("compare.bad_period", lang, period=period, used=year), extra_class="d-block")
        )
    choices = region_choices(snap.regions)
    controls = dbc.Row(
        [
            labelled(
                t("compare.regions", lang),
                dropdown(
                    ids.COMPARE_SELECT,
                    [
                        {"label": r.label, "value": r.code, "search": r.search}
                        for r in choices.itertuples(index=False)
                    ],
                    list(choice.codes),
                    lang=lang,
                    multi=True,
                    clearable=True,
                    placeholder=t("compare.regions_placeholder", lang),
                ),
                control_id=ids.COMPARE_SELECT,
                width={"xs": 12, "lg": 10},
            ),
            labelled(
                t("compare.period", lang),
                dropdown(
                    ids.COMPARE_PERIOD,
                    [{"label": str(p), "value": p} for p in reversed(snap.periods)],
                    year,
                    lang=lang,
                    searchable=False,
                ),
                control_id=ids.COMPARE_PERIOD,
                width={"xs": 6, "lg": 2},
            ),
        ],
        className="g-3 align-items-end filters",
    )
    defaults = {"kode": ",".join(default_codes(home)), "period": default_period(snap)}
    body = [
        dcc.Store(id=LANG_STORE, data=lang),
        dcc.Store(id=URL_STATE),
        html.Div(id=DEFAULTS, hidden=True, **{"data-defaults": json.dumps(defaults)}),
        html.Div(
            [
                html.H1(t("compare.title", lang), className="h3 mb-0 me-3"),
                html.Div(panels["badge"], id=BADGE),
            ],
            className="d-flex flex-wrap align-items-center gap-2 mb-1",
        ),
        html.P(t("compare.subtitle", lang), className="text-body-secondary mb-3"),
        dbc.Card(
            dbc.CardBody([controls, html.Div(notes, id=NOTES, className="mt-2")]),
            className="mb-3 shadow-sm",
        ),
        html.Div(panels["empty"], id=EMPTY),
        html.Div(
            _content(
                panels,
                lang,
                export_menu(
                    "bandingkan-pilar",
                    lang=lang,
                    resolved={"kode": ",".join(choice.codes), "period": year},
                    seen={"kode": kode, "period": period},
                ),
            ),
            id=CONTENT,
            hidden=panels["hidden"],
        ),
    ]
    return page_frame(
        *body,
        lang=lang,
        active="compare",
        home=home,
        version=snap.version,
        framework_version=snap.framework.version,
    )


def _content(panels: dict, lang: str, menu) -> list:
    return [
        dbc.Card(
            [
                card_header(panels["chart_title"], menu, title_id=CHART_TITLE),
                dbc.CardBody(
                    dcc.Graph(
                        id=ids.COMPARE_CHART,
                        figure=panels["figure"],
                        config=maps.graph_config("bandingkan-pilar"),
                        className="compare-chart",
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


def _notes(snap, choice, lang: str) -> list:
    notes = []
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


def _panels(snap, codes: list[str], period: int, lang: str, home: str) -> dict:
    """Everything that depends on the chosen regions and year (one place for layout and callback)."""
    enough = len(codes) >= 2
    scores = compare_scores(snap, codes, period)
    values = compare_values(snap, codes, period)
    rows, columns = _table(snap, codes, scores, values, lang, home) if enough else ([], [])
    synthetic = enough and bool((values["source"] == SYNTHETIC).any())
    return {
        "figure": page_charts.compare_figure(snap, codes, period, lang=lang, home=home)
        if enough
        else go.Figure(),
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
                href=href("/bandingkan", lang, kode=",".join(EXAMPLE)),
                color="outline-primary",
                size="sm",
            ),
        ],
        color="light",
        className="border",
        id="compare-empty-state",
    )


def _table(snap, codes, scores, values, lang: str, home: str) -> tuple[list[dict], list[dict]]:
    """Rows: composite then every indicator; columns r0..r5 hold formatted value and year."""
    fw = snap.framework
    indicators = list(fw.indicators)
    grid = value_grid(values, codes, [i.id for i in indicators])
    years = values.pivot_table(
        index="indicator_id", columns="code", values="period", aggfunc="last"
    )
    composite = scores.set_index("code")["composite"].reindex(codes)
    grid.loc[COMPOSITE_ROW] = composite.to_numpy(dtype=float)
    directions = {COMPOSITE_ROW: "up"} | {
        i.id: ("up" if i.direction == "ord" else i.direction) for i in indicators if i.scored
    }
    best = best_per_row(grid.loc[list(directions)], directions)
    groups = {g.id: g.name(lang) for g in (*fw.pillars, *fw.elements)}
    groups[CONTEXT_GROUP] = t("compare.context", lang)
    rows = [
        _row(
            COMPOSITE_ROW,
            "",
            t("compare.composite", lang),
            t("compare.score_unit", lang),
            [(composite.iloc[k], None) for k in range(len(codes))],
            _best_columns(best.get(COMPOSITE_ROW), codes),
            lambda v: fmt_number(v, lang, 1),
            lang,
        )
    ]
    for ind in indicators:
        cells = []
        for code in codes:
            value = grid.at[ind.id, code]
            year = (
                years.at[ind.id, code] if ind.id in years.index and code in years.columns else None
            )
            cells.append((value, year))
        rows.append(
            _row(
                ind.id,
                groups.get(ind.group, ind.group),
                ind.name(lang),
                ind.unit,
                cells,
                _best_columns(best.get(ind.id), codes),
                lambda v, ind=ind: _value_text(ind, v, lang),
                lang,
            )
        )
    return rows, _columns(snap, codes, lang, home)


def _best_columns(best, codes) -> set[int]:
    """Column positions of the best region(s); ``best_per_row`` may give one code or a list."""
    if best is None:
        return set()
    chosen = [best] if isinstance(best, str) else list(best)
    return {k for k, code in enumerate(codes) if code in chosen}


def _row(row_id, group, name, unit, cells, best: set[int], fmt, lang: str) -> dict:
    row = {"id": row_id, "group": group, "indicator": name, "unit": unit}
    for k, (value, year) in enumerate(cells):
        missing = value is None or pd.isna(value)
        text = t("common.insufficient_data", lang) if missing else fmt(value)
        if not missing and year is not None and not pd.isna(year):
            text += f" ({int(year)})"
        row[f"r{k}"] = text
        row[f"best_r{k}"] = k in best and not missing
        row[f"missing_r{k}"] = missing
    return row


def _value_text(ind, value, lang: str) -> str:
    if ind.categories:
        position = round(float(value)) - 1
        return ind.categories[position] if 0 <= position < len(ind.categories) else str(value)
    return fmt_number(value, lang, ind.decimals)


def _columns(snap, codes, lang: str, home: str) -> list[dict]:
    columns = [
        {
            "field": "group",
            "headerName": t("compare.col_group", lang),
            "minWidth": 140,
            "flex": 1,
            "pinned": "left",
        },
        {
            "field": "indicator",
            "headerName": t("compare.col_indicator", lang),
            "minWidth": 220,
            "flex": 2,
            "tooltipField": "indicator",
            "wrapText": True,
            "autoHeight": True,
            "pinned": "left",
        },
        {"field": "unit", "headerName": t("compare.col_unit", lang), "minWidth": 110, "flex": 1},
    ]
    regions = snap.regions.regions.set_index("code")
    for k, code in enumerate(codes):
        name = short_name(regions.at[code, "name"])
        header = f"★ {name}" if code == home else name
        columns.append(
            {
                "field": f"r{k}",
                "colId": code,
                "headerName": header,
                "headerTooltip": f"{regions.at[code, 'name']} ({regions.at[code, 'province_name']})"
                + (f" · {t('compare.home_marker', lang)}" if code == home else ""),
                "headerClass": ["text-home"] if code == home else [],
                "minWidth": 150,
                "flex": 1,
                "type": "rightAligned",
                "cellClassRules": {"kc-best": f"params.data.best_r{k}"},
                "cellStyle": {
                    "styleConditions": [
                        {"condition": f"params.data.best_r{k}", "style": BEST_STYLE},
                        {"condition": f"params.data.missing_r{k}", "style": MISSING_STYLE},
                    ]
                },
            }
        )
    return columns


@callback(
    Output(ids.COMPARE_CHART, "figure"),
    Output(ids.COMPARE_TABLE, "rowData"),
    Output(ids.COMPARE_TABLE, "columnDefs"),
    Output(BADGE, "children"),
    Output(NOTES, "children"),
    Output(EMPTY, "children"),
    Output(CONTENT, "hidden"),
    Output(CHART_TITLE, "children"),
    Output(TABLE_TITLE, "children"),
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
    raw = codes if isinstance(codes, list | tuple | str) else []
    choice = parse_region_keys(snap.regions, raw)
    year, _ = period_or_default(snap, period)
    p = _panels(snap, list(choice.codes), year, lang, settings().HOME_REGION)
    trimmed = list(choice.codes) if choice.dropped or choice.unknown else no_update
    return (
        p["figure"],
        p["rows"],
        p["columns"],
        p["badge"],
        _notes(snap, choice, lang),
        p["empty"],
        p["hidden"],
        p["chart_title"],
        p["table_title"],
        trimmed,
    )


# Selection -> URL (pushState, so links can be shared and back/forward re-render the page).
clientside_callback(
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
