"""The charts of the pages, built by one function each for the screen and for exports.

A page calls these with the default ``screen`` template; :mod:`dashboard.exports.charts` calls the
same functions with ``print``, so an exported chart is the chart on screen. Each takes the
snapshot and the page's resolved filters and returns a figure; the figure builders themselves
stay pure in :mod:`dashboard.figures`. Needs a Flask application context (``dashboard.state``).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.components import maps
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.catalogue import catalogue_table
from dashboard.data.views.compare import compare_scores
from dashboard.data.views.measures import (
    group_means,
    measure,
    measure_values,
    score_history,
    summary,
)
from dashboard.figures.compare import compare_pillars
from dashboard.figures.distribution import score_distribution
from dashboard.figures.profile import pillar_comparison, trend_chart
from dashboard.figures.programme import (
    bimtek_progress,
    cohort_counts,
    masterplan_status,
    participants_map,
)
from dashboard.figures.ranking import ranking_bar
from dashboard.figures.tilemap import tile_map

ALL = "all"
RANKING_N = 10  # top and bottom regions on the ranking chart
DISTRIBUTION_BINS = 25
COMPARE_EXAMPLE = ("32.16", "32.75", "32.15")  # Kab. Bekasi, Kota Bekasi, Kab. Karawang


def names_of(snap: Snapshot) -> pd.Series:
    """Region names by code (hover texts and labels)."""
    return snap.memo(("names-by-code",), lambda: snap.regions.regions.set_index("code")["name"])


def selected_values(snap: Snapshot, measure_id: str, period: int, province: str) -> pd.DataFrame:
    """The overview's regions for one measure and year: all of them, or one province's."""
    values = measure_values(snap, measure_id, period)
    return values if province in (None, ALL) else values[values["province_code"] == province]


def ranking_figure(
    snap: Snapshot,
    measure_id: str,
    period: int,
    *,
    province: str,
    lang: str,
    home: str,
    template: str = "screen",
) -> go.Figure:
    """The overview's ranking: top and bottom ten of the selection, the home region always shown."""
    m = measure(snap, measure_id)
    selected = selected_values(snap, measure_id, period, province)
    return ranking_bar(
        selected.rename(columns={"code": "region_code"}),
        value_col="value",
        home_code=home,
        n=RANKING_N,
        names=names_of(snap),
        lang=lang,
        measure_label=m.label(lang),
        unit=m.unit_label(lang),
        decimals=m.decimals,
        direction=m.direction,
        template=template,
    )


def distribution_figure(
    snap: Snapshot,
    measure_id: str,
    period: int,
    *,
    province: str,
    lang: str,
    home: str,
    template: str = "screen",
) -> go.Figure:
    """The overview's histogram of the selection, with the home region and the mean marked."""
    m = measure(snap, measure_id)
    selected = selected_values(snap, measure_id, period, province)
    stats = summary(
        snap, measure_id, period, home=home, province=None if province == ALL else province
    )
    return score_distribution(
        selected["value"].dropna(),
        home_value=stats.home_value,
        home_label=names_of(snap).get(home, home),
        national_mean=stats.national_mean
        if province == ALL
        else (stats.province_mean or stats.national_mean),
        measure_label=m.label(lang),
        unit=m.unit_label(lang),
        direction=m.direction,
        decimals=m.decimals,
        nbins=DISTRIBUTION_BINS,
        xrange=(0, 100) if m.is_score else None,
        lang=lang,
        template=template,
    )


def profile_groups(snap: Snapshot, lang: str) -> list[tuple[str, str, str]]:
    """Pillars then readiness elements as (id, name, kind)."""
    fw = snap.framework
    return [(g.id, g.name(lang), g.kind) for g in (*fw.pillars, *fw.elements)]


def pillars_figure(
    snap: Snapshot, code: str, period: int, *, lang: str, template: str = "screen"
) -> go.Figure:
    """A region's pillar and element scores beside its province's and Indonesia's means."""
    groups = profile_groups(snap, lang)
    own = score_row(snap, code, period)
    province = code.split(".")[0]
    return pillar_comparison(
        own[[g for g, _, _ in groups]] if own is not None else pd.Series(dtype=float),
        group_means(snap, period, province=province),
        group_means(snap, period),
        groups=groups,
        lang=lang,
        template=template,
    )


def trend_figure(snap: Snapshot, code: str, *, lang: str, template: str = "screen") -> go.Figure:
    """A region's composite score over the years beside its province and Indonesia."""
    return trend_chart(
        score_history(snap, code),
        lang=lang,
        region_label=snap.regions.name(code),
        levels=[(lv.lower, lv.name(lang)) for lv in snap.framework.levels],
        template=template,
    )


