"""What a region briefing says: facts computed from one snapshot, and findings written from them.

A deck travels without the dashboard around it, so every sentence in it is generated from the
numbers here (never typed by hand) and every number knows whether it is synthetic. The facts are
plain frozen dataclasses so the findings can be tested on hand-made numbers; ``build_briefing``
fills them from a :class:`~dashboard.data.repository.Snapshot`. Pure: no Dash, no I/O.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import datetime

import pandas as pd

from dashboard.charts.provenance import now_wib
from dashboard.data.errors import DataError
from dashboard.data.framework import CONTEXT_GROUP
from dashboard.data.messages import define
from dashboard.data.store.repository import SYNTHETIC, Snapshot
from dashboard.data.views.measures import (
    COMPOSITE,
    group_means,
    indicator_profile,
    programme_status,
    rank_values,
    score_history,
)
from dashboard.data.views.periods import default_period
from dashboard.data.views.regions import short_province
from dashboard.figures.theme import with_unit
from dashboard.i18n import fmt_number, normalise_lang, t

define(
    {
        "briefing.not_regency": {
            "id": "{key!r} bukan kabupaten/kota: paparan dibuat untuk satu kabupaten atau kota "
            "(misalnya 32.16 atau 3216)",
            "en": "{key!r} is not a regency or city: a briefing covers one kabupaten or kota "
            "(e.g. 32.16 or 3216)",
        },
        "briefing.no_browser": {
            "id": "Paparan tidak dapat dibuat: Chromium untuk menggambar grafik tidak tersedia "
            "(apt-get install chromium) atau BROWSER_PATH salah.",
            "en": "The briefing cannot be built: Chromium, which draws the charts, is not "
            "available (apt-get install chromium) or BROWSER_PATH is wrong.",
        },
        "briefing.bad_period": {
            "id": "periode {period!r} tidak tersedia; pilih salah satu: {periods}",
            "en": "period {period!r} is not available; choose one of: {periods}",
        },
    }
)

FLAT = 0.05  # changes and gaps smaller than this (after rounding to 0,1) read as "unchanged"
CHART_KEYS = (
    "map",
    "pillars",
    "elements",
    "trend",
    "change",
    "rank",
    "distribution",
    "indicators",
)


# ---------------------------------------------------------------------------- facts
@dataclass(frozen=True)
class RegionFacts:
    code: str
    bps_code: str
    name: str
    type: str  # kabupaten | kota
    province_code: str
    province_name: str


@dataclass(frozen=True)
class ScoreFacts:
    """The composite index of the region for the briefing year."""

    value: float | None
    level: str | None  # level name in the briefing language
    rank_national: int | None
    n_national: int
    rank_province: int | None
    n_province: int
    change: float | None  # against the previous year


@dataclass(frozen=True)
class GroupFacts:
    """One pillar or readiness element: the region's score beside province and nation."""

    id: str
    kind: str  # pillar | element
    name: str
    value: float | None
    province_mean: float | None
    national_mean: float | None
    change: float | None
    rank_province: int | None = None
    n_province: int = 0


@dataclass(frozen=True)
class IndicatorFacts:
    """One indicator's latest value up to the briefing year, with where it comes from."""

    id: str
    group: str
    name: str
    value: float | None
    value_text: str  # formatted with its unit, or "data kurang"
    year: int | None
    rank: int | None
    n_regions: int | None
    percentile: float | None  # national, 100 = best
    score: float | None
    source: str
    synthetic: bool


@dataclass(frozen=True)
class ProvinceFacts:
    mean: float | None  # mean composite of its kab/kota
    rank: int | None  # among provinces
    n_provinces: int
    leader: tuple[str, float] | None  # best kab/kota: name, composite
    runner_up: tuple[str, float] | None


@dataclass(frozen=True)
class ProgrammeFacts:
    cohort: int | None
    mou_date: str | None
    bimtek_done: int
    masterplan: str  # none | drafting | adopted
    quick_wins: int | None
    synthetic: bool


