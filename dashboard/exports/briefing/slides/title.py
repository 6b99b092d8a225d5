"""The title slide: region, province, codes, data year, date and the synthetic-data notice."""

from __future__ import annotations

from dashboard.exports.briefing.facts import Briefing
from dashboard.exports.briefing.layout import (
    ACCENT,
    BADGE_FILL,
    BADGE_INK,
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
    Text,
    fit,
)
from dashboard.exports.briefing.phrases import publisher
from dashboard.exports.briefing.slides.common import Draft, provenance, slide_text
from dashboard.i18n import fmt_date

LEFT = 1.0  # inches: the text column right of the navy and accent bands


def title_slide(b: Briefing) -> Draft:
    """Region name large, its province and codes, the data year and the date it was made."""
    width = SLIDE_W - LEFT - MARGIN
    ops: list[Op] = [
        Rect(Box(0, 0, 0.35, SLIDE_H), NAVY),
        Rect(Box(0.35, 0, 0.06, SLIDE_H), ACCENT),
        Text(
            Box(LEFT, 1.45, width, 0.4),
            (Para(slide_text("title_kicker", b).upper(), 14, True, ACCENT),),
        ),
    ]
    name_box = Box(LEFT, 1.9, width, 1.25)
    ops.append(Text(name_box, fit([Para(b.region.name, 44, True, NAVY)], name_box)))
    ops += _subtitle(b, width)
    if b.synthetic:
        ops += _synthetic_note(b, Box(LEFT, 5.35, width, 0.85))
    title = slide_text("deck_title", b, region=b.region.name, period=b.period)
    prov = provenance(b, title, sources=(), synthetic=b.synthetic, year=str(b.period))
    return Draft("title", title, tuple(ops), prov)


def _subtitle(b: Briefing, width: float) -> list[Op]:
    """Kind, province and codes; a rule; the data year and the date."""
    r = b.region
    subtitle = slide_text(
        "title_subtitle",
        b,
        type=slide_text(f"type_{r.type}", b),
        province=r.province_name,
        code=r.code,
        bps=r.bps_code,
    )
    made = slide_text("title_date", b, date=fmt_date(b.generated_at, b.lang))
    return [
        Text(Box(LEFT, 3.2, width, 0.45), (Para(subtitle, 18, False, MUTED),)),
        Line(LEFT, 3.9, LEFT + 3.0, 3.9, ACCENT, 2.0),
        Text(
            Box(LEFT, 4.1, width, 0.9),
            (
                Para(slide_text("title_period", b, period=b.period), 20, True, INK, space_after=4),
                Para(made, 16, False, MUTED),
            ),
        ),
    ]


def _synthetic_note(b: Briefing, note: Box) -> list[Op]:
    """How much of the deck is synthetic and how much official, counted, never "everything"."""
    present = [i for i in b.indicators if i.value is not None]
    real = [i for i in present if not i.synthetic]
    publishers = sorted({publisher(i.source) for i in real if i.source}) or ["—"]
    text = slide_text(
        "title_synthetic",
        b,
        n_synthetic=len(present) - len(real),
        n_total=len(present),
        n_real=len(real),
        publishers=", ".join(publishers),
    )
    return [
        Rect(note, BADGE_FILL, radius=0.08),
        Text(
            Box(note.x + 0.25, note.y, note.w - 0.5, note.h),
            fit([Para(text, 13, False, BADGE_INK)], note),
            "middle",
        ),
    ]
