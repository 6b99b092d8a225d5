"""Overview `/`: the readiness map, KPIs, ranking and distribution for one measure and year."""

from __future__ import annotations

import json
from functools import partial

import dash
import dash_bootstrap_components as dbc
import orjson
from dash import Input, Output, State, ctx, dcc, html

from dashboard import ids
from dashboard.charts import maps
from dashboard.charts import overview as overview_charts
from dashboard.charts.columns import names_of
from dashboard.charts.query import OVERVIEW_KEYS, defaults, resolve
from dashboard.charts.ready import Prebuilt, json_ready
from dashboard.charts.registry import charts_on
from dashboard.charts.text import chart_text
from dashboard.components import why
from dashboard.components.chart_text import summary_id, title_id
from dashboard.components.controls import (
    ALL,
    dropdown,
    labelled,
    measure_options,
    note,
    period_select,
    province_options,
)
from dashboard.components.export_menu import card_header
from dashboard.components.kpi import kpi_row
from dashboard.components.map_keys import keyboard_map
from dashboard.components.shell import synthetic_badge
from dashboard.data.errors import DataError
from dashboard.data.views.measures import (
    measure,
    measure_values,
    shows_synthetic,
    summary,
    value_sources,
)
from dashboard.data.views.provenance import national_gaps
from dashboard.i18n import t
from dashboard.pages.callbacks import Callbacks
from dashboard.pages.common import open_profile_on_click, write_query_on_change
from dashboard.pages.frame import (
    chart_menu,
    chart_with_text,
    export_options,
    fill_prop,
    frozen_children,
    needs_data,
    page_frame,
)
from dashboard.state import lang_of, settings, snapshot

dash.register_page(__name__, path="/", name="overview", title="Kota Cerdas Command Center")
callbacks = Callbacks()

PAGE = "/"
LANG_STORE = "overview-lang"
MAP_ANSWERED = "overview-map-answered"  # changes when the map's figure has changed
DEFAULTS = "overview-defaults"


def _query(snap, home: str, **raw) -> dict:
    """The filters of the URL or the controls; bad or missing values become the defaults."""
    return resolve(snap, OVERVIEW_KEYS, raw, home=home).values


@needs_data("overview")
def layout(lang=None, indicator=None, period=None, province=None, mode=None, **_other) -> html.Div:
    lang = lang_of(lang)
    snap = snapshot()
    home = settings().HOME_REGION
    seen = {"indicator": indicator, "period": period, "province": province, "mode": mode}
    q = _query(snap, home, **seen)
    map_figure = maps.readiness_figure_json(
        snap,
        q["indicator"],
        q["period"],
        mode=q["mode"],
        province=q["province"],
        lang=lang,
        home=home,
    )
    key = ("overview-body", lang, home, *q.values(), *seen.values(), *export_options())
    body = frozen_children(snap, key, lambda: _body(snap, q, seen, lang, home), BODY_CACHE)
    fill_prop(body, ids.READINESS_MAP, "figure", map_figure)
    return page_frame(
        *body,
        lang=lang,
        active="overview",
        home=home,
        version=snap.version,
        framework_version=snap.framework.version,
    )


BODY_CACHE = 64  # recent (filters, language) page bodies per worker, as JSON bytes (P1 page)


def _body(snap, q: dict, seen: dict, lang: str, home: str) -> list:
    """Everything under the navbar for one filter state; the map's figure is filled in per
    request from its own cache (it is the largest part and shared with the map callback)."""
    panels = _cached_panels(snap, q["indicator"], q["period"], q["province"], lang, home)
    menus = {name: chart_menu(name, lang=lang, resolved=q, seen=seen) for name in charts_on(PAGE)}
    return [
        dcc.Store(id=LANG_STORE, data=lang),
        dcc.Store(id=ids.OVERVIEW_STATE),
        dcc.Store(id=MAP_ANSWERED),
        html.Div(
            id=DEFAULTS,
            hidden=True,
            **{"data-defaults": json.dumps(defaults(snap, OVERVIEW_KEYS, home=home))},
        ),
        *_heading(panels, lang),
        dbc.Card(dbc.CardBody(_controls(snap, q, lang)), className="mb-3 shadow-sm"),
        html.Div(panels["alert"], id=ids.OVERVIEW_ALERT),
        html.Div(panels["kpis"], id=ids.KPI_ROW, className="mb-3"),
        _charts(panels, None, menus, lang, q, home),
    ]