@dataclass(frozen=True)
class Briefing:
    """Everything a region deck shows, in one language; texts come from :func:`findings`."""

    lang: str
    region: RegionFacts
    period: int
    score: ScoreFacts
    groups: tuple[GroupFacts, ...]
    province: ProvinceFacts
    national_mean: float | None
    share_below: float | None  # share of kab/kota with a lower composite (0-1)
    history: tuple[tuple[int, float | None, float | None, float | None], ...]
    indicators: tuple[IndicatorFacts, ...]
    strongest: tuple[str, ...]
    weakest: tuple[str, ...]
    context: tuple[IndicatorFacts, ...]
    programme: ProgrammeFacts | None
    levels: tuple[tuple[str, float], ...] = ()  # maturity level names and lower bounds
    pillar_share: float = 0.7  # share of the pillars in the composite (elements: the rest)
    max_missing_share: float = 0.4
    dataset_version: int | None = None
    framework_version: str = ""
    code_vintage: str = ""
    generated_at: datetime = field(default_factory=now_wib)

    @property
    def previous(self) -> int:
        return self.period - 1

    @property
    def pillars(self) -> tuple[GroupFacts, ...]:
        return tuple(g for g in self.groups if g.kind == "pillar")

    @property
    def elements(self) -> tuple[GroupFacts, ...]:
        return tuple(g for g in self.groups if g.kind == "element")

    @property
    def synthetic(self) -> bool:
        """True when any scored value behind the deck is synthetic (then every score is)."""
        return any(i.synthetic for i in self.indicators)

    def indicator(self, indicator_id: str) -> IndicatorFacts:
        for item in (*self.indicators, *self.context):
            if item.id == indicator_id:
                return item
        raise KeyError(indicator_id)

    def real_sources(self) -> list[tuple[str, list[str]]]:
        """Publishers of the real values in the deck, each with the indicators it supplies."""
        found: dict[str, list[str]] = {}
        for item in (*self.indicators, *self.context):
            if item.value is not None and not item.synthetic and item.source not in ("", SYNTHETIC):
                found.setdefault(item.source, []).append(item.name)
        return sorted(found.items())


# ---------------------------------------------------------------------------- resolving input
def resolve_region(snap: Snapshot, key: object) -> str:
    """A kab/kota code from a dotted code, BPS code or name; provinces are refused."""
    code = snap.regions.resolve(str(key).strip())
    if "." not in code:
        raise DataError("briefing.not_regency", key=str(key))
    return code


def resolve_period(snap: Snapshot, raw: object) -> int:
    """The briefing year: the given one if the data has it, the default year when none is given."""
    if raw is None or str(raw).strip() == "":
        return default_period(snap)
    text = str(raw).strip()
    if not text.isdigit() or int(text) not in snap.periods:
        raise DataError(
            "briefing.bad_period", period=text[:12], periods=", ".join(map(str, snap.periods))
        )
    return int(text)


