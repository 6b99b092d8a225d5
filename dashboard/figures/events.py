"""Events and targets drawn on a time axis (years as numbers): one helper for every trend chart.

Events are vertical dotted lines at the event's date (a year plus the fraction of it gone) with a
short label above the plot. Events closer than about a tenth of the axis collapse into one marker
("Bimtek 1 +3"); neighbouring markers alternate between two label rows, so labels never overlap.
Hovering a marker's top shows every title with its date.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from dashboard.figures.theme import style_for
from dashboard.i18n import fmt_number

EVENT_COLOUR = "#7c3aed"
TARGET_COLOUR = "#0f766e"
TARGET_COLOUR_DARK = "#5eead4"  # the same role on the dark wall
MAX_LABEL = 12


def event_x(day: str) -> float:
    """An ISO date as a fractional year (2022-04-21 -> 2022.30)."""
    parsed = date.fromisoformat(day[:10])
    start = date(parsed.year, 1, 1)
    return parsed.year + (parsed - start).days / 365.25


def short_label(title: str) -> str:
    """The part before ":" or the first word, at most :data:`MAX_LABEL` characters."""
    head = title.split(":")[0].strip() if ":" in title else title.split(" ")[0]
    return head if len(head) <= MAX_LABEL else head[: MAX_LABEL - 1] + "…"


def clusters(events: Sequence[dict], span: float) -> list[list[dict]]:
    """Events (with ``x``) grouped while each is within ``span`` of its cluster's first."""
    groups: list[list[dict]] = []
    for event in sorted(events, key=lambda e: e["x"]):
        if groups and event["x"] - groups[-1][0]["x"] < span:
            groups[-1].append(event)
        else:
            groups.append([event])
    return groups


def add_events(
    fig: go.Figure,
    events: Sequence[dict],
    *,
    x_range: tuple[float, float],
    template: str = "screen",
    lang: str = "id",
    synthetic_note: str = "",
    row: int | None = None,
    col: int | None = None,
) -> go.Figure:
    """Draw ``events`` (dicts with date, title, synthetic) that fall inside ``x_range``.

    ``synthetic_note`` is appended to the hover of sample (synthetic) events.
    """
    style = style_for(template)
    low, high = x_range
    inside = [
        {**e, "x": event_x(e["date"])} for e in events if low - 0.5 <= event_x(e["date"]) <= high
    ]
    if not inside:
        return fig
    span = max(high - low, 1.0) * 0.11
    groups = clusters(inside, span)
    top_margin = round(style.font_size * 4.6)
    if fig.layout.margin.t is None or fig.layout.margin.t < top_margin:
        fig.update_layout(margin={"t": top_margin})
    # wall type (>= 24 px) stays at its legible minimum; screens and print a little smaller
    size = max(round(style.font_size * 0.8), 10) if style.font_size < 24 else style.font_size
    for i, group in enumerate(groups):
        where = {} if row is None else {"row": row, "col": col}
        for event in group:
            fig.add_vline(
                x=event["x"],
                line={"color": EVENT_COLOUR, "width": 1, "dash": "dot"},
                opacity=0.8,
                **where,
            )
        if row is not None:  # small multiples: lines only, the page lists the events
            continue
        label = short_label(group[0]["title"])
        if len(group) > 1:
            label += f" +{len(group) - 1}"
        fig.add_annotation(
            x=group[0]["x"],
            xref="x",
            y=1.0,
            yref="paper",
            yshift=round(style.font_size * (0.4 + 1.4 * (i % 2))),
            text=label,
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": size, "color": EVENT_COLOUR},
            hovertext="<br>".join(_hover(e, synthetic_note) for e in group),
            name="event",
        )
    return fig


def _hover(event: dict, synthetic_note: str) -> str:
    note = f" ({synthetic_note})" if event.get("synthetic") and synthetic_note else ""
    return f"{event['date']}: {event['title']}{note}"


def add_targets(
    fig: go.Figure,
    targets: Sequence[tuple[int, float]],
    *,
    name: str,
    decimals: int = 1,
    template: str = "screen",
    lang: str = "id",
    row: int | None = None,
    col: int | None = None,
    showlegend: bool = True,
) -> go.Figure:
    """Targets as diamonds joined by a dashed line, each labelled with its value."""
    if not targets:
        return fig
    style = style_for(template)
    colour = TARGET_COLOUR_DARK if style.dark else TARGET_COLOUR
    points = sorted(targets)
    where = {} if row is None else {"row": row, "col": col}
    fig.add_trace(
        go.Scatter(
            x=[p[0] for p in points],
            y=[round(float(p[1]), decimals) for p in points],
            name=name,
            mode="lines+markers+text",
            line={"color": colour, "dash": "dash", "width": style.line_width * 0.7},
            marker={"symbol": "diamond", "size": style.marker_size * 1.3, "color": colour},
            text=[fmt_number(p[1], lang, decimals) for p in points],
            textposition="top center",
            textfont={
                "color": colour,
                "size": max(round(style.font_size * 0.85), 24)
                if style.dark
                else round(style.font_size * 0.85),
            },
            hovertemplate=f"{name} %{{x}}: <b>%{{y}}</b><extra></extra>",
            showlegend=showlegend,
            cliponaxis=False,
        ),
        **where,
    )
    return fig
