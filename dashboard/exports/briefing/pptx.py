"""Write deck slides (see :mod:`dashboard.exports.briefing.deck`) as a 16:9 PowerPoint file with python-pptx.

Officials edit decks before a meeting, so text stays text (native text boxes and a native table),
charts are pictures with alt text, and every slide carries speaker notes with the finding and
its provenance. The font is Arial: present on every Windows and Mac, metric-compatible with
Liberation Sans elsewhere, so lines break where the layout expects.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

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
    Line,
    Para,
    Picture,
    Rect,
    Slide,
    Table,
    Text,
)

FONT = "Arial"
BLANK_LAYOUT = 6
_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE}


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def write_pptx(slides: Sequence[Slide], b: Briefing) -> bytes:
    """The deck as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    props = prs.core_properties
    props.title = slides[0].title if slides else ""
    props.author = APP_NAME
    props.subject = f"{b.region.code} {b.region.name} {b.period}"
    props.keywords = SYNTHETIC if b.synthetic else ""
    props.language = "id-ID" if b.lang == "id" else "en-GB"
    props.comments = f"dataset {b.dataset_version}; framework {b.framework_version}"
    for slide in slides:
        page = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
        for op in slide.ops:
            _draw(page, op)
        if slide.notes:
            page.notes_slide.notes_text_frame.text = slide.notes
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _draw(page, op) -> None:
    if isinstance(op, Rect):
        _rect(page, op)
    elif isinstance(op, Line):
        connector = page.shapes.add_connector(
            1, Inches(op.x1), Inches(op.y1), Inches(op.x2), Inches(op.y2)
        )
        connector.line.color.rgb = _rgb(op.color)
        connector.line.width = Pt(op.width)
        _plain(connector)
    elif isinstance(op, Text):
        _text(page, op)
    elif isinstance(op, Picture):
        box = op.box
        pic = page.shapes.add_picture(
            io.BytesIO(op.png), Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h)
        )
        pic._element.nvPicPr.cNvPr.set("descr", op.alt)
    elif isinstance(op, Table):
        _table(page, op)


def _rect(page, op: Rect) -> None:
    box = op.box
    kind = MSO_SHAPE.ROUNDED_RECTANGLE if op.radius else MSO_SHAPE.RECTANGLE
    shape = page.shapes.add_shape(kind, Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h))
    if op.radius:
        shape.adjustments[0] = min(0.5, op.radius / min(box.w, box.h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(op.fill)
    shape.line.fill.background()
    _plain(shape)


def _plain(shape) -> None:
    """Drop the theme style (shadow, theme colours): the deck sets fill and line itself."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _frame(tf, *, anchor: str = "top", margin: float = 0.0) -> None:
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = _ANCHOR[anchor]
    tf.margin_left = tf.margin_right = Inches(margin)
    tf.margin_top = tf.margin_bottom = Inches(0)


def _para(paragraph, para: Para) -> None:
    paragraph.alignment = _ALIGN[para.align]
    paragraph.line_spacing = LEADING / 1.2  # PowerPoint's single spacing is 1.2 x the size
    paragraph.space_after = Pt(para.space_after)
    run = paragraph.add_run()
    run.text = para.text
    font = run.font
    font.name = FONT
    font.size = Pt(para.size)
    font.bold = para.bold
    font.color.rgb = _rgb(para.color)


def _text(page, op: Text) -> None:
    box = op.box
    shape = page.shapes.add_textbox(Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h))
    tf = shape.text_frame
    _frame(tf, anchor=op.anchor)
    for i, para in enumerate(op.paras):
        _para(tf.paragraphs[0] if i == 0 else tf.add_paragraph(), para)


def _table(page, op: Table) -> None:
    box = op.box
    n_rows = len(op.rows) + 1
    shape = page.shapes.add_table(
        n_rows, len(op.header), Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h)
    )
    table = shape.table
    table.first_row = True
    table.horz_banding = False
    for i, width in enumerate(op.widths):
        table.columns[i].width = Inches(width)
    row_height = Emu(int(Inches(box.h) / n_rows))
    for row in table.rows:
        row.height = row_height
    _table_row(table, 0, op.header, op.aligns, fill=INK, color=WHITE, size=op.size, bold=True)
    for r, (cells, kind) in enumerate(zip(op.rows, op.kinds, strict=True), start=1):
        if kind == "group":
            table.cell(r, 0).merge(table.cell(r, len(op.header) - 1))
            _cell(
                table.cell(r, 0), cells[0], "left", fill=PANEL, color=INK, size=op.size, bold=True
            )
        else:
            _table_row(table, r, cells, op.aligns, fill=WHITE, color=INK, size=op.size, bold=False)


def _table_row(table, r: int, cells, aligns, *, fill: str, color: str, size: float, bold: bool):
    for c, (text, align) in enumerate(zip(cells, aligns, strict=True)):
        tone = MUTED if (not bold and c >= 3) else color
        _cell(table.cell(r, c), text, align, fill=fill, color=tone, size=size, bold=bold)


def _cell(cell, text: str, align: str, *, fill: str, color: str, size: float, bold: bool) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = _rgb(fill)
    cell.margin_left = cell.margin_right = Inches(0.05)
    cell.margin_top = cell.margin_bottom = Inches(0)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    tf = cell.text_frame
    tf.word_wrap = False
    _para(tf.paragraphs[0], Para(text, size, bold, color, align))
