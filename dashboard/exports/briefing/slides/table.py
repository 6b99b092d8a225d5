"""The indicator table slide: every scored indicator with value, national rank, year and source,
in two columns of whole pillars and elements."""

from __future__ import annotations

from dashboard.exports.briefing.facts import Briefing
from dashboard.exports.briefing.layout import MARGIN, MUTED, SLIDE_W, Box, Para, Table, Text
from dashboard.exports.briefing.phrases import num, publisher
from dashboard.exports.briefing.slides.common import (
    Draft,
    chrome,
    provenance,
    scored_sources,
    slide_text,
)
from dashboard.i18n import t


def table_slide(b: Briefing) -> Draft:
    title = _table_title(b)
    sources = scored_sources(b)
    synthetic = slide_text("synthetic_source", b) in sources
    ops = chrome(b, slide_text("table_kicker", b, n=len(b.indicators)), title, synthetic=synthetic)
    halves = _split_groups(b)
    width = (SLIDE_W - 2 * MARGIN - 0.3) / 2
    for i, groups in enumerate(halves):
        ops.append(_indicator_table(b, groups, Box(MARGIN + i * (width + 0.3), 1.9, width, 4.62)))
    note = slide_text("table_note" if synthetic else "table_note_real", b)
    ops.append(Text(Box(MARGIN, 6.58, SLIDE_W - 2 * MARGIN, 0.3), (Para(note, 8.5, False, MUTED),)))
    years = sorted({i.year for i in b.indicators if i.year is not None})
    year = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(b.period)
    prov = provenance(b, title, sources=sources, synthetic=synthetic, year=year)
    return Draft("table", title, tuple(ops), prov)


def _table_title(b: Briefing) -> str:
    ranked = [i for i in b.indicators if i.rank and i.n_regions]
    top = sum(1 for i in ranked if i.rank <= 0.25 * i.n_regions)
    bottom = sum(1 for i in ranked if i.rank > 0.75 * i.n_regions)
    return slide_text("table_title", b, top=top, bottom=bottom, n=len(ranked), period=b.period)


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
        return slide_text("synthetic_short", b)
    return publisher(item.source)


def _indicator_table(b: Briefing, groups: list, box: Box) -> Table:
    header = tuple(
        slide_text(f"col_{c}", b) for c in ("indicator", "value", "rank", "year", "source")
    )
    widths = (box.w - 2.92, 1.05, 0.7, 0.55, 0.62)
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []
    for group, items in groups:
        score = (
            num(group.value, b.lang) if group.value is not None else t("briefing.no_value", b.lang)
        )
        rows.append((f"{group.name} · {slide_text('group_score', b, value=score)}", "", "", "", ""))
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
