"""The ranking chart: best and worst regions, with the home region always on it at its own rank.

An official's first question is "where are we?", so the home region is inserted between the top
and the bottom with its rank even when it is in neither. Regions without a value are left out
and counted in a note, never ranked as 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.colors import HOME, NEUTRAL
from dashboard.figures.theme import (
    base_layout,
    d3_format,
    empty_figure_dict,
    round_list,
    style_for,
    with_unit,
)
from dashboard.i18n import t
from dashboard.labels import short_name

OTHERS_TRACE = 0
HOME_TRACE = 1
GAP = "⋮"


def ranked(
    scores: pd.DataFrame, *, value_col: str, direction: str, names: pd.Series | dict | None = None
) -> pd.DataFrame:
    """code, name, value, rank (1 = best, ties share the best rank), sorted; NaN rows dropped."""
    codes, values, labels, ranks = _ranked_lists(
        scores, value_col=value_col, direction=direction, names=names
    )
    return pd.DataFrame(
        {
            "code": codes,
            "value": np.asarray(values, dtype=float),
            "name": labels,
            "rank": np.asarray(ranks, dtype=int),
        }
    )


def _ranked_lists(
    scores: pd.DataFrame, *, value_col: str, direction: str, names: pd.Series | dict | None
) -> tuple[list[str], list[float], list[str], list[int]]:
    """:func:`ranked` as plain lists (code, value, name, rank): the chart needs no frame."""
    code_col = "region_code" if "region_code" in scores.columns else "code"
    codes = _texts(scores[code_col])  # plain lists: no per-item pandas access
    value = pd.to_numeric(scores[value_col], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    lookup = names if isinstance(names, dict) else _lookup(names)
    fallback = _texts(scores["name"]) if "name" in scores.columns else codes
    keep = np.flatnonzero(~np.isnan(value))
    kept_codes = [codes[i] for i in keep]
    kept_names = [lookup.get(codes[i], fallback[i]) for i in keep]
    kept = value[keep]
    rank = pd.Series(kept).rank(method="min", ascending=direction == "down").to_numpy(dtype=int)
    # sorted by rank, then name (stable): plain Python sorting of 514 pairs beats pandas' sort
    order = sorted(range(len(kept)), key=lambda i: (rank[i], kept_names[i]))
    return (
        [kept_codes[i] for i in order],
        kept[order].tolist(),
        [kept_names[i] for i in order],
        rank[order].tolist(),
    )


def _texts(column: pd.Series) -> list[str]:
    """A column as a list of str, without iterating pandas' Arrow strings item by item."""
    return [v if isinstance(v, str) else str(v) for v in column.to_numpy(dtype=object)]


_LOOKUPS: dict[int, tuple[object, dict]] = {}  # id(Series) -> (the Series, its dict)


def _lookup(names: pd.Series | None) -> dict:
    """code -> name as a dict, kept for the last few Series (the same one on every change)."""
    if names is None:
        return {}
    hit = _LOOKUPS.get(id(names))
    if hit is not None and hit[0] is names:
        return hit[1]
    if len(_LOOKUPS) > 8:
        _LOOKUPS.clear()
    table = dict(zip(_texts(pd.Series(names.index)), names.tolist(), strict=True))
    _LOOKUPS[id(names)] = (names, table)
    return table


def shown_rows(table: pd.DataFrame, *, n: int, home_code: str | None) -> list[int | None]:
    """Row positions to draw, top to bottom; None marks a gap between groups."""
    return _shown(_texts(table["code"]), n=n, home_code=home_code)


def _shown(codes: list[str], *, n: int, home_code: str | None) -> list[int | None]:
    total = len(codes)
    if total <= 2 * n + 1:
        return list(range(total))
    home = codes.index(home_code) if home_code and home_code in codes else None
    rows: list[int | None] = list(range(n))
    if home is not None and n <= home < total - n:
        rows += ([None] if home > n else []) + [home]
        rows += [None] if home < total - n - 1 else []
    else:
        rows.append(None)
    return rows + list(range(total - n, total))


def ranking_bar(scores: pd.DataFrame, **options: object) -> go.Figure:
    """Top ``n`` and bottom ``n`` regions as horizontal bars; clicks carry the region code.

    ``scores`` has region_code (or code) and ``value_col``; names come from ``names`` or a
    ``name`` column. ``direction="down"`` ranks the lowest value first. Options: those of
    :func:`ranking_bar_dict`.
    """
    return go.Figure(**ranking_bar_dict(scores, **options))


