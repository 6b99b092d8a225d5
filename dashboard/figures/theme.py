"""Named Plotly templates ("screen", "wall", "print") and the small helpers every builder shares.

Builders never style figures ad hoc: they pick a template by name and read the few constants a
template cannot carry (gap widths, the missing-data grey on a dark wall) from :func:`style_for`.
Importing this module registers the templates with ``plotly.io.templates``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.figures import colors
from dashboard.i18n import separators, t
from dashboard.labels import short_name as short_name  # re-exported: exports/briefing/charts

FONT_FAMILY = (
    "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
)
TEMPLATES = ("screen", "wall", "print")
MAX_DECIMALS = 2  # floats sent to the browser are rounded to at most this


@dataclass(frozen=True)
class Style:
    """What a template cannot express: per-theme constants the builders use directly."""

    name: str
    font_size: int
    text: str
    muted: str
    background: str
    grid: str
    missing: str
    border: str  # province borders on the tile map
    cell_gap: float  # px between tiles
    border_width: float  # province borders on the tile map
    home_width: float  # the home region's outline
    line_width: float
    marker_size: float
    dark: bool = False


STYLES: dict[str, Style] = {
    "screen": Style(
        "screen",
        13,
        "#1f2937",
        "#6b7280",
        "#ffffff",
        "#e5e7eb",
        colors.MISSING,
        "#ffffff",
        1,
        3.5,
        3,
        2.5,
        7,
    ),
    "wall": Style(
        "wall",
        28,
        "#e6edf7",
        "#9aa8bd",
        "#0b1220",
        "#243047",
        colors.MISSING_DARK,
        "#0b1220",
        2,
        6,
        6,
        6,
        16,
        dark=True,
    ),
    "print": Style(
        "print",
        14,
        "#111827",
        "#4b5563",
        "#ffffff",
        "#e5e7eb",
        colors.MISSING,
        "#ffffff",
        1,
        3.5,
        3,
        2.5,
        7,
    ),
}


def style_for(template: str) -> Style:
    """The constants of a named template; unknown names are a programming error."""
    try:
        return STYLES[template]
    except KeyError:
        raise ValueError(f"unknown template {template!r}; use one of {TEMPLATES}") from None


def _template(style: Style) -> go.layout.Template:
    size = style.font_size
    paper = "rgba(0,0,0,0)" if style.name == "screen" else style.background
    axis = {
        "gridcolor": style.grid,
        "linecolor": style.grid,
        "zerolinecolor": style.grid,
        "tickcolor": style.grid,
        "automargin": True,
        "title": {"standoff": round(size * 0.6)},
    }
    layout = {
        "font": {"family": FONT_FAMILY, "size": size, "color": style.text},
        "title": {"font": {"size": round(size * 1.25)}, "x": 0, "xanchor": "left"},
        "paper_bgcolor": paper,
        "plot_bgcolor": paper,
        "colorway": list(colors.QUALITATIVE),
        "colorscale": {"sequential": colors.SCORE_SCALE},
        "hoverlabel": {
            "font": {"family": FONT_FAMILY, "size": size, "color": style.text},
            "bgcolor": "#111827" if style.dark else "#ffffff",
            "bordercolor": style.grid,
        },
        "legend": {"bgcolor": "rgba(0,0,0,0)", "font": {"size": round(size * 0.95)}},
        "xaxis": axis,
        "yaxis": axis,
        "margin": {"l": size, "r": size, "t": round(size * 2.5), "b": size},
        "hovermode": "closest",
    }
    data = {
        "scatter": [
            go.Scatter(line={"width": style.line_width}, marker={"size": style.marker_size})
        ],
        "bar": [
            go.Bar(
                textfont={"size": round(size * 0.9)},
                marker={"line": {"width": 0}},
                # never shrink value labels to fit a thin bar: on the wall they must stay legible
                constraintext="none" if style.name == "wall" else "both",
            )
        ],
    }
    return go.layout.Template(layout=layout, data=data)


for _name in TEMPLATES:
    pio.templates[_name] = _template(STYLES[_name])


def base_layout(*, lang: str, template: str, **extra: object) -> dict:
    """Layout keys every figure gets: the named template and the language's number separators."""
    style_for(template)
    return {"template": template, "separators": separators(lang), **extra}


def empty_figure(
    message: str | None = None, *, lang: str = "id", template: str = "screen"
) -> go.Figure:
    """A figure that says there is nothing to show (instead of an empty frame or an error)."""
    return go.Figure(**empty_figure_dict(message, lang=lang, template=template))


def empty_figure_dict(
    message: str | None = None, *, lang: str = "id", template: str = "screen"
) -> dict:
    """:func:`empty_figure` as a plain ``{"data", "layout"}`` dict (see :func:`plain_figure`)."""
    style = style_for(template)
    note = {
        "text": message if message is not None else t("figures.no_data", lang),
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "font": {"size": round(style.font_size * 1.2), "color": style.muted},
    }
    layout = base_layout(
        lang=lang,
        template=template,
        annotations=[note],
        xaxis={"visible": False},
        yaxis={"visible": False},
    )
    return {"data": [], "layout": layout}


def plain_figure(figure: dict) -> dict:
    """A builder's ``{"data", "layout"}`` dict as the figure plotly.js gets, without plotly.py.

    Builders that run on every filter change (ranking, distribution) describe their figure as
    plain dicts with the template named; ``go.Figure`` of that dict (exports, tests) validates it
    and copies the template in, which costs several times the building itself. This copies in the
    template's JSON (computed once per template) and nothing else: the same figure, unvalidated.
    """
    # plotly.py leaves out empty arrays of layout items (shapes=[], annotations=[])
    layout = {k: v for k, v in figure["layout"].items() if not (isinstance(v, list) and not v)}
    name = layout.get("template")
    if isinstance(name, str):
        layout["template"] = _template_json(name)
    return {"data": figure["data"], "layout": layout}


_TEMPLATE_JSON: dict[str, dict] = {}


def _template_json(name: str) -> dict:
    if name not in _TEMPLATE_JSON:
        style_for(name)
        _TEMPLATE_JSON[name] = pio.templates[name].to_plotly_json()
    return _TEMPLATE_JSON[name]


def is_missing(value: object) -> bool:
    """None, NaN and pandas' NA all mean "no value"."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def round_list(values: Iterable[object], decimals: int = MAX_DECIMALS) -> list[float | int | None]:
    """Plain JSON-ready numbers: rounded, whole numbers as ints, missing values as None."""
    places = max(0, min(decimals, MAX_DECIMALS))
    items = list(values)
    try:
        numbers = np.asarray(items, dtype=float)  # None -> NaN
    except (TypeError, ValueError):  # pandas NA, strings: one at a time
        numbers = np.array([np.nan if is_missing(v) else float(v) for v in items], dtype=float)
    out: list[float | int | None] = []
    for number in np.round(numbers, places).tolist():
        if number != number:  # NaN
            out.append(None)
        else:
            out.append(int(number) if number.is_integer() else number)
    return out


def with_unit(value_text: str, unit: str) -> str:
    """'45,3 %' reads wrong in Indonesian and English alike: the percent sign sticks to the number."""
    if not unit:
        return value_text
    return f"{value_text}{unit}" if unit == "%" else f"{value_text} {unit}"


def d3_format(decimals: int) -> str:
    """A d3 number format with thousands grouping; the separators come from the layout."""
    return f",.{max(0, decimals)}f"
