"""The sources and method slide: who published each real value, what is synthetic, how scores
are computed."""

from __future__ import annotations

from dashboard.exports.briefing.facts import Briefing
from dashboard.exports.briefing.layout import (
    ACCENT,
    BADGE_INK,
    INK,
    MARGIN,
    SLIDE_W,
    Box,
    Para,
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
from dashboard.i18n import fmt_date, fmt_number


def sources_slide(b: Briefing) -> Draft:
    scored = [i for i in b.indicators if i.value is not None]
    real = [i for i in scored if not i.synthetic]
    if any(i.synthetic for i in scored):
        title = slide_text("sources_title", b, real=len(real), n=len(scored))
    else:
        title = slide_text("sources_title_real", b, n=len(scored))
    sources = scored_sources(b, (*b.indicators, *b.context))
    synthetic = slide_text("synthetic_source", b) in sources
    ops = chrome(b, slide_text("sources_kicker", b), title, synthetic=synthetic)
    half = (SLIDE_W - 2 * MARGIN - 0.5) / 2
    left = Box(MARGIN, 1.95, half, 4.7)
    right = Box(MARGIN + half + 0.5, 1.95, half, 4.7)
    ops += [Text(left, fit(_source_paras(b), left)), Text(right, fit(_method_paras(b), right))]
    prov = provenance(b, title, sources=sources, synthetic=synthetic, year=str(b.period))
    return Draft("sources", title, tuple(ops), prov)


def _heading(text: str) -> Para:
    return Para(text.upper(), 12, True, ACCENT, space_after=6)


def _bullet(text: str, *, color: str = INK) -> Para:
    return Para(f"•  {text}", 12.5, False, color, space_after=7)


def _source_paras(b: Briefing) -> list[Para]:
    paras = [_heading(slide_text("sources_heading", b))]
    for source, names in b.real_sources():
        years = sorted(
            {i.year for i in (*b.indicators, *b.context) if i.source == source and i.year}
        )
        year = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
        label = source if not year or year in source else f"{source}, {year}"
        paras.append(_bullet(slide_text("source_real", b, source=label, names=", ".join(names))))
    n_synthetic = sum(1 for i in b.indicators if i.synthetic and i.value is not None)
    if n_synthetic:
        paras.append(_bullet(slide_text("source_synthetic", b, n=n_synthetic), color=BADGE_INK))
    if b.programme is not None and b.programme.synthetic:
        paras.append(_bullet(slide_text("source_programme", b), color=BADGE_INK))
    paras.append(_bullet(slide_text("source_framework", b)))
    return paras


def _method_paras(b: Briefing) -> list[Para]:
    levels = ", ".join(
        slide_text("level_bound", b, name=name, lower=fmt_number(lower, b.lang, 0))
        for name, lower in b.levels
    )
    pillars = round(100 * b.pillar_share)
    return [
        _heading(slide_text("method_heading", b)),
        _bullet(slide_text("method_normalise", b)),
        _bullet(slide_text("method_aggregate", b, pillars=pillars, elements=100 - pillars)),
        _bullet(slide_text("method_missing", b, share=round(100 * b.max_missing_share))),
        _bullet(slide_text("method_levels", b, levels=levels)),
        _bullet(slide_text("method_ranks", b)),
        _bullet(slide_text("method_strength", b)),
        _bullet(
            slide_text(
                "method_version",
                b,
                version=b.dataset_version or "–",
                framework=b.framework_version or "–",
                vintage=b.code_vintage,
                generated=fmt_date(b.generated_at, b.lang, time=True),
            )
        ),
    ]
