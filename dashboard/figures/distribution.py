"""How all regions are spread on one measure, and where the home region and the mean sit in it.

Bins are counted here (numpy) and drawn as bars, so the browser gets 25 counts instead of 514
values and the hover can say "40,0–44,0: 37 wilayah" in the user's number format.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import colors
from dashboard.figures.theme import (
    base_layout,
    empty_figure_dict,
    is_missing,
    round_list,
    style_for,
    with_unit,
)
from dashboard.i18n import fmt_number, t
from dashboard.labels import short_name

BARS_TRACE = 0


def score_distribution(values: pd.Series, **options: object) -> go.Figure:
    """Histogram of ``values`` with the home region marked and the national mean dashed.

    ``direction`` ("up"/"down") colours the bars with the map's scale; without it they are a
    neutral blue. ``xrange`` fixes the bins' span (0-100 for scores). Options: those of
    :func:`score_distribution_dict`.
    """
    return go.Figure(**score_distribution_dict(values, **options))


def score_distribution_dict(
    values: pd.Series,
    *,
    home_value: float | None = None,
    home_label: str = "",
    national_mean: float | None = None,
    measure_label: str = "",
    unit: str = "",
    direction: str | None = None,
    decimals: int = 1,
    nbins: int = 25,
    xrange: tuple[float, float] | None = None,
    lang: str = "id",
    template: str = "screen",
) -> dict:
    """:func:`score_distribution` as a plain ``{"data", "layout"}`` dict (the overview's
    callback sends it through ``theme.plain_figure``, P1)."""
    style = style_for(template)
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype=float)
    if numbers.size == 0:
        return empty_figure_dict(lang=lang, template=template)
    counts, edges = np.histogram(numbers, bins=max(1, nbins), range=_span(numbers, xrange))
    centres = (edges[:-1] + edges[1:]) / 2
    regions = t("figures.regions", lang)
    ranges = [
        f"{fmt_number(a, lang, decimals)}–{fmt_number(b, lang, decimals)}"
        for a, b in itertools.pairwise(edges)
    ]
    mean = None if is_missing(national_mean) else float(national_mean)  # type: ignore[arg-type]
    home = None if is_missing(home_value) else float(home_value)  # type: ignore[arg-type]
    # Labels point away from each other: the larger value's label to the right of its line.
    home_right = home is not None and (mean is None or home >= mean)
    markers = []
    if mean is not None:
        label = t("figures.national_mean", lang)
        markers.append(
            _marker(mean, label, style, decimals, unit, lang, home=False, right=not home_right)
        )
    if home is not None:
        label = short_name(home_label)
        markers.append(
            _marker(home, label, style, decimals, unit, lang, home=True, right=home_right)
        )
    bars = {
        "type": "bar",
        "x": round_list(centres, 4),
        "y": counts.tolist(),
        "width": float(round(edges[1] - edges[0], 6)),
        "marker": {"color": _bar_colours(centres, edges, direction, style)},
        "hovertext": ranges,
        "hovertemplate": f"%{{hovertext}}<br><b>%{{y}} {regions}</b><extra></extra>",
    }
    # One constructor call (no update_*/add_vline): rebuilt on every filter change.
    layout = base_layout(
        lang=lang,
        template=template,
        showlegend=False,
        bargap=0.05,
        margin={"l": 4, "r": style.font_size, "t": round(style.font_size * 3.2), "b": 4},
        xaxis={"title": {"text": with_unit(measure_label, f"({unit})" if unit else "")}},
        yaxis={
            "title": {"text": t("figures.region_count", lang)},
            "rangemode": "tozero",
            "ticklabelstandoff": 6,  # keeps the y "0" clear of the x "0"
        },
        shapes=[shape for shape, _ in markers],
        annotations=[note for _, note in markers],
    )
    return {"data": [bars], "layout": layout}


def _span(numbers: np.ndarray, xrange: tuple[float, float] | None) -> tuple[float, float]:
    if xrange is not None:
        return float(xrange[0]), float(xrange[1])
    low, high = float(numbers.min()), float(numbers.max())
    return (low - 0.5, high + 0.5) if high <= low else (low, high)


def _bar_colours(centres, edges, direction: str | None, style) -> str | list[str]:
    if direction not in ("up", "down"):
        return colors.NEUTRAL
    low, high = float(edges[0]), float(edges[-1])
    scale = colors.scale_for(direction, dark=style.dark)
    return [colors.sample((c - low) / (high - low), scale) for c in centres]


def _marker(x, label, style, decimals, unit, lang, *, home: bool, right: bool) -> tuple[dict, dict]:
    """A vertical line with its label above the plot, e.g. "Kab. Bekasi: 65,4"."""
    colour = colors.HOME if home else style.muted
    width = style.home_width if home else max(1.5, style.line_width * 0.6)
    line = {
        "type": "line",
        "xref": "x",
        "x0": x,
        "x1": x,
        "yref": "y domain",
        "y0": 0,
        "y1": 1,
        "line": {"color": colour, "width": width, "dash": "solid" if home else "dash"},
    }
    value = with_unit(fmt_number(x, lang, decimals), unit if unit == "%" else "")
    note = {
        "x": x,
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "yanchor": "bottom",
        "xanchor": "left" if right else "right",
        "text": f"<b>{label}</b>: {value}" if home else f"{label}: {value}",
        "showarrow": False,
        "font": {"color": colour, "size": round(style.font_size * 0.95)},
    }
    return line, note
