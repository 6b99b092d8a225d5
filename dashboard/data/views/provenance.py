"""Where a score's inputs come from and why a score is missing: questions about provenance.

- :func:`input_counts`: per region, year and score (composite, pillar, element) how many of its
  indicator values are real and how many synthetic. A score is synthetic when any input is.
- :func:`composite_gap` / :func:`national_gaps`: for a composite index that cannot be computed,
  which pillars and elements lack a score and which of their indicators have no value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.store.datasets import synthetic_mask
from dashboard.data.store.repository import Snapshot

COMPOSITE = "composite"


def input_counts(snap: Snapshot) -> pd.DataFrame:
    """Rows (region_code, period, measure) with n_real and n_synthetic scored inputs (memoised)."""

    def compute() -> pd.DataFrame:
        fw = snap.framework
        group_of = {i.id: i.group for i in fw.scored_indicators}
        obs = snap.observations
        obs = obs[obs["indicator_id"].isin(group_of) & obs["value"].notna()]
        synthetic = synthetic_mask(obs["source"]).to_numpy()
        base = pd.DataFrame(
            {
                "region_code": obs["region_code"].to_numpy(),
                "period": obs["period"].to_numpy("int64"),
                "measure": obs["indicator_id"].map(group_of).to_numpy(),
                "n_real": (~synthetic).astype("int64"),
                "n_synthetic": synthetic.astype("int64"),
            }
        )
        keys = ["region_code", "period", "measure"]
        groups = base.groupby(keys, as_index=False)[["n_real", "n_synthetic"]].sum()
        composite = (
            base.groupby(["region_code", "period"], as_index=False)[["n_real", "n_synthetic"]]
            .sum()
            .assign(measure=COMPOSITE)
        )
        return pd.concat([groups, composite[groups.columns]], ignore_index=True)

    return snap.memo(("input_counts",), compute)


def score_inputs(snap: Snapshot, measure_id: str, period: int) -> pd.DataFrame:
    """code, n_real, n_synthetic of one score and year, one row per region that has inputs."""

    def compute() -> pd.DataFrame:
        counts = input_counts(snap)
        rows = counts[(counts["measure"] == measure_id) & (counts["period"] == int(period))]
        return rows[["region_code", "n_real", "n_synthetic"]].rename(
            columns={"region_code": "code"}
        )

    return snap.memo(("score_inputs", measure_id, int(period)), compute)


@dataclass(frozen=True)
class GroupGap:
    """One pillar or element of a region and year: its score and the indicators behind it."""

    id: str
    kind: str  # pillar | element
    name_id: str
    name_en: str
    score: float | None
    present: tuple[str, ...]
    missing: tuple[str, ...]
    weight_present: float  # share of the group's indicator weight with a value, 0-1

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


@dataclass(frozen=True)
class CompositeGap:
    """Why a region's composite index is (not) computed for a year."""

    code: str
    period: int
    composite: float | None
    groups: tuple[GroupGap, ...]
    max_missing_share: float

    @property
    def lacking(self) -> tuple[GroupGap, ...]:
        """Pillars and elements without a score (too little of their weight has values)."""
        return tuple(g for g in self.groups if g.score is None)


def _float(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def composite_gap(snap: Snapshot, code: str, period: int) -> CompositeGap:
    """Score, present and missing indicators of every pillar and element of one region and year."""

    def compute() -> CompositeGap:
        fw = snap.framework
        obs = snap.observations
        have = set(
            obs.loc[
                (obs["region_code"] == code)
                & (obs["period"] == int(period))
                & obs["value"].notna(),
                "indicator_id",
            ]
        )
        scores = snap.scores
        row = scores[(scores["region_code"] == code) & (scores["period"] == int(period))]
        groups = []
        for group in (*fw.pillars, *fw.elements):
            members = fw.indicators_of(group.id)
            total = sum(i.weight for i in members) or 1.0
            present = tuple(i.id for i in members if i.id in have)
            groups.append(
                GroupGap(
                    id=group.id,
                    kind=group.kind,
                    name_id=group.name_id,
                    name_en=group.name_en,
                    score=_float(row[group.id].iloc[0]) if len(row) else None,
                    present=present,
                    missing=tuple(i.id for i in members if i.id not in have),
                    weight_present=sum(i.weight for i in members if i.id in have) / total,
                )
            )
        composite = _float(row[COMPOSITE].iloc[0]) if len(row) else None
        return CompositeGap(code, int(period), composite, tuple(groups), fw.max_missing_share)

    return snap.memo(("composite_gap", code, int(period)), compute)


@dataclass(frozen=True)
class NationalGroup:
    """One pillar or element over all kab/kota in a year."""

    id: str
    name_id: str
    name_en: str
    n_scored: int
    absent: tuple[str, ...]  # indicators with no value in any region that year

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


@dataclass(frozen=True)
class NationalGaps:
    period: int
    n_regions: int
    n_composite: int
    groups: tuple[NationalGroup, ...]
    available: tuple[str, ...] = ()  # scored indicators with a value somewhere that year

    @property
    def lacking(self) -> tuple[NationalGroup, ...]:
        """Pillars and elements scored for fewer than half of the regions."""
        return tuple(g for g in self.groups if g.n_scored < 0.5 * self.n_regions)


def national_gaps(snap: Snapshot, period: int) -> NationalGaps:
    """How many kab/kota have a composite and each pillar/element score, and which indicators
    have no value anywhere that year."""

    def compute() -> NationalGaps:
        fw = snap.framework
        obs = snap.observations
        seen = set(obs.loc[(obs["period"] == int(period)) & obs["value"].notna(), "indicator_id"])
        scores = snap.scores[snap.scores["period"] == int(period)]
        groups = tuple(
            NationalGroup(
                id=g.id,
                name_id=g.name_id,
                name_en=g.name_en,
                n_scored=int(scores[g.id].notna().sum()) if g.id in scores else 0,
                absent=tuple(i.id for i in fw.indicators_of(g.id) if i.id not in seen),
            )
            for g in (*fw.pillars, *fw.elements)
        )
        return NationalGaps(
            period=int(period),
            n_regions=len(snap.regions.regencies),
            n_composite=int(scores[COMPOSITE].notna().sum()),
            groups=groups,
            available=tuple(i.id for i in fw.scored_indicators if i.id in seen),
        )

    return snap.memo(("national_gaps", int(period)), compute)