# ---------------------------------------------------------------------------- building
def build_briefing(
    snap: Snapshot,
    code: str,
    period: int,
    *,
    lang: str = "id",
    generated_at: datetime | None = None,
) -> Briefing:
    """The facts of one kab/kota and year (``code`` and ``period`` already resolved)."""
    lang = normalise_lang(lang)
    code = resolve_region(snap, code)
    period = resolve_period(snap, period)
    regions = snap.regions.regions.set_index("code")
    region = regions.loc[code]
    province = str(region["province_code"])
    scores = snap.scores[snap.scores["period"] == period]
    row = scores[scores["region_code"] == code]
    row = row.iloc[0] if len(row) else None
    indicators, context = _indicators(snap, code, period, lang)
    strong, weak = strongest_weakest(indicators)
    briefing = Briefing(
        lang=lang,
        region=RegionFacts(
            code=code,
            bps_code=str(region["bps_code"]),
            name=str(region["name"]),
            type=str(region["type"]),
            province_code=province,
            province_name=short_province(str(regions.loc[province, "name"])),
        ),
        period=period,
        score=_score(snap, row, lang),
        groups=_groups(snap, scores, row, province, lang),
        province=_province(snap, scores, province, period),
        national_mean=_num(scores[COMPOSITE].mean()),
        share_below=_share_below(scores, row),
        history=_history(snap, code),
        indicators=indicators,
        strongest=tuple(strong),
        weakest=tuple(weak),
        context=context,
        programme=_programme(snap, code),
        levels=tuple((lv.name(lang), lv.lower) for lv in snap.framework.levels),
        pillar_share=snap.framework.composite_weights.get("pillars", 1.0),
        max_missing_share=snap.framework.max_missing_share,
        dataset_version=snap.version,
        framework_version=snap.framework.version,
        code_vintage=str(snap.regions.regions["vintage"].iloc[0]),
    )
    return replace(briefing, generated_at=generated_at) if generated_at else briefing


