"""Command-center wall `/wall`: full-screen rotating scenes for a video wall, unattended for weeks.

Rotation, clock, progress bar, burn-in shift, connection watch and the safety-net reload run in
``assets/30-wall.js`` without any server round trip, so rotating never re-mounts a graph and never
fails when the network does. The server is asked only when the dataset version changes (every
scene's figures are updated in place) and when the spotlight moves to its next indicator (a
values-only Patch).
"""

from __future__ import annotations

import logging

import dash
from dash import ALL, Input, Output, State, callback, dcc, html
from flask import request

from dashboard.components import maps
from dashboard.components.shell import synthetic_badge
from dashboard.data.errors import DataError
from dashboard.data.views.measures import (
    COMPOSITE,
    measure,
    measure_values,
    programme_status,
    score_history,
    shows_synthetic,
    sources_of,
    summary,
)
from dashboard.data.views.periods import default_period
from dashboard.data.views.wall import (
    WallConfig,
    load_playlists,
    movers,
    spotlight_indicators,
    wall_config,
)
from dashboard.figures.movers import movers_bar
from dashboard.figures.profile import pillar_comparison, trend_chart
from dashboard.figures.programme import cohort_counts, participants_map
from dashboard.figures.ranking import ranking_bar
from dashboard.i18n import fmt_date, fmt_number, fmt_signed, t
from dashboard.state import settings, snapshot

log = logging.getLogger(__name__)

dash.register_page(__name__, path="/wall", title="Dinding · Kota Cerdas Command Center")

GRAPH = "wall-graph"
TEXT = "wall-text"
VERSION = "wall-version"
CONFIG = "wall-config"
SPOTLIGHT = "wall-spotlight"
GRAPH_CONFIG = {
    "displayModeBar": False,
    "staticPlot": False,
    "topojsonURL": "/assets/topojson/",
    "responsive": True,
}


def layout(**query) -> html.Div:
    cfg_settings = settings()
    lang = "en" if query.get("lang") == "en" else "id"
    if cfg_settings.WALL_TOKEN and query.get("token") != cfg_settings.WALL_TOKEN:
        return html.Div(
            html.P(t("wall.token_required", lang), className="wall-message"),
            className="wall wall-locked",
        )
    snap = snapshot()
    try:
        playlists = load_playlists(cfg_settings.WALL_PLAYLISTS)
    except DataError as exc:
        log.error("%s", exc)
        playlists = {}
    cfg = wall_config(
        query,
        playlists=playlists,
        home=cfg_settings.HOME_REGION,
        lang=cfg_settings.LANG,
        valid_region=lambda key: _regency(snap, key),
    )
    for note in cfg.notes:
        log.warning("wall %s: %s", request.full_path if request else "", note)
    period = default_period(snap)
    scenes = [_scene(name, snap, cfg, period) for name in cfg.scenes]
    return html.Div(
        [
            dcc.Store(id=VERSION, data=snap.version),
            dcc.Store(
                id=CONFIG,
                data={
                    "scenes": list(cfg.scenes),
                    "region": cfg.region,
                    "lang": cfg.lang,
                    "interval": cfg.interval,
                },
            ),
            dcc.Store(id=SPOTLIGHT, data=0),
            html.Div(
                html.Div(
                    [
                        _header(snap, cfg, period),
                        html.Div(scenes, className="wall-scenes", id="wall-scenes"),
                        html.Div(
                            html.Div(className="wall-progress-bar", id="wall-progress-bar"),
                            className="wall-progress",
                        ),
                    ],
                    className="wall-shift",
                ),
                className="wall-stage",
                id="wall-stage",
            ),
        ],
        className="wall",
        id="wall-root",
        **{
            "data-bs-theme": "dark",
            "data-interval": str(cfg.interval),
            "data-reload-hours": str(cfg_settings.WALL_RELOAD_HOURS),
            "data-version": str(snap.version),
            "data-lang": cfg.lang,
            "data-token": query.get("token") or "",
            "data-offline-text": t("wall.offline", cfg.lang, time="{time}"),
        },
    )


def _regency(snap, key: str) -> str | None:
    try:
        code = snap.regions.resolve(key)
    except DataError:
        return None
    return code if "." in code else None


