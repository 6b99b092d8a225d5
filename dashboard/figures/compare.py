"""Side-by-side comparison of two to six regions, and which of them leads on each indicator."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import colors
from dashboard.figures.profile import group_bars
from dashboard.figures.theme import empty_figure

MAX_REGIONS = 6


def region_colours(codes: Sequence[str], *, home_code: str | None = None) -> dict[str, str]:
    """Distinct colour-blind-safe colours in order; the home region keeps its accent colour."""
    others = iter(colors.QUALITATIVE)
    return {code: colors.HOME if code == home_code else next(others) for code in codes}


def compare_pillars(
    frame: pd.DataFrame,
    *,
    groups: Sequence[tuple],
    home_code: str | None = None,
    decimals: int = 1,
    lang: str = "id",
    template: str = "screen",
) -> go.Figure:
    """Grouped bars of pillar/element scores, one colour per region (rows: code, label, ids).

    At most six regions are drawn (the first six rows); ``groups`` as in
    :func:`dashboard.figures.profile.group_bars`.
    """
    if frame.empty:
        return empty_figure(lang=lang, template=template)
    rows = frame.head(MAX_REGIONS)
    palette = region_colours([str(c) for c in rows["code"]], home_code=home_code)
    series = [
        (str(rec["label"]), pd.Series(rec), palette[str(rec["code"])])
        for rec in rows.to_dict("records")
    ]
    fig = group_bars(series, groups=groups, decimals=decimals, lang=lang, template=template)
    for trace, code in zip(fig.data, rows["code"], strict=False):
        trace.customdata = [str(code)] * len(trace.y)
    return fig


def best_per_row(
    table: pd.DataFrame, directions: Mapping[str, str], *, rel_tol: float = 1e-9
) -> dict[str, tuple[str, ...]]:
    """For each row (indicator id), the column(s) (region codes) with the best value.

    "up" and "ord" (categories worst first): highest; "down": lowest. Ties give every tied
    column; a row with no values, or with no known direction, gives an empty tuple.
    """
    best: dict[str, tuple[str, ...]] = {}
    for row_id, row in table.iterrows():
        direction = directions.get(str(row_id))
        values = pd.to_numeric(row, errors="coerce").dropna()
        if direction not in ("up", "down", "ord") or values.empty:
            best[str(row_id)] = ()
            continue
        target = values.min() if direction == "down" else values.max()
        best[str(row_id)] = tuple(
            str(col)
            for col, value in values.items()
            if math.isclose(value, target, rel_tol=rel_tol, abs_tol=1e-12)
        )
    return best
