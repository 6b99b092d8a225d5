"""The deck's page and display list: boxes, paragraphs, shapes, pictures and tables in inches.

Slides are composed (:mod:`dashboard.exports.briefing.slides`) into a short list of drawing
operations on a 13.333 x 7.5 inch (16:9) page; the PPTX and PDF writers only execute that list,
so the two formats always carry the same slides, texts and numbers. Text is measured with
Helvetica metrics (Arial's twin) so both formats wrap alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
MARGIN = 0.6
CHART_BOX = (MARGIN, 1.9, SLIDE_W - 2 * MARGIN, 4.85)
# Palette: the app's colours (figures/colors.py, assets/20-app.css).
INK = "#111827"
MUTED = "#4b5563"
FAINT = "#6b7280"
RULE = "#e5e7eb"
PANEL = "#f4f6f8"
NAVY = "#1f3a5f"
ACCENT = "#c2410c"  # home-region accent, AA on white
BADGE_FILL = "#fde68a"
BADGE_INK = "#78350f"
WHITE = "#ffffff"


@dataclass(frozen=True)
class Box:
    """A rectangle in inches from the slide's top-left corner."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Para:
    text: str
    size: float  # points
    bold: bool = False
    color: str = INK
    align: str = "left"  # left | center | right
    space_after: float = 0.0  # points


@dataclass(frozen=True)
class Rect:
    box: Box
    fill: str
    radius: float = 0.0  # inches


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str = RULE
    width: float = 0.75  # points


@dataclass(frozen=True)
class Text:
    box: Box
    paras: tuple[Para, ...]
    anchor: str = "top"  # top | middle


@dataclass(frozen=True)
class Picture:
    box: Box
    png: bytes
    alt: str = ""


@dataclass(frozen=True)
class Table:
    box: Box
    header: tuple[str, ...]
    widths: tuple[float, ...]  # inches, sum = box.w
    aligns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kinds: tuple[str, ...]  # per row: "group" (a section heading spanning the row) or "row"
    size: float = 9.5


Op = Rect | Line | Text | Picture | Table


@dataclass(frozen=True)
class Slide:
    kind: str  # title | summary | chart | table | sources
    title: str
    ops: tuple[Op, ...]
    notes: str = ""
    key: str = ""  # chart key for chart slides


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points with Helvetica metrics (= Arial, the deck's font in PPTX)."""
    return stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", size)


def wrap(text: str, size: float, width_pt: float, *, bold: bool = False, measure=text_width):
    """Greedy word wrap into lines no wider than ``width_pt`` (a long word gets its own line)."""
    lines: list[str] = []
    for part in text.split("\n"):
        current = ""
        for word in part.split(" "):
            trial = f"{current} {word}" if current else word
            if current and measure(trial, size, bold) > width_pt:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return lines


LEADING = 1.2  # line height / font size, in both formats


def paras_height(paras: Sequence[Para], width_in: float, measure=text_width) -> float:
    """Height in inches the paragraphs need at their sizes in a box ``width_in`` wide."""
    total = 0.0
    for para in paras:
        lines = wrap(para.text, para.size, width_in * 72, bold=para.bold, measure=measure)
        total += len(lines) * para.size * LEADING + para.space_after
    return total / 72


def fit(paras: Sequence[Para], box: Box, *, floor: float = 0.7) -> tuple[Para, ...]:
    """The paragraphs, shrunk in small steps (to ``floor`` of their size) until they fit ``box``."""
    scale = 1.0
    # 4% slack: PowerPoint and LibreOffice wrap a little differently from these metrics
    while scale > floor and paras_height(_scaled(paras, scale), box.w * 0.96) > box.h:
        scale -= 0.04
    return _scaled(paras, scale)


def _scaled(paras: Sequence[Para], scale: float) -> tuple[Para, ...]:
    if scale == 1.0:
        return tuple(paras)
    return tuple(
        Para(p.text, round(p.size * scale, 1), p.bold, p.color, p.align, p.space_after * scale)
        for p in paras
    )