def _header(snap, cfg: WallConfig, period: int) -> html.Header:
    lang = cfg.lang
    return html.Header(
        [
            html.Div(
                [html.I(className="bi bi-broadcast-pin me-3"), t("wall.title", lang)],
                className="wall-brand",
            ),
            html.Div(
                t(f"wall.scene_{cfg.scenes[0]}", lang),
                className="wall-scene-name",
                id="wall-scene-name",
            ),
            html.Div(
                [
                    synthetic_badge(lang=lang, show=snap.is_synthetic, id="wall-synthetic"),
                    html.Span(
                        t("wall.data_as_of", lang, year=period),
                        className="wall-meta",
                        id={"type": TEXT, "key": "asof"},
                    ),
                    html.Span(
                        t("wall.version", lang, version=snap.version),
                        className="wall-meta",
                        id={"type": TEXT, "key": "version"},
                    ),
                    html.Span(
                        "", className="wall-offline d-none", id="wall-offline", role="status"
                    ),
                    html.Div(
                        [
                            html.Div("--.--", className="wall-clock", id="wall-clock"),
                            html.Div("", className="wall-date", id="wall-date"),
                        ],
                        className="wall-time",
                    ),
                ],
                className="wall-right",
            ),
        ],
        className="wall-header",
    )


def _scene(name: str, snap, cfg: WallConfig, period: int) -> html.Section:
    """One full-screen scene; a scene that fails to build is marked and skipped by the rotation."""
    try:
        body = SCENES[name](snap, cfg, period)
        ok = "1"
    except Exception:
        log.exception("wall scene %s failed", name)
        body = [html.P(t("wall.scene_unavailable", cfg.lang), className="wall-message")]
        ok = "0"
    return html.Section(
        body,
        className=f"wall-scene wall-scene-{name}",
        **{"data-scene": name, "data-ok": ok, "data-title": t(f"wall.scene_{name}", cfg.lang)},
    )


def _graph(key: str, figure) -> dcc.Graph:
    return dcc.Graph(
        id={"type": GRAPH, "key": key},
        figure=figure,
        config=GRAPH_CONFIG,
        className=f"wall-graph wall-graph-{key}",
    )


def _text(key: str, children, css: str = "") -> html.Div:
    return html.Div(children, id={"type": TEXT, "key": key}, className=css)


# ---------------------------------------------------------------------------- builders by key
# Every graph and text block is built by a function of (snap, cfg, period), so a new dataset
# version can refresh each of them in place (same ids, new figure or text).


def _map_figure(snap, cfg, period, measure_id=COMPOSITE):
    return maps.readiness_figure(
        snap,
        measure_id,
        period,
        mode="geo" if maps.has_geometry() else "tile",
        province="all",
        lang=cfg.lang,
        home=cfg.region,
        template="wall",
    )


def _home_panel(snap, cfg, period):
    lang = cfg.lang
    stats = summary(snap, COMPOSITE, period, home=cfg.region)
    level = snap.framework.level_for(stats.home_value)
    name = snap.regions.name(cfg.region)
    province = snap.regions.name(cfg.region.split(".")[0])
    return [
        html.Div(t("wall.index_title", lang, year=period), className="wall-kicker"),
        html.Div(name, className="wall-region"),
        html.Div(fmt_number(stats.home_value, lang, 1), className="wall-headline"),
        html.Div(level.name(lang) if level else "–", className="wall-level"),
        _stat(
            t("wall.rank", lang),
            f"{stats.home_rank or '–'}",
            t("wall.of", lang, n=stats.n_with_data),
        ),
        _stat(
            t("wall.rank_province", lang, province=province),
            f"{stats.home_rank_province or '–'}",
            t("wall.of", lang, n=stats.n_province),
        ),
        _stat(t("wall.change", lang, year=period - 1), fmt_signed(stats.home_change, lang, 1), ""),
        _stat(t("wall.national_mean", lang), fmt_number(stats.national_mean, lang, 1), ""),
    ]


def _stat(label: str, value: str, detail: str) -> html.Div:
    return html.Div(
        [
            html.Div(label, className="wall-stat-label"),
            html.Div(
                [
                    html.Span(value, className="wall-stat-value"),
                    html.Span(f" {detail}", className="wall-stat-detail"),
                ]
            ),
        ],
        className="wall-stat",
    )


def _pillars_figure(snap, cfg, period):
    from dashboard.data.views.measures import group_means

    row = snap.scores[
        (snap.scores["region_code"] == cfg.region) & (snap.scores["period"] == period)
    ].iloc[0]
    groups = [
        (g.id, g.name(cfg.lang), g.kind)
        for g in (*snap.framework.pillars, *snap.framework.elements)
    ]
    province = cfg.region.split(".")[0]
    return pillar_comparison(
        row[[g[0] for g in groups]],
        group_means(snap, period, province=province),
        group_means(snap, period),
        groups=groups,
        region_label=snap.regions.name(cfg.region),
        lang=cfg.lang,
        template="wall",
    )


def _trend_figure(snap, cfg, period):
    levels = [(lv.lower, lv.name(cfg.lang)) for lv in snap.framework.levels]
    return trend_chart(
        score_history(snap, cfg.region),
        region_label=snap.regions.name(cfg.region),
        levels=levels,
        lang=cfg.lang,
        template="wall",
    )


