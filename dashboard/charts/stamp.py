"""Frame a page's figure for export: a title above, the provenance footer below, in the figure.

An exported image has no page around it, so the title (measure, period, filters) and the
provenance (:meth:`Provenance.footer_lines`) are drawn into the figure itself, where they survive
every copy into a slide or an e-mail. The figure is laid out on a 1280x720 CSS-pixel stage and
rendered at scale 1.5, so a PNG is 1920x1080 with type that stays legible on a projected slide
(``scale=2`` doubles that for print: 3840x2160).

Plotly can place only the title relative to the whole image; annotations are relative to the plot
area, which axis labels may push around. So the header is the title (container coordinates) and
the footer is one annotation anchored at the plot's right edge with a fixed pixel width, which
lands it at the left margin however wide the axis labels on the left turn out to be.
"""

from __future__ import annotations

import html
import re
import textwrap

import plotly.graph_objects as go

from dashboard.charts.maps import trace_geometry
from dashboard.charts.provenance import ChartExport, Provenance, synthetic_label
from dashboard.figures.theme import style_for

STAGE_WIDTH = 1280  # CSS pixels; PNG pixels = stage x scale
STAGE_HEIGHT = 720
PNG_SCALE = 1.5  # 1920x1080
PRINT_SCALE = 3.0  # "2x": 3840x2160
EDGE = 28  # px between the image edge and the title or footer
TITLE_SIZE = 24
SUBTITLE_SIZE = 15
FOOTER_SIZE = 12
LINE = 1.35  # line height as a multiple of the font size
CHAR_WIDTH = 0.6  # average glyph width as a share of the font size (generous for Arial/Inter)
BADGE_WIDTH = 250  # px the synthetic-data badge takes beside the title
GAP = 10  # px between the chart's own labels and the footer
AMBER_TEXT = "#92400e"  # amber-800: the synthetic-data warning, legible on white
AMBER_FILL = "#fcd34d"  # amber-300: the badge behind "Data contoh (sintetis)"
AMBER_EDGE = "#d97706"


def framed(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    provenance: Provenance,
    lang: str,
    width: int = STAGE_WIDTH,
    height: int = STAGE_HEIGHT,
    template: str = "print",
) -> go.Figure:
    """A copy of ``fig`` sized ``width`` x ``height`` with title, subtitle and provenance footer.

    ``fig`` is never changed: page figures are cached and shared between requests.
    """
    style = style_for(template)
    out = go.Figure(fig)
    margin = out.layout.margin
    own_t = _px(margin.t, style.font_size * 2)
    own_b = _bottom_extent(out, style.font_size) + GAP
    right = max(_px(margin.r, style.font_size), EDGE)
    lines = _wrapped(provenance.footer_lines(lang), width - 2 * EDGE)
    footer_h = round(len(lines) * FOOTER_SIZE * LINE) + 6
    header_h = EDGE + round((TITLE_SIZE + SUBTITLE_SIZE) * LINE) + 14
    out.update_layout(
        width=width,
        height=height,
        autosize=False,
        paper_bgcolor=style.background,
        plot_bgcolor=style.background,
        margin={
            "l": max(_px(margin.l, 4), EDGE + _left_extent(out, style.font_size)),
            "r": right,
            "t": header_h + own_t,
            "b": own_b + footer_h + EDGE - 8,
            "autoexpand": True,
        },
        title=_title(
            title, subtitle, style, width=width, height=height, badge=provenance.synthetic
        ),
    )
    out.add_annotation(
        text=_footer_html(lines, provenance.synthetic),
        xref="paper",
        yref="paper",
        x=1,
        y=0,
        xanchor="right",
        yanchor="top",
        xshift=right - EDGE,
        yshift=-own_b,
        width=width - 2 * EDGE,
        align="left",
        showarrow=False,
        font={"size": FOOTER_SIZE, "color": style.muted},
    )
    if provenance.synthetic:
        out.add_annotation(_synthetic_badge(lang, xshift=right - EDGE, yshift=header_h + own_t))
    return out


