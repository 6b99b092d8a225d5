"""The wall's scenes: every graph and text block is built by a function of (snap, cfg, period).

A scene is a list of named parts (``peta-map``, ``profil-panel``, ...). Each part has a builder in
:data:`BUILDERS` and a pattern-matching id, so a new dataset or boundary version can rebuild every
part in place (same ids, new figure or text) without re-mounting a graph.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime, time

import pandas as pd
from dash import dcc, html

from dashboard import ids
from dashboard.charts import districts as district_charts
from dashboard.charts import maps
from dashboard.charts import region as region_charts
from dashboard.charts.coverage import publisher_figure, publisher_status
from dashboard.charts.query import resolve
from dashboard.charts.registry import CHARTS
from dashboard.charts.text import chart_text
from dashboard.data.views.coverage import indicator_coverage, region_summary
from dashboard.data.views.districts import (
    SUMMARY,
    district_indicators,
    district_periods,
    district_sources,
    district_values,
    has_district_data,
)
from dashboard.data.views.measures import (
    COMPOSITE,
    group_means,
    measure,
    measure_values,
    programme_status,
    score_history,
    shows_synthetic,
    sources_of,
    summary,
)
from dashboard.data.views.provenance import composite_gap
from dashboard.data.views.targets import next_targets, target_table
from dashboard.data.views.wall import WallConfig, movers, spotlight_indicators
from dashboard.figures.movers import movers_bar
from dashboard.figures.profile import pillar_comparison, trend_chart
from dashboard.figures.programme import cohort_counts, participants_map
from dashboard.figures.ranking import ranking_bar
from dashboard.i18n import WIB, fmt_date, fmt_number, fmt_signed, t
from dashboard.pages.frame import frozen_children
from dashboard.pages.region_targets import indicator_label

log = logging.getLogger(__name__)

GRAPH_CONFIG = {
    "displayModeBar": False,
    "staticPlot": False,
    "topojsonURL": "/assets/topojson/",
    "responsive": True,
}


class NotApplicable(Exception):
    """A scene with nothing to show on this wall (no district data): skipped, not an error."""


def scene(name: str, snap, cfg: WallConfig, period: int) -> html.Section:
    """One full-screen scene; a scene that fails to build is marked and skipped by the rotation."""
    try:
        body = SCENES[name](snap, cfg, period)
        ok = "1"
    except NotApplicable:
        body, ok = [], "0"
    except Exception:
        log.exception("wall scene %s failed", name)
        body = [html.P(t("wall.scene_unavailable", cfg.lang), className="wall-message")]
        ok = "0"
    title = t(f"wall.scene_{name}", cfg.lang)
    return html.Section(  # named for screen readers: plotly's SVG inside has no name of its own
        body,
        className=f"wall-scene wall-scene-{name}",
        **{"data-scene": name, "data-ok": ok, "data-title": title, "aria-label": title},
    )


def graph(key: str, figure) -> dcc.Graph:
    return dcc.Graph(
        id={"type": ids.WALL_GRAPH, "key": key},
        figure=figure,
        config=GRAPH_CONFIG,
        className=f"wall-graph wall-graph-{key}",
    )


def described_graph(key: str, figure, summary: str) -> html.Div:
    """A graph after its text alternative: plotly's SVG has no words for a screen reader, so a
    visually hidden summary of the same numbers comes first (rebuilt with the graph, as the
    text part ``<key>-text``). The wrapper takes no room (``display: contents``), so the wall's
    flex layout sees the graph as before."""
    return html.Div(
        [text_block(text_key(key), summary, "visually-hidden"), graph(key, figure)],
        className="wall-graph-holder",
    )


def text_key(key: str) -> str:
    """The text part that describes graph part ``key``."""
    return f"{key}-text"


def text_block(key: str, children, css: str = "") -> html.Div:
    return html.Div(children, id={"type": ids.WALL_TEXT, "key": key}, className=css)


# ---------------------------------------------------------------------------- builders by key


def map_mode(snap) -> str:
    """Geographic once regency boundaries are in the snapshot, the tile map before."""
    return "geo" if maps.has_geometry(snap) else "tile"


def map_figure(snap, cfg, period, measure_id=COMPOSITE):
    return maps.readiness_figure(
        snap,
        measure_id,
        period,
        mode=map_mode(snap),
        province="all",
        lang=cfg.lang,
        home=cfg.region,
        template="wall",
    )


def home_panel(snap, cfg, period):
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
        html.Div(_inputs_text(snap, cfg, period), className="wall-inputs"),
        stat(
            t("wall.rank", lang),
            f"{stats.home_rank or '–'}",
            t("wall.of", lang, n=stats.n_with_data),
        ),
        stat(
            t("wall.rank_province", lang, province=province),
            f"{stats.home_rank_province or '–'}",
            t("wall.of", lang, n=stats.n_province),
        ),
        stat(t("wall.change", lang, year=period - 1), fmt_signed(stats.home_change, lang, 1), ""),
        stat(t("wall.national_mean", lang), fmt_number(stats.national_mean, lang, 1), ""),
    ]


def _inputs_text(snap, cfg, period) -> str:
    """How many official and synthetic values the home score rests on, or what it lacks."""
    lang = cfg.lang
    gap = composite_gap(snap, cfg.region, period)
    if gap.composite is None:
        lacking = ", ".join(g.name(lang) for g in gap.lacking)
        return t("real.wall_missing", lang, groups=lacking)
    values = measure_values(snap, COMPOSITE, period)
    row = values[values["code"] == cfg.region]
    n_real = int(row["n_real"].iloc[0]) if len(row) else 0
    n_synthetic = int(row["n_synthetic"].iloc[0]) if len(row) else 0
    key = "real.score_inputs" if n_synthetic else "real.score_inputs_real"
    return t(key, lang, real=n_real, synthetic=n_synthetic)


def stat(label: str, value: str, detail: str) -> html.Div:
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


def pillars_figure(snap, cfg, period):
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


def trend_figure(snap, cfg, period):
    levels = [(lv.lower, lv.name(cfg.lang)) for lv in snap.framework.levels]
    return trend_chart(
        score_history(snap, cfg.region),
        region_label=snap.regions.name(cfg.region),
        levels=levels,
        lang=cfg.lang,
        template="wall",
    )


def ranking_figure(snap, cfg, period):
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


def movers_figure(snap, cfg, period):
    return movers_bar(movers(snap, period), home_code=cfg.region, lang=cfg.lang, template="wall")


def programme_map(snap, cfg, period):
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


def cohort_figure(snap, cfg, period):
    return cohort_counts(snap.programme, lang=cfg.lang, template="wall")


def programme_panel(snap, cfg, period):
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
            stat("MoU", _date(status.get("mou_date"), lang), ""),
            stat(
                t("wall.bimtek", lang, n=int(status.get("bimtek_done") or 0)),
                "●" * int(status.get("bimtek_done") or 0)
                + "○" * (4 - int(status.get("bimtek_done") or 0)),
                "",
            ),
            stat(t("wall.masterplan", lang, status=t(f"wall.masterplan_{plan}", lang)), "", ""),
        ]
    return items


def _date(value, lang: str) -> str:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return "–"
    return fmt_date(_at_noon(day), lang)


def _at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=WIB)


def spotlight_parts(snap, cfg, period, index: int):
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
        stat(
            t("wall.rank", lang),
            f"{stats.home_rank or '–'}",
            t("wall.of", lang, n=stats.n_with_data),
        ),
        stat(t("wall.national_mean", lang), _value_text(ind, stats.national_mean, lang), ""),
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


def spotlight_figure(snap, cfg, period, index: int = 0):
    ind, year, _ = spotlight_parts(snap, cfg, period, index)
    return map_figure(snap, cfg, year, ind.id)


def spotlight_panel(snap, cfg, period, index: int = 0):
    return spotlight_parts(snap, cfg, period, index)[2]


def data_panel(snap, cfg, period):
    """The home region's data coverage: real indicators out of all scored ones, and the nation's."""
    lang = cfg.lang
    mine = region_summary(snap, cfg.region, period)
    table = indicator_coverage(snap, period)
    scored = table[table["scored"]]
    share = 100 * scored["real"].sum() / max(int(scored["n_regions"].sum()), 1)
    return [
        html.Div(t("wall.data_kicker", lang, year=period), className="wall-kicker"),
        html.Div(snap.regions.name(cfg.region), className="wall-region"),
        html.Div(f"{mine.real}/{mine.total}", className="wall-headline"),
        html.Div(t("wall.data_real", lang), className="wall-level"),
        stat(t("wall.data_synthetic", lang), str(mine.synthetic), ""),
        stat(t("wall.data_missing", lang), str(mine.missing), ""),
        stat(t("wall.data_national", lang), fmt_number(share, lang, 1) + "%", ""),
        html.Div(t("wall.data_hint", lang), className="wall-source"),
    ]


def _district_query(snap, cfg, period) -> dict:
    """The wall region's district summary at the latest district year up to the wall's year."""
    if not has_district_data(snap, cfg.region):
        raise NotApplicable(cfg.region)
    years = [y for y in district_periods(snap, cfg.region) if y <= period]
    year = years[-1] if years else district_periods(snap, cfg.region)[-1]
    return {"kode": cfg.region, "indicator": SUMMARY, "period": year, "kecamatan": None}


def district_map(snap, cfg, period):
    q = _district_query(snap, cfg, period)
    return district_charts.map_of(snap, q, lang=cfg.lang, home=cfg.region, template="wall")


def district_panel(snap, cfg, period):
    """The home regency by district: best and worst three, the synthetic mark and the caveat."""
    lang = cfg.lang
    q = _district_query(snap, cfg, period)
    values = district_values(snap, cfg.region, SUMMARY, q["period"])
    ranked = values[values["value"].notna()].sort_values(["rank", "label"], kind="stable")
    n_ind = len(district_indicators(snap, cfg.region))

    def rows(frame):
        return [
            html.Div(
                [
                    html.Span(f"{int(r.rank)}. {r.label}", className="wall-district-name"),
                    html.Span(fmt_number(r.value, lang, 1), className="wall-district-value"),
                ],
                className="wall-district-row",
            )
            for r in frame.itertuples(index=False)
        ]

    synthetic = bool(ranked["synthetic"].any())
    sources = district_sources(ranked)
    source = t("wall.district_synthetic", lang) if synthetic else ", ".join(sources)
    return [
        html.Div(
            t("wall.district_kicker", lang, year=q["period"], n=n_ind), className="wall-kicker"
        ),
        html.Div(snap.regions.name(cfg.region), className="wall-region"),
        html.Div(str(len(values)), className="wall-headline"),
        html.Div(t("wall.district_count", lang), className="wall-level"),
        html.Div(t("wall.district_top", lang), className="wall-stat-label"),
        *rows(ranked.head(3)),
        html.Div(t("wall.district_bottom", lang), className="wall-stat-label"),
        *rows(ranked.tail(3)),
        html.Div(source, className="wall-inputs" if synthetic else "wall-source"),
        html.Div(t("wall.district_note", lang), className="wall-source"),
    ]


def _target_rows(snap, cfg, period):
    table = target_table(snap, cfg.region, period)
    if table.empty:
        raise NotApplicable(cfg.region)
    return table, next_targets(table, period)


def target_panel(snap, cfg, period):
    """Which targets the home region meets, misses or is on course to meet, with the gaps."""
    lang = cfg.lang
    table, rows = _target_rows(snap, cfg, period)
    good = int(rows["status"].isin(["met", "on_course"]).sum())
    items = [
        html.Div(t("wall.target_kicker", lang, year=period), className="wall-kicker"),
        html.Div(snap.regions.name(cfg.region), className="wall-region"),
        html.Div(t("targets.sample_note", lang), className="wall-inputs")
        if table["target_synthetic"].any()
        else None,
        html.Div(
            [
                html.Span(f"{good}/{len(rows)}", className="wall-headline"),
                html.Span(t("wall.target_good", lang), className="wall-level ms-3"),
            ],
            className="d-flex align-items-baseline",
        ),
    ]
    for rec in rows.to_dict("records"):
        name, unit, decimals = indicator_label(snap, rec["indicator_id"], lang)
        gap = (
            ""
            if pd.isna(rec["gap"])
            else f"{fmt_signed(rec['gap'], lang, decimals)} {unit}".strip()
        )
        items.append(
            html.Div(
                [
                    html.Div(
                        [
                            html.Span(f"{name} {rec['period']}", className="wall-target-name"),
                            html.Span(
                                t(f"targets.status_{rec['status']}", lang),
                                className=f"wall-target-status wall-target-{rec['status']}",
                            ),
                        ],
                        className="wall-target-line",
                    ),
                    html.Div(
                        t(
                            "wall.target_detail",
                            lang,
                            target=fmt_number(rec["target"], lang, decimals),
                            actual="–"
                            if pd.isna(rec["actual"])
                            else fmt_number(rec["actual"], lang, decimals),
                            gap=gap or "–",
                        ),
                        className="wall-target-detail",
                    ),
                ],
                className="wall-target-row",
                **{"data-status": rec["status"]},
            )
        )
    return items


def target_trend(snap, cfg, period):
    """The composite with its targets and the region's events (the wall's time axis)."""
    _target_rows(snap, cfg, period)
    return region_charts.trend_figure(snap, cfg.region, lang=cfg.lang, template="wall")


def data_publishers(snap, cfg, period):
    return publisher_figure(snap, cfg.region, period, lang=cfg.lang, template="wall")


BUILDERS = {
    "peta-map": (ids.WALL_GRAPH, map_figure),
    "peta-panel": (ids.WALL_TEXT, home_panel),
    "profil-panel": (ids.WALL_TEXT, home_panel),
    "profil-pillars": (ids.WALL_GRAPH, pillars_figure),
    "profil-trend": (ids.WALL_GRAPH, trend_figure),
    "peringkat-chart": (ids.WALL_GRAPH, ranking_figure),
    "pergerakan-chart": (ids.WALL_GRAPH, movers_figure),
    "program-map": (ids.WALL_GRAPH, programme_map),
    "program-cohorts": (ids.WALL_GRAPH, cohort_figure),
    "program-panel": (ids.WALL_TEXT, programme_panel),
    "sorotan-map": (ids.WALL_GRAPH, spotlight_figure),
    "sorotan-panel": (ids.WALL_TEXT, spotlight_panel),
    "data-panel": (ids.WALL_TEXT, data_panel),
    "kecamatan-map": (ids.WALL_GRAPH, district_map),
    "kecamatan-panel": (ids.WALL_TEXT, district_panel),
    "data-publishers": (ids.WALL_GRAPH, data_publishers),
    "target-panel": (ids.WALL_TEXT, target_panel),
    "target-trend": (ids.WALL_GRAPH, target_trend),
}


def part(key: str, snap, cfg, period, css: str = ""):
    """A part at its first state: a graph (after its summary) or a text block, each with its
    pattern-matching id."""
    content = frozen(key, snap, cfg, period)
    if BUILDERS[key][0] == ids.WALL_GRAPH:
        return described_graph(key, content, frozen(text_key(key), snap, cfg, period))
    return text_block(key, content, css)


PART_CACHE = 256  # parts kept per dataset version: about 30 (360 KB) per wall configuration


def frozen(key: str, snap, cfg: WallConfig, period: int, spotlight: int = 0):
    """:func:`build`, once per dataset version and wall configuration, as fresh plain data (the
    JSON Dash sends) for each caller.

    Every wall of a command center asks for the same parts at the same moment: the walls' soft
    reloads, and above all the refresh every wall sends within one poll of an import. Built
    once (the others wait for it, ``once``), 50 walls cost one build per worker instead of 50
    (``bench/bench_wall.py``: CPU, latency and the worker's memory after an import). The
    spotlight's parts are built per call: each wall is at its own indicator, so a cache of them
    (a 100 KB map each) would hold as many maps as walls and share none.
    """
    if key.startswith("sorotan"):
        return build(key, snap, cfg, period, spotlight)
    return frozen_children(
        snap,
        ("wall-part", key, replace(cfg, notes=()), int(period)),  # notes: not drawn
        lambda: build(key, snap, cfg, period),
        PART_CACHE,
        once=True,
    )


SCENES = {
    "peta": lambda s, c, p: [
        part("peta-map", s, c, p),
        part("peta-panel", s, c, p, "wall-panel"),
    ],
    "profil": lambda s, c, p: [
        part("profil-panel", s, c, p, "wall-panel"),
        html.Div(
            [html.H2(t("wall.pillars", c.lang)), part("profil-pillars", s, c, p)],
            className="wall-block",
        ),
        html.Div(
            [html.H2(t("wall.trend", c.lang)), part("profil-trend", s, c, p)],
            className="wall-block",
        ),
    ],
    "target": lambda s, c, p: [
        part("target-panel", s, c, p, "wall-panel"),
        html.Div(
            [html.H2(t("wall.target_trend", c.lang)), part("target-trend", s, c, p)],
            className="wall-block",
        ),
    ],
    "kecamatan": lambda s, c, p: [
        part("kecamatan-map", s, c, p),
        part("kecamatan-panel", s, c, p, "wall-panel"),
    ],
    "peringkat": lambda s, c, p: [
        html.H2(t("wall.ranking_title", c.lang, year=p)),
        part("peringkat-chart", s, c, p),
    ],
    "pergerakan": lambda s, c, p: [
        html.H2(t("wall.movers_title", c.lang, prev=p - 1, year=p)),
        part("pergerakan-chart", s, c, p),
    ],
    "program": lambda s, c, p: [
        part("program-panel", s, c, p, "wall-panel"),
        part("program-map", s, c, p),
        html.Div(
            [html.H2(t("wall.cohorts", c.lang)), part("program-cohorts", s, c, p)],
            className="wall-block",
        ),
    ],
    "sorotan": lambda s, c, p: [
        part("sorotan-map", s, c, p),
        part("sorotan-panel", s, c, p, "wall-panel"),
    ],
    "data": lambda s, c, p: [
        part("data-panel", s, c, p, "wall-panel"),
        html.Div(
            [
                html.H2(t("wall.data_publishers", c.lang, year=p)),
                part("data-publishers", s, c, p),
            ],
            className="wall-block",
        ),
    ],
}


# ---------------------------------------------------------------------------- text alternatives
def _registered(key: str, snap, cfg: WallConfig, period: int, spotlight: int) -> tuple[str, dict]:
    """The registered chart a wall graph draws (``charts.registry``) and its query, so the wall
    says what the chart's data table and exports say (``charts.text``)."""
    national = {"province": "all", "mode": map_mode(snap)}
    if key == "peta-map" or key == "peringkat-chart":
        name = "peta-kesiapan" if key == "peta-map" else "peringkat"
        return name, {"indicator": COMPOSITE, "period": period, **national}
    if key == "sorotan-map":
        ind, year, _ = spotlight_parts(snap, cfg, period, spotlight)
        return "peta-kesiapan", {"indicator": ind.id, "period": year, **national}
    if key == "profil-pillars":
        return "pilar", {"kode": cfg.region, "period": period}
    if key in ("profil-trend", "target-trend"):
        return "tren", {"kode": cfg.region, "period": period}
    if key in ("program-map", "program-cohorts"):
        return ("peta-program" if key == "program-map" else "angkatan"), {}
    if key == "kecamatan-map":
        q = _district_query(snap, cfg, period)
        return "peta-kecamatan", {k: q[k] for k in ("kode", "indicator", "period")}
    raise KeyError(key)


def graph_text(key: str, snap, cfg: WallConfig, period: int, spotlight: int = 0) -> str:
    """The short factual summary of wall graph ``key`` in the wall's language."""
    if key == "pergerakan-chart":
        return _movers_text(snap, cfg, period)
    if key == "data-publishers":
        return _publishers_text(snap, cfg, period)
    name, raw = _registered(key, snap, cfg, period, spotlight)
    values = resolve(snap, CHARTS[name].params, raw, home=cfg.region).values
    return chart_text(name, snap, values, lang=cfg.lang, home=cfg.region).summary


def _movers_text(snap, cfg: WallConfig, period: int) -> str:
    lang = cfg.lang
    table = movers(snap, period)
    if table.empty:
        return t("wall.summary_movers_none", lang)
    up, down = table.iloc[0], table.iloc[-1]
    text = t(
        "wall.summary_movers",
        lang,
        up=up["name"],
        up_change=fmt_signed(up["change"], lang, 1),
        down=down["name"],
        down_change=fmt_signed(down["change"], lang, 1),
        n=len(table),
    )
    values = measure_values(snap, COMPOSITE, period)
    shown = values[values["code"].isin(table["region_code"])]
    honesty = t("table.summary.synthetic", lang) if shows_synthetic(shown) else ""
    return f"{text} {honesty}".strip()


def _publishers_text(snap, cfg: WallConfig, period: int) -> str:
    counts = publisher_status(snap, cfg.region, period)
    totals = {k: int(counts[k].sum()) for k in ("real", "synthetic", "missing")}
    return t("wall.summary_publishers", cfg.lang, n=len(counts), **totals)


def build(key: str, snap, cfg: WallConfig, period: int, spotlight: int = 0):
    """The figure or text of one part (the spotlight parts at their current indicator)."""
    if key.endswith("-text") and key.removesuffix("-text") in BUILDERS:
        try:
            return graph_text(key.removesuffix("-text"), snap, cfg, period, int(spotlight or 0))
        except NotApplicable:
            raise
        except Exception:  # the graph still shows: a missing summary never blanks a scene
            log.exception("wall summary of %s failed", key)
            return ""
    _, builder = BUILDERS[key]
    if key.startswith("sorotan"):
        return builder(snap, cfg, period, int(spotlight or 0))
    return builder(snap, cfg, period)