def _ranking_figure(snap, cfg, period):
    values = measure_values(snap, COMPOSITE, period).rename(columns={"code": "region_code"})
    names = snap.regions.regions.set_index("code")["name"]
    return ranking_bar(
        values,
        value_col="value",
        home_code=cfg.region,
        n=8,
        names=names,
        measure_label=measure(snap, COMPOSITE).label(cfg.lang),
        lang=cfg.lang,
        template="wall",
    )


def _movers_figure(snap, cfg, period):
    return movers_bar(movers(snap, period), home_code=cfg.region, lang=cfg.lang, template="wall")


def _programme_map(snap, cfg, period):
    regions = snap.regions.regions.set_index("code")
    fig = participants_map(
        maps.tile_layout(),
        snap.programme,
        home_code=cfg.region,
        names=regions["name"],
        provinces=regions["province_name"],
        lang=cfg.lang,
        template="wall",
    )
    maps.zoom_tiles(fig, "all")
    return fig


def _cohort_figure(snap, cfg, period):
    return cohort_counts(snap.programme, lang=cfg.lang, template="wall")


def _programme_panel(snap, cfg, period):
    lang = cfg.lang
    status = programme_status(snap, cfg.region)
    name = snap.regions.name(cfg.region)
    items = [
        html.Div(t("wall.participants", lang), className="wall-kicker"),
        html.Div(str(len(snap.programme)), className="wall-headline"),
        html.Div(name, className="wall-region mt-4"),
    ]
    if status is None:
        items.append(html.Div(t("wall.not_participant", lang), className="wall-level"))
    else:
        plan = status.get("masterplan_status") or "none"
        items += [
            html.Div(
                t("wall.home_cohort", lang, cohort=status.get("cohort_year")),
                className="wall-level",
            ),
            _stat("MoU", _date(status.get("mou_date"), lang), ""),
            _stat(
                t("wall.bimtek", lang, n=int(status.get("bimtek_done") or 0)),
                "●" * int(status.get("bimtek_done") or 0)
                + "○" * (4 - int(status.get("bimtek_done") or 0)),
                "",
            ),
            _stat(t("wall.masterplan", lang, status=t(f"wall.masterplan_{plan}", lang)), "", ""),
        ]
    return items


def _date(value, lang: str) -> str:
    from datetime import date

    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return "–"
    return fmt_date(datetime_at_noon(day), lang)


def datetime_at_noon(day):
    from datetime import datetime, time

    from dashboard.i18n import WIB

    return datetime.combine(day, time(12), tzinfo=WIB)


def _spotlight_parts(snap, cfg, period, index: int):
    indicators = spotlight_indicators(snap)
    ind = snap.framework.indicator(indicators[index % len(indicators)])
    year = snap.data_as_of.get(ind.id, period)
    values = measure_values(snap, ind.id, year)
    stats = summary(snap, ind.id, year, home=cfg.region)
    lang = cfg.lang
    synthetic = shows_synthetic(values)
    real = sources_of(values)
    shown = ", ".join(real + ([t("export.synthetic_source", lang)] if synthetic else []))
    if synthetic and ind.source not in real:  # never a publisher's name on sample numbers
        source_line = t("wall.source_sample", lang, sources=shown, official=ind.source, year=year)
    else:
        source_line = t("wall.source", lang, source=shown or ind.source, year=year)
    panel = [
        html.Div(t("wall.scene_sorotan", lang), className="wall-kicker"),
        html.Div(ind.name(lang), className="wall-indicator"),
        html.Div(ind.description(lang), className="wall-description"),
        html.Div(
            t("wall.spotlight_value", lang, region=snap.regions.name(cfg.region)),
            className="wall-stat-label mt-4",
        ),
        html.Div(_value_text(ind, stats.home_value, lang), className="wall-headline"),
        _stat(
            t("wall.rank", lang),
            f"{stats.home_rank or '–'}",
            t("wall.of", lang, n=stats.n_with_data),
        ),
        _stat(t("wall.national_mean", lang), _value_text(ind, stats.national_mean, lang), ""),
        html.Div(source_line, className="wall-source"),
    ]
    return ind, year, panel


def _value_text(ind, value, lang):
    if value is None:
        return "–"
    if ind.categories:
        pos = int(float(value)) - 1
        return ind.categories[pos] if 0 <= pos < len(ind.categories) else "–"
    return (
        f"{fmt_number(value, lang, ind.decimals)} {ind.unit}"
        if ind.unit not in ("0-100", "1-5", "0-5", "0-3")
        else fmt_number(value, lang, ind.decimals)
    )


def _spotlight_figure(snap, cfg, period, index: int = 0):
    ind, year, _ = _spotlight_parts(snap, cfg, period, index)
    return _map_figure(snap, cfg, year, ind.id)


def _spotlight_panel(snap, cfg, period, index: int = 0):
    return _spotlight_parts(snap, cfg, period, index)[2]