def default_compare_codes(home: str) -> list[str]:
    """The home region first, then Kota Bekasi and Kab. Karawang (its neighbours)."""
    return ([home] + [c for c in COMPARE_EXAMPLE if c != home])[: len(COMPARE_EXAMPLE)]


def compare_figure(
    snap: Snapshot,
    codes: list[str],
    period: int,
    *,
    lang: str,
    home: str,
    template: str = "screen",
) -> go.Figure:
    """Pillars and elements of two to six regions side by side."""
    groups = [(g, name) for g, name, _ in profile_groups(snap, lang)]
    return compare_pillars(
        compare_scores(snap, codes, period),
        groups=groups,
        home_code=home,
        lang=lang,
        template=template,
    )


def indicator_year(snap: Snapshot, indicator_id: str) -> int | None:
    """The latest year with a value of an indicator (the catalogue shows that year)."""
    latest = catalogue_table(snap).set_index("id").at[indicator_id, "latest"]
    return None if latest is None or pd.isna(latest) else int(latest)


def indicator_map(
    snap: Snapshot, indicator_id: str, *, lang: str, home: str, template: str = "screen"
) -> go.Figure:
    """The catalogue's tile map; context indicators get no "better" end on the colour bar."""
    ind = snap.framework.indicator(indicator_id)
    year = indicator_year(snap, indicator_id) or snap.periods[-1]
    if ind.scored:
        return maps.readiness_figure(
            snap,
            ind.id,
            year,
            mode="tile",
            province=maps.ALL,
            lang=lang,
            home=home,
            template=template,
        )
    values = measure_values(snap, indicator_id, year)
    tiles = maps.tile_layout()
    fig = tile_map(
        tiles,
        values[["code", "value"]],
        measure_label=ind.name(lang),
        unit=ind.unit,
        direction="none",
        home_code=home,
        names=values.set_index("code")["name"],
        provinces=values.set_index("code")["province_name"],
        decimals=ind.decimals,
        lang=lang,
        template=template,
    )
    maps.zoom_tiles(fig, maps.ALL)  # the whole country, as on the overview map
    return fig


def indicator_distribution(
    snap: Snapshot, indicator_id: str, *, lang: str, home: str, template: str = "screen"
) -> go.Figure:
    """The catalogue's histogram of one indicator in its latest year."""
    ind = snap.framework.indicator(indicator_id)
    year = indicator_year(snap, indicator_id) or snap.periods[-1]
    values = measure_values(snap, indicator_id, year)
    stats = summary(snap, indicator_id, year, home=home)
    return score_distribution(
        values["value"].dropna(),
        home_value=stats.home_value,
        home_label=names_of(snap).get(home, home),
        national_mean=stats.national_mean,
        measure_label=ind.name(lang),
        unit=ind.unit,
        direction=ind.direction if ind.scored and ind.direction in ("up", "down") else None,
        decimals=ind.decimals,
        nbins=DISTRIBUTION_BINS,
        lang=lang,
        template=template,
    )


def participants(snap: Snapshot) -> pd.DataFrame:
    """The stored programme rows (one per participant), or an empty frame."""
    programme = snap.programme
    if programme is None or programme.empty:
        return pd.DataFrame(
            columns=["region_code", "cohort_year", "bimtek_done", "masterplan_status"]
        )
    return programme


def programme_map(snap: Snapshot, *, lang: str, home: str, template: str = "screen") -> go.Figure:
    """Tile map with one colour per cohort; non-participants grey ("bukan peserta")."""
    regions = snap.regions.regions.set_index("code")
    fig = participants_map(
        maps.tile_layout(),
        participants(snap),
        home_code=home,
        names=regions["name"],
        provinces=regions["province_name"],
        lang=lang,
        template=template,
    )
    maps.zoom_tiles(fig, maps.ALL)  # plotly's autorange leaves the country tiny
    return fig


def cohorts_figure(snap: Snapshot, *, lang: str, template: str = "screen") -> go.Figure:
    """Participants per cohort year."""
    return cohort_counts(participants(snap), lang=lang, template=template)


def bimtek_figure(snap: Snapshot, *, lang: str, home: str, template: str = "screen") -> go.Figure:
    """Technical guidance sessions done, per cohort; the home region called out."""
    return bimtek_progress(
        participants(snap), home_code=home, names=names_of(snap), lang=lang, template=template
    )


def masterplan_figure(
    snap: Snapshot, *, lang: str, home: str, template: str = "screen"
) -> go.Figure:
    """Masterplan status per cohort; the home region called out."""
    return masterplan_status(
        participants(snap), home_code=home, names=names_of(snap), lang=lang, template=template
    )


def score_row(snap: Snapshot, code: str, period: int) -> pd.Series | None:
    """A region's scores of one year (``snap.scores`` row), or None."""
    scores = snap.scores
    row = scores[(scores["region_code"] == code) & (scores["period"] == period)]
    return row.iloc[0] if len(row) else None
