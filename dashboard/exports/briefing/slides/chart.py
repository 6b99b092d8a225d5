"""A chart slide: the chart's finding as the headline over its picture."""

from __future__ import annotations

from dashboard.exports.briefing.facts import Briefing
from dashboard.exports.briefing.layout import CHART_BOX, Box, Picture
from dashboard.exports.briefing.slides.common import (
    Draft,
    chrome,
    provenance,
    scored_sources,
    slide_text,
)


def chart_slide(b: Briefing, key: str, finding: str, png: bytes) -> Draft:
    kicker = slide_text(
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
    sources = scored_sources(b, items)
    synthetic = slide_text("synthetic_source", b) in sources
    ops = chrome(b, kicker, finding, synthetic=synthetic)
    ops.append(Picture(Box(*CHART_BOX), png, alt=f"{kicker}: {finding}"))
    prov = provenance(b, finding, sources=sources, synthetic=synthetic, year=_years(b, key))
    return Draft("chart", finding, tuple(ops), prov, key)


def _years(b: Briefing, key: str) -> str:
    if key == "trend" and b.history:
        return f"{b.history[0][0]}–{b.period}"
    if key == "change":
        return f"{b.previous}–{b.period}"
    return str(b.period)