def _heading(panels: dict, lang: str) -> list:
    return [
        html.Div(
            [
                html.H1(t("overview.title", lang), className="h3 mb-0 me-3"),
                html.Div(panels["badge"], id="overview-badge-holder"),
            ],
            className="d-flex flex-wrap align-items-center gap-2 mb-1",
        ),
        html.P(panels["subtitle"], id="overview-subtitle", className="text-body-secondary mb-3"),
    ]


def _controls(snap, q: dict, lang: str) -> dbc.Row:
    """Measure, year, province and map type, each with a visible label."""
    mode = dbc.RadioItems(
        id=ids.MAP_MODE,
        options=[
            {"label": t("overview.mode_tile", lang), "value": "tile"},
            {
                "label": t("overview.mode_geo", lang),
                "value": "geo",
                "disabled": not maps.has_geometry(snap),
            },
        ],
        value=q["mode"],
        inline=True,
        className="pt-1",
    )
    measures = dropdown(
        ids.INDICATOR_SELECT, measure_options(snap.framework, lang), q["indicator"], lang=lang
    )
    provinces = dropdown(
        ids.PROVINCE_SELECT, province_options(snap.regions, lang), q["province"], lang=lang
    )
    return dbc.Row(
        [
            labelled(
                t("overview.measure", lang),
                measures,
                control_id=ids.INDICATOR_SELECT,
                width={"xs": 12, "lg": 5},
            ),
            period_select(
                ids.PERIOD_SELECT,
                snap.periods,
                q["period"],
                label=t("overview.period", lang),
                lang=lang,
                width={"xs": 6, "lg": 2},
            ),
            labelled(
                t("overview.province", lang),
                provinces,
                control_id=ids.PROVINCE_SELECT,
                width={"xs": 6, "lg": 3},
            ),
            labelled(
                t("overview.map_mode", lang),
                mode,
                control_id=ids.MAP_MODE,
                width={"xs": 12, "lg": 2},
            ),
        ],
        className="g-3 align-items-end filters",
    )


def _graph(graph_id: str, figure: dict, chart: str, class_name: str, **extra) -> dcc.Graph:
    """``figure``: plain JSON data, sent as it is (:class:`~dashboard.charts.ready.Prebuilt`)."""
    config = maps.graph_config(chart)
    return dcc.Graph(
        id=graph_id, figure=Prebuilt(figure), config=config, className=class_name, **extra
    )


def _card(header, body, *, width: int) -> dbc.Col:
    return dbc.Col(dbc.Card([header, dbc.CardBody(body)], className="h-100 shadow-sm"), lg=width)


