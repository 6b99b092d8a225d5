"""District view `/wilayah/<code>/kecamatan`: a regency's kecamatan on a map, ranked, profiled.

The map is built once per page view; a measure or year change sends a values-only ``Patch``
(:func:`dashboard.charts.districts.district_patch`), the ranking and the source line are rebuilt
(small). Clicking a district on the map or the ranking, or choosing it in the list, shows its
profile: every indicator with district data, its rank among the regency's districts, the regency's
own value and the source (synthetic values labelled).
"""

from __future__ import annotations

import json

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html

from dashboard import ids
from dashboard.charts import districts as charts
from dashboard.charts import maps
from dashboard.charts.query import (
    DISTRICT_KEYS,
    DISTRICT_MEASURE,
    DISTRICT_PERIOD,
    defaults,
    district_measures,
)
from dashboard.charts.registry import chart_figure
from dashboard.charts.text import chart_text
from dashboard.components.chart_text import summary_id, title_id
from dashboard.components.controls import dropdown, labelled, note
from dashboard.components.export_menu import titled_card
from dashboard.components.map_keys import keyboard_map
from dashboard.components.shell import synthetic_badge
from dashboard.data.views.districts import (
    SUMMARY,
    district_indicators,
    district_list,
    district_periods,
    district_profile,
    district_sources,
    district_values,
    has_district_data,
)
from dashboard.i18n import fmt_number, t
from dashboard.pages.callbacks import Callbacks
from dashboard.pages.common import write_query_on_change
from dashboard.pages.frame import chart_menu, chart_with_text, needs_data, page_frame
from dashboard.state import href, lang_of, settings, snapshot

dash.register_page(
    __name__,
    path_template="/wilayah/<code>/kecamatan",
    name="districts",
    title="Kecamatan · Kota Cerdas",
)
callbacks = Callbacks()

STATE_STORE = "district-state"  # regency and language of the page
URL_STORE = "district-url-state"
DEFAULTS_ID = "district-defaults"


@needs_data("profile")
def layout(code: str | None = None, lang=None, indicator=None, period=None, kecamatan=None,
           **_other) -> html.Div:  # fmt: skip
    lang = lang_of(lang)
    snap = snapshot()
    home = settings().HOME_REGION
    frame = dict(lang=lang, active="profile", home=home, version=snap.version,
                 framework_version=snap.framework.version)  # fmt: skip
    regency, _ = snap.regions.try_resolve(str(code or home))
    if regency is None or len(regency) != len("32.16") or not has_district_data(snap, regency):
        return page_frame(_no_data(snap, regency, code, lang), **frame)
    q = {"kode": regency, "indicator": indicator or SUMMARY, "period": _int(period)}
    q["indicator"], q["period"] = charts.effective(snap, regency, q["indicator"], q["period"])
    chosen = kecamatan if kecamatan in set(district_list(snap, regency)["code"]) else None
    q["kecamatan"] = chosen
    return page_frame(
        dcc.Store(id=STATE_STORE, data={"kode": regency, "lang": lang}),
        dcc.Store(id=URL_STORE),
        html.Div(
            id=DEFAULTS_ID,
            hidden=True,
            **{
                "data-defaults": json.dumps(
                    defaults(snap, (DISTRICT_MEASURE, DISTRICT_PERIOD), home=regency)
                )
            },
        ),
        _header(snap, regency, q, lang),
        _controls(snap, regency, q, lang),
        _charts(snap, q, lang, home),
        dbc.Row(
            dbc.Col(
                titled_card(
                    t("district.profile_title", lang),
                    html.Div(_profile(snap, chosen, q["period"], lang), id=ids.DISTRICT_PROFILE),
                )
            ),
            className="g-3 mb-3",
        ),
        **frame,
    )


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _no_data(snap, regency: str | None, code: object, lang: str) -> dbc.Alert:
    name = snap.regions.name(regency) if regency in snap.regions else str(code)
    back = href(f"/wilayah/{regency}", lang) if regency in snap.regions else href("/", lang)
    return dbc.Alert(
        [
            html.H1(t("district.no_data", lang, region=name), className="h4"),
            html.P(t("district.no_data_hint", lang)),
            dbc.Button(t("district.back", lang, region=name), href=back, color="primary"),
        ],
        color="light",
        className="mt-4",
        id="district-no-data",
    )


