"""Improvement levers: what the composite and the national rank would be if one value changed.

The answer is the real scoring re-run, not a slope: for a changed value of indicator *j*, the
whole (indicator *j*, period) group is normalised again with :func:`.normalise.group_stats` and
:func:`.normalise.scores` (a new value can move the national min or max, or everyone's
percentile), every region's pillar or element holding *j* and every region's composite are
aggregated again with the weights and coverage rule of :mod:`.aggregate`, and ranks and levels
are taken as :mod:`.tables` takes them. Only what can move is recomputed (the changed column's
normalisation, its group's weighted mean, the composite; the other groups' scores are the
scored ones), and many scenarios are evaluated in one batch: each scenario is its own
(indicator, "period") group to ``group_stats``, and each aggregation one matrix product over
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

from dataclasses import dataclass, field

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
    groups: np.ndarray = field(default_factory=lambda: np.empty(0))  # (regions, groups) as scored
    targets: dict = field(default_factory=dict)  # per column: sign, median, p75, spread, best

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
    group_scores, _ = _weighted_means(score_matrix, ind_w, framework.max_missing_share)
    composite, _ = _weighted_means(group_scores, comp_w, framework.max_missing_share)
    return PeriodState(
        **{
            **state.__dict__,
            "composite": composite[:, 0],
            "groups": group_scores,
            "targets": _column_targets(state, framework),
        }
    )


def _column_targets(state: PeriodState, framework: Framework) -> dict:
    """Per indicator, once per state: direction, median, 75th percentile of goodness, national
    spread, and the best value in each province (the inputs of :func:`targets`)."""
    out = {}
    provinces = pd.unique(state.provinces)
    for position, indicator_id in enumerate(state.indicators):
        ind = framework.indicator(indicator_id)
        sign = -1.0 if ind.direction == "down" else 1.0
        column = state.values[:, position]
        present = ~np.isnan(column)
        if not present.any():
            out[indicator_id] = None
            continue
        goodness = column[present] * sign
        best = {}
        for province in provinces:
            mine = present & (state.provinces == province)
            if mine.any():
                best[province] = float(np.max(column[mine] * sign) * sign)
        out[indicator_id] = {
            "sign": sign,
            "median": float(np.median(column[present])),
            "p75": float(np.quantile(goodness, 0.75) * sign),
            "spread": spread(column),
            "province_best": best,
        }
    return out


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
    targets_ = np.array([float(v) for _, v in scenarios])
    column_values = state.values[:, columns].T.copy()  # (scenarios, regions)
    column_values[np.arange(len(scenarios)), row] = targets_
    new_scores = _renormalise(framework, state, columns, column_values)
    composites = np.empty((len(scenarios), len(state.codes)))
    group_of = state.indicator_weights.argmax(axis=1)  # each indicator's own group
    for group in np.unique(group_of[columns]):
        chosen = np.flatnonzero(group_of[columns] == group)
        composites[chosen] = _regroup(state, int(group), columns[chosen], new_scores[chosen])
    own = composites[:, row]
    present = ~np.isnan(composites)
    better = (composites > own[:, None]) & present
    rank = np.where(np.isnan(own), np.nan, better.sum(axis=1) + 1.0)
    levels = level_ids(own, framework).tolist()
    return Outcome(own, rank, present.sum(axis=1), levels)


def _regroup(
    state: PeriodState, group: int, columns: np.ndarray, new_scores: np.ndarray
) -> np.ndarray:
    """Composites of every region for scenarios that changed one column of ``group`` each.

    The other groups cannot move, so only this group's weighted mean is taken again (over its
    own indicators, with :func:`.aggregate._weighted_means` and its weights), then the composite
    over all groups, exactly as :func:`.aggregate.aggregate` takes them.
    """
    members = np.flatnonzero(state.indicator_weights[:, group] > 0)
    n_scen, n_reg = new_scores.shape
    sub = np.repeat(state.scores[None, :, members], n_scen, axis=0)  # (scen, regions, members)
    slot = np.searchsorted(members, columns)
    sub[np.arange(n_scen)[:, None], np.arange(n_reg)[None, :], slot[:, None]] = new_scores
    weights = state.indicator_weights[members][:, [group]]
    group_scores, _ = _weighted_means(
        sub.reshape(n_scen * n_reg, len(members)), weights, state.max_missing_share
    )
    all_groups = np.repeat(state.groups[None, :, :], n_scen, axis=0)
    all_groups[:, :, group] = group_scores[:, 0].reshape(n_scen, n_reg)
    composite, _ = _weighted_means(
        all_groups.reshape(n_scen * n_reg, -1), state.composite_weights, state.max_missing_share
    )
    return composite[:, 0].reshape(n_scen, n_reg)


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
    stats = state.targets.get(indicator_id)
    if stats is None:
        return dict.fromkeys(TARGET_KINDS)
    sign = stats["sign"]
    out = {
        "median": stats["median"],
        "p75": stats["p75"],
        "province_best": stats["province_best"].get(state.provinces[state.row(code)]),
    }
    if framework.indicator(indicator_id).categories:  # the nearest category on the better side
        out = {
            k: None if v is None else float(np.ceil(v - 1e-9) if sign > 0 else np.floor(v + 1e-9))
            for k, v in out.items()
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
        width = state.targets[indicator_id]["spread"]
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