def ranking_bar_dict(
    scores: pd.DataFrame,
    *,
    value_col: str = "composite",
    home_code: str | None = None,
    n: int = 10,
    names: pd.Series | dict | None = None,
    measure_label: str = "",
    unit: str = "",
    decimals: int = 1,
    direction: str = "up",
    lang: str = "id",
    template: str = "screen",
) -> dict:
    """:func:`ranking_bar` as a plain ``{"data", "layout"}`` dict: the overview's callback sends
    it through ``theme.plain_figure`` without plotly.py's validation (P1)."""
    style = style_for(template)
    codes, values, labels_, ranks = _ranked_lists(
        scores, value_col=value_col, direction=direction, names=names
    )
    excluded = len(scores) - len(codes)
    if not codes:
        return empty_figure_dict(lang=lang, template=template)
    rows = _shown(codes, n=n, home_code=home_code)
    # Plain dicts for the drawn rows only: no pandas access per bar on every filter change.
    records = {
        r: {"code": codes[r], "value": values[r], "name": labels_[r], "rank": ranks[r]}
        for r in rows
        if r is not None
    }
    labels, positions = [], list(range(len(rows)))
    for row in rows:
        if row is None:
            labels.append(GAP)
            continue
        rec = records[row]
        label = f"{rec['rank']}. {short_name(rec['name'])}"
        labels.append(f"<b>{label}</b>" if rec["code"] == home_code else label)
    value = with_unit(f"%{{x:{d3_format(decimals)}}}", unit)
    hover = f"<b>%{{hovertext}}</b><br>{measure_label}: {value}<extra></extra>"
    low, high = float(min(values)), float(max(values))
    span = max(high - min(low, 0), abs(low), 1e-9)
    # One constructor call, no update_*/add_hline: this chart is rebuilt on every filter
    # change, and plotly's incremental updates cost several times the construction itself.
    gaps = [
        {
            "type": "line",
            "xref": "x domain",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": pos,
            "y1": pos,
            "line": {"color": style.grid, "width": 1, "dash": "dot"},
        }
        for pos, row in zip(positions, rows, strict=True)
        if row is None
    ]
    layout = base_layout(
        lang=lang,
        template=template,
        showlegend=False,
        bargap=0.25,
        height=round(len(rows) * style.font_size * 2 + style.font_size * 7),
        margin={"l": 4, "r": style.font_size, "t": round(style.font_size * 2.2), "b": 4},
        xaxis={
            "title": {"text": with_unit(measure_label, f"({unit})" if unit else "")},
            "range": [min(low, 0) - (0.2 * span if low < 0 else 0), max(high, 0) + 0.18 * span],
            "tickformat": ",~f",
            "zeroline": True,
        },
        yaxis={
            "tickmode": "array",
            "tickvals": positions,
            "ticktext": labels,
            "autorange": "reversed",
            "showgrid": False,
        },
        shapes=gaps,
        annotations=[_note(t("figures.excluded", lang, n=excluded), style)] if excluded else [],
    )
    bars = [
        _bars(records, rows, positions, lambda c: c != home_code, NEUTRAL, decimals, hover),
        _bars(records, rows, positions, lambda c: c == home_code, HOME, decimals, hover),
    ]
    return {"data": bars, "layout": layout}


def _bars(records, rows, positions, wanted, colour, decimals, hover) -> dict:
    picked = [(p, r) for p, r in zip(positions, rows, strict=True) if r is not None]
    picked = [(p, r) for p, r in picked if wanted(records[r]["code"])]
    recs = [records[r] for _, r in picked]
    return {
        "type": "bar",
        "x": round_list([rec["value"] for rec in recs], decimals),
        "y": [p for p, _ in picked],
        "orientation": "h",
        "marker": {"color": colour},
        "customdata": [rec["code"] for rec in recs],
        "hovertext": [f"{rec['rank']}. {rec['name']}" for rec in recs],
        "hovertemplate": hover,
        "texttemplate": f"%{{x:{d3_format(decimals)}}}",
        "textposition": "outside",
        "cliponaxis": False,
    }


def _note(text: str, style) -> dict:
    return {
        "text": text,
        "x": 0,
        "y": 1,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "bottom",
        "yshift": 4,
        "showarrow": False,
        "font": {"size": round(style.font_size * 0.9), "color": style.muted},
    }
