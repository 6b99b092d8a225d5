"""A region briefing deck: the slides, laid out once, drawn as PPTX or PDF.

Slides are composed here into a short display list of drawing operations (rectangles, lines, text
boxes, pictures, tables) on a 13.333 x 7.5 inch (16:9) page. ``deck_pptx`` and ``deck_pdf`` only
execute that list, so the two formats always carry the same slides, texts and numbers. Charts are
rendered once per deck as 2x PNG with the ``print`` template by the warm Chromium.

Every build uses its own objects (no module-level mutable state), so concurrent exports in threads
or workers cannot see each other's slides; the shared browser serialises rendering behind a lock.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from reportlab.pdfbase.pdfmetrics import stringWidth

from dashboard.charts.provenance import SYNTHETIC_LABEL, Provenance
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.regions import short_name
from dashboard.exports import render
from dashboard.exports.briefing.content import (
    CHART_KEYS,
    Briefing,
    build_briefing,
    findings,
    key_findings,
    num,
    ordinal,
    publisher,
    resolve_period,
    resolve_region,
)
from dashboard.i18n import fmt_date, fmt_number, fmt_signed, normalise_lang, t

FORMATS = ("pptx", "pdf")
MEDIA_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
MARGIN = 0.6
CHART_BOX = (MARGIN, 1.9, SLIDE_W - 2 * MARGIN, 4.85)
CHART_CSS_WIDTH = 900  # CSS px of a chart image; 14 px type then prints at about 14 pt
CHART_SCALE = 2
# The deck's typeface in the charts too (Liberation Sans is Arial's metric twin on Linux).
CHART_FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
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
ProgressFn = Callable[[str, int, int], None]  # (stage just finished, steps done, steps in all)


# ---------------------------------------------------------------------------- display list
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


@dataclass(frozen=True)
class Deck:
    """A finished deck: its bytes and what a download needs to know about it."""

    content: bytes
    filename: str
    media_type: str
    slides: tuple[Slide, ...] = field(repr=False)
    briefing: Briefing = field(repr=False)
    seconds: float = 0.0


# ---------------------------------------------------------------------------- text metrics
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


# ---------------------------------------------------------------------------- building
def deck_filename(b: Briefing, fmt: str) -> str:
    """'paparan_32.16_kab-bekasi_2024.pptx': only [a-z0-9._-], safe in any header or file system."""
    slug = re.sub(r"[^a-z0-9]+", "-", short_name(b.region.name).lower()).strip("-")
    prefix = t("briefing.file_prefix", b.lang)
    name = f"{prefix}_{b.region.code}_{slug}_{b.period}.{fmt}"
    return re.sub(r"[^a-z0-9._-]", "", name)


def build_deck(
    snap: Snapshot,
    region: object,
    period: object,
    *,
    fmt: str = "pptx",
    lang: str = "id",
    progress: ProgressFn | None = None,
    renderer: Callable[..., bytes] | None = None,
) -> Deck:
    """Resolve the region and year, compute the facts, render the charts and write the deck.

    Raises DataError for an unknown region or year, ValueError for an unknown format and
    :class:`~dashboard.exports.render.RenderUnavailable` when no Chromium can draw the charts.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown deck format {fmt!r}; use one of {FORMATS}")
    started = time.perf_counter()
    lang = normalise_lang(lang)
    step = _stepper(progress, total=len(CHART_KEYS) + 2)
    code = resolve_region(snap, region)
    year = resolve_period(snap, period)
    b = build_briefing(snap, code, year, lang=lang)
    step("data")
    images = render_charts(snap, b, renderer=renderer, step=step)
    slides = compose(b, images)
    content = write(slides, fmt, b)
    step("write")
    return Deck(
        content=content,
        filename=deck_filename(b, fmt),
        media_type=MEDIA_TYPES[fmt],
        slides=tuple(slides),
        briefing=b,
        seconds=time.perf_counter() - started,
    )


def _stepper(progress: ProgressFn | None, *, total: int) -> Callable[[str], None]:
    done = [0]

    def step(stage: str) -> None:
        done[0] += 1
        if progress is not None:
            progress(stage, done[0], total)

    return step


