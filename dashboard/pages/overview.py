"""Overview `/`: the readiness map, KPIs, ranking and distribution for one measure and year."""

from __future__ import annotations

from functools import partial

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, ctx, dcc, html

from dashboard import ids
from dashboard.components import maps
from dashboard.components.controls import (
    ALL,
    dropdown,
    labelled,
    measure_options,
    note,
    province_options,
)
from dashboard.components.export_menu import card_header, export_menu
from dashboard.components.kpi import kpi_row
from dashboard.components.shell import page_frame, synthetic_badge
from dashboard.data.errors import DataError
from dashboard.data.views.measures import (
    COMPOSITE,
    measure,
    measure_values,
    shows_synthetic,
    summary,
    value_sources,
)
from dashboard.exports import page_charts
from dashboard.i18n import t
from dashboard.state import lang_of, settings, snapshot

dash.register_page(__name__, path="/", name="overview", title="Kota Cerdas Command Center")

LANG_STORE = "overview-lang"
DEFAULTS = "overview-defaults"


def _query_state(snap, indicator, period, province, mode) -> tuple[str, int, str, str]:
    """Filters from the URL, with bad or missing values replaced by defaults (never an error)."""
    measure_id = indicator if indicator in _measure_ids(snap) else COMPOSITE
    try:
        year = int(period)
    except (TypeError, ValueError):
        year = snap.periods[-1]
    if year not in snap.periods:
        year = _default_period(snap)
    province = province if province in set(snap.regions.provinces["code"]) else ALL
    mode = mode if mode in ("tile", "geo") and (mode == "tile" or maps.has_geometry()) else "tile"
    return measure_id, year, province, mode


def _measure_ids(snap) -> set[str]:
    fw = snap.framework
    return {COMPOSITE, *fw.groups, *(i.id for i in fw.scored_indicators)}


def _default_period(snap) -> int:
    """The latest year that has a composite score for most regions."""
    scores = snap.scores
    counts = scores[scores["composite"].notna()].groupby("period").size()
    good = counts[counts >= 0.5 * len(snap.regions.regencies)]
    return int(good.index.max()) if len(good) else snap.periods[-1]


def layout(lang=None, indicator=None, period=None, province=None, mode=None, **_other) -> html.Div:
    lang = lang_of(lang)
    snap = snapshot()
    home = settings().HOME_REGION
    seen = {"indicator": indicator, "period": period, "province": province, "mode": mode}
    measure_id, year, province, mode = _query_state(snap, indicator, period, province, mode)
    panels = _cached_panels(snap, measure_id, year, province, lang, home)
    resolved = {"indicator": measure_id, "period": year, "province": province, "mode": mode}

    def menu(chart: str):
        return export_menu(chart, lang=lang, resolved=resolved, seen=seen)

    controls = dbc.Row(
        [
            labelled(
                t("overview.measure", lang),
                dropdown(
                    ids.INDICATOR_SELECT,
                    measure_options(snap.framework, lang),
                    measure_id,
                    lang=lang,
                ),
                control_id=ids.INDICATOR_SELECT,
                width={"xs": 12, "lg": 5},
            ),
            labelled(
                t("overview.period", lang),
                dropdown(
                    ids.PERIOD_SELECT,
                    [{"label": str(p), "value": p} for p in reversed(snap.periods)],
                    year,
                    lang=lang,
                    searchable=False,
                ),
                control_id=ids.PERIOD_SELECT,
                width={"xs": 6, "lg": 2},
            ),
            labelled(
                t("overview.province", lang),
                dropdown(
                    ids.PROVINCE_SELECT, province_options(snap.regions, lang), province, lang=lang
                ),
                control_id=ids.PROVINCE_SELECT,
                width={"xs": 6, "lg": 3},
            ),
            labelled(
                t("overview.map_mode", lang),
                dbc.RadioItems(
                    id=ids.MAP_MODE,
                    options=[
                        {"label": t("overview.mode_tile", lang), "value": "tile"},
                        {
                            "label": t("overview.mode_geo", lang),
                            "value": "geo",
                            "disabled": not maps.has_geometry(),
                        },
                    ],
                    value=mode,
                    inline=True,
                    className="pt-1",
                ),
                control_id=ids.MAP_MODE,
                width={"xs": 12, "lg": 2},
            ),
        ],
        className="g-3 align-items-end filters",
    )
    body = [
        dcc.Store(id=LANG_STORE, data=lang),
        dcc.Store(id=ids.OVERVIEW_STATE),
        html.Div(id=DEFAULTS, hidden=True, **{"data-defaults": _defaults_json(snap)}),
        html.Div(
            [
                html.H1(t("overview.title", lang), className="h3 mb-0 me-3"),
                html.Div(panels["badge"], id="overview-badge-holder"),
            ],
            className="d-flex flex-wrap align-items-center gap-2 mb-1",
        ),
        html.P(panels["subtitle"], id="overview-subtitle", className="text-body-secondary mb-3"),
        dbc.Card(dbc.CardBody(controls), className="mb-3 shadow-sm"),
        html.Div(panels["alert"], id=ids.OVERVIEW_ALERT),
        html.Div(panels["kpis"], id=ids.KPI_ROW, className="mb-3"),
        dbc.Row(
            [
                dbc.Col(
                    dbc.Card(
                        [
                            card_header(
                                panels["map_title"], menu("peta-kesiapan"), title_id=ids.MAP_CAPTION
                            ),
                            dbc.CardBody(
                                [
                                    dcc.Graph(
                                        id=ids.READINESS_MAP,
                                        figure=maps.readiness_figure(
                                            snap,
                                            measure_id,
                                            year,
                                            mode=mode,
                                            province=province,
                                            lang=lang,
                                            home=home,
                                        ),
                                        config=maps.graph_config("peta-kesiapan"),
                                        className="readiness-map",
                                        responsive=True,
                                    ),
                                    note(t("overview.click_hint", lang)),
                                ]
                            ),
                        ],
                        className="h-100 shadow-sm",
                    ),
                    lg=8,
                ),
                dbc.Col(
                    dbc.Card(
                        [
                            card_header(t("overview.ranking_title", lang), menu("peringkat")),
                            dbc.CardBody(
                                dcc.Graph(
                                    id=ids.RANKING_CHART,
                                    figure=panels["ranking"],
                                    config=maps.graph_config("peringkat"),
                                    className="ranking-chart",
                                )
                            ),
                        ],
                        className="h-100 shadow-sm",
                    ),
                    lg=4,
                ),
            ],
            className="g-3 mb-3",
        ),
        dbc.Row(
            [
                dbc.Col(
                    dbc.Card(
                        [
                            card_header(t("overview.distribution_title", lang), menu("sebaran")),
                            dbc.CardBody(
                                dcc.Graph(
                                    id=ids.DISTRIBUTION_CHART,
                                    figure=panels["distribution"],
                                    config=maps.graph_config("sebaran"),
                                    className="distribution-chart",
                                )
                            ),
                        ],
                        className="h-100 shadow-sm",
                    ),
                    lg=8,
                ),
                dbc.Col(
                    dbc.Card(
                        [
                            dbc.CardHeader(
                                t("overview.about_measure", lang), className="fw-semibold"
                            ),
                            dbc.CardBody(panels["about"], id="overview-about"),
                        ],
                        className="h-100 shadow-sm",
                    ),
                    lg=4,
                ),
            ],
            className="g-3",
        ),
    ]
    return page_frame(
        *body,
        lang=lang,
        active="overview",
        home=home,
        version=snap.version,
        framework_version=snap.framework.version,
    )


