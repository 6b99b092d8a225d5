"""Biggest movers: the kab/kota whose score rose or fell most since last year."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import colors
from dashboard.figures.theme import base_layout, empty_figure, style_for
from dashboard.i18n import fmt_signed, t
from dashboard.labels import short_name


def movers_bar(
    movers: pd.DataFrame,
    *,
    home_code: str | None = None,
    decimals: int = 1,
    lang: str = "id",
    template: str = "screen",
) -> go.Figure:
    """Diverging horizontal bars of ``change`` (rises right in blue, falls left in grey-red)."""
    if movers.empty:
        return empty_figure(lang=lang, template=template)
    style = style_for(template)
    frame = movers.iloc[::-1].reset_index(drop=True)  # plotly draws the first row at the bottom
    labels = [short_name(n) for n in frame["name"]]
    up = "#7fcdbb" if style.dark else "#225ea8"
    down = "#f4a582" if style.dark else "#b2182b"
    colours = [
        colors.HOME if c == home_code else (up if v >= 0 else down)
        for c, v in zip(frame["region_code"], frame["change"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=frame["change"].round(2),
            y=labels,
            orientation="h",
            marker={"color": colours},
            text=[fmt_signed(v, lang, decimals) for v in frame["change"]],
            textposition="outside",
            customdata=frame["region_code"],
            hovertemplate="%{y}: %{text}<extra></extra>",
            cliponaxis=False,
        )
    )
    span = float(frame["change"].abs().max() or 1) * 1.3
    fig.update_layout(**base_layout(lang=lang, template=template), showlegend=False, bargap=0.25)
    fig.update_xaxes(
        range=[-span, span],
        title_text=t("figures.change_points", lang),
        zeroline=True,
        zerolinewidth=2,
    )
    fig.update_yaxes(automargin=True)
    return fig