def _header(snap, regency: str, q: dict, lang: str) -> html.Div:
    name = snap.regions.name(regency)
    names = [snap.framework.indicator(i).name(lang) for i in district_indicators(snap, regency)]
    values = district_values(snap, regency, q["indicator"], q["period"])
    notes = [note(t("district.scoring_note", lang)),
             note(t("district.indicators_note", lang, names="; ".join(names)), icon="bi-list-check")]  # fmt: skip
    if not charts.has_district_geometry(snap):
        notes.append(note(t("district.grid_note", lang), icon="bi-grid-3x3"))
    if (district_list(snap, regency)["name"] == "").any():
        notes.append(note(t("district.names_note", lang), icon="bi-tag"))
    return html.Div(
        [
            html.Div(
                [
                    html.H1(t("district.title", lang, region=name), className="h3 mb-0 me-3"),
                    synthetic_badge(
                        lang=lang, show=_synthetic(values), id=ids.DISTRICT_SYNTHETIC_BADGE
                    ),
                    dbc.Button(
                        [
                            html.I(className="bi bi-arrow-left me-1"),
                            t("district.back", lang, region=name),
                        ],
                        href=href(f"/wilayah/{regency}", lang),
                        color="link",
                        size="sm",
                    ),
                ],
                className="d-flex flex-wrap align-items-center gap-2",
            ),
            html.P(
                t(
                    "district.subtitle",
                    lang,
                    n=len(district_list(snap, regency)),
                    k=len(names),
                    code=regency,
                ),
                className="text-body-secondary mb-1",
            ),
            html.Div([html.Div(n) for n in notes], className="mb-3"),
        ]
    )


def _synthetic(values: pd.DataFrame) -> bool:
    return bool(values.loc[values["value"].notna(), "synthetic"].any())


def _measure_options(snap, regency: str, lang: str) -> list[dict]:
    present = set(district_indicators(snap, regency))
    options = [{"label": t("district.summary", lang), "value": SUMMARY}]
    for ident in district_measures(snap)[1:]:
        if ident in present:
            options.append({"label": snap.framework.indicator(ident).name(lang), "value": ident})
    return options


def _controls(snap, regency: str, q: dict, lang: str) -> dbc.Row:
    periods = district_periods(snap, regency)
    choices = district_list(snap, regency)
    width = {"xs": 12, "md": 4, "lg": 3}
    return dbc.Row(
        [
            labelled(t("district.measure", lang),
                     dropdown(ids.DISTRICT_MEASURE, _measure_options(snap, regency, lang),
                              q["indicator"], lang=lang),
                     control_id=ids.DISTRICT_MEASURE, width={"xs": 12, "md": 5, "lg": 4}),
            labelled(t("district.period", lang),
                     dropdown(ids.DISTRICT_PERIOD,
                              [{"label": str(p), "value": p} for p in reversed(periods)],
                              q["period"], lang=lang, searchable=False),
                     control_id=ids.DISTRICT_PERIOD, width={"xs": 6, "md": 3, "lg": 2}),
            labelled(t("district.choose_district", lang),
                     dropdown(ids.DISTRICT_SELECT,
                              [{"label": f"{lab} ({c})" if lab != c else c, "value": c}
                               for c, lab in zip(choices["code"], choices["label"], strict=True)],
                              q["kecamatan"], lang=lang, clearable=True),
                     control_id=ids.DISTRICT_SELECT, width=width),
        ],
        className="g-3 mb-3",
    )  # fmt: skip


def _charts(snap, q: dict, lang: str, home: str) -> dbc.Row:
    fixed = {"kode": q["kode"]}
    resolved = {"indicator": q["indicator"], "period": q["period"]}
    cards = []
    for name, title, graph_id, width in (
        ("peta-kecamatan", "district.map_title", ids.DISTRICT_MAP, 7),
        ("peringkat-kecamatan", "district.ranking_title", ids.DISTRICT_RANKING, 5),
    ):
        graph = dcc.Graph(id=graph_id, figure=chart_figure(name, snap, q, lang=lang, home=home),
                          config=maps.graph_config(name), className=graph_id)  # fmt: skip
        if graph_id == ids.DISTRICT_MAP:
            graph = keyboard_map(graph, lang=lang, label=t(title, lang),
                                 open_key="mapkeys.hint_district")  # fmt: skip
        menu = chart_menu(name, lang=lang, resolved=resolved, seen=resolved, fixed=fixed)
        graph = chart_with_text(name, graph, lang=lang, values=_text_query(q), fixed=fixed)
        cards.append(dbc.Col(titled_card(t(title, lang), graph, menu=menu), lg=width))
    source = html.Div(_source_line(snap, q, lang), id=ids.DISTRICT_SOURCE, className="small mt-2")
    return html.Div([dbc.Row(cards, className="g-3"), source], className="mb-3")


