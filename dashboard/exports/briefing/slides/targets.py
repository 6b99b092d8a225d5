"""The targets slide: the region's RPJMD targets against the actual values (status, gap in the
indicator's unit, trend projection), and the events on its time axis."""

from __future__ import annotations

from dashboard.exports.briefing.facts import Briefing
from dashboard.exports.briefing.layout import MARGIN, MUTED, SLIDE_W, Box, Para, Table, Text, fit
from dashboard.exports.briefing.slides.common import Draft, chrome, provenance, slide_text
from dashboard.i18n import t

GOOD = ("met", "on_course")


def targets_slide(b: Briefing) -> Draft:
    good = sum(1 for x in b.targets if x.status in GOOD)
    title = slide_text("targets_title", b, good=good, n=len(b.targets), region=b.region.name)
    synthetic = any(x.synthetic for x in b.targets)
    ops = chrome(b, slide_text("targets_kicker", b, period=b.period), title, synthetic=synthetic)
    header = tuple(
        t(f"targets.col_{c}", b.lang)
        for c in ("indicator", "year", "target", "actual", "projected", "gap", "status")
    )
    rows = tuple(
        (
            x.name,
            str(x.year),
            x.target_text,
            x.actual_text,
            x.projected_text,
            x.gap_text,
            t(f"targets.status_{x.status}", b.lang),
        )
        for x in b.targets[:14]
    )
    width = SLIDE_W - 2 * MARGIN
    ops.append(
        Table(
            box=Box(MARGIN, 1.9, width, 3.7),
            header=header,
            widths=(width - 7.7, 1.3, 1.3, 1.5, 1.2, 1.3, 1.1),
            aligns=("left", "right", "right", "right", "right", "right", "left"),
            rows=rows,
            kinds=tuple("row" for _ in rows),
            size=10.0 if len(rows) <= 10 else 8.5,
        )
    )
    notes = [Para(t("targets.explain", b.lang, years=4), 9.0, False, MUTED)]
    if synthetic:
        notes.append(Para(t("targets.sample_note", b.lang), 9.0, True, MUTED))
    shown = [e for e in b.events if int(e.date[:4]) <= b.period][-8:]
    if shown:
        listed = " · ".join(f"{e.date} {e.title}" for e in shown)
        notes.append(Para(slide_text("targets_events", b, events=listed), 9.0, False, MUTED))
    box = Box(MARGIN, 5.7, width, 0.9)
    ops.append(Text(box, fit(notes, box)))
    sources = tuple(sorted({x.source for x in b.targets if not x.synthetic}))
    if synthetic:
        sources = (*sources, slide_text("synthetic_source", b))
    prov = provenance(b, title, sources=sources, synthetic=synthetic, year=str(b.period))
    return Draft("targets", title, tuple(ops), prov)
