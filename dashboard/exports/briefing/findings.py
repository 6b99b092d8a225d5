"""What a briefing says: one sentence per chart and three key findings, written from the facts.

Every sentence is generated from the numbers (never typed by hand), so it can be tested on
hand-made facts in both languages.
"""

from __future__ import annotations

from dashboard.exports.briefing.facts import Briefing, IndicatorFacts
from dashboard.exports.briefing.phrases import (
    FLAT,
    change_phrase,
    gap_phrase,
    national_ref,
    num,
    ordinal,
    provincial_ref,
    rank_phrase,
    scored_groups,
)
from dashboard.i18n import t


def findings(b: Briefing) -> dict[str, str]:
    """One sentence per chart (keys of :data:`CHART_KEYS`), written from the numbers."""
    return {
        "map": finding_map(b),
        "pillars": finding_pillars(b),
        "elements": finding_elements(b),
        "trend": finding_trend(b),
        "change": finding_change(b),
        "rank": finding_rank(b),
        "distribution": finding_distribution(b),
        "indicators": finding_indicators(b),
    }


def _no_score(b: Briefing) -> str:
    return t("briefing.finding.no_score", b.lang, region=b.region.name, period=b.period)


def finding_map(b: Briefing) -> str:
    lang, p = b.lang, b.province
    if p.mean is None:
        return _no_score(b)
    head = t(
        "briefing.finding.map",
        lang,
        province=b.region.province_name,
        mean=num(p.mean, lang),
        rank=ordinal(p.rank, lang) if p.rank else "–",
        n=p.n_provinces,
    )
    if b.score.value is None:
        return f"{head}; {_no_score(b)}"
    gap = gap_phrase(b.score.value, p.mean, t("briefing.phrase.ref_province_short", lang), lang)
    return t("briefing.finding.map_region", lang, head=head, region=b.region.name, gap=gap)


def finding_pillars(b: Briefing) -> str:
    lang, scored = b.lang, scored_groups(b.pillars)
    if not scored:
        return t("briefing.finding.no_groups", lang, period=b.period)
    above = [g for g in scored if g.national_mean is not None and g.value > g.national_mean]
    best = max(scored, key=lambda g: g.value)
    worst = min(scored, key=lambda g: g.value)
    return t(
        "briefing.finding.pillars",
        lang,
        k=len(above),
        n=len(scored),
        best=best.name,
        best_value=num(best.value, lang),
        worst=worst.name,
        worst_value=num(worst.value, lang),
    )


def finding_elements(b: Briefing) -> str:
    lang, scored = b.lang, scored_groups(b.elements)
    if not scored:
        return t("briefing.finding.no_groups", lang, period=b.period)
    best = max(scored, key=lambda g: g.value)
    worst = min(scored, key=lambda g: g.value)
    province = provincial_ref(b)  # the peers a regional head is compared with first
    return t(
        "briefing.finding.elements",
        lang,
        best=best.name,
        best_value=num(best.value, lang),
        best_gap=gap_phrase(best.value, best.province_mean, province, lang),
        worst=worst.name,
        worst_value=num(worst.value, lang),
        worst_gap=gap_phrase(worst.value, worst.province_mean, province, lang),
    )


def finding_trend(b: Briefing) -> str:
    lang = b.lang
    own = [(year, value) for year, value, _, _ in b.history if value is not None]
    own = [(year, value) for year, value in own if year <= b.period]
    if not own or own[-1][0] != b.period or b.score.value is None:
        return _no_score(b)
    gap = gap_phrase(b.score.value, b.national_mean, national_ref(lang), lang)
    if len(own) == 1:
        return t("briefing.finding.trend_single", lang, value=num(own[0][1], lang), year=b.period)
    first_year, first = own[0]
    if abs(b.score.value - first) < FLAT:
        return t(
            "briefing.finding.trend_flat",
            lang,
            value=num(b.score.value, lang),
            since=first_year,
            gap=gap,
        )
    return t(
        "briefing.finding.trend",
        lang,
        change=change_phrase(b.score.value - first, first_year, lang),
        value=num(b.score.value, lang),
        year=b.period,
        gap=gap,
    )


def finding_change(b: Briefing) -> str:
    lang = b.lang
    moved = [g for g in b.groups if g.change is not None]
    if not moved:
        return t("briefing.finding.change_none", lang, year=b.previous)
    up = max(moved, key=lambda g: g.change)
    down = min(moved, key=lambda g: g.change)
    params = {
        "year": b.previous,
        "up": up.name,
        "up_points": num(abs(up.change), lang),
        "down": down.name,
        "down_points": num(abs(down.change), lang),
    }
    if up.change >= FLAT and down.change <= -FLAT:
        return t("briefing.finding.change_mixed", lang, **params)
    if up.change >= FLAT:
        return t("briefing.finding.change_all_up", lang, **params)
    if down.change <= -FLAT:
        return t("briefing.finding.change_all_down", lang, **params)
    return t("briefing.finding.change_flat", lang, year=b.previous)