BUILDERS = {
    "peta-map": (GRAPH, _map_figure),
    "peta-panel": (TEXT, _home_panel),
    "profil-panel": (TEXT, _home_panel),
    "profil-pillars": (GRAPH, _pillars_figure),
    "profil-trend": (GRAPH, _trend_figure),
    "peringkat-chart": (GRAPH, _ranking_figure),
    "pergerakan-chart": (GRAPH, _movers_figure),
    "program-map": (GRAPH, _programme_map),
    "program-cohorts": (GRAPH, _cohort_figure),
    "program-panel": (TEXT, _programme_panel),
    "sorotan-map": (GRAPH, _spotlight_figure),
    "sorotan-panel": (TEXT, _spotlight_panel),
}


def _part(key: str, snap, cfg, period, css: str = ""):
    kind, build = BUILDERS[key]
    content = build(snap, cfg, period)
    return _graph(key, content) if kind == GRAPH else _text(key, content, css)


SCENES = {
    "peta": lambda s, c, p: [
        _part("peta-map", s, c, p),
        _part("peta-panel", s, c, p, "wall-panel"),
    ],
    "profil": lambda s, c, p: [
        _part("profil-panel", s, c, p, "wall-panel"),
        html.Div(
            [html.H2(t("wall.pillars", c.lang)), _part("profil-pillars", s, c, p)],
            className="wall-block",
        ),
        html.Div(
            [html.H2(t("wall.trend", c.lang)), _part("profil-trend", s, c, p)],
            className="wall-block",
        ),
    ],
    "peringkat": lambda s, c, p: [
        html.H2(t("wall.ranking_title", c.lang, year=p)),
        _part("peringkat-chart", s, c, p),
    ],
    "pergerakan": lambda s, c, p: [
        html.H2(t("wall.movers_title", c.lang, prev=p - 1, year=p)),
        _part("pergerakan-chart", s, c, p),
    ],
    "program": lambda s, c, p: [
        _part("program-panel", s, c, p, "wall-panel"),
        _part("program-map", s, c, p),
        html.Div(
            [html.H2(t("wall.cohorts", c.lang)), _part("program-cohorts", s, c, p)],
            className="wall-block",
        ),
    ],
    "sorotan": lambda s, c, p: [
        _part("sorotan-map", s, c, p),
        _part("sorotan-panel", s, c, p, "wall-panel"),
    ],
}


def _config(data: dict) -> WallConfig:
    return WallConfig(tuple(data["scenes"]), int(data["interval"]), data["region"], data["lang"])


@callback(
    Output({"type": GRAPH, "key": ALL}, "figure"),
    Output({"type": TEXT, "key": ALL}, "children"),
    Input(VERSION, "data"),
    State({"type": GRAPH, "key": ALL}, "id"),
    State({"type": TEXT, "key": ALL}, "id"),
    State(CONFIG, "data"),
    State(SPOTLIGHT, "data"),
    prevent_initial_call=True,
)
def refresh_wall_on_new_version(version, graph_ids, text_ids, config, spotlight):
    """A new dataset version: every figure and number updated in place, no page reload."""
    snap = snapshot()
    cfg = _config(config)
    period = default_period(snap)
    figures = [_build(i["key"], snap, cfg, period, spotlight) for i in graph_ids]
    texts = []
    for i in text_ids:
        if i["key"] == "asof":
            texts.append(t("wall.data_as_of", cfg.lang, year=period))
        elif i["key"] == "version":
            texts.append(t("wall.version", cfg.lang, version=snap.version))
        else:
            texts.append(_build(i["key"], snap, cfg, period, spotlight))
    return figures, texts


def _build(key: str, snap, cfg, period, spotlight):
    _, build = BUILDERS[key]
    if key.startswith("sorotan"):
        return build(snap, cfg, period, int(spotlight or 0))
    return build(snap, cfg, period)


@callback(
    Output({"type": GRAPH, "key": "sorotan-map"}, "figure", allow_duplicate=True),
    Output({"type": TEXT, "key": "sorotan-panel"}, "children", allow_duplicate=True),
    Input(SPOTLIGHT, "data"),
    State(CONFIG, "data"),
    prevent_initial_call=True,
)
def advance_spotlight(index, config):
    """The next indicator in the spotlight: a values-only Patch of the map and a new panel."""
    snap = snapshot()
    cfg = _config(config)
    period = default_period(snap)
    ind, year, panel = _spotlight_parts(snap, cfg, period, int(index or 0))
    mode = "geo" if maps.has_geometry() else "tile"
    patch = maps.readiness_patch(
        snap,
        ind.id,
        year,
        mode=mode,
        province="all",
        lang=cfg.lang,
        home=cfg.region,
        template="wall",
    )
    return patch, panel