def _charts(panels: dict, map_figure, menus: dict, lang: str, q: dict, home: str) -> html.Div:
    """Map (explorable by keyboard) and ranking, then distribution and the measure's description,
    each chart with its text alternative."""
    described = partial(chart_with_text, lang=lang, values=q)
    readiness = described(
        "peta-kesiapan",
        keyboard_map(
            _graph(
                ids.READINESS_MAP,
                map_figure,
                "peta-kesiapan",
                "readiness-map kc-draw-first",  # drawn before the other graphs (07-draw-order.js)
                responsive=True,
            ),
            lang=lang,
            label_id=ids.MAP_CAPTION,
            home=home,
        ),
        # phones: the map's colour scale where it is seen without swiping (26-phone-charts.js
        # fills it from the drawn colour bar; it repeats what the summary says)
        after=[
            html.Div(
                className="kc-colour-scale",
                **{"data-graph": ids.READINESS_MAP, "aria-hidden": "true"},
            )
        ],
    )
    ranking = described(
        "peringkat",
        _graph(
            ids.RANKING_CHART,
            panels["ranking"],
            "peringkat",
            "ranking-chart kc-names-above",  # phones: names above their bars (26-phone-charts.js)
        ),
    )
    distribution = described(
        "sebaran",
        _graph(ids.DISTRIBUTION_CHART, panels["distribution"], "sebaran", "distribution-chart"),
    )
    map_header = card_header(panels["map_title"], menus["peta-kesiapan"], title_id=ids.MAP_CAPTION)
    about_header = dbc.CardHeader(t("overview.about_measure", lang), className="fw-semibold")
    return html.Div(
        [
            dbc.Row(
                [
                    _card(map_header, [readiness, note(t("overview.click_hint", lang))], width=8),
                    _card(
                        card_header(t("overview.ranking_title", lang), menus["peringkat"]),
                        ranking,
                        width=4,
                    ),
                ],
                className="g-3 mb-3",
            ),
            dbc.Row(
                [
                    _card(
                        card_header(t("overview.distribution_title", lang), menus["sebaran"]),
                        distribution,
                        width=8,
                    ),
                    dbc.Col(
                        dbc.Card(
                            [about_header, dbc.CardBody(panels["about"], id="overview-about")],
                            className="h-100 shadow-sm",
                        ),
                        lg=4,
                    ),
                ],
                className="g-3",
            ),
        ]
    )


def _level_name(snap, level_id: str | None, lang: str) -> str | None:
    levels = {lv.id: lv.name(lang) for lv in snap.framework.levels}
    return levels.get(level_id) if level_id else None


_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
PANELS_CACHE = 512  # recent filter states per worker, kept as JSON bytes: about 13 KB each (P7)


def _cached_panels(snap, measure_id: str, period: int, province: str, lang: str, home: str) -> dict:
    """Panels are the same for every viewer of the same filters: build once per dataset version.

    Kept as the JSON bytes of the plain data (components and figures as the dicts Dash sends):
    13 KB instead of about 100 KB of Python objects, so 512 states fit where 128 did (a bench
    client cycling through 200 states missed a cache of 128 on nearly every request). A hit is
    parsed again (about 0.1 ms) and serialised by orjson in one pass (P1, P3).

    All of Indonesia (no province) is kept for the snapshot's life, not among the recent states:
    a few hundred measures x years x languages, prepared before the fork (:func:`prepare_panels`).
    """
    key = ("overview-panels", measure_id, period, province, lang, home)
    build = partial(_plain_panels, snap, measure_id, period, province, lang, home)

    def encoded() -> bytes:
        return orjson.dumps(build(), option=_JSON_OPTIONS)

    if province == ALL:
        return orjson.loads(snap.memo(key, encoded))
    return orjson.loads(snap.lru(key, encoded, maxsize=PANELS_CACHE))


def prepare_panels(snap, lang: str, home: str) -> int:
    """Build the national panels of every measure and year of the dropdowns in ``lang``, once per
    dataset version, so that no worker builds them on a filter change (P1).

    Called at start-up in the process gunicorn forks its workers from (``dashboard.app.warm_caches``):
    about 6 ms per state, 350 states and 4.5 MB of JSON for the bundled dataset. A province's panels
    (39 times as many states) are built on their first sight and kept among the recent ones.
    """
    periods = [int(p) for p in snap.periods]
    count = 0
    for measure_id in maps.overview_measures(snap):
        for period in periods:
            try:
                _cached_panels(snap, measure_id, period, ALL, lang, home)
            except DataError:  # its callback answers with the message, built per request
                continue
            count += 1
    return count


def _plain_panels(snap, measure_id: str, period: int, province: str, lang: str, home: str) -> dict:
    panels = _panels(snap, measure_id, period, province, lang, home)
    figures = ("ranking", "distribution")  # already plain data
    return {name: v if name in figures else json_ready(v) for name, v in panels.items()}


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


def _why_missing(snap, m, period: int, lang: str) -> dbc.Alert:
    """A score computed for few or no regions: which pillars lack which indicators, nationally."""
    fw = snap.framework
    names = {i.id: i.name(lang) for i in fw.indicators}
    only = () if m.kind == "composite" else (m.id,)
    return why.national_gap(
        national_gaps(snap, period),
        names,
        measure=m.label(lang),
        share=fw.max_missing_share,
        lang=lang,
        only=only,
    )