def _level_name(snap, level_id: str | None, lang: str) -> str | None:
    levels = {lv.id: lv.name(lang) for lv in snap.framework.levels}
    return levels.get(level_id) if level_id else None


def _defaults_json(snap) -> str:
    import json

    return json.dumps(
        {"indicator": COMPOSITE, "period": _default_period(snap), "province": ALL, "mode": "tile"}
    )


PANELS_CACHE = 128  # recent filter states per worker; about 70 KB each in memory (P7)


def _cached_panels(snap, measure_id: str, period: int, province: str, lang: str, home: str) -> dict:
    """Panels are the same for every viewer of the same filters: build once per dataset version."""
    key = ("overview-panels", measure_id, period, province, lang, home)
    build = partial(_slim_panels, snap, measure_id, period, province, lang, home)
    return snap.lru(key, build, maxsize=PANELS_CACHE)


def _slim_panels(snap, measure_id: str, period: int, province: str, lang: str, home: str) -> dict:
    """Panels with the figures as plain dicts: half the memory of go.Figure objects in the cache."""
    panels = _panels(snap, measure_id, period, province, lang, home)
    for name in ("ranking", "distribution"):
        panels[name] = panels[name].to_plotly_json()
    return panels


def _source_terms(snap, m, period: int, values, lang: str) -> list:
    """Where the shown values come from, never a publisher's name on synthetic numbers."""
    synthetic = shows_synthetic(values)
    real = value_sources(snap, m.id, period, values)
    shown = real + ([t("export.synthetic_source", lang)] if synthetic else [])
    text = ", ".join(shown) or "—"
    if m.is_score and shown:
        text = t("overview.computed_from", lang, sources=text)
    terms = [html.Dt(t("overview.values_source", lang)), html.Dd(text)]
    if not m.is_score and m.source:
        official = [m.source]
        if synthetic and m.source not in real:
            official.append(
                html.Div(
                    t("overview.not_official", lang, source=m.source),
                    className="text-warning-emphasis",
                )
            )
        terms += [html.Dt(t("overview.official_source", lang)), html.Dd(official)]
    return terms


