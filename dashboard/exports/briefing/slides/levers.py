"""The "three levers" slide: the indicators that would raise the composite most per unit of effort.

Three cards side by side, one per lever: the points gained (large), then target, current value,
national rank and level before and after, and the effort in national IQRs. Every number comes
from :class:`~dashboard.exports.briefing.facts.LeverFacts` (the real scoring re-run with one value
replaced); the note under the cards says how effort is measured.
"""

from __future__ import annotations

from dashboard.exports.briefing.facts import Briefing, LeverFacts
from dashboard.exports.briefing.layout import (
    ACCENT,
    BADGE_INK,
    INK,
    MARGIN,
    MUTED,
    NAVY,
    PANEL,
    SLIDE_W,
    WHITE,
    Box,
    Line,
    Op,
    Para,
    Rect,
    Text,
    fit,
)
from dashboard.exports.briefing.slides.common import (
    Draft,
    chrome,
    provenance,
    scored_sources,
    slide_text,
)
from dashboard.i18n import fmt_number, fmt_signed, t

CARDS_TOP = 1.95
CARD_H = 4.2
GAP = 0.3


def _text(key: str, b: Briefing, **params: object) -> str:
    return t(f"levers.slide_{key}", b.lang, **params)


def levers_title(b: Briefing) -> str:
    """The headline: the strongest lever and what it gives, or why there is none."""
    if not b.levers:
        return _text("title_none", b, region=b.region.name, period=b.period)
    best = b.levers[0]
    return _text(
        "title",
        b,
        region=b.region.name,
        name=best.name,
        gain=fmt_signed(best.gain, b.lang, 1),
        kind=t(f"levers.kind_{best.target_kind}", b.lang).lower(),
        rank=best.new_rank if best.new_rank is not None else "–",
    )


def levers_slide(b: Briefing) -> Draft:
    title = levers_title(b)
    items = [b.indicator(lever.id) for lever in b.levers]
    sources = scored_sources(b, items)
    synthetic = any(lever.synthetic for lever in b.levers)
    if synthetic and slide_text("synthetic_source", b) not in sources:
        sources = (*sources, slide_text("synthetic_source", b))
    ops = chrome(b, _text("kicker", b, period=b.period), title, synthetic=synthetic)
    width = (SLIDE_W - 2 * MARGIN - 2 * GAP) / 3
    for i, lever in enumerate(b.levers[:3]):
        ops += _card(b, lever, i + 1, Box(MARGIN + i * (width + GAP), CARDS_TOP, width, CARD_H))
    if not b.levers:
        box = Box(MARGIN, CARDS_TOP, SLIDE_W - 2 * MARGIN, 1.0)
        ops.append(Text(box, fit([Para(_text("none", b), 16, False, INK)], box)))
    note_box = Box(MARGIN, CARDS_TOP + CARD_H + 0.12, SLIDE_W - 2 * MARGIN, 0.55)
    ops.append(Text(note_box, fit([Para(_text("note", b), 9.5, False, MUTED)], note_box)))
    prov = provenance(b, title, sources=sources, synthetic=synthetic, year=str(b.period))
    return Draft("levers", title, tuple(ops), prov)


def _card(b: Briefing, lever: LeverFacts, number: int, box: Box) -> list[Op]:
    inner = Box(box.x + 0.25, box.y + 0.2, box.w - 0.5, box.h - 0.4)
    ops: list[Op] = [
        Rect(box, PANEL, radius=0.1),
        Rect(Box(inner.x, inner.y + 0.02, 0.4, 0.4), ACCENT, radius=0.2),
        Text(
            Box(inner.x, inner.y + 0.02, 0.4, 0.4),
            (Para(str(number), 14, True, WHITE, "center"),),
            "middle",
        ),
    ]
    name_box = Box(inner.x + 0.55, inner.y, inner.w - 0.55, 0.7)
    ops.append(Text(name_box, fit([Para(lever.name, 15, True, NAVY)], name_box, floor=0.7)))
    gain_box = Box(inner.x, inner.y + 0.78, inner.w, 0.62)
    ops.append(Text(gain_box, (Para(fmt_signed(lever.gain, b.lang, 2), 36, True, ACCENT),)))
    kind = t(f"levers.kind_{lever.target_kind}", b.lang).lower()
    label_box = Box(inner.x, inner.y + 1.42, inner.w, 0.36)
    label = Para(_text("gain_label", b, kind=kind), 10.5, False, MUTED)
    ops.append(Text(label_box, fit([label], label_box, floor=0.8)))
    rows = [
        (_text("target", b), lever.target_text),
        (_text("now", b), lever.value_text),
        (_text("rank", b), _arrow(lever.rank, lever.new_rank)),
        (_text("level", b), _arrow(lever.level, lever.new_level)),
        (
            _text("effort", b),
            "–"
            if lever.effort is None
            else _text("iqr", b, value=fmt_number(lever.effort, b.lang, 1)),
        ),
    ]
    y = inner.y + 1.8
    label_w = inner.w * 0.58
    for label, value in rows:
        ops.append(Line(inner.x, y, inner.x + inner.w, y, "#d1d5db", 0.5))
        row_box = Box(inner.x, y + 0.03, label_w, 0.34)
        ops.append(Text(row_box, fit([Para(label, 10, False, MUTED)], row_box), "middle"))
        value_box = Box(inner.x + label_w, y + 0.03, inner.w - label_w, 0.34)
        ops.append(Text(value_box, fit([Para(value, 11, True, INK, "right")], value_box), "middle"))
        y += 0.36
    if lever.synthetic:
        mark_box = Box(inner.x, y + 0.06, inner.w, 0.26)
        ops.append(
            Text(mark_box, fit([Para(_text("card_synthetic", b), 9, True, BADGE_INK)], mark_box))
        )
    return ops


def _arrow(before: object, after: object) -> str:
    left = "–" if before is None else str(before)
    right = "–" if after is None else str(after)
    return left if left == right else f"{left} → {right}"
