"""A region's profile charts: its pillars and elements against province and nation, and its trend.

"Data kurang" is written where a bar would be, so a missing pillar is never read as a zero.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import colors
from dashboard.figures.events import add_events, add_targets
from dashboard.figures.theme import (
    base_layout,
    d3_format,
    empty_figure,
    is_missing,
    round_list,
    style_for,
)
from dashboard.i18n import fmt_number, t

SCORE_RANGE = (0, 100)


def _groups(groups: Sequence[tuple]) -> tuple[list[str], list[str], list[int]]:
    """ids, labels, and the positions after which the kind changes (pillar -> element)."""
    ids = [str(g[0]) for g in groups]
    labels = [str(g[1]) for g in groups]
    kinds = [g[2] if len(g) > 2 else None for g in groups]
    breaks = [i for i in range(1, len(kinds)) if kinds[i] != kinds[i - 1]]
    return ids, labels, breaks


def group_bars(
    series: Sequence[tuple[str, pd.Series, str]],
    *,
    groups: Sequence[tuple],
    decimals: int = 1,
    lang: str = "id",
    template: str = "screen",
) -> go.Figure:
    """Grouped horizontal bars, one trace per (name, values by group id, colour), first on top.

    ``groups`` are (id, label) or (id, label, kind); a line separates kinds. Scores are 0-100.
    """
    style = style_for(template)
    ids, labels, breaks = _groups(groups)
    if not ids or not series:
        return empty_figure(lang=lang, template=template)
    missing = t("figures.insufficient_data", lang)
    fig = go.Figure()
    for name, values, colour in series:
        raw = [values.get(i) if values is not None else None for i in ids]
        gaps = [is_missing(v) for v in raw]
        fig.add_trace(
            go.Bar(
                name=name,
                y=list(range(len(ids))),
                x=[0 if gap else v for gap, v in zip(gaps, round_list(raw, decimals), strict=True)],
                orientation="h",
                marker={"color": colour},
                text=[
                    missing if gap else fmt_number(v, lang, decimals)
                    for gap, v in zip(gaps, raw, strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                hovertext=labels,
                hovertemplate=f"%{{hovertext}}<br>{name}: <b>%{{text}}</b><extra></extra>",
            )
        )
    per_group = max(2.6, 1.3 * len(series))
    fig.update_layout(
        **base_layout(lang=lang, template=template),
        barmode="group",
        bargap=0.22,
        bargroupgap=0.05,
        height=round(len(ids) * style.font_size * per_group + style.font_size * 8),
        legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "traceorder": "normal"},
        margin={"l": 4, "r": style.font_size, "t": round(style.font_size * 3), "b": 4},
    )
    fig.update_xaxes(
        range=[SCORE_RANGE[0], SCORE_RANGE[1] * 1.14],
        title={"text": t("figures.score", lang)},
        tickvals=[0, 20, 40, 60, 80, 100],
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(ids))),
        ticktext=labels,
        autorange="reversed",
        showgrid=False,
    )
    for position in breaks:
        fig.add_hline(y=position - 0.5, line={"color": style.muted, "width": 1, "dash": "dot"})
    return fig


def pillar_comparison(
    region: pd.Series,
    province_mean: pd.Series,
    national_mean: pd.Series,
    *,
    groups: Sequence[tuple],
    region_label: str | None = None,
    decimals: int = 1,
    lang: str = "id",
    template: str = "screen",
) -> go.Figure:
    """The region's pillar and element scores beside its province's and Indonesia's means.

    Each Series is indexed by group id. Pass ``groups`` as (id, label, kind) to get a separator
    between pillars and readiness elements.
    """
    return group_bars(
        [
            (region_label or t("figures.this_region", lang), region, colors.HOME),
            (t("figures.province_mean", lang), province_mean, colors.NEUTRAL),
            (t("figures.national_mean", lang), national_mean, colors.NEUTRAL_LIGHT),
        ],
        groups=groups,
        decimals=decimals,
        lang=lang,
        template=template,
    )


def trend_chart(
    history: pd.DataFrame,
    *,
    region_label: str = "",
    levels: Sequence[tuple] | None = None,
    decimals: int = 1,
    lang: str = "id",
    template: str = "screen",
    targets: Sequence[tuple[int, float]] = (),
    events: Sequence[dict] = (),
) -> go.Figure:
    """Composite score per year with the province and national means, over faint level bands.

    ``history`` has period and composite, optionally province_mean and national_mean.
    ``levels`` are (lower, name) or (lower, name, colour), lowest first. ``targets`` are
    (year, value) of the composite; ``events`` dicts with date, title and synthetic
    (:func:`dashboard.figures.events.add_events`).
    """
    style = style_for(template)
    if history.empty or "period" not in history.columns:
        return empty_figure(lang=lang, template=template)
    history = history.sort_values("period")
    lines = [
        ("composite", region_label or t("figures.this_region", lang), colors.HOME, "solid", 1.0),
        ("province_mean", t("figures.province_mean", lang), colors.NEUTRAL, "dash", 0.6),
        ("national_mean", t("figures.national_mean", lang), colors.GREY, "dot", 0.6),
    ]
    present = [
        line for line in lines if line[0] in history.columns and history[line[0]].notna().any()
    ]
    if not present:
        return empty_figure(lang=lang, template=template)
    periods = [int(p) for p in history["period"]]
    fig = go.Figure()
    for column, name, colour, dash, weight in present:
        fig.add_trace(
            go.Scatter(
                x=periods,
                y=round_list(history[column], decimals),
                name=name,
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": style.line_width * weight},
                marker={"size": style.marker_size * (1 if weight == 1 else 0.7)},
                connectgaps=False,
                hovertemplate=f"%{{y:{d3_format(decimals)}}}",
            )
        )
    add_targets(
        fig,
        targets,
        name=t("figures.target", lang),
        decimals=decimals,
        template=template,
        lang=lang,
    )
    legend = {"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"}
    if events:  # event labels take the space above the plot: the legend goes below
        legend = {"orientation": "h", "x": 0, "y": -0.16, "yanchor": "top"}
    fig.update_layout(
        **base_layout(lang=lang, template=template),
        hovermode="x unified",
        legend=legend,
        margin={"l": 4, "r": style.font_size, "t": round(style.font_size * 3), "b": 4},
    )
    years = periods + [int(y) for y, _ in targets]
    add_events(
        fig,
        events,
        x_range=(min(years), max(years)),
        template=template,
        synthetic_note=t("events.synthetic", lang),
    )
    fig.update_xaxes(
        range=[min(years) - 0.3, max(years) + 0.3],
        tickmode="linear",
        dtick=2 if style.font_size >= 24 else 1,  # big wall type: every other year, upright
        tickangle=0,
        tickformat="d",
        title={"text": "" if events else t("figures.year", lang)},
        showgrid=False,
    )
    fig.update_yaxes(
        range=list(SCORE_RANGE), title={"text": t("figures.score", lang)}, showgrid=False
    )
    _level_bands(fig, levels or [], style)
    return fig


def _level_bands(fig: go.Figure, levels: Sequence[tuple], style) -> None:
    """Faint horizontal bands for the maturity levels, each named at the right edge."""
    if not levels:
        return
    palette = colors.discrete(len(levels), dark=style.dark)
    uppers = [float(lv[0]) for lv in levels[1:]] + [float(SCORE_RANGE[1])]
    for i, (level, upper) in enumerate(zip(levels, uppers, strict=True)):
        lower, name = float(level[0]), str(level[1])
        colour = level[2] if len(level) > 2 and level[2] else palette[i]
        fig.add_hrect(
            y0=lower, y1=upper, fillcolor=colour, opacity=0.14, line_width=0, layer="below"
        )
        fig.add_annotation(
            x=1,
            xref="paper",
            xanchor="right",
            y=lower,
            yref="y",
            yanchor="bottom",
            text=name,
            showarrow=False,
            font={"size": round(style.font_size * 0.85), "color": style.muted},
        )