def finding_rank(b: Briefing) -> str:
    lang, s, p = b.lang, b.score, b.province
    if s.value is None or p.leader is None:
        return _no_score(b)
    where = rank_phrase(s.rank_province, s.n_province, b.region.province_name, lang)
    if s.rank_province == 1:
        if p.runner_up is None:
            return t("briefing.finding.rank_alone", lang, region=b.region.name, rank=where)
        name, value = p.runner_up
        return t(
            "briefing.finding.rank_first",
            lang,
            region=b.region.name,
            rank=where,
            points=num(s.value - value, lang),
            other=name,
        )
    name, value = p.leader
    return t(
        "briefing.finding.rank",
        lang,
        region=b.region.name,
        rank=where,
        points=num(value - s.value, lang),
        other=name,
    )


def finding_distribution(b: Briefing) -> str:
    lang, s = b.lang, b.score
    if s.value is None or b.share_below is None:
        return _no_score(b)
    return t(
        "briefing.finding.distribution",
        lang,
        value=num(s.value, lang),
        pct=round(100 * b.share_below),
        rank=rank_phrase(s.rank_national, s.n_national, "Indonesia", lang),
        mean=num(b.national_mean, lang),
    )


def _indicator_rank(item: IndicatorFacts, lang: str) -> str:
    return rank_phrase(item.rank, item.n_regions or 0, "Indonesia", lang)


def finding_indicators(b: Briefing) -> str:
    lang = b.lang
    if not b.strongest:
        return t("briefing.finding.indicators_none", lang, period=b.period)
    strong = b.indicator(b.strongest[0])
    if not b.weakest:
        return t(
            "briefing.finding.indicators_strong",
            lang,
            strong=strong.name,
            strong_rank=_indicator_rank(strong, lang),
        )
    weak = b.indicator(b.weakest[0])
    return t(
        "briefing.finding.indicators",
        lang,
        strong=strong.name,
        strong_rank=_indicator_rank(strong, lang),
        weak=weak.name,
        weak_rank=_indicator_rank(weak, lang),
    )


def key_findings(b: Briefing) -> list[str]:
    """Three headline sentences for the summary slide: what moved most, what leads, what lags."""
    if b.score.value is None:
        return [text for text in (_no_score(b), _missing_groups(b)) if text]
    out = [_key_movement(b), _key_strength(b), _key_weakness(b)]
    return [text for text in out if text]


def _missing_groups(b: Briefing) -> str:
    """Why there is no score: the pillars and elements without one, and the values there are."""
    lacking = [g.name for g in b.groups if g.value is None]
    if not lacking:
        return ""
    present = sum(1 for i in b.indicators if i.value is not None)
    return t(
        "briefing.key.missing_groups",
        b.lang,
        groups=", ".join(lacking),
        n=present,
        total=len(b.indicators),
        share=round((1 - b.max_missing_share) * 100),
    )


def _key_movement(b: Briefing) -> str:
    lang = b.lang
    moved = [g for g in scored_groups(b.groups) if g.change is not None]
    if not moved:
        return t(
            "briefing.key.overall",
            lang,
            value=num(b.score.value, lang),
            level=b.score.level or "–",
            rank=rank_phrase(b.score.rank_national, b.score.n_national, "Indonesia", lang),
        )
    group = max(moved, key=lambda g: (abs(g.change), g.value))
    return t(
        "briefing.key.movement",
        lang,
        group=group.name,
        change=change_phrase(group.change, b.previous, lang),
        rank=rank_phrase(group.rank_province, group.n_province, b.region.province_name, lang),
    )


def _key_strength(b: Briefing) -> str:
    scored = scored_groups(b.groups)
    if len(scored) < 2:
        return ""
    group = max(scored, key=lambda g: g.value)
    gap = gap_phrase(group.value, group.national_mean, national_ref(b.lang), b.lang)
    return t(
        "briefing.key.strength", b.lang, group=group.name, value=num(group.value, b.lang), gap=gap
    )


def _key_weakness(b: Briefing) -> str:
    lang, scored = b.lang, scored_groups(b.groups)
    if len(scored) < 2:
        return ""
    group = min(scored, key=lambda g: g.value)
    members = [i for i in b.indicators if i.group == group.id and i.percentile is not None]
    params = {
        "group": group.name,
        "value": num(group.value, lang),
        "gap": gap_phrase(group.value, group.province_mean, provincial_ref(b), lang),
    }
    if not members:
        return t("briefing.key.weakness", lang, **params)
    weakest = min(members, key=lambda i: (i.percentile, i.id))
    return t(
        "briefing.key.weakness_indicator",
        lang,
        **params,
        indicator=weakest.name,
        indicator_value=weakest.value_text,
    )
