"""Improvement levers: what the composite and the national rank would be if one value changed.

The answer is the real scoring re-run, not a slope: for a changed value of indicator *j*, the
whole (indicator *j*, period) group is normalised again with :func:`.normalise.group_stats` and
:func:`.normalise.scores` (a new value can move the national min or max, or everyone's
percentile), every region's pillars, elements and composite are aggregated again with the
weights and coverage rule of :mod:`.aggregate`, and ranks and levels are taken as
:mod:`.tables` takes them. Only the changed column is renormalised (the other indicators' groups
cannot move), and many scenarios are evaluated in one batch: each scenario is its own
(indicator, "period") group to ``group_stats``, and the aggregation is one matrix product over
(scenario x region) rows. ``tests/unit/test_levers.py`` checks the result against
:func:`.tables.score_table` on edited observations.

Targets, per indicator (direction-aware, over the regencies with a value that year):
``median`` the national median; ``p75`` the value better than 75 % of regions (the 75th
percentile for "up" indicators, the 25th for "down"); ``province_best`` the best value in the
region's own province. Ordered categories are rounded to a category on the better side.

Effort is the gap in the indicator's unit divided by its national spread, the interquartile
range (the full range when the IQR is 0): "how many IQRs the region would have to move".
Gain per effort is the composite gain divided by that. It is a comparable, honest yardstick,
not a cost estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.framework import Framework
from dashboard.data.scoring.aggregate import (
    _composite_weights,
    _indicator_weights,
    _weighted_means,
    regency_rows,
)
from dashboard.data.scoring.normalise import group_stats, scores
from dashboard.data.scoring.tables import level_ids

TARGET_KINDS = ("median", "province_best", "p75")


@dataclass(frozen=True)
class PeriodState:
    """One period's regency x indicator values and scores, and the weights, ready for what-ifs."""

    period: int
    codes: np.ndarray  # regency codes, aggregate order
    provinces: np.ndarray  # province code per regency
    indicators: tuple[str, ...]  # scored indicator ids, framework order
    values: np.ndarray  # (regions, indicators) raw values, NaN = none
    scores: np.ndarray  # (regions, indicators) 0-100 scores, NaN = none
    synthetic: np.ndarray  # (regions, indicators) True where the value is synthetic
    composite: np.ndarray  # (regions,) composite as scored
    indicator_weights: np.ndarray
    composite_weights: np.ndarray
    max_missing_share: float

    def row(self, code: str) -> int:
        """Position of a regency code; KeyError when it is not a scored regency."""
        found = np.flatnonzero(self.codes == code)
        if not len(found):
            raise KeyError(code)
        return int(found[0])

    def column(self, indicator_id: str) -> int:
        return self.indicators.index(indicator_id)


def period_state(
    normalised: pd.DataFrame,
    framework: Framework,
    regions: pd.DataFrame,
    period: int,
    *,
    synthetic_source: str,
) -> PeriodState:
    """The state every lever of ``period`` starts from (``normalised`` = ``normalise(...)``)."""
    regencies = regency_rows(regions)
    codes = regencies["code"].to_numpy(dtype=object)
    indicators = tuple(ind.id for ind in framework.scored_indicators)
    rows = normalised[normalised["period"] == period]
    r = pd.Index(codes).get_indexer(rows["region_code"])
    c = pd.Index(indicators).get_indexer(rows["indicator_id"])
    ok = (r >= 0) & (c >= 0)
    shape = (len(codes), len(indicators))
    values, score_matrix = np.full(shape, np.nan), np.full(shape, np.nan)
    synthetic = np.zeros(shape, dtype=bool)
    values[r[ok], c[ok]] = rows["value"].to_numpy(dtype="float64")[ok]
    score_matrix[r[ok], c[ok]] = rows["score"].to_numpy(dtype="float64")[ok]
    if "source" in rows.columns:
        synthetic[r[ok], c[ok]] = (rows["source"] == synthetic_source).to_numpy()[ok]
    groups = (*framework.pillars, *framework.elements)
    ind_w = _indicator_weights(framework, groups)
    comp_w = _composite_weights(framework, groups)[:, None]
    state = PeriodState(
        period=int(period),
        codes=codes,
        provinces=regencies["province_code"].to_numpy(dtype=object),
        indicators=indicators,
        values=values,
        scores=score_matrix,
        synthetic=synthetic,
        composite=np.empty(0),
        indicator_weights=ind_w,
        composite_weights=comp_w,
        max_missing_share=framework.max_missing_share,
    )
    composite = _composites(state, score_matrix[None, :, :])[0]
    return PeriodState(**{**state.__dict__, "composite": composite})


