"""The eight charts of a region briefing, built from a snapshot and a :class:`Briefing`.

Mostly the app's own figure builders with the ``print`` template, so a chart in the deck looks like
the chart on the profile page; two small builders (change per pillar, strongest and weakest
indicators) exist only here. Figures come back without a size: the deck sets it when rendering.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.data.store.repository import Snapshot
from dashboard.data.tiles import load_tile_layout
from dashboard.data.views.measures import COMPOSITE, SCORE_UNIT, measure_values
from dashboard.exports.briefing.facts import CHART_KEYS, Briefing, GroupFacts, IndicatorFacts
from dashboard.exports.briefing.phrases import publisher
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
from dashboard.figures.tilemap import LEGEND_TRACE, VALUES_TRACE, tile_map, tile_slots
from dashboard.i18n import fmt_number, fmt_signed, t

TEMPLATE = "print"
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


def tile_label(name: str) -> str:
    """'Kabupaten Bandung Barat' -> 'Bandung<br>Barat'; 'Kota Bekasi' -> 'Kota<br>Bekasi'."""
    text = str(name)
    for prefix in ("Kabupaten Administrasi ", "Kabupaten "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    text = text.replace("Kota Administrasi ", "Kota ").replace("Kepulauan ", "Kep. ")
    words = text.split()
    if len(words) < 2:
        return text
    cut = max(range(1, len(words)), key=lambda i: -abs(len(" ".join(words[:i])) - len(text) / 2))
    return " ".join(words[:cut]) + "<br>" + " ".join(words[cut:])


def province_tile_map(
    layout: pd.DataFrame,
    values: pd.DataFrame,
    *,
    home_code: str,
    measure_label: str,
    lang: str = "id",
    template: str = TEMPLATE,
) -> go.Figure:
    """The tile map of one province with every tile named and its score written in it.

    ``values`` has code, name and value (NaN = no data); ``layout`` the province's tiles.
    """
    if layout.empty:
        return empty_figure(lang=lang, template=template)
    names = dict(zip(values["code"], values["name"], strict=True))
    fig = tile_map(
        layout,
        values,
        measure_label=measure_label,
        unit=SCORE_UNIT[lang],
        direction="up",
        home_code=home_code,
        names=names,
        zrange=(0.0, 100.0),
        lang=lang,
        template=template,
    )
    fig.layout.annotations = ()  # every tile is labelled below; the home tile keeps its outline
    trace = fig.data[VALUES_TRACE]
    trace.colorbar.update(
        orientation="v",
        x=1.0,
        xanchor="left",
        y=0.5,
        yanchor="middle",
        len=0.8,
        title={"text": t("briefing.chart.map_scale", lang), "side": "top"},
    )
    fig.data[LEGEND_TRACE].showlegend = bool(values["value"].isna().any())
    fig.update_layout(
        legend={"orientation": "v", "x": 0, "y": 0, "yanchor": "bottom"},
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
    )
    slots = tile_slots(layout)
    by_code = dict(zip(values["code"], values["value"], strict=True))
    style = style_for(template)
    xs, ys, texts, tones, sizes = [], [], [], [], []
    for code, col, row in zip(slots["code"], slots["col"], slots["row"], strict=True):
        if code is None:
            continue
        value = by_code.get(code)
        fill = _tile_colour(value, trace.zmin, trace.zmax, trace.colorscale)
        bold = code == home_code
        label = tile_label(names.get(code, code))
        number = (
            fmt_number(value, lang, 1) if pd.notna(value) else t("figures.insufficient_data", lang)
        )
        texts.append(f"<b>{label}</b><br><b>{number}</b>" if bold else f"{label}<br>{number}")
        longest = max(len(part) for part in label.split("<br>"))
        sizes.append(round(style.font_size * min(0.78, 7.5 / max(longest, 1)), 1))
        xs.append(col)
        ys.append(row)
        tones.append(colors.contrast_text(fill))
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="text",
            text=texts,
            textfont={"color": tones, "size": sizes},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    return fig


def _tile_colour(value: object, zmin: float, zmax: float, scale) -> str:
    if value is None or pd.isna(value):
        return colors.MISSING
    span = (float(zmax) - float(zmin)) or 1.0
    stops = [[float(p), c] for p, c in scale]
    return colors.sample((float(value) - float(zmin)) / span, stops)


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
    missing = t("figures.insufficient_data", lang)
    fig = go.Figure(
        go.Bar(
            x=[0 if c is None else v for c, v in zip(changes, round_list(changes, 1), strict=True)],
            y=list(range(len(groups))),
            orientation="h",
            marker={"color": [RISE if (c or 0) >= 0 else FALL for c in changes]},
            text=[missing if c is None else fmt_signed(c, lang, 1) for c in changes],
            textposition="outside",
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
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
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(groups))),
        ticktext=[g.name for g in groups],
        autorange="reversed",
        showgrid=False,
    )
    kinds = [g.kind for g in groups]
    for i in range(1, len(kinds)):
        if kinds[i] != kinds[i - 1]:
            fig.add_hline(y=i - 0.5, line={"color": style.muted, "width": 1, "dash": "dot"})
    return fig


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
    fig = go.Figure()
    for strong, colour, key in ((True, RISE, "strongest"), (False, colors.HOME, "weakest")):
        picked = [(pos, item) for pos, (item, s) in enumerate(rows) if s is strong]
        if not picked:
            continue
        fig.add_trace(
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
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(rows))),
        ticktext=[item.name for item, _ in rows],
        autorange="reversed",
        showgrid=False,
    )
    if strongest and weakest:
        fig.add_hline(
            y=len(strongest) - 0.5, line={"color": style.muted, "width": 1, "dash": "dot"}
        )
    return fig


def _strength_label(item: IndicatorFacts) -> str:
    """'3,67% · #10/499', and the publisher and year for a real (not synthetic) value."""
    rank = f" · #{item.rank}/{item.n_regions}" if item.rank and item.n_regions else ""
    source = "" if item.synthetic else f" ({publisher(item.source)} {item.year or ''})".rstrip()
    return f"{item.value_text}{rank}{source}".replace(" )", ")")