def _num(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _int(value: object) -> int | None:
    number = _num(value)
    return None if number is None else int(number)


def _score(snap: Snapshot, row: pd.Series | None, lang: str) -> ScoreFacts:
    if row is None:
        return ScoreFacts(None, None, None, 0, None, 0, None)
    value = _num(row[COMPOSITE])
    level = snap.framework.level_for(value)
    return ScoreFacts(
        value=value,
        level=level.name(lang) if level else None,
        rank_national=_int(row["rank_national"]),
        n_national=_int(row["n_ranked_national"]) or 0,
        rank_province=_int(row["rank_province"]),
        n_province=_int(row["n_ranked_province"]) or 0,
        change=_num(row["change"]),
    )


def _groups(
    snap: Snapshot, scores: pd.DataFrame, row: pd.Series | None, province: str, lang: str
) -> tuple[GroupFacts, ...]:
    period = int(scores["period"].iloc[0]) if len(scores) else 0
    national = group_means(snap, period)
    provincial = group_means(snap, period, province=province)
    peers = scores[scores["province_code"] == province]
    out = []
    for group in (*snap.framework.pillars, *snap.framework.elements):
        rank, n = None, int(peers[group.id].notna().sum())
        if row is not None and _num(row[group.id]) is not None:
            ranks = rank_values(peers[group.id], "up")
            rank = _int(ranks[peers["region_code"] == row["region_code"]].iloc[0])
        out.append(
            GroupFacts(
                id=group.id,
                kind=group.kind,
                name=group.name(lang),
                value=None if row is None else _num(row[group.id]),
                province_mean=_num(provincial.get(group.id)),
                national_mean=_num(national.get(group.id)),
                change=None if row is None else _num(row[f"change_{group.id}"]),
                rank_province=rank,
                n_province=n,
            )
        )
    return tuple(out)


def _province(snap: Snapshot, scores: pd.DataFrame, province: str, period: int) -> ProvinceFacts:
    table = snap.province_scores
    prow = table[(table["province_code"] == province) & (table["period"] == period)]
    peers = scores[(scores["province_code"] == province) & scores[COMPOSITE].notna()]
    peers = peers.sort_values([COMPOSITE, "name"], ascending=[False, True])
    ranked = [(str(r["name"]), float(r[COMPOSITE])) for _, r in peers.head(2).iterrows()]
    return ProvinceFacts(
        mean=_num(prow[COMPOSITE].iloc[0]) if len(prow) else None,
        rank=_int(prow["rank_national"].iloc[0]) if len(prow) else None,
        n_provinces=int(table.loc[table["period"] == period, COMPOSITE].notna().sum()),
        leader=ranked[0] if ranked else None,
        runner_up=ranked[1] if len(ranked) > 1 else None,
    )


def _share_below(scores: pd.DataFrame, row: pd.Series | None) -> float | None:
    own = None if row is None else _num(row[COMPOSITE])
    values = scores[COMPOSITE].dropna()
    if own is None or values.empty:
        return None
    return float((values < own).sum()) / len(values)


def _history(snap: Snapshot, code: str) -> tuple:
    frame = score_history(snap, code)
    return tuple(
        (int(r["period"]), _num(r[COMPOSITE]), _num(r["province_mean"]), _num(r["national_mean"]))
        for _, r in frame.iterrows()
    )


def publisher(source: str) -> str:
    """'BIG, Desember 2024' -> 'BIG'; 'BPS (via quarcs-lab/indonesia514)' -> 'BPS'."""
    return source.split(" (")[0].split(",")[0].strip()


def strongest_weakest(
    indicators: tuple[IndicatorFacts, ...] | list[IndicatorFacts], n: int = 3
) -> tuple[list[str], list[str]]:
    """Indicator ids with the best and worst national percentile (never in both lists).

    Percentile, not the 0-100 score: "better than 86% of kab/kota" is what strongest means to a
    reader, while a min-max score can call a top-15% indicator weak when one region is an outlier.
    """
    ranked = sorted(
        (i for i in indicators if i.percentile is not None), key=lambda i: (-i.percentile, i.id)
    )
    n_strong = min(n, (len(ranked) + 1) // 2)
    n_weak = min(n, len(ranked) // 2)
    rest = sorted(ranked[n_strong:], key=lambda i: (i.percentile, i.id))
    return [i.id for i in ranked[:n_strong]], [i.id for i in rest[:n_weak]]


_SCALE = re.compile(r"^(\d+)-(\d+)$")


def value_text(indicator, value: object, lang: str) -> str:
    """'3,68 1-5', '47,9%', 'WTP' (ordered categories) or 'data kurang' for a missing value."""
    number = _num(value)
    if number is None:
        return t("briefing.no_value", lang)
    if indicator.categories:
        position = int(number) - 1
        if 0 <= position < len(indicator.categories):
            return indicator.categories[position]
    text = fmt_number(number, lang, indicator.decimals)
    scale = _SCALE.match(indicator.unit or "")
    if scale:  # "3,68 / 5" reads better than "3,68 1-5"
        return f"{text} / {scale.group(2)}"
    return with_unit(text, indicator.unit)


def _indicators(
    snap: Snapshot, code: str, period: int, lang: str
) -> tuple[tuple[IndicatorFacts, ...], tuple[IndicatorFacts, ...]]:
    profile = indicator_profile(snap, code, period)
    scored, context = [], []
    for rec in profile.to_dict("records"):
        ind = snap.framework.indicator(rec["indicator_id"])
        fact = IndicatorFacts(
            id=ind.id,
            group=ind.group,
            name=ind.name(lang),
            value=_num(rec["value"]),
            value_text=value_text(ind, rec["value"], lang),
            year=_int(rec["period"]),
            rank=_int(rec["rank"]),
            n_regions=_int(rec["n_regions"]),
            percentile=_num(rec["percentile"]),
            score=_num(rec["score"]),
            source=str(rec["source"] or ind.source),
            synthetic=bool(rec["synthetic"]) or rec["source"] == SYNTHETIC,
        )
        (context if ind.group == CONTEXT_GROUP else scored).append(fact)
    return tuple(scored), tuple(context)


def _programme(snap: Snapshot, code: str) -> ProgrammeFacts | None:
    status = programme_status(snap, code)
    if status is None:
        return None
    return ProgrammeFacts(
        cohort=_int(status.get("cohort_year")),
        mou_date=str(status["mou_date"]) if status.get("mou_date") else None,
        bimtek_done=_int(status.get("bimtek_done")) or 0,
        masterplan=str(status.get("masterplan_status") or "none"),
        quick_wins=_int(status.get("quick_wins")),
        synthetic=status.get("source") == SYNTHETIC,
    )


# ---------------------------------------------------------------------------- phrases
def num(value: float | None, lang: str, decimals: int = 1) -> str:
    return fmt_number(value, lang, decimals)


def ordinal(rank: int, lang: str) -> str:
    """'3' in Indonesian ('peringkat 3'), '3rd' in English."""
    if normalise_lang(lang) == "id":
        return str(rank)
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def change_phrase(change: float | None, since: int, lang: str) -> str:
    """'naik 6,2 poin sejak 2023' / 'rose 6.2 points since 2023', or why there is no change."""
    if change is None:
        return t("briefing.phrase.change_none", lang, year=since)
    if abs(change) < FLAT:
        return t("briefing.phrase.change_flat", lang, year=since)
    key = "change_up" if change > 0 else "change_down"
    return t(f"briefing.phrase.{key}", lang, points=num(abs(change), lang), year=since)


def rank_phrase(rank: int | None, n: int, where: str, lang: str) -> str:
    """'peringkat 3 dari 27 di Jawa Barat' / 'ranked 3rd of 27 in Jawa Barat'."""
    if rank is None or not n:
        return t("briefing.phrase.rank_none", lang, where=where)
    return t("briefing.phrase.rank", lang, rank=ordinal(rank, lang), n=n, where=where)


def gap_phrase(value: float | None, reference: float | None, ref_label: str, lang: str) -> str:
    """'18,3 poin di atas rata-rata nasional' (or below, or level with it)."""
    if value is None or reference is None:
        return t("briefing.phrase.gap_none", lang, ref=ref_label)
    diff = value - reference
    if abs(diff) < FLAT:
        return t("briefing.phrase.gap_level", lang, ref=ref_label)
    key = "gap_above" if diff > 0 else "gap_below"
    return t(f"briefing.phrase.{key}", lang, points=num(abs(diff), lang), ref=ref_label)


def _national(lang: str) -> str:
    return t("briefing.phrase.ref_national", lang)


def _provincial(b: Briefing) -> str:
    return t("briefing.phrase.ref_province", b.lang, province=b.region.province_name)


def _scored(groups) -> list[GroupFacts]:
    return [g for g in groups if g.value is not None]


# ---------------------------------------------------------------------------- findings
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
    lang, scored = b.lang, _scored(b.pillars)
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
    lang, scored = b.lang, _scored(b.elements)
    if not scored:
        return t("briefing.finding.no_groups", lang, period=b.period)
    best = max(scored, key=lambda g: g.value)
    worst = min(scored, key=lambda g: g.value)
    province = _provincial(b)  # the peers a regional head is compared with first
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
    gap = gap_phrase(b.score.value, b.national_mean, _national(lang), lang)
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


# ---------------------------------------------------------------------------- key findings
def key_findings(b: Briefing) -> list[str]:
    """Three headline sentences for the summary slide: what moved most, what leads, what lags."""
    if b.score.value is None:
        return [_no_score(b)]
    out = [_key_movement(b), _key_strength(b), _key_weakness(b)]
    return [text for text in out if text]


def _key_movement(b: Briefing) -> str:
    lang = b.lang
    moved = [g for g in _scored(b.groups) if g.change is not None]
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
    scored = _scored(b.groups)
    if len(scored) < 2:
        return ""
    group = max(scored, key=lambda g: g.value)
    gap = gap_phrase(group.value, group.national_mean, _national(b.lang), b.lang)
    return t(
        "briefing.key.strength", b.lang, group=group.name, value=num(group.value, b.lang), gap=gap
    )


def _key_weakness(b: Briefing) -> str:
    lang, scored = b.lang, _scored(b.groups)
    if len(scored) < 2:
        return ""
    group = min(scored, key=lambda g: g.value)
    members = [i for i in b.indicators if i.group == group.id and i.percentile is not None]
    params = {
        "group": group.name,
        "value": num(group.value, lang),
        "gap": gap_phrase(group.value, group.province_mean, _provincial(b), lang),
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