def _source_line(snap, q: dict, lang: str) -> str:
    values = district_values(snap, q["kode"], q["indicator"], q["period"])
    sources = district_sources(values)
    if _synthetic(values):
        sources.append(t("district.source_synthetic", lang))
    return t("district.source_line", lang, sources="; ".join(sources) or "–", period=q["period"])


def _profile(snap, code: str | None, period: int, lang: str):
    if not code:
        return html.P(t("district.profile_pick", lang), className="text-body-secondary mb-0")
    label = district_list(snap).set_index("code").loc[code, "label"]
    rows = district_profile(snap, code, period)
    title = html.H2(f"{label} ({code})" if label != code else code, className="h5",
                    id="district-profile-name")  # fmt: skip
    if rows.empty:
        return [title, html.P(t("district.profile_empty", lang, district=label, period=period))]
    head = html.Thead(html.Tr([html.Th(t(f"district.{k}", lang)) for k in (
        "col_indicator", "col_value", "col_rank", "col_score", "col_regency", "col_source")]))  # fmt: skip
    body = html.Tbody([_profile_row(snap, r, lang) for r in rows.itertuples(index=False)])
    badge = synthetic_badge(lang=lang, show=bool(rows["synthetic"].any()),
                            id="district-profile-synthetic")  # fmt: skip
    table = dbc.Table([head, body], size="sm", hover=True, responsive=True, className="mb-0")
    return [html.Div([title, badge], className="d-flex gap-2 align-items-center"), table]


def _profile_row(snap, r, lang: str) -> html.Tr:
    ind = snap.framework.indicator(r.indicator_id)
    unit = f" {ind.unit}" if ind.unit else ""
    rank = "–" if pd.isna(r.rank) else t("district.rank_of", lang, rank=int(r.rank), n=int(r.n))
    source = t("district.source_synthetic", lang) if r.synthetic else (r.source or "–")
    return html.Tr([
        html.Td(ind.name(lang)),
        html.Td(fmt_number(r.value, lang, ind.decimals) + unit),
        html.Td(rank),
        html.Td(fmt_number(r.score, lang, 1) if pd.notna(r.score) else "–"),
        html.Td(fmt_number(r.regency_value, lang, ind.decimals) + unit
                if pd.notna(r.regency_value) else "–"),
        html.Td(source, className="text-warning-emphasis" if r.synthetic else ""),
    ])  # fmt: skip


# ---------------------------------------------------------------- callbacks
def _query(snap, state: dict, measure: object, period: object, chosen: object = None) -> dict:
    q = {"kode": state["kode"], "indicator": measure or SUMMARY, "period": _int(period)}
    q["indicator"], q["period"] = charts.effective(snap, q["kode"], q["indicator"], q["period"])
    q["kecamatan"] = chosen or None
    return q


@callbacks.callback(
    Output(ids.DISTRICT_MAP, "figure"),
    Output(ids.DISTRICT_RANKING, "figure"),
    Output(ids.DISTRICT_SOURCE, "children"),
    Output(ids.DISTRICT_SYNTHETIC_BADGE, "className"),
    Input(ids.DISTRICT_MEASURE, "value"),
    Input(ids.DISTRICT_PERIOD, "value"),
    State(ids.DISTRICT_SELECT, "value"),
    State(STATE_STORE, "data"),
    prevent_initial_call=True,
)
def update_district_view(measure, period, chosen, state):
    """A measure or year change: the map gets a values-only Patch, the ranking is redrawn."""
    snap = snapshot()
    lang = state["lang"]
    q = _query(snap, state, measure, period, chosen)
    patch = charts.district_patch(snap, q, lang=lang)
    ranking = charts.ranking_figure(snap, q, lang=lang)
    values = district_values(snap, q["kode"], q["indicator"], q["period"])
    badge = "badge text-bg-warning synthetic-badge" + ("" if _synthetic(values) else " d-none")
    return patch, ranking, _source_line(snap, q, lang), badge


