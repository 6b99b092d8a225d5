"""Improvement levers of a region and year, and the what-if answer, for pages, deck and CLI.

The maths is :mod:`dashboard.data.scoring.levers` (the real scoring re-run); this module keeps its
per-period starting state on the snapshot (built once per dataset version and year) and gives
readers plain rows and dicts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.errors import DataError
from dashboard.data.scoring.levers import TARGET_KINDS, PeriodState, levers, period_state, rescore
from dashboard.data.store.datasets import SYNTHETIC
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.measures import normalised_table

__all__ = ["TARGET_KINDS", "WhatIf", "lever_table", "state_for", "top_levers", "what_if"]


def state_for(snap: Snapshot, period: int) -> PeriodState:
    """The period's starting state, computed once per snapshot and year."""
    return snap.memo(
        ("lever-state", int(period)),
        lambda: period_state(
            normalised_table(snap),
            snap.framework,
            snap.regions.regions,
            int(period),
            synthetic_source=SYNTHETIC,
        ),
    )


def _check(snap: Snapshot, code: str, period: int) -> None:
    if code not in snap.regions or "." not in code:
        raise DataError("levers.unknown_region", region=code)
    if int(period) not in snap.periods:
        periods = ", ".join(map(str, snap.periods))
        raise DataError("levers.unknown_period", period=period, periods=periods)


def lever_table(snap: Snapshot, code: str, period: int) -> pd.DataFrame:
    """Every lever of ``code`` in ``period`` (see :func:`scoring.levers.levers`), memoised."""
    _check(snap, code, period)
    return snap.lru(
        ("levers", code, int(period)),
        lambda: levers(state_for(snap, period), snap.framework, code),
        maxsize=64,
    )


def top_levers(
    snap: Snapshot, code: str, period: int, *, n: int = 5, kind: str | None = None
) -> pd.DataFrame:
    """The ``n`` indicators with the best gain per effort, one row each.

    ``kind`` picks one target kind; without it each indicator is ranked by its best target kind
    and the returned frame has that row (the other kinds are in :func:`lever_table`).
    """
    table = lever_table(snap, code, period)
    if kind is not None:
        table = table[table["target_kind"] == kind]
    useful = table[table["gain"] > 1e-9]
    best = useful.drop_duplicates("indicator_id", keep="first")
    return best.head(n).reset_index(drop=True)


@dataclass(frozen=True)
class WhatIf:
    """One what-if answer: before and after, for the composite, the level and the national rank."""

    indicator_id: str
    value: float
    target: float
    composite: float
    new_composite: float
    level: str | None
    new_level: str | None
    rank: float
    new_rank: float
    n_ranked: int
    synthetic: bool


def what_if(snap: Snapshot, code: str, period: int, indicator_id: str, target: float) -> WhatIf:
    """The region with ``indicator_id`` set to ``target``: raises DataError on bad input."""
    _check(snap, code, period)
    framework = snap.framework
    if indicator_id not in framework.by_id or not framework.by_id[indicator_id].scored:
        raise DataError("levers.unknown_indicator", indicator=indicator_id)
    ind = framework.indicator(indicator_id)
    try:
        target = float(target)
    except (TypeError, ValueError):
        raise DataError("levers.bad_value", value=target) from None
    if not math.isfinite(target):
        raise DataError("levers.bad_value", value=target)
    if ind.bounds and not ind.bounds[0] <= target <= ind.bounds[1]:
        raise DataError("levers.out_of_bounds", value=target, low=ind.bounds[0], high=ind.bounds[1])
    state = state_for(snap, period)
    row, column = state.row(code), state.column(indicator_id)
    value = state.values[row, column]
    if np.isnan(value):
        raise DataError("levers.no_value", indicator=indicator_id, period=period)

    def compute() -> WhatIf:
        outcome = rescore(state, framework, code, [(indicator_id, target)])
        base = rescore(state, framework, code, [(indicator_id, float(value))])
        return WhatIf(
            indicator_id=indicator_id,
            value=float(value),
            target=target,
            composite=float(base.composite[0]),
            new_composite=float(outcome.composite[0]),
            level=base.level[0],
            new_level=outcome.level[0],
            rank=float(base.rank[0]),
            new_rank=float(outcome.rank[0]),
            n_ranked=int(outcome.n_ranked[0]),
            synthetic=bool(state.synthetic[row, column]),
        )

    return snap.lru(("what-if", code, int(period), indicator_id, target), compute, maxsize=256)