def _composites(state: PeriodState, matrices: np.ndarray) -> np.ndarray:
    """(scenarios, regions) composites of (scenarios, regions, indicators) score matrices."""
    n_scen, n_reg, n_ind = matrices.shape
    flat = matrices.reshape(n_scen * n_reg, n_ind)
    groups, _ = _weighted_means(flat, state.indicator_weights, state.max_missing_share)
    composite, _ = _weighted_means(groups, state.composite_weights, state.max_missing_share)
    return composite[:, 0].reshape(n_scen, n_reg)


@dataclass(frozen=True)
class Outcome:
    """The region's composite, national rank (of n) and level after each scenario."""

    composite: np.ndarray
    rank: np.ndarray  # float (NaN without composite)
    n_ranked: np.ndarray
    level: list[str | None]


def rescore(
    state: PeriodState,
    framework: Framework,
    code: str,
    scenarios: list[tuple[str, float]],
) -> Outcome:
    """The region ``code`` with one indicator set to a value, per scenario, properly re-scored."""
    row = state.row(code)
    if not scenarios:
        empty = np.empty(0)
        return Outcome(empty, empty, empty, [])
    columns = np.array([state.column(ind) for ind, _ in scenarios])
    targets = np.array([float(v) for _, v in scenarios])
    column_values = state.values[:, columns].T.copy()  # (scenarios, regions)
    column_values[np.arange(len(scenarios)), row] = targets
    new_scores = _renormalise(framework, state, columns, column_values)
    matrices = np.repeat(state.scores[None, :, :], len(scenarios), axis=0)
    matrices[
        np.arange(len(scenarios))[:, None], np.arange(len(state.codes))[None, :], columns[:, None]
    ] = new_scores
    composites = _composites(state, matrices)
    own = composites[:, row]
    present = ~np.isnan(composites)
    better = (composites > own[:, None]) & present
    rank = np.where(np.isnan(own), np.nan, better.sum(axis=1) + 1.0)
    levels = level_ids(own, framework).tolist()
    return Outcome(own, rank, present.sum(axis=1), levels)


def _renormalise(
    framework: Framework, state: PeriodState, columns: np.ndarray, column_values: np.ndarray
) -> np.ndarray:
    """Each scenario's column scored again as its own (indicator, period) group: (scen, regions)."""
    scen, reg = np.nonzero(~np.isnan(column_values))
    frame = pd.DataFrame(
        {
            "indicator_id": np.array(state.indicators, dtype=object)[columns[scen]],
            "period": scen.astype("int64"),
            "value": column_values[scen, reg],
        }
    )
    stats = group_stats(frame, framework)
    out = np.full(column_values.shape, np.nan)
    out[scen, reg] = scores(frame["value"].to_numpy(), stats)
    return out


def targets(state: PeriodState, framework: Framework, code: str, indicator_id: str) -> dict:
    """The three target values of one indicator for region ``code`` (None where undefined)."""
    ind = framework.indicator(indicator_id)
    sign = -1.0 if ind.direction == "down" else 1.0
    column = state.values[:, state.column(indicator_id)]
    present = ~np.isnan(column)
    if not present.any():
        return dict.fromkeys(TARGET_KINDS)
    goodness = column[present] * sign
    province = present & (state.provinces == state.provinces[state.row(code)])
    out = {
        "median": float(np.median(column[present])),
        "p75": float(np.quantile(goodness, 0.75) * sign),
        "province_best": float(np.max(column[province] * sign) * sign),
    }
    if ind.categories:  # an ordered category: the nearest category on the better side
        out = {
            k: float(np.ceil(v - 1e-9) if sign > 0 else np.floor(v + 1e-9)) for k, v in out.items()
        }
    return out