def _panels(snap, measure_id: str, period: int, province: str, lang: str, home: str) -> dict:
    """Everything beside the map that depends on the filters (one place for layout and callback)."""
    m = measure(snap, measure_id)
    values = measure_values(snap, measure_id, period)
    selected = overview_charts.selected_values(snap, measure_id, period, province)
    province_name = None if province == ALL else snap.regions.name(province)
    stats = summary(
        snap, measure_id, period, home=home, province=None if province == ALL else province
    )
    label = m.label(lang)
    unit = m.unit_label(lang)
    alert = None
    if m.is_score and values["value"].notna().sum() < 0.5 * len(values):
        alert = _why_missing(snap, m, period, lang)
    elif not values["value"].notna().any():
        latest = snap.data_as_of.get(measure_id, max(snap.periods))
        alert = dbc.Alert(
            t("overview.no_values", lang, measure=label, period=period, latest=latest),
            color="info",
            className="mb-3",
        )
    names = names_of(snap)
    where = {"province": province, "lang": lang, "home": home}
    ranking = overview_charts.ranking_json(snap, measure_id, period, **where)
    distribution = overview_charts.distribution_json(snap, measure_id, period, **where)
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


@callbacks.callback(
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
    home = settings().HOME_REGION
    q = _query(snap, home, indicator=measure_id, period=period, province=province, mode=mode)
    build = (
        maps.readiness_figure_json
        if ctx.triggered_id == ids.MAP_MODE
        else maps.readiness_patch_json
    )
    return build(
        snap,
        q["indicator"],
        q["period"],
        mode=q["mode"],
        province=q["province"],
        lang=lang,
        home=home,
    )


@callbacks.callback(
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
    home = settings().HOME_REGION
    q = _query(snap, home, indicator=measure_id, period=period, province=province)
    try:
        p = _cached_panels(snap, q["indicator"], q["period"], q["province"], lang, home)
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


TEXT_CHARTS = ("peta-kesiapan", "peringkat", "sebaran")


# The charts' texts go to the server once the map's answer is in the browser, not with the map's
# and the panels' requests: a filter change then sends those two alone, one per worker of two, and
# the texts are computed while the browser draws the map (SPEC P8).
callbacks.clientside_callback(
    "function(figure) { return window.performance.now(); }",
    Output(MAP_ANSWERED, "data"),
    Input(ids.READINESS_MAP, "figure"),
    prevent_initial_call=True,
)


@callbacks.callback(
    *(Output(f(name), "children") for name in TEXT_CHARTS for f in (title_id, summary_id)),
    Input(MAP_ANSWERED, "data"),
    State(ids.INDICATOR_SELECT, "value"),
    State(ids.PERIOD_SELECT, "value"),
    State(ids.PROVINCE_SELECT, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def describe_charts_on_filter(_answered, measure_id, period, province, lang):
    """The charts' titles and summaries for screen readers, once the map has its answer to a
    filter change (its own request: the map's and the panels' callbacks stay as fast as they were)."""
    snap = snapshot()
    home = settings().HOME_REGION
    q = _query(snap, home, indicator=measure_id, period=period, province=province)
    texts = [chart_text(name, snap, q, lang=lang, home=home) for name in TEXT_CHARTS]
    return tuple(part for text in texts for part in (text.title, text.summary))


write_query_on_change(
    callbacks,
    ids.OVERVIEW_STATE,
    {
        "indicator": Input(ids.INDICATOR_SELECT, "value"),
        "period": Input(ids.PERIOD_SELECT, "value"),
        "province": Input(ids.PROVINCE_SELECT, "value"),
        "mode": Input(ids.MAP_MODE, "value"),
    },
    DEFAULTS,
)
open_profile_on_click(callbacks, ids.READINESS_MAP, ids.RANKING_CHART)


register_callbacks = callbacks.register