def render_charts(
    snap: Snapshot,
    b: Briefing,
    *,
    renderer: Callable[..., bytes] | None = None,
    step: Callable[[str], None] = lambda stage: None,
) -> dict[str, bytes]:
    """PNG bytes of every chart at the size of the slide's picture box (2x pixels)."""
    from dashboard.exports.briefing.charts import chart_figures

    draw = renderer or render.to_image
    width = CHART_CSS_WIDTH
    height = round(width * CHART_BOX[3] / CHART_BOX[2])
    images = {}
    for key, fig in chart_figures(snap, b).items():
        fig.update_layout(width=width, height=height, font_family=CHART_FONT)
        images[key] = draw(fig, "png", width=width, height=height, scale=CHART_SCALE)
        step("chart")
    return images


def write(slides: Sequence[Slide], fmt: str, b: Briefing) -> bytes:
    if fmt == "pptx":
        from dashboard.exports.briefing.pptx import write_pptx

        return write_pptx(slides, b)
    from dashboard.exports.briefing.pdf import write_pdf

    return write_pdf(slides, b)


# ---------------------------------------------------------------------------- composition
def compose(b: Briefing, images: dict[str, bytes]) -> list[Slide]:
    """Every slide of the deck in order: title, summary, one per chart, table, sources."""
    texts = findings(b)
    slides = [_title_slide(b), _summary_slide(b)]
    slides += [_chart_slide(b, key, texts[key], images[key]) for key in CHART_KEYS]
    slides += [_table_slide(b), _sources_slide(b)]
    total = len(slides)
    return [_with_page(slide, b, i + 1, total) for i, slide in enumerate(slides)]


def _s(key: str, b: Briefing, **params: object) -> str:
    return t(f"briefing.slide.{key}", b.lang, **params)


def _scored_sources(b: Briefing, items=None) -> tuple[str, ...]:
    """Publishers behind the values of a slide for its footer, and the synthetic mark."""
    items = b.indicators if items is None else items
    present = [i for i in items if i.value is not None and not i.synthetic]
    real = sorted({publisher(i.source) for i in present if not i.source.startswith("Turunan")})
    synthetic = any(i.synthetic for i in items if i.value is not None)
    return (*real, *([_s("synthetic_source", b)] if synthetic else []))


def _provenance(b: Briefing, title: str, *, sources: tuple[str, ...], synthetic: bool, year: str):
    return Provenance(
        title=title,
        measure=b.region.name,
        unit="",
        period=str(b.period),
        sources=sources,
        data_year=year,
        dataset_version=b.dataset_version,
        code_vintage=b.code_vintage,
        synthetic=synthetic,
        generated_at=b.generated_at,
    )


def _chrome(b: Briefing, kicker: str, title: str, *, synthetic: bool) -> list[Op]:
    """Top rule, kicker, the synthetic badge and the headline (a finding) of a content slide."""
    ops: list[Op] = [
        Rect(Box(0, 0, SLIDE_W, 0.1), NAVY),
        Text(Box(MARGIN, 0.42, 9.0, 0.3), (Para(kicker.upper(), 11, True, ACCENT),)),
    ]
    if synthetic:
        ops += _badge(b, Box(SLIDE_W - MARGIN - 2.6, 0.36, 2.6, 0.38))
    box = Box(MARGIN, 0.8, SLIDE_W - 2 * MARGIN, 1.0)
    ops.append(Text(box, fit([Para(title, 24, True, INK)], box, floor=0.72)))
    return ops


def _badge(b: Briefing, box: Box) -> list[Op]:
    return [
        Rect(box, BADGE_FILL, radius=0.08),
        Text(box, (Para(SYNTHETIC_LABEL[b.lang], 12, True, BADGE_INK, "center"),), "middle"),
    ]


def _footer(lines: Sequence[str], page: str) -> list[Op]:
    y = SLIDE_H - 0.58
    return [
        Line(MARGIN, y, SLIDE_W - MARGIN, y),
        Text(
            Box(MARGIN, y + 0.07, SLIDE_W - 2 * MARGIN - 1.0, 0.42),
            fit([Para(line, 8, False, FAINT) for line in lines], Box(0, 0, 11.1, 0.42)),
        ),
        Text(
            Box(SLIDE_W - MARGIN - 0.9, y + 0.07, 0.9, 0.3), (Para(page, 9, True, MUTED, "right"),)
        ),
    ]