READABLE_COLUMNS = (
    "indicator_id",
    "indicator",
    "unit",
    "value",
    "target_kind",
    "target",
    "gap",
    "effort_iqr",
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
    "synthetic",
)


def lever_rows(
    snap: Snapshot,
    code: str,
    period: int,
    *,
    lang: str = "id",
    kind: str | None = None,
    n: int | None = None,
) -> pd.DataFrame:
    """Levers as people read them (names, rounded numbers), for the CLI and exports.

    ``kind`` keeps one target kind (every indicator that does not meet it yet); without it every
    (indicator, target kind) row. ``synthetic`` is True when the region's value or any value
    the target rests on is synthetic.
    """
    table = lever_table(snap, code, period)
    if kind is not None:
        table = table[table["target_kind"] == kind]
    if n is not None:
        table = table.head(n)
    framework = snap.framework
    levels = {lv.id: lv.name(lang) for lv in framework.levels}
    out = pd.DataFrame({"indicator_id": table["indicator_id"].to_numpy()})
    out["indicator"] = [framework.indicator(i).name(lang) for i in out["indicator_id"]]
    out["unit"] = [framework.indicator(i).unit for i in out["indicator_id"]]
    for column in ("value", "target", "gap"):
        out[column] = table[column].round(3).to_numpy()
    out["target_kind"] = table["target_kind"].to_numpy()
    out["effort_iqr"] = table["effort"].round(2).to_numpy()
    for column in ("composite", "new_composite", "gain", "gain_per_effort"):
        out[column] = table[column].round(2).to_numpy()
    for column in ("rank", "new_rank", "rank_gain"):
        out[column] = table[column].astype("Int64").to_numpy()
    out["n_ranked"] = table["n_ranked"].to_numpy()
    out["level"] = table["level"].map(levels).to_numpy()
    out["new_level"] = table["new_level"].map(levels).to_numpy()
    out["synthetic"] = (table["synthetic"] | (table["synthetic_share"] > 0)).to_numpy()
    return out[list(READABLE_COLUMNS)].reset_index(drop=True)


@dataclass(frozen=True)
class Control:
    """What the what-if control needs for one indicator of one region and year."""

    indicator_id: str
    value: float  # the region's value
    low: float  # slider range: the national values, widened to the indicator's bounds if any
    high: float
    step: float
    targets: dict  # median / province_best / p75 -> value (None where undefined)
    synthetic: bool


def controls(snap: Snapshot, code: str, period: int) -> list[Control]:
    """One :class:`Control` per scored indicator the region has a value for, framework order."""
    from dashboard.data.scoring.levers import targets as target_values

    _check(snap, code, period)

    def compute() -> list[Control]:
        state = state_for(snap, period)
        row = state.row(code)
        out = []
        for position, indicator_id in enumerate(state.indicators):
            value = state.values[row, position]
            if np.isnan(value):
                continue
            ind = snap.framework.indicator(indicator_id)
            column = state.values[:, position]
            low, high = float(np.nanmin(column)), float(np.nanmax(column))
            if ind.bounds:
                low, high = min(low, ind.bounds[0]), max(high, ind.bounds[1])
            step = 1.0 if ind.categories or high - low <= 0 else 10.0 ** (-max(0, ind.decimals))
            out.append(
                Control(
                    indicator_id=indicator_id,
                    value=float(value),
                    low=low,
                    high=high,
                    step=step,
                    targets=target_values(state, snap.framework, code, indicator_id),
                    synthetic=bool(state.synthetic[row, position]),
                )
            )
        return out

    return snap.lru(("lever-controls", code, int(period)), compute, maxsize=64)
