"""What a region briefing knows: plain frozen facts about one kab/kota and year.

A deck travels without the dashboard around it, so every number in it comes from these facts and
knows whether it is synthetic. They are plain dataclasses so the findings can be tested on
hand-made numbers; :func:`dashboard.exports.briefing.build.build_briefing` fills them from a
snapshot. Pure: no Dash, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from dashboard.charts.provenance import now_wib
from dashboard.data.store.repository import SYNTHETIC

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
class TargetFacts:
    """One RPJMD target against the actual value (:mod:`dashboard.data.views.targets`)."""

    indicator: str  # id, or "composite"
    name: str
    year: int
    target_text: str
    actual_text: str
    projected_text: str
    gap_text: str
    status: str  # met | missed | on_course | off_course | no_data
    synthetic: bool
    source: str
    target: float = 0.0


@dataclass(frozen=True)
class EventFacts:
    """One dated event of the region (or national) for the deck's time axis."""

    date: str
    title: str
    synthetic: bool


@dataclass(frozen=True)
class LeverFacts:
    """One improvement lever: the composite, rank and level if the region reached a target.

    Computed by re-running the scoring with the one value replaced
    (:mod:`dashboard.data.scoring.levers`); ``effort`` is the gap in national IQRs.
    """

    id: str
    name: str
    value_text: str
    target_text: str
    target_kind: str  # median | province_best | p75
    gain: float
    new_composite: float
    rank: int | None
    new_rank: int | None
    n_ranked: int
    level: str | None
    new_level: str | None
    effort: float | None
    synthetic: bool  # the region's value or the national values behind the target


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
    levers: tuple[LeverFacts, ...] = ()  # the three best, by composite gain per unit of effort
    targets: tuple[TargetFacts, ...] = ()  # RPJMD targets, composite first
    events: tuple[EventFacts, ...] = ()  # the region's and national events, by date
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
