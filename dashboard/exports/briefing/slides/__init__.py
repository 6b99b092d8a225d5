"""The slides of a briefing deck in order: title, summary, one per chart, three levers, targets
(a region with RPJMD targets only), indicator table, sources.

Each slide has its own module; :mod:`~dashboard.exports.briefing.slides.common` holds the parts
they share (headline chrome, synthetic badge, footer with provenance and page number).
"""

from __future__ import annotations

from dashboard.exports.briefing.facts import CHART_KEYS, Briefing
from dashboard.exports.briefing.findings import findings
from dashboard.exports.briefing.layout import Slide
from dashboard.exports.briefing.slides.chart import chart_slide
from dashboard.exports.briefing.slides.common import with_page
from dashboard.exports.briefing.slides.levers import levers_slide
from dashboard.exports.briefing.slides.sources import sources_slide
from dashboard.exports.briefing.slides.summary import summary_slide
from dashboard.exports.briefing.slides.table import table_slide
from dashboard.exports.briefing.slides.targets import targets_slide
from dashboard.exports.briefing.slides.title import title_slide


def compose(b: Briefing, images: dict[str, bytes]) -> list[Slide]:
    """Every slide of the deck in order: title, summary, one per chart, levers, table, sources."""
    texts = findings(b)
    slides = [title_slide(b), summary_slide(b)]
    slides += [chart_slide(b, key, texts[key], images[key]) for key in CHART_KEYS]
    slides += [levers_slide(b)]
    if b.targets:  # only for a region with RPJMD targets
        slides.append(targets_slide(b))
    slides += [table_slide(b), sources_slide(b)]
    total = len(slides)
    return [with_page(slide, b, i + 1, total) for i, slide in enumerate(slides)]
