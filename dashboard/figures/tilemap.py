"""The tile map: one equal square per kab/kota, so Jakarta's small kota are as visible as Papua.

Traces, in order (indices are part of the contract with the page's ``Patch``):

0. ``BACKGROUND_TRACE``: a grey heatmap under every occupied cell; it carries the hover for
   regions without data ("data kurang"), so missing is grey and never coloured as 0.
1. ``VALUES_TRACE``: the measure. Cells without data are gaps (``hoverongaps=False``) so the
   background shows through; the sea has no hover at all.
2. ``BORDERS_TRACE``: province borders as line segments between cells of different provinces.
3. ``LEGEND_TRACE``: a legend-only grey square labelled "data kurang".

Both heatmaps take columnar input (x = col, y = row, z per region, one slot per region sorted by
code), so a recolour sends about 2-4 KB: see :func:`tile_values_patch`. The region codes are
the background trace's ``customdata`` (a score's values trace carries its input counts there).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.colors import HOME
from dashboard.figures.mapvalues import (
    PROVENANCE,
    lookup,
    slot_texts,
    value_encoding,
)
from dashboard.figures.theme import base_layout, style_for
from dashboard.i18n import t
from dashboard.labels import short_name

BACKGROUND_TRACE = 0
VALUES_TRACE = 1
BORDERS_TRACE = 2
LEGEND_TRACE = 3
UIREVISION = "tile-map"


def tile_slots(layout: pd.DataFrame) -> pd.DataFrame:
    """One row per heatmap slot: regions sorted by code, then empty pads for unused rows/columns.

    Columnar heatmaps size cells from the distinct x and y values present, so a grid column
    without any region would squeeze its neighbours; a pad (code None) keeps every cell square.
    """
    slots = pd.DataFrame(
        {
            "code": layout["code"].astype(str).to_numpy(),
            "col": layout["col"].astype(int).to_numpy(),
            "row": layout["row"].astype(int).to_numpy(),
            "province_code": layout["province_code"].to_numpy(),
        }
    ).sort_values("code", kind="stable", ignore_index=True)
    if slots.empty:
        return slots
    cols, rows = set(slots["col"].tolist()), set(slots["row"].tolist())
    first_col, first_row = min(cols), min(rows)
    pads = [(c, first_row) for c in range(first_col, max(cols) + 1) if c not in cols]
    pads += [(first_col, r) for r in range(first_row, max(rows) + 1) if r not in rows]
    if not pads:
        return slots
    extra = pd.DataFrame(
        {
            "code": None,
            "col": [c for c, _ in pads],
            "row": [r for _, r in pads],
            "province_code": None,
        }
    )
    return pd.concat([slots, extra], ignore_index=True).astype({"col": int, "row": int})


_SLOTS: list = []  # [(layout, its slots, their codes)]: the one tile layout a process draws


def _slots_of(layout: pd.DataFrame) -> pd.DataFrame:
    """``tile_slots(layout)`` once per layout object: a recolour (P1) needs only the slots."""
    if not (_SLOTS and _SLOTS[0][0] is layout):
        slots = tile_slots(layout)
        _SLOTS[:] = [(layout, slots, _codes(slots))]
    return _SLOTS[0][1]


def _codes(slots: pd.DataFrame) -> list[str | None]:
    """Each slot's region code (None for pads) as a list, without pandas' per-item access."""
    if _SLOTS and _SLOTS[0][1] is slots:
        return _SLOTS[0][2]
    return [c if isinstance(c, str) else None for c in slots["code"].to_numpy(dtype=object)]


def tile_slot_codes(layout: pd.DataFrame) -> list[str | None]:
    """Each heatmap slot's region code in the values trace's order (None for pads)."""
    _slots_of(layout)
    return _SLOTS[0][2]


def _aligned(slots: pd.DataFrame, values: pd.DataFrame, column: str = "value") -> list:
    """The value of each slot's region (None for pads and regions without a value)."""
    codes = [c if isinstance(c, str) else str(c) for c in values["code"].to_numpy(dtype=object)]
    column_values = values[column].to_numpy(dtype=object).tolist()  # no per-item pandas access
    by_code = dict(zip(reversed(codes), reversed(column_values), strict=True))
    return [None if code is None else by_code.get(code) for code in _codes(slots)]


def _notes(slots: pd.DataFrame, values: pd.DataFrame) -> list | None:
    """The optional ``provenance`` column of ``values`` per slot (hover line), or None."""
    return _aligned(slots, values, PROVENANCE) if PROVENANCE in values.columns else None


def tile_values_patch(
    layout: pd.DataFrame,
    values: pd.DataFrame,
    *,
    measure_label: str,
    unit: str,
    direction: str,
    categories: Sequence[str] | None = None,
    zrange: tuple[float, float] | None = None,
    decimals: int = 1,
    category_colours: Sequence[str] | None = None,
    lang: str = "id",
    template: str = "screen",
) -> dict:
    """Exactly what a recolour changes on ``data[VALUES_TRACE]``: apply each key to a Dash Patch.

    Keys: z, zmin, zmax, colorscale, colorbar, hovertemplate, hovertext (None unless the measure
    has categories), customdata (codes, or [code, n_real, n_synthetic] for a score). Nothing else in the figure depends on the measure.
    """
    slots = _slots_of(layout)
    return value_encoding(
        _aligned(slots, values),
        measure_label=measure_label,
        unit=unit,
        direction=direction,
        categories=categories,
        zrange=zrange,
        decimals=decimals,
        category_colours=category_colours,
        lang=lang,
        template=template,
        notes=_notes(slots, values),
        codes=_codes(slots),
    )