@dataclass(frozen=True)
class _Draft:
    """A slide before its footer: the footer needs the page count."""

    kind: str
    title: str
    ops: tuple[Op, ...]
    provenance: Provenance
    key: str = ""


def _with_page(draft: _Draft, b: Briefing, page: int, total: int) -> Slide:
    lines = draft.provenance.footer_lines(b.lang)
    if draft.provenance.synthetic:
        lines = lines[1:]  # the badge and "data contoh (sintetis)" among the sources say it
    if draft.kind == "title":
        lines = lines[-1:]
    number = _s("page", b, page=page, total=total)
    notes = "\n".join(
        [draft.title, "", *(f"{label}: {value}" for label, value in draft.provenance.rows(b.lang))]
    )
    return Slide(
        kind=draft.kind,
        title=draft.title,
        ops=(*draft.ops, *_footer(lines, number)),
        notes=notes,
        key=draft.key,
    )


# ---------------------------------------------------------------------------- title
def _title_slide(b: Briefing) -> _Draft:
    r = b.region
    left = 1.0
    width = SLIDE_W - left - MARGIN
    ops: list[Op] = [
        Rect(Box(0, 0, 0.35, SLIDE_H), NAVY),
        Rect(Box(0.35, 0, 0.06, SLIDE_H), ACCENT),
        Text(Box(left, 1.45, width, 0.4), (Para(_s("title_kicker", b).upper(), 14, True, ACCENT),)),
    ]
    name_box = Box(left, 1.9, width, 1.25)
    ops.append(Text(name_box, fit([Para(r.name, 44, True, NAVY)], name_box)))
    subtitle = _s(
        "title_subtitle",
        b,
        type=_s(f"type_{r.type}", b),
        province=r.province_name,
        code=r.code,
        bps=r.bps_code,
    )
    ops += [
        Text(Box(left, 3.2, width, 0.45), (Para(subtitle, 18, False, MUTED),)),
        Line(left, 3.9, left + 3.0, 3.9, ACCENT, 2.0),
        Text(
            Box(left, 4.1, width, 0.9),
            (
                Para(_s("title_period", b, period=b.period), 20, True, INK, space_after=4),
                Para(_s("title_date", b, date=fmt_date(b.generated_at, b.lang)), 16, False, MUTED),
            ),
        ),
    ]
    if b.synthetic:
        note = Box(left, 5.35, width, 0.85)
        ops += [
            Rect(note, BADGE_FILL, radius=0.08),
            Text(
                Box(note.x + 0.25, note.y, note.w - 0.5, note.h),
                fit([Para(_s("title_synthetic", b), 14, False, BADGE_INK)], note),
                "middle",
            ),
        ]
    title = _s("deck_title", b, region=r.name, period=b.period)
    prov = _provenance(b, title, sources=(), synthetic=b.synthetic, year=str(b.period))
    return _Draft("title", title, tuple(ops), prov)


# ---------------------------------------------------------------------------- summary
def _summary_title(b: Briefing) -> str:
    if b.score.value is None:
        return _s("summary_title_none", b, region=b.region.name, period=b.period)
    return _s(
        "summary_title",
        b,
        region=b.region.name,
        period=b.period,
        value=num(b.score.value, b.lang),
        level=b.score.level or "–",
    )


def _summary_slide(b: Briefing) -> _Draft:
    title = _summary_title(b)
    ops = _chrome(b, _s("summary_kicker", b, period=b.period), title, synthetic=b.synthetic)
    ops += _score_card(b, Box(MARGIN, 1.95, 4.0, 3.45))
    ops += _key_findings(b, Box(MARGIN + 4.4, 1.95, SLIDE_W - 2 * MARGIN - 4.4, 3.45))
    ops += _context(b, Box(MARGIN, 5.6, 6.0, 1.25))
    ops += _programme(b, Box(MARGIN + 6.4, 5.6, SLIDE_W - 2 * MARGIN - 6.4, 1.25))
    sources = (*_scored_sources(b, (*b.indicators, *b.context)),)
    prov = _provenance(b, title, sources=sources, synthetic=b.synthetic, year=str(b.period))
    return _Draft("summary", title, tuple(ops), prov)