TEXT_CHARTS = ("peta-kecamatan", "peringkat-kecamatan")


def _text_query(q: dict) -> dict:
    """The query the charts' texts depend on (the chosen district only highlights)."""
    return {key: q[key] for key in ("kode", "indicator", "period")}


@callbacks.callback(
    *(Output(f(name), "children") for name in TEXT_CHARTS for f in (title_id, summary_id)),
    Input(ids.DISTRICT_MEASURE, "value"),
    Input(ids.DISTRICT_PERIOD, "value"),
    State(STATE_STORE, "data"),
    prevent_initial_call=True,
)
def describe_district_charts(measure, period, state):
    """The charts' titles and summaries for screen readers, after a measure or year change."""
    snap = snapshot()
    lang, home = state["lang"], settings().HOME_REGION
    q = _text_query(_query(snap, state, measure, period))
    texts = [chart_text(name, snap, q, lang=lang, home=home) for name in TEXT_CHARTS]
    return tuple(part for text in texts for part in (text.title, text.summary))


callbacks.clientside_callback(
    """
    function(mapClick, rankClick, current) {
        const trig = dash_clientside.callback_context.triggered;
        const click = trig.length && trig[0].prop_id.startsWith("district-ranking")
            ? rankClick : mapClick;
        const point = click && click.points && click.points[0];
        const code = point && (typeof point.customdata === "string"
            ? point.customdata : (Array.isArray(point.customdata) ? point.customdata[0] : null));
        return code || current || dash_clientside.no_update;
    }
    """,
    Output(ids.DISTRICT_SELECT, "value"),
    Input(ids.DISTRICT_MAP, "clickData"),
    Input(ids.DISTRICT_RANKING, "clickData"),
    State(ids.DISTRICT_SELECT, "value"),
    prevent_initial_call=True,
)


@callbacks.callback(
    Output(ids.DISTRICT_PROFILE, "children"),
    Input(ids.DISTRICT_SELECT, "value"),
    Input(ids.DISTRICT_PERIOD, "value"),
    State(ids.DISTRICT_MEASURE, "value"),
    State(STATE_STORE, "data"),
    prevent_initial_call=True,
)
def update_district_profile(chosen, period, measure, state):
    """The chosen district's indicators for the year shown."""
    snap = snapshot()
    q = _query(snap, state, measure, period, chosen)
    known = set(district_list(snap, q["kode"])["code"])
    return _profile(snap, chosen if chosen in known else None, q["period"], state["lang"])


@callbacks.callback(
    Output(ids.DISTRICT_MAP, "figure", allow_duplicate=True),
    Output(ids.DISTRICT_RANKING, "figure", allow_duplicate=True),
    Input(ids.DISTRICT_SELECT, "value"),
    State(ids.DISTRICT_MEASURE, "value"),
    State(ids.DISTRICT_PERIOD, "value"),
    State(STATE_STORE, "data"),
    prevent_initial_call=True,
)
def mark_chosen_district(chosen, measure, period, state):
    """The chosen district outlined on the map (a tiny Patch) and highlighted in the ranking."""
    snap = snapshot()
    q = _query(snap, state, measure, period, chosen)
    if q["kecamatan"] not in set(district_list(snap, q["kode"])["code"]):
        q["kecamatan"] = None
    outline = charts.selection_patch(snap, q["kecamatan"])
    ranking = charts.ranking_figure(snap, q, lang=state["lang"])
    return (dash.no_update if outline is None else outline), ranking


write_query_on_change(
    callbacks,
    URL_STORE,
    {
        "indicator": Input(ids.DISTRICT_MEASURE, "value"),
        "period": Input(ids.DISTRICT_PERIOD, "value"),
        "kecamatan": Input(ids.DISTRICT_SELECT, "value"),
    },
    DEFAULTS_ID,
)

register_callbacks = callbacks.register
KEYS = DISTRICT_KEYS  # the page's query keys (the registry's charts take the same)