def _panels(snap, measure_id: str, period: int, province: str, lang: str, home: str) -> dict:
    """Everything beside the map that depends on the filters (one place for layout and callback)."""
    m = measure(snap, measure_id)
    values = measure_values(snap, measure_id, period)
    selected = values if province == ALL else values[values["province_code"] == province]
    province_name = None if province == ALL else snap.regions.name(province)
    stats = summary(
        snap, measure_id, period, home=home, province=None if province == ALL else province
    )
    label = m.label(lang)
    unit = m.unit_label(lang)
    alert = None
    if not values["value"].notna().any():
        latest = snap.data_as_of.get(measure_id, max(snap.periods))
        alert = dbc.Alert(
            t("overview.no_values", lang, measure=label, period=period, latest=latest),
            color="info",
            className="mb-3",
        )
    names = page_charts.names_of(snap)
    shared = {"province": province, "lang": lang, "home": home}
    ranking = page_charts.ranking_figure(snap, measure_id, period, **shared)
    distribution = page_charts.distribution_figure(snap, measure_id, period, **shared)
    about = [
        html.P(m.description(lang) or "", className="mb-2"),
        html.Dl(
            [
                html.Dt(t("overview.unit", lang)),
                html.Dd(unit),
                *_source_terms(snap, m, period, values, lang),
                html.Dt(t(f"overview.direction_{m.direction}", lang)),
                html.Dd(
                    t("overview.data_as_of", lang, year=snap.data_as_of.get(measure_id, period))
                    if not m.is_score
                    else t("overview.score_note", lang)
                ),
            ],
            className="small mb-0",
        ),
    ]
    return {
        "badge": synthetic_badge(lang=lang, show=shows_synthetic(selected), id=ids.SYNTHETIC_BADGE),
        "subtitle": t("overview.subtitle", lang, n=len(selected), period=period)
        + (f" · {province_name}" if province_name else ""),
        "alert": alert,
        "kpis": kpi_row(
            stats,
            measure=m,
            lang=lang,
            home_name=names.get(home, home),
            period=period,
            province_name=province_name,
            home_province=snap.regions.name(home.split(".")[0])
            if home.split(".")[0] in snap.regions
            else "",
            level_name=_level_name(snap, stats.home_level, lang),
        ),
        "map_title": t("overview.map_title", lang, measure=label, period=period),
        "ranking": ranking,
        "distribution": distribution,
        "about": about,
    }


@callback(
    Output(ids.READINESS_MAP, "figure"),
    Input(ids.INDICATOR_SELECT, "value"),
    Input(ids.PERIOD_SELECT, "value"),
    Input(ids.PROVINCE_SELECT, "value"),
    Input(ids.MAP_MODE, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def update_map_on_filter(measure_id, period, province, mode, lang):
    """Recolour the map with a values-only Patch; only a change of map type sends a new figure."""
    snap = snapshot()
    measure_id, period, province, mode = _query_state(snap, measure_id, period, province, mode)
    home = settings().HOME_REGION
    if ctx.triggered_id == ids.MAP_MODE:
        return maps.readiness_figure(
            snap, measure_id, period, mode=mode, province=province, lang=lang, home=home
        )
    return maps.readiness_patch(
        snap, measure_id, period, mode=mode, province=province, lang=lang, home=home
    )


@callback(
    Output("overview-badge-holder", "children"),
    Output("overview-subtitle", "children"),
    Output(ids.OVERVIEW_ALERT, "children"),
    Output(ids.KPI_ROW, "children"),
    Output(ids.MAP_CAPTION, "children"),
    Output(ids.RANKING_CHART, "figure"),
    Output(ids.DISTRIBUTION_CHART, "figure"),
    Output("overview-about", "children"),
    Input(ids.INDICATOR_SELECT, "value"),
    Input(ids.PERIOD_SELECT, "value"),
    Input(ids.PROVINCE_SELECT, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def update_panels_on_filter(measure_id, period, province, lang):
    """KPIs, ranking, distribution and texts for the chosen measure, year and province."""
    snap = snapshot()
    measure_id, period, province, _ = _query_state(snap, measure_id, period, province, "tile")
    try:
        p = _cached_panels(snap, measure_id, period, province, lang, settings().HOME_REGION)
    except DataError as exc:
        return (
            dash.no_update,
            dash.no_update,
            dbc.Alert(exc.message(lang), color="warning"),
            *([dash.no_update] * 5),
        )
    return (
        p["badge"],
        p["subtitle"],
        p["alert"],
        p["kpis"],
        p["map_title"],
        p["ranking"],
        p["distribution"],
        p["about"],
    )


# Filters -> URL (pushState, so back/forward work) without re-rendering the page.
clientside_callback(
    """
    function(indicator, period, province, mode) {
        return window.kc.writeQuery({indicator: indicator, period: period, province: province, mode: mode},
                                    "overview-defaults");
    }
    """,
    Output(ids.OVERVIEW_STATE, "data"),
    Input(ids.INDICATOR_SELECT, "value"),
    Input(ids.PERIOD_SELECT, "value"),
    Input(ids.PROVINCE_SELECT, "value"),
    Input(ids.MAP_MODE, "value"),
)

# Clicking a region on the map or in the ranking opens its profile.
clientside_callback(
    """
    function(mapClick, rankClick) {
        return window.kc.profileHref(dash_clientside.callback_context.triggered, mapClick, rankClick);
    }
    """,
    Output(ids.URL, "href", allow_duplicate=True),
    Input(ids.READINESS_MAP, "clickData"),
    Input(ids.RANKING_CHART, "clickData"),
    prevent_initial_call=True,
)