def _title(title: str, subtitle: str, style, *, width: int, height: int, badge: bool) -> dict:
    """Title and subtitle at the top left, shrunk to leave room for the synthetic badge."""
    room = width - 2 * EDGE - (BADGE_WIDTH if badge else 0)
    title_size = min(TITLE_SIZE, max(16, int(room / (CHAR_WIDTH * max(len(title), 1)))))
    return {
        "text": f"<b>{html.escape(title, quote=False)}</b>",
        "subtitle": {
            "text": html.escape(subtitle, quote=False),
            "font": {"size": SUBTITLE_SIZE, "color": style.muted},
        },
        "x": EDGE / width,
        "xref": "container",
        "xanchor": "left",
        "y": 1 - (EDGE - 4) / height,
        "yref": "container",
        "yanchor": "top",
        "font": {"size": title_size, "color": style.text},
        "automargin": False,
    }


def _synthetic_badge(lang: str, *, xshift: float, yshift: float) -> dict:
    """The amber "Data contoh (sintetis)" badge at the top right, level with the title."""
    return {
        "text": f"<b>⚠ {html.escape(synthetic_label(lang), quote=False)}</b>",
        "xref": "paper",
        "yref": "paper",
        "x": 1,
        "y": 1,
        "xanchor": "right",
        "yanchor": "top",
        "xshift": xshift,
        "yshift": yshift - EDGE + 4,
        "showarrow": False,
        "bgcolor": AMBER_FILL,
        "bordercolor": AMBER_EDGE,
        "borderwidth": 1,
        "borderpad": 5,
        "font": {"size": SUBTITLE_SIZE, "color": "#111827"},
    }


def framed_figure(export: ChartExport) -> go.Figure:
    """The figure as it is exported: title, chart and provenance footer on the print stage.

    A geographic map's boundaries are not in it: see :func:`figure_spec`.
    """
    return framed(
        export.figure,
        title=export.title,
        subtitle=export.subtitle,
        provenance=export.provenance,
        lang=export.lang,
    )


def figure_spec(export: ChartExport) -> dict:
    """The framed figure as the plain dict the browser draws, boundaries included."""
    spec = framed_figure(export).to_plotly_json()
    if export.geometry is not None:
        for index, geojson in trace_geometry(export.figure, export.geometry):
            spec["data"][index]["geojson"] = geojson
    return spec


def _px(value: object, default: float) -> int:
    return round(float(value)) if value is not None else round(default)


def _left_extent(fig: go.Figure, font_size: int) -> int:
    """Pixels the y-axis labels and title need left of the plot (estimated from their text).

    Given as the left margin, plotly's automargin has nothing to push, so the labels keep the
    same distance from the image edge as the title and the footer.
    """
    widest = 0
    for axis in fig.select_yaxes():
        if axis.visible is False:
            continue
        need = 0
        if axis.showticklabels is not False:
            texts = [_plain(str(x)) for x in axis.ticktext] if axis.ticktext else ["00000"]
            need += round(max(len(x) for x in texts) * font_size * CHAR_WIDTH) + 8
        if axis.title and axis.title.text:
            need += round(font_size * 2.2)
        widest = max(widest, need)
    return widest


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def _wrapped(lines: list[str], width: int) -> list[str]:
    """Footer lines broken where they would run off the image."""
    limit = max(40, int(width / (FOOTER_SIZE * CHAR_WIDTH * 0.95)))
    out: list[str] = []
    for line in lines:
        out += textwrap.wrap(line, limit, break_on_hyphens=False) or [""]
    return out


def _bottom_extent(fig: go.Figure, font_size: int) -> int:
    """Pixels under the plot area taken by the figure's own axis labels, legend or colour bar."""
    own = _px(fig.layout.margin.b, font_size)
    xaxis = fig.layout.xaxis
    if xaxis.visible is False:
        return own
    title = xaxis.title.text if xaxis.title else None
    return max(own, round(font_size * (4.2 if title else 2.4)))


def _footer_html(lines: list[str], synthetic: bool) -> str:
    """Provenance lines; the synthetic-data note (first, when present) in bold amber."""
    out = []
    for i, line in enumerate(lines):
        text = html.escape(line, quote=False)
        if synthetic and i == 0:
            text = f"<span style='color:{AMBER_TEXT}'><b>{text}</b></span>"
        out.append(text)
    return "<br>".join(out)