def tile_map(
    layout: pd.DataFrame,
    values: pd.DataFrame,
    *,
    measure_label: str,
    unit: str,
    direction: str,
    home_code: str | None = None,
    names: pd.Series | dict | None = None,
    provinces: pd.Series | dict | None = None,
    categories: Sequence[str] | None = None,
    zrange: tuple[float, float] | None = None,
    decimals: int = 1,
    category_colours: Sequence[str] | None = None,
    missing_label: str | None = None,
    lang: str = "id",
    template: str = "screen",
) -> go.Figure:
    """The always-available national map; ``values`` has code and value (NaN = no data).

    ``names``/``provinces`` map code -> text (default: ``name``/``province_name`` columns of
    ``values``). ``categories`` (worst first) makes z = 1..k positions with discrete colours.
    ``missing_label`` replaces "data kurang" where absence means something else ("not a
    participant").
    """
    style = style_for(template)
    slots = tile_slots(layout)
    region_names = lookup(names, values, "name")
    cells = _cells(slots, region_names, lookup(provinces, values, "province_name"), style)
    missing = missing_label or t("figures.insufficient_data", lang)
    encoding = value_encoding(
        _aligned(slots, values),
        measure_label=measure_label,
        unit=unit,
        direction=direction,
        categories=categories,
        zrange=zrange,
        decimals=decimals,
        category_colours=category_colours,
        lang=lang,
        template=template,
        notes=_notes(slots, values),
        codes=_codes(slots),
    )
    fig = go.Figure(
        [
            _background(cells, missing, style),
            go.Heatmap(**{**cells, **encoding}, name=measure_label),
            _borders(slots, style),
            _legend_entry(missing, style),
        ]
    )
    fig.update_layout(
        **base_layout(lang=lang, template=template),
        uirevision=UIREVISION,
        showlegend=True,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top"},
        margin={"l": 4, "r": style.font_size, "t": 4, "b": round(style.font_size * 4.5)},
    )
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", scaleratio=1)
    _mark_home(fig, slots, home_code, region_names, style)
    return fig


def _cells(slots: pd.DataFrame, names: dict, provinces: dict, style) -> dict:
    """What both heatmaps share: positions, hover headings, codes for clicks, gaps."""
    codes = [None if c is None else str(c) for c in slots["code"]]
    return {
        "x": slots["col"].tolist(),
        "y": slots["row"].tolist(),
        "text": slot_texts(codes, names, provinces),
        "customdata": codes,
        "hoverongaps": False,
        "xgap": style.cell_gap,
        "ygap": style.cell_gap,
    }


def _background(cells: dict, missing: str, style) -> go.Heatmap:
    """Grey under every region; its hover answers for regions the values trace leaves out."""
    return go.Heatmap(
        **cells,
        z=[None if c is None else 1 for c in cells["customdata"]],
        zmin=0,
        zmax=1,
        colorscale=[[0, style.missing], [1, style.missing]],
        showscale=False,
        hovertemplate=f"%{{text}}<br><i>{missing}</i><extra></extra>",
        name=missing,
    )


def _borders(slots: pd.DataFrame, style) -> go.Scatter:
    """Line segments on every edge shared by cells of two different provinces."""
    cells = {
        (c, r): p
        for c, r, p in zip(slots["col"], slots["row"], slots["province_code"], strict=True)
        if p is not None and not pd.isna(p)
    }
    xs: list[float | None] = []
    ys: list[float | None] = []
    for (c, r), province in sorted(cells.items()):
        right = cells.get((c + 1, r))
        if right is not None and right != province:
            xs += [c + 0.5, c + 0.5, None]
            ys += [r - 0.5, r + 0.5, None]
        below = cells.get((c, r + 1))
        if below is not None and below != province:
            xs += [c - 0.5, c + 0.5, None]
            ys += [r + 0.5, r + 0.5, None]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": style.border, "width": style.border_width},
        hoverinfo="skip",
        showlegend=False,
    )


def _legend_entry(label: str, style) -> go.Scatter:
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        marker={"symbol": "square", "size": round(style.font_size * 1.1), "color": style.missing},
        name=label,
        hoverinfo="skip",
        showlegend=True,
    )


def _mark_home(
    fig: go.Figure, slots: pd.DataFrame, home_code: str | None, names: dict, style
) -> None:
    """Outline the home region's cell and label it with its (shortened) name."""
    if not home_code:
        return
    cell = slots[slots["code"] == home_code]
    if cell.empty:
        return
    col, row = int(cell["col"].iloc[0]), int(cell["row"].iloc[0])
    fig.add_shape(
        type="rect",
        x0=col - 0.5,
        x1=col + 0.5,
        y0=row - 0.5,
        y1=row + 0.5,
        line={"color": HOME, "width": style.home_width},
        fillcolor="rgba(0,0,0,0)",
        layer="above",
    )
    fig.add_annotation(
        x=col,
        y=row,
        text=f"<b>{short_name(names.get(home_code, home_code))}</b>",
        showarrow=True,
        arrowhead=0,
        arrowwidth=max(1.5, style.home_width / 2),
        arrowcolor=HOME,
        ax=-style.font_size * 2.5,
        ay=-style.font_size * 3,
        bgcolor=style.background,
        bordercolor=HOME,
        borderwidth=max(1, style.home_width / 2),
        borderpad=3,
        opacity=0.95,
    )


def tile_cell_of(fig: go.Figure, code: str) -> dict:
    """The values trace's entries for one region (for tests and debugging)."""
    trace = fig.data[VALUES_TRACE]
    slot = list(fig.data[BACKGROUND_TRACE].customdata).index(code)  # values may hold counts
    hovertext = trace.hovertext
    return {
        "slot": slot,
        "col": trace.x[slot],
        "row": trace.y[slot],
        "z": trace.z[slot],
        "text": trace.text[slot],
        "hovertext": None if hovertext is None else hovertext[slot],
    }
