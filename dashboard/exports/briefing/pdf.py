"""Write deck slides (see :mod:`dashboard.exports.briefing.deck`) as landscape 16:9 PDF pages with reportlab.

The same display list as the PPTX, drawn as vector text and shapes with the chart pictures
embedded. Fonts are embedded TrueType faces that cover Indonesian and the typographic signs the
deck uses (− – · “ ” ≥): Liberation Sans (metric twin of the PPTX's Arial) when the system has it,
else DejaVu Sans, else the Bitstream Vera that ships inside reportlab, so a PDF can always be made.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from pathlib import Path

import reportlab
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from dashboard import APP_NAME
from dashboard.data.store.datasets import SYNTHETIC
from dashboard.exports.briefing.facts import Briefing
from dashboard.exports.briefing.layout import (
    INK,
    LEADING,
    MUTED,
    PANEL,
    SLIDE_H,
    SLIDE_W,
    WHITE,
    Box,
    Line,
    Para,
    Picture,
    Rect,
    Slide,
    Table,
    Text,
    wrap,
)

PT = 72.0  # points per inch
_REPORTLAB_FONTS = Path(reportlab.__file__).parent / "fonts"
FONT_CANDIDATES = (
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (str(_REPORTLAB_FONTS / "Vera.ttf"), str(_REPORTLAB_FONTS / "VeraBd.ttf")),
)
REGULAR, BOLD = "KCDeck", "KCDeck-Bold"
_FONT_LOCK = threading.Lock()


def register_fonts() -> tuple[str, str]:
    """Register the first available regular/bold pair once per process (idempotent)."""
    with _FONT_LOCK:
        if REGULAR not in pdfmetrics.getRegisteredFontNames():
            for regular, bold in FONT_CANDIDATES:
                if Path(regular).is_file() and Path(bold).is_file():
                    pdfmetrics.registerFont(TTFont(REGULAR, regular))
                    pdfmetrics.registerFont(TTFont(BOLD, bold))
                    break
    return REGULAR, BOLD


def _font(bold: bool) -> str:
    return BOLD if bold else REGULAR


def measure(text: str, size: float, bold: bool = False) -> float:
    return pdfmetrics.stringWidth(text, _font(bold), size)


def _hex(colour: str) -> str:
    return colour if colour.startswith("#") else f"#{colour}"


def write_pdf(slides: Sequence[Slide], b: Briefing) -> bytes:
    """The deck as PDF bytes: one landscape 16:9 page per slide, with an outline."""
    register_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(SLIDE_W * PT, SLIDE_H * PT), pageCompression=1)
    pdf.setTitle(slides[0].title if slides else "")
    pdf.setAuthor(APP_NAME)
    pdf.setSubject(f"{b.region.code} {b.region.name} {b.period}")
    pdf.setKeywords(SYNTHETIC if b.synthetic else "")
    pdf.setCreator(APP_NAME)
    for number, slide in enumerate(slides, start=1):
        key = f"slide{number}"
        pdf.bookmarkPage(key)
        pdf.addOutlineEntry(f"{number}. {slide.title}", key, level=0)
        for op in slide.ops:
            _draw(pdf, op)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _y(top_in: float) -> float:
    """PDF y (points from the bottom) of a distance in inches from the top."""
    return (SLIDE_H - top_in) * PT


def _draw(pdf: canvas.Canvas, op) -> None:
    if isinstance(op, Rect):
        box = op.box
        pdf.setFillColor(_hex(op.fill))
        args = (box.x * PT, _y(box.y + box.h), box.w * PT, box.h * PT)
        if op.radius:
            pdf.roundRect(*args, op.radius * PT, stroke=0, fill=1)
        else:
            pdf.rect(*args, stroke=0, fill=1)
    elif isinstance(op, Line):
        pdf.setStrokeColor(_hex(op.color))
        pdf.setLineWidth(op.width)
        pdf.line(op.x1 * PT, _y(op.y1), op.x2 * PT, _y(op.y2))
    elif isinstance(op, Text):
        _text(pdf, op.box, op.paras, op.anchor)
    elif isinstance(op, Picture):
        box = op.box
        pdf.drawImage(
            ImageReader(io.BytesIO(op.png)),
            box.x * PT,
            _y(box.y + box.h),
            box.w * PT,
            box.h * PT,
            mask="auto",
        )
    elif isinstance(op, Table):
        _table(pdf, op)


def _layout(paras: Sequence[Para], width_pt: float) -> list[tuple[Para, list[str]]]:
    return [(p, wrap(p.text, p.size, width_pt, bold=p.bold, measure=measure)) for p in paras]


def _height(laid: list[tuple[Para, list[str]]]) -> float:
    return sum(len(lines) * p.size * LEADING + p.space_after for p, lines in laid)


def _text(pdf: canvas.Canvas, box: Box, paras: Sequence[Para], anchor: str) -> None:
    width = box.w * PT
    laid = _layout(paras, width)
    scale = 1.0
    # This font may be wider than the layout's Arial metrics: shrink rather than overflow.
    while _height(laid) > box.h * PT * 1.02 and scale > 0.75:
        scale -= 0.04
        laid = _layout([_scaled(p, scale) for p in paras], width)
    top = _y(box.y)
    if anchor == "middle":
        top -= max(0.0, (box.h * PT - _height(laid)) / 2)
    for para, lines in laid:
        pdf.setFillColor(_hex(para.color))
        pdf.setFont(_font(para.bold), para.size)
        for line in lines:
            # baseline about 0.8 of the size below the line top, as PowerPoint places it
            baseline = top - para.size * (LEADING - 1) / 2 - para.size * 0.82
            _line(pdf, line, box, para.align, baseline)
            top -= para.size * LEADING
        top -= para.space_after


def _scaled(p: Para, scale: float) -> Para:
    return Para(p.text, p.size * scale, p.bold, p.color, p.align, p.space_after * scale)


def _line(pdf: canvas.Canvas, text: str, box: Box, align: str, baseline: float) -> None:
    if align == "center":
        pdf.drawCentredString((box.x + box.w / 2) * PT, baseline, text)
    elif align == "right":
        pdf.drawRightString((box.x + box.w) * PT, baseline, text)
    else:
        pdf.drawString(box.x * PT, baseline, text)


def _fit_cell(text: str, size: float, bold: bool, width_pt: float) -> str:
    """The cell text, cut with an ellipsis if it would run into the next column."""
    if measure(text, size, bold) <= width_pt:
        return text
    while text and measure(text + "…", size, bold) > width_pt:
        text = text[:-1]
    return text.rstrip() + "…"


def _table(pdf: canvas.Canvas, op: Table) -> None:
    box = op.box
    n_rows = len(op.rows) + 1
    row_h = box.h / n_rows
    pad = 0.05
    rows = [(op.header, "header"), *zip(op.rows, op.kinds, strict=True)]
    for r, (cells, kind) in enumerate(rows):
        y = box.y + r * row_h
        fill = INK if kind == "header" else (PANEL if kind == "group" else WHITE)
        pdf.setFillColor(_hex(fill))
        pdf.rect(box.x * PT, _y(y + row_h), box.w * PT, row_h * PT, stroke=0, fill=1)
        pdf.setStrokeColor(_hex("#e5e7eb"))
        pdf.setLineWidth(0.5)
        pdf.line(box.x * PT, _y(y + row_h), (box.x + box.w) * PT, _y(y + row_h))
        baseline = _y(y + row_h / 2) - op.size * 0.35
        bold = kind in ("header", "group")
        pdf.setFont(_font(bold), op.size)
        if kind == "group":
            pdf.setFillColor(_hex(INK))
            text = _fit_cell(cells[0], op.size, True, (box.w - 2 * pad) * PT)
            pdf.drawString((box.x + pad) * PT, baseline, text)
            continue
        x = box.x
        for c, (text, width, align) in enumerate(zip(cells, op.widths, op.aligns, strict=True)):
            colour = WHITE if kind == "header" else (MUTED if c >= 3 else INK)
            pdf.setFillColor(_hex(colour))
            cell = Box(x + pad, y, width - 2 * pad, row_h)
            _line(pdf, _fit_cell(text, op.size, bold, cell.w * PT), cell, align, baseline)
            x += width
