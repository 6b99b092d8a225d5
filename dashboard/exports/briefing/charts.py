"""The eight charts of a region briefing, built from a snapshot and a :class:`Briefing`.

Mostly the app's own figure builders with the ``print`` template, so a chart in the deck looks like
the chart on the profile page; three small builders exist only for the deck: change per pillar
and strongest and weakest indicators here, the named province tile map in
:mod:`~dashboard.exports.briefing.province_map`. Figures come back without a size: the deck sets
it when rendering.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.data.store.repository import Snapshot
from dashboard.data.tiles import load_tile_layout
from dashboard.data.views.measures import COMPOSITE, measure_values
from dashboard.exports.briefing.facts import CHART_KEYS, Briefing, GroupFacts, IndicatorFacts
from dashboard.exports.briefing.phrases import publisher
from dashboard.exports.briefing.province_map import TEMPLATE, province_tile_map
from dashboard.figures import colors
from dashboard.figures.distribution import score_distribution
from dashboard.figures.profile import pillar_comparison, trend_chart
from dashboard.figures.ranking import ranking_bar
from dashboard.figures.theme import (
    base_layout,
    empty_figure,
    round_list,
    short_name,
    style_for,
)
from dashboard.i18n import fmt_signed, t

RISE = "#225ea8"  # the dark blue end of the score scale: better
FALL = "#b2182b"
RANK_ROWS = 6  # top and bottom kab/kota shown on the province ranking (plus the region)


def chart_figures(snap: Snapshot, b: Briefing) -> dict[str, go.Figure]:
    """Every chart of the deck by key, in :data:`CHART_KEYS` order."""
    builders = {
        "map": _map,
        "pillars": _pillars,
        "elements": _elements,
        "trend": _trend,
        "change": _change,
        "rank": _rank,
        "distribution": _distribution,
        "indicators": _indicators,
    }
    return {key: builders[key](snap, b) for key in CHART_KEYS}


def _label(b: Briefing) -> str:
    return short_name(b.region.name)


def _composite_name(snap: Snapshot, lang: str) -> str:
    fw = snap.framework
    return fw.name_en if lang == "en" else fw.name_id


# ---------------------------------------------------------------------------- 1. map
def _map(snap: Snapshot, b: Briefing) -> go.Figure:
    layout = snap.memo(("briefing_tile_layout",), load_tile_layout)
    layout = layout[layout["province_code"] == b.region.province_code]
    values = measure_values(snap, COMPOSITE, b.period)
    values = values[values["province_code"] == b.region.province_code]
    return province_tile_map(
        layout,
        values,
        home_code=b.region.code,
        measure_label=_composite_name(snap, b.lang),
        lang=b.lang,
    )


# ---------------------------------------------------------------------------- 2-3. groups
def _group_chart(b: Briefing, groups: Sequence[GroupFacts]) -> go.Figure:
    def series(attr: str) -> pd.Series:
        return pd.Series({g.id: getattr(g, attr) for g in groups}, dtype=float)

    return pillar_comparison(
        series("value"),
        series("province_mean"),
        series("national_mean"),
        groups=[(g.id, g.name) for g in groups],
        region_label=_label(b),
        lang=b.lang,
        template=TEMPLATE,
    )


def _pillars(snap: Snapshot, b: Briefing) -> go.Figure:
    return _group_chart(b, b.pillars)


def _elements(snap: Snapshot, b: Briefing) -> go.Figure:
    return _group_chart(b, b.elements)


# ---------------------------------------------------------------------------- 4. trend
def _trend(snap: Snapshot, b: Briefing) -> go.Figure:
    history = pd.DataFrame(
        list(b.history), columns=["period", COMPOSITE, "province_mean", "national_mean"]
    )
    history = history[history["period"] <= b.period]
    return trend_chart(
        history,
        region_label=_label(b),
        levels=[(lv.lower, lv.name(b.lang)) for lv in snap.framework.levels],
        lang=b.lang,
        template=TEMPLATE,
        targets=[(x.year, x.target) for x in b.targets if x.indicator == COMPOSITE],
        events=[
            {"date": e.date, "title": e.title, "synthetic": e.synthetic}
            for e in b.events
            if int(e.date[:4]) <= b.period
        ],
    )


# ---------------------------------------------------------------------------- 5. change
def _change(snap: Snapshot, b: Briefing) -> go.Figure:
    return change_bars(b.groups, since=b.previous, lang=b.lang)


def change_bars(
    groups: Sequence[GroupFacts], *, since: int, lang: str = "id", template: str = TEMPLATE
) -> go.Figure:
    """Change of every pillar and element since ``since``: rises right in blue, falls left in red.

    A group without a change (no score in either year) is written "data kurang", never drawn as 0.
    """
    style = style_for(template)
    if not groups or all(g.change is None for g in groups):
        return empty_figure(t("briefing.chart.no_change", lang, year=since), lang=lang)
    changes = [g.change for g in groups]
    present = [abs(c) for c in changes if c is not None]
    span = max(max(present, default=1.0), 1.0) * 1.35
    fig = go.Figure(_change_trace(changes, lang))
    fig.update_layout(
        **base_layout(lang=lang, template=template),
        showlegend=False,
        bargap=0.3,
        margin={"l": 4, "r": style.font_size, "t": style.font_size, "b": 4},
    )
    fig.update_xaxes(
        range=[-span, span],
        title={"text": t("briefing.chart.change_axis", lang, year=since)},
        zeroline=True,
        zerolinecolor=style.muted,
        zerolinewidth=2,
        tickformat=",~f",
    )
    _label_rows(fig, [g.name for g in groups])
    kinds = [g.kind for g in groups]
    for i in range(1, len(kinds)):
        if kinds[i] != kinds[i - 1]:
            _separator(fig, i - 0.5, style)
    return fig


def _label_rows(fig: go.Figure, names: list[str]) -> None:
    """One horizontal bar per name, top to bottom in the given order, without grid lines."""
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(names))),
        ticktext=names,
        autorange="reversed",
        showgrid=False,
    )


def _separator(fig: go.Figure, y: float, style) -> None:
    """A dotted rule between two blocks of bars (pillars | elements, strongest | weakest)."""
    fig.add_hline(y=y, line={"color": style.muted, "width": 1, "dash": "dot"})


def _change_trace(changes: list[float | None], lang: str) -> go.Bar:
    missing = t("figures.insufficient_data", lang)
    return go.Bar(
        x=[0 if c is None else v for c, v in zip(changes, round_list(changes, 1), strict=True)],
        y=list(range(len(changes))),
        orientation="h",
        marker={"color": [RISE if (c or 0) >= 0 else FALL for c in changes]},
        text=[missing if c is None else fmt_signed(c, lang, 1) for c in changes],
        textposition="outside",
        cliponaxis=False,
        hoverinfo="skip",
    )


# ---------------------------------------------------------------------------- 6. rank
def _rank(snap: Snapshot, b: Briefing) -> go.Figure:
    values = measure_values(snap, COMPOSITE, b.period)
    values = values[values["province_code"] == b.region.province_code]
    return ranking_bar(
        values,
        value_col="value",
        home_code=b.region.code,
        n=RANK_ROWS,
        measure_label=_composite_name(snap, b.lang),
        unit="",
        lang=b.lang,
        template=TEMPLATE,
    )


# ---------------------------------------------------------------------------- 7. distribution
def _distribution(snap: Snapshot, b: Briefing) -> go.Figure:
    values = measure_values(snap, COMPOSITE, b.period)["value"]
    return score_distribution(
        values,
        home_value=b.score.value,
        home_label=b.region.name,
        national_mean=b.national_mean,
        measure_label=_composite_name(snap, b.lang),
        unit="0-100",
        direction="up",
        nbins=20,
        xrange=(0.0, 100.0),
        lang=b.lang,
        template=TEMPLATE,
    )


# ---------------------------------------------------------------------------- 8. indicators
def _indicators(snap: Snapshot, b: Briefing) -> go.Figure:
    strong = [b.indicator(i) for i in b.strongest]
    weak = [b.indicator(i) for i in b.weakest]
    return indicator_strength(strong, weak, lang=b.lang)


def indicator_strength(
    strongest: Sequence[IndicatorFacts],
    weakest: Sequence[IndicatorFacts],
    *,
    lang: str = "id",
    template: str = TEMPLATE,
) -> go.Figure:
    """National percentiles of the strongest and weakest indicators, labelled with value and rank."""
    rows = [(item, True) for item in strongest] + [(item, False) for item in weakest]
    if not rows:
        return empty_figure(lang=lang, template=template)
    style = style_for(template)
    fig = go.Figure(_strength_traces(rows, lang))
    fig.update_layout(
        **base_layout(lang=lang, template=template),
        barmode="overlay",
        bargap=0.3,
        legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "traceorder": "normal"},
        margin={"l": 4, "r": style.font_size, "t": round(style.font_size * 3), "b": 4},
    )
    fig.update_xaxes(
        range=[0, 135],
        tickvals=[0, 25, 50, 75, 100],
        title={"text": t("briefing.chart.percentile_axis", lang)},
    )
    _label_rows(fig, [item.name for item, _ in rows])
    if strongest and weakest:
        _separator(fig, len(strongest) - 0.5, style)
    return fig


def _strength_traces(rows: list[tuple[IndicatorFacts, bool]], lang: str) -> list[go.Bar]:
    """One bar trace for the strongest (blue) and one for the weakest (home orange) indicators."""
    traces = []
    for strong, colour, key in ((True, RISE, "strongest"), (False, colors.HOME, "weakest")):
        picked = [(pos, item) for pos, (item, s) in enumerate(rows) if s is strong]
        if not picked:
            continue
        traces.append(
            go.Bar(
                name=t(f"briefing.chart.{key}", lang),
                x=round_list([item.percentile for _, item in picked], 1),
                y=[pos for pos, _ in picked],
                orientation="h",
                marker={"color": colour},
                text=[_strength_label(item) for _, item in picked],
                textposition="outside",
                cliponaxis=False,
                hoverinfo="skip",
            )
        )
    return traces


def _strength_label(item: IndicatorFacts) -> str:
    """'3,67% · #10/499', and the publisher and year for a real (not synthetic) value."""
    rank = f" · #{item.rank}/{item.n_regions}" if item.rank and item.n_regions else ""
    source = "" if item.synthetic else f" ({publisher(item.source)} {item.year or ''})".rstrip()
    return f"{item.value_text}{rank}{source}".replace(" )", ")")
