"""Data coverage: real, synthetic and missing values per indicator and year, or per publisher.

Real values are blue, synthetic ones amber (the colour of the "sintetis" badge), missing grey;
the same three colours on the page, the wall and in exports.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import colors
from dashboard.figures.theme import base_layout, empty_figure, style_for
from dashboard.i18n import fmt_number, t

REAL = "#1f5f9f"
REAL_DARK = "#38bdf8"
SYNTHETIC = "#f0b429"
STATUSES = ("real", "synthetic", "missing")


def status_colours(dark: bool) -> dict[str, str]:
    """Fill colour of each status on a light or a dark background."""
    return {
        "real": REAL_DARK if dark else REAL,
        "synthetic": SYNTHETIC,
        "missing": colors.MISSING_DARK if dark else colors.MISSING,
    }


def coverage_heatmap(
    matrix: pd.DataFrame, labels: dict[str, str], *, lang: str = "id", template: str = "screen"
) -> go.Figure:
    """Indicators (rows, framework order top down) by year: the share of kab/kota with a real
    value, each cell labelled with their count; hover gives real, synthetic and missing.

    ``matrix`` has ``indicator_id, period, real, synthetic, missing, n_regions``.
    """
    if matrix.empty:
        return empty_figure(lang=lang, template=template)
    style = style_for(template)
    ids = list(dict.fromkeys(matrix["indicator_id"]))[::-1]  # plotly draws the first row low
    periods = sorted(matrix["period"].unique())
    grid = matrix.set_index(["indicator_id", "period"])
    n = int(matrix["n_regions"].iloc[0]) or 1
    z, text, hover = [], [], []
    for ident in ids:
        zs, ts, hs = [], [], []
        for period in periods:
            row = grid.loc[(ident, period)]
            real, synthetic, missing = int(row["real"]), int(row["synthetic"]), int(row["missing"])
            zs.append(round(real / n, 3))
            ts.append(str(real) if real else "")
            hs.append(
                t(
                    "figures.coverage_hover",
                    lang,
                    indicator=labels.get(ident, ident),
                    period=period,
                    real=real,
                    synthetic=synthetic,
                    missing=missing,
                    n=n,
                )
            )
        z.append(zs)
        text.append(ts)
        hover.append(hs)
    empty = colors.MISSING_DARK if style.dark else "#eef1f5"
    real = status_colours(style.dark)["real"]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[str(p) for p in periods],
            y=[labels.get(i, i) for i in ids],
            zmin=0,
            zmax=1,
            colorscale=[[0, empty], [0.001, "#c6dbef"], [1, real]],
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            xgap=2,
            ygap=2,
            colorbar={
                "title": {"text": t("figures.coverage_share", lang)},
                "tickformat": ".0%",
                "thickness": 14,
            },
        )
    )
    fig.update_layout(**base_layout(lang=lang, template=template))
    fig.update_xaxes(type="category", side="top", showgrid=False)
    fig.update_yaxes(automargin=True, showgrid=False)
    return fig


def status_bars(
    frame: pd.DataFrame, *, lang: str = "id", template: str = "screen", unit_key: str = "indicators"
) -> go.Figure:
    """One horizontal bar per row of ``frame`` (``label, real, synthetic, missing``; first row on
    top), split into real, synthetic and missing counts, each part labelled with its count."""
    if frame.empty:
        return empty_figure(lang=lang, template=template)
    style = style_for(template)
    colours = status_colours(style.dark)
    rows = frame.iloc[::-1]
    fig = go.Figure()
    for status in STATUSES:
        values = rows[status].astype(int).tolist()
        fig.add_trace(
            go.Bar(
                x=values,
                y=rows["label"].tolist(),
                name=t(f"figures.coverage_{status}", lang),
                orientation="h",
                marker={"color": colours[status]},
                text=[fmt_number(v, lang, 0) if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": colors.contrast_text(colours[status])},
                hovertemplate="%{y}: %{x} "
                + t(f"figures.coverage_{unit_key}", lang)
                + f" ({t(f'figures.coverage_{status}', lang)})<extra></extra>",
            )
        )
    fig.update_layout(
        **base_layout(lang=lang, template=template),
        barmode="stack",
        bargap=0.3,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "traceorder": "normal"},
    )
    fig.update_xaxes(title_text=t(f"figures.coverage_{unit_key}", lang), rangemode="tozero")
    fig.update_yaxes(automargin=True)
    return fig
