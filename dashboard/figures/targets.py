"""Actual against target for several indicators: one small trend panel per indicator.

Each panel: the actual values (home colour), the targets (diamonds on a dashed line) and the
events' dotted lines. Units differ between panels, so each has its own y axis.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures import colors
from dashboard.figures.events import add_events, add_targets
from dashboard.figures.theme import base_layout, empty_figure, round_list, style_for
from dashboard.i18n import t


def target_panels(
    panels: Sequence[dict],
    *,
    events: Sequence[dict] = (),
    lang: str = "id",
    template: str = "screen",
    columns: int = 3,
) -> go.Figure:
    """``panels``: dicts with title, periods, values, targets [(year, value)], decimals."""
    style = style_for(template)
    if not panels:
        return empty_figure(lang=lang, template=template)
    rows = -(-len(panels) // columns)
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[p["title"] for p in panels],
        horizontal_spacing=0.08,
        vertical_spacing=0.5 / rows if rows > 1 else 0.1,
    )
    years = [y for p in panels for y in p["periods"]] + [y for p in panels for y, _ in p["targets"]]
    span = (min(years), max(years)) if years else (2018, 2026)
    for i, panel in enumerate(panels):
        row, col = i // columns + 1, i % columns + 1
        fig.add_trace(
            go.Scatter(
                x=list(panel["periods"]),
                y=round_list(panel["values"], panel.get("decimals", 1)),
                mode="lines+markers",
                line={"color": colors.HOME, "width": style.line_width},
                marker={"size": style.marker_size * 0.8},
                name=t("figures.actual", lang),
                showlegend=i == 0,
                hovertemplate="%{x}: <b>%{y}</b><extra></extra>",
            ),
            row=row,
            col=col,
        )
        add_targets(
            fig,
            panel["targets"],
            name=t("figures.target", lang),
            decimals=panel.get("decimals", 1),
            template=template,
            lang=lang,
            row=row,
            col=col,
            showlegend=i == 0,
        )
        add_events(fig, events, x_range=span, template=template, row=row, col=col)
    fig.update_layout(
        **base_layout(lang=lang, template=template),
        height=round(rows * style.font_size * 17 + style.font_size * 4),
        legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "yref": "container"},
        margin={"l": 4, "r": style.font_size, "t": round(style.font_size * 5), "b": 4},
    )
    fig.update_xaxes(
        range=[span[0] - 0.4, span[1] + 0.4],
        tickmode="linear",
        dtick=2,
        tickformat="d",
        showgrid=False,
    )
    fig.update_yaxes(showgrid=True, gridcolor=style.grid, zeroline=False)
    fig.update_annotations(font={"size": round(style.font_size * 0.95)})
    return fig