def _score_card(b: Briefing, box: Box) -> list[Op]:
    s, lang = b.score, b.lang
    inner = Box(box.x + 0.3, box.y + 0.2, box.w - 0.6, box.h - 0.4)
    ops: list[Op] = [Rect(box, PANEL, radius=0.1)]
    ops.append(
        Text(
            Box(inner.x, inner.y, inner.w, 1.45),
            (
                Para(_s("score_label", b, period=b.period), 12, True, MUTED, space_after=2),
                Para(num(s.value, lang), 50, True, ACCENT),
            ),
        )
    )
    level = s.level or t("briefing.no_value", lang)
    ops.append(
        Text(
            Box(inner.x, inner.y + 1.12, inner.w, 0.62),
            (
                Para(_s("level_label", b), 11, False, MUTED, space_after=1),
                Para(level, 18, True, NAVY),
            ),
        )
    )
    stats = [
        (_s("rank_national", b), _of(s.rank_national, s.n_national, b)),
        (
            _s("rank_province", b, province=b.region.province_name),
            _of(s.rank_province, s.n_province, b),
        ),
        (_s("change", b, year=b.previous), _points(s.change, b)),
    ]
    y = inner.y + 1.82
    label_box = Box(0, 0, inner.w * 0.6, 0.36)
    for label, value in stats:
        ops.append(Line(inner.x, y, inner.x + inner.w, y, "#d1d5db", 0.5))
        ops.append(
            Text(
                Box(inner.x, y + 0.05, label_box.w, label_box.h),
                fit([Para(label, 11, False, MUTED)], label_box, floor=0.75),
                "middle",
            )
        )
        ops.append(
            Text(
                Box(inner.x + inner.w * 0.55, y + 0.05, inner.w * 0.45, 0.36),
                (Para(value, 13, True, INK, "right"),),
                "middle",
            )
        )
        y += 0.42
    return ops


def _of(rank: int | None, n: int, b: Briefing) -> str:
    if rank is None or not n:
        return "–"
    return _s("rank_of", b, rank=ordinal(rank, b.lang) if b.lang == "en" else rank, n=n)


def _points(change: float | None, b: Briefing) -> str:
    if change is None:
        return "–"
    return _s("points", b, value=fmt_signed(change, b.lang, 1))


def _key_findings(b: Briefing, box: Box) -> list[Op]:
    ops: list[Op] = [
        Text(
            Box(box.x, box.y, box.w, 0.35), (Para(_s("key_findings", b).upper(), 12, True, MUTED),)
        )
    ]
    items = key_findings(b)
    text_x, text_w = box.x + 0.55, box.w - 0.55
    size = 17.0
    while size > 12:
        needed = sum(paras_height([Para(f, size)], text_w * 0.96) + 0.2 for f in items)
        if needed <= box.h - 0.45:
            break
        size -= 1
    y = box.y + 0.5
    for i, finding in enumerate(items, start=1):
        height = paras_height([Para(finding, size)], text_w * 0.96)
        ops += [
            Rect(Box(box.x, y + 0.02, 0.36, 0.36), ACCENT, radius=0.18),
            Text(
                Box(box.x, y + 0.02, 0.36, 0.36),
                (Para(str(i), 13, True, WHITE, "center"),),
                "middle",
            ),
            Text(Box(text_x, y, text_w, height + 0.05), (Para(finding, size, False, INK),)),
        ]
        y += height + 0.22
    return ops


def _context(b: Briefing, box: Box) -> list[Op]:
    paras = [Para(_s("context_title", b).upper(), 10, True, MUTED, space_after=3)]
    ids = ("ctx_population", "ctx_area", "ctx_density", "eco_grdp_pc")
    for item in (b.indicator(i) for i in ids if _has(b, i)):
        if item.value is None:
            continue
        source = _s("synthetic_source", b) if item.synthetic else item.source
        if item.year and str(item.year) not in source:
            source = f"{source}, {item.year}"
        paras.append(
            Para(
                _s(
                    "context_line",
                    b,
                    name=item.name,
                    value=item.value_text,
                    source=source,
                ),
                10.5,
                False,
                INK,
                space_after=1,
            )
        )
    return [Text(box, fit(paras, box))]


def _has(b: Briefing, indicator_id: str) -> bool:
    try:
        b.indicator(indicator_id)
    except KeyError:
        return False
    return True


