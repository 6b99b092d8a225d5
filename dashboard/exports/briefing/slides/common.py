"""What every content slide shares: its texts, headline chrome, footer with provenance and page.

A slide is first a :class:`Draft` (no footer: the footer needs the page count), then a
:class:`~dashboard.exports.briefing.layout.Slide` once :func:`with_page` knows its number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.charts.provenance import Provenance, synthetic_label
from dashboard.exports.briefing.facts import Briefing
from dashboard.exports.briefing.layout import (
    ACCENT,
    BADGE_FILL,
    BADGE_INK,
    FAINT,
    INK,
    MARGIN,
    MUTED,
    NAVY,
    SLIDE_H,
    SLIDE_W,
    Box,
    Line,
    Op,
    Para,
    Rect,
    Slide,
    Text,
    fit,
)
from dashboard.exports.briefing.phrases import publisher
from dashboard.i18n import t


def slide_text(key: str, b: Briefing, **params: object) -> str:
    return t(f"briefing.slide.{key}", b.lang, **params)


def scored_sources(b: Briefing, items=None) -> tuple[str, ...]:
    """Publishers behind the values of a slide for its footer, and the synthetic mark."""
    items = b.indicators if items is None else items
    present = [i for i in items if i.value is not None and not i.synthetic]
    real = sorted({publisher(i.source) for i in present if not i.source.startswith("Turunan")})
    synthetic = any(i.synthetic for i in items if i.value is not None)
    return (*real, *([slide_text("synthetic_source", b)] if synthetic else []))


def provenance(b: Briefing, title: str, *, sources: tuple[str, ...], synthetic: bool, year: str):
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


def chrome(b: Briefing, kicker: str, title: str, *, synthetic: bool) -> list[Op]:
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
        Text(box, (Para(synthetic_label(b.lang), 12, True, BADGE_INK, "center"),), "middle"),
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
class Draft:
    """A slide before its footer: the footer needs the page count."""

    kind: str
    title: str
    ops: tuple[Op, ...]
    provenance: Provenance
    key: str = ""


def with_page(draft: Draft, b: Briefing, page: int, total: int) -> Slide:
    lines = draft.provenance.footer_lines(b.lang)
    if draft.provenance.synthetic:
        lines = lines[1:]  # the badge and "data contoh (sintetis)" among the sources say it
    if draft.kind == "title":
        lines = lines[-1:]
    number = slide_text("page", b, page=page, total=total)
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