def spread(column: np.ndarray) -> float:
    """The national interquartile range, or the full range when the IQR is 0 (NaN: no spread)."""
    present = column[~np.isnan(column)]
    if len(present) < 2:
        return float("nan")
    q1, q3 = np.quantile(present, [0.25, 0.75])
    if q3 - q1 > 0:
        return float(q3 - q1)
    full = float(present.max() - present.min())
    return full if full > 0 else float("nan")


LEVER_COLUMNS = (
    "indicator_id",
    "value",
    "synthetic",
    "synthetic_share",
    "target_kind",
    "target",
    "gap",
    "spread",
    "effort",
    "composite",
    "new_composite",
    "gain",
    "rank",
    "new_rank",
    "rank_gain",
    "n_ranked",
    "level",
    "new_level",
    "gain_per_effort",
)


def levers(state: PeriodState, framework: Framework, code: str) -> pd.DataFrame:
    """Every indicator the region has a value for x the three targets it does not yet reach.

    One row per (indicator, target kind) with the columns of :data:`LEVER_COLUMNS`; targets the
    region already meets or beats are left out, and a region without a composite gets no rows
    (a changed value never changes which values are missing). Sorted by gain per effort.
    """
    row = state.row(code)
    if np.isnan(state.composite[row]):  # no composite ("data kurang"): one value cannot change that
        return pd.DataFrame(columns=list(LEVER_COLUMNS))
    base_rank = _rank(state.composite, row)
    base_level = level_ids(np.array([state.composite[row]]), framework).iloc[0]
    planned = []
    for position, indicator_id in enumerate(state.indicators):
        value = state.values[row, position]
        if np.isnan(value):
            continue
        ind = framework.indicator(indicator_id)
        sign = -1.0 if ind.direction == "down" else 1.0
        column = state.values[:, position]
        width = spread(column)
        for kind, target in targets(state, framework, code, indicator_id).items():
            if target is None or (target - value) * sign <= 1e-12:
                continue
            planned.append((indicator_id, kind, float(value), target, width, position))
    outcome = rescore(state, framework, code, [(p[0], p[3]) for p in planned])
    records = []
    for i, (indicator_id, kind, value, target, width, position) in enumerate(planned):
        column_present = ~np.isnan(state.values[:, position])
        gap = abs(target - value)
        effort = gap / width if width and not np.isnan(width) else float("nan")
        gain = float(outcome.composite[i] - state.composite[row])
        records.append(
            {
                "indicator_id": indicator_id,
                "value": value,
                "synthetic": bool(state.synthetic[row, position]),
                "synthetic_share": float(state.synthetic[column_present, position].mean()),
                "target_kind": kind,
                "target": target,
                "gap": gap,
                "spread": width,
                "effort": effort,
                "composite": float(state.composite[row]),
                "new_composite": float(outcome.composite[i]),
                "gain": gain,
                "rank": base_rank,
                "new_rank": outcome.rank[i],
                "rank_gain": base_rank - outcome.rank[i],
                "n_ranked": int(outcome.n_ranked[i]),
                "level": base_level,
                "new_level": outcome.level[i],
                "gain_per_effort": gain / effort if effort and effort > 0 else float("nan"),
            }
        )
    frame = pd.DataFrame(records, columns=list(LEVER_COLUMNS))
    return frame.sort_values(
        ["gain_per_effort", "gain", "indicator_id"],
        ascending=[False, False, True],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)


def _rank(composites: np.ndarray, row: int) -> float:
    own = composites[row]
    if np.isnan(own):
        return float("nan")
    return float(((composites > own) & ~np.isnan(composites)).sum() + 1)