def _programme(b: Briefing, box: Box) -> list[Op]:
    paras = [Para(_s("programme_title", b).upper(), 10, True, MUTED, space_after=3)]
    p = b.programme
    if p is None:
        paras.append(Para(_s("programme_none", b), 10.5, False, INK))
    else:
        paras.append(
            Para(
                _s(
                    "programme_line",
                    b,
                    cohort=p.cohort or "–",
                    mou=_date_text(p.mou_date, b.lang),
                    bimtek=p.bimtek_done,
                    masterplan=_s(f"masterplan_{p.masterplan}", b),
                    quick_wins=p.quick_wins if p.quick_wins is not None else "–",
                ),
                10.5,
                False,
                INK,
                space_after=3,
            )
        )
        if p.synthetic:
            paras.append(Para(_s("programme_synthetic", b), 9.5, True, BADGE_INK))
    return [Text(box, fit(paras, box))]


def _date_text(value: str | None, lang: str) -> str:
    """'2022-04-21' -> '21 April 2022' (as stored in the programme table)."""
    if not value:
        return "–"
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return fmt_date(datetime(day.year, day.month, day.day), lang)


# ---------------------------------------------------------------------------- charts
def _chart_slide(b: Briefing, key: str, finding: str, png: bytes) -> _Draft:
    kicker = _s(
        f"kicker_{key}",
        b,
        province=b.region.province_name,
        year=b.previous,
        period=b.period,
        first=b.history[0][0] if b.history else b.period,
    )
    items = None
    if key == "indicators":
        items = [b.indicator(i) for i in (*b.strongest, *b.weakest)]
    sources = _scored_sources(b, items)
    synthetic = _s("synthetic_source", b) in sources
    ops = _chrome(b, kicker, finding, synthetic=synthetic)
    ops.append(Picture(Box(*CHART_BOX), png, alt=f"{kicker}: {finding}"))
    prov = _provenance(b, finding, sources=sources, synthetic=synthetic, year=_years(b, key))
    return _Draft("chart", finding, tuple(ops), prov, key)


def _years(b: Briefing, key: str) -> str:
    if key == "trend" and b.history:
        return f"{b.history[0][0]}–{b.period}"
    if key == "change":
        return f"{b.previous}–{b.period}"
    return str(b.period)


# ---------------------------------------------------------------------------- table


def _table_slide(b: Briefing) -> _Draft:
    title = _table_title(b)
    sources = _scored_sources(b)
    synthetic = _s("synthetic_source", b) in sources
    ops = _chrome(b, _s("table_kicker", b, n=len(b.indicators)), title, synthetic=synthetic)
    halves = _split_groups(b)
    width = (SLIDE_W - 2 * MARGIN - 0.3) / 2
    for i, groups in enumerate(halves):
        ops.append(_indicator_table(b, groups, Box(MARGIN + i * (width + 0.3), 1.9, width, 4.62)))
    ops.append(
        Text(
            Box(MARGIN, 6.58, SLIDE_W - 2 * MARGIN, 0.3),
            (Para(_s("table_note", b), 8.5, False, MUTED),),
        )
    )
    years = sorted({i.year for i in b.indicators if i.year is not None})
    year = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(b.period)
    prov = _provenance(b, title, sources=sources, synthetic=synthetic, year=year)
    return _Draft("table", title, tuple(ops), prov)


def _table_title(b: Briefing) -> str:
    ranked = [i for i in b.indicators if i.rank and i.n_regions]
    top = sum(1 for i in ranked if i.rank <= 0.25 * i.n_regions)
    bottom = sum(1 for i in ranked if i.rank > 0.75 * i.n_regions)
    return _s("table_title", b, top=top, bottom=bottom, n=len(ranked), period=b.period)


def _split_groups(b: Briefing) -> list[list]:
    """Pillars and elements in two balanced columns (whole groups, framework order)."""
    groups = [(g, [i for i in b.indicators if i.group == g.id]) for g in b.groups]
    sizes = [len(items) + 1 for _, items in groups]
    total, running, cut = sum(sizes), 0, len(groups)
    for i, size in enumerate(sizes):
        if running + size / 2 > total / 2:
            cut = i
            break
        running += size
    return [groups[:cut], groups[cut:]]


def _source_short(item, b: Briefing) -> str:
    if item.value is None:
        return "–"
    if item.synthetic:
        return _s("synthetic_short", b)
    return publisher(item.source)


