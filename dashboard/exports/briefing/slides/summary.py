"""The summary slide: the score card, three key findings, regional context and programme status."""

from __future__ import annotations

from datetime import date, datetime

from dashboard.exports.briefing.facts import Briefing
from dashboard.exports.briefing.findings import key_findings
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
    paras_height,
)
from dashboard.exports.briefing.phrases import num, ordinal
from dashboard.exports.briefing.slides.common import (
    Draft,
    chrome,
    provenance,
    scored_sources,
    slide_text,
)
from dashboard.i18n import fmt_date, fmt_signed, t


def _summary_title(b: Briefing) -> str:
    if b.score.value is None:
        return slide_text("summary_title_none", b, region=b.region.name, period=b.period)
    return slide_text(
        "summary_title",
        b,
        region=b.region.name,
        period=b.period,
        value=num(b.score.value, b.lang),
        level=b.score.level or "–",
    )


def summary_slide(b: Briefing) -> Draft:
    title = _summary_title(b)
    ops = chrome(b, slide_text("summary_kicker", b, period=b.period), title, synthetic=b.synthetic)
    ops += _score_card(b, Box(MARGIN, 1.95, 4.0, 3.45))
    ops += _key_findings(b, Box(MARGIN + 4.4, 1.95, SLIDE_W - 2 * MARGIN - 4.4, 3.45))
    ops += _context(b, Box(MARGIN, 5.6, 6.0, 1.25))
    ops += _programme(b, Box(MARGIN + 6.4, 5.6, SLIDE_W - 2 * MARGIN - 6.4, 1.25))
    sources = (*scored_sources(b, (*b.indicators, *b.context)),)
    prov = provenance(b, title, sources=sources, synthetic=b.synthetic, year=str(b.period))
    return Draft("summary", title, tuple(ops), prov)


def _score_card(b: Briefing, box: Box) -> list[Op]:
    """The index in large type, its maturity level, then ranks and change."""
    s, lang = b.score, b.lang
    inner = Box(box.x + 0.3, box.y + 0.2, box.w - 0.6, box.h - 0.4)
    ops: list[Op] = [Rect(box, PANEL, radius=0.1)]
    ops.append(
        Text(
            Box(inner.x, inner.y, inner.w, 1.45),
            (
                Para(slide_text("score_label", b, period=b.period), 12, True, MUTED, space_after=2),
                Para(num(s.value, lang), 50, True, ACCENT),
            ),
        )
    )
    level = s.level or t("briefing.no_value", lang)
    ops.append(
        Text(
            Box(inner.x, inner.y + 1.12, inner.w, 0.62),
            (
                Para(slide_text("level_label", b), 11, False, MUTED, space_after=1),
                Para(level, 18, True, NAVY),
            ),
        )
    )
    return ops + _stat_rows(b, inner)


def _stat_rows(b: Briefing, inner: Box) -> list[Op]:
    """National rank, provincial rank and change, one ruled row each: label left, value right."""
    s = b.score
    stats = [
        (slide_text("rank_national", b), _of(s.rank_national, s.n_national, b)),
        (
            slide_text("rank_province", b, province=b.region.province_name),
            _of(s.rank_province, s.n_province, b),
        ),
        (slide_text("change", b, year=b.previous), _points(s.change, b)),
    ]
    ops: list[Op] = []
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
    return slide_text("rank_of", b, rank=ordinal(rank, b.lang) if b.lang == "en" else rank, n=n)


def _points(change: float | None, b: Briefing) -> str:
    if change is None:
        return "–"
    return slide_text("points", b, value=fmt_signed(change, b.lang, 1))


def _key_findings(b: Briefing, box: Box) -> list[Op]:
    ops: list[Op] = [
        Text(
            Box(box.x, box.y, box.w, 0.35),
            (Para(slide_text("key_findings", b).upper(), 12, True, MUTED),),
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
    paras = [Para(slide_text("context_title", b).upper(), 10, True, MUTED, space_after=3)]
    ids = ("ctx_population", "ctx_area", "ctx_density", "eco_grdp_pc")
    for item in (b.indicator(i) for i in ids if _has(b, i)):
        if item.value is None:
            continue
        source = slide_text("synthetic_source", b) if item.synthetic else item.source
        if item.year and str(item.year) not in source:
            source = f"{source}, {item.year}"
        paras.append(
            Para(
                slide_text(
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
    paras = [Para(slide_text("programme_title", b).upper(), 10, True, MUTED, space_after=3)]
    p = b.programme
    if p is None:
        paras.append(Para(slide_text("programme_none", b), 10.5, False, INK))
    else:
        paras.append(
            Para(
                slide_text(
                    "programme_line",
                    b,
                    cohort=p.cohort or "–",
                    mou=_date_text(p.mou_date, b.lang),
                    bimtek=p.bimtek_done,
                    masterplan=slide_text(f"masterplan_{p.masterplan}", b),
                    quick_wins=p.quick_wins if p.quick_wins is not None else "–",
                ),
                10.5,
                False,
                INK,
                space_after=3,
            )
        )
        if p.synthetic:
            paras.append(Para(slide_text("programme_synthetic", b), 9.5, True, BADGE_INK))
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