def _indicator_table(b: Briefing, groups: list, box: Box) -> Table:
    header = tuple(_s(f"col_{c}", b) for c in ("indicator", "value", "rank", "year", "source"))
    widths = (box.w - 2.92, 1.05, 0.7, 0.55, 0.62)
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []
    for group, items in groups:
        score = (
            num(group.value, b.lang) if group.value is not None else t("briefing.no_value", b.lang)
        )
        rows.append((f"{group.name} · {_s('group_score', b, value=score)}", "", "", "", ""))
        kinds.append("group")
        for item in items:
            rank = f"{item.rank}/{item.n_regions}" if item.rank and item.n_regions else "–"
            rows.append(
                (item.name, item.value_text, rank, str(item.year or "–"), _source_short(item, b))
            )
            kinds.append("row")
    return Table(
        box=box,
        header=header,
        widths=widths,
        aligns=("left", "right", "right", "right", "left"),
        rows=tuple(rows),
        kinds=tuple(kinds),
        size=9.0 if len(rows) <= 24 else 8.0,
    )


# ---------------------------------------------------------------------------- sources
def _sources_slide(b: Briefing) -> _Draft:
    scored = [i for i in b.indicators if i.value is not None]
    real = [i for i in scored if not i.synthetic]
    if any(i.synthetic for i in scored):
        title = _s("sources_title", b, real=len(real), n=len(scored))
    else:
        title = _s("sources_title_real", b, n=len(scored))
    sources = _scored_sources(b, (*b.indicators, *b.context))
    synthetic = _s("synthetic_source", b) in sources
    ops = _chrome(b, _s("sources_kicker", b), title, synthetic=synthetic)
    half = (SLIDE_W - 2 * MARGIN - 0.5) / 2
    left = Box(MARGIN, 1.95, half, 4.7)
    right = Box(MARGIN + half + 0.5, 1.95, half, 4.7)
    ops += [Text(left, fit(_source_paras(b), left)), Text(right, fit(_method_paras(b), right))]
    prov = _provenance(b, title, sources=sources, synthetic=synthetic, year=str(b.period))
    return _Draft("sources", title, tuple(ops), prov)


def _heading(text: str) -> Para:
    return Para(text.upper(), 12, True, ACCENT, space_after=6)


def _bullet(text: str, *, color: str = INK) -> Para:
    return Para(f"•  {text}", 12.5, False, color, space_after=7)


def _source_paras(b: Briefing) -> list[Para]:
    paras = [_heading(_s("sources_heading", b))]
    for source, names in b.real_sources():
        years = sorted(
            {i.year for i in (*b.indicators, *b.context) if i.source == source and i.year}
        )
        year = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
        label = source if not year or year in source else f"{source}, {year}"
        paras.append(_bullet(_s("source_real", b, source=label, names=", ".join(names))))
    n_synthetic = sum(1 for i in b.indicators if i.synthetic and i.value is not None)
    if n_synthetic:
        paras.append(_bullet(_s("source_synthetic", b, n=n_synthetic), color=BADGE_INK))
    if b.programme is not None and b.programme.synthetic:
        paras.append(_bullet(_s("source_programme", b), color=BADGE_INK))
    paras.append(_bullet(_s("source_framework", b)))
    return paras


def _method_paras(b: Briefing) -> list[Para]:
    levels = ", ".join(
        _s("level_bound", b, name=name, lower=fmt_number(lower, b.lang, 0))
        for name, lower in b.levels
    )
    pillars = round(100 * b.pillar_share)
    return [
        _heading(_s("method_heading", b)),
        _bullet(_s("method_normalise", b)),
        _bullet(_s("method_aggregate", b, pillars=pillars, elements=100 - pillars)),
        _bullet(_s("method_missing", b, share=round(100 * b.max_missing_share))),
        _bullet(_s("method_levels", b, levels=levels)),
        _bullet(_s("method_ranks", b)),
        _bullet(_s("method_strength", b)),
        _bullet(
            _s(
                "method_version",
                b,
                version=b.dataset_version or "–",
                framework=b.framework_version or "–",
                vintage=b.code_vintage,
                generated=fmt_date(b.generated_at, b.lang, time=True),
            )
        ),
    ]
