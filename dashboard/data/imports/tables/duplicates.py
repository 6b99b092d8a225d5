"""Rows repeating a (region, indicator, period): conflicts are errors, repeats kept once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.imports.tables.numbers import plain_number
from dashboard.data.imports.tables.problems import Problems


def check_duplicates(obs: pd.DataFrame, problems: Problems) -> pd.DataFrame:
    """Conflicting duplicates are errors; identical ones a warning and kept once."""
    key = _observation_key(obs)
    repeated = np.flatnonzero(pd.Series(key).duplicated(keep=False).to_numpy(dtype=bool))
    if not len(repeated):
        return obs
    rows = obs["_row"].to_numpy()[repeated]
    values = obs["value"].to_numpy()[repeated]
    order = np.lexsort((rows, key[repeated]))  # by key, then by row: the first comes first
    repeated, rows, values, key = (
        repeated[order],
        rows[order],
        values[order],
        key[repeated][order],
    )
    starts = np.r_[True, key[1:] != key[:-1]]
    first = np.maximum.accumulate(np.where(starts, np.arange(len(key)), 0))
    later, same = ~starts, values == values[first]
    group = obs.iloc[repeated].assign(_first_row=rows[first], _first_value=values[first])

    def params(record: dict) -> dict:
        return {
            "first_row": int(record["_first_row"]),
            "region": record["region_code"],
            "indicator": record["indicator_id"],
            "period": int(record["period"]),
            "first_number": plain_number(record["_first_value"]),
            "number": plain_number(record["value"]),
        }

    identical = group[later & same]
    problems.add_rows(
        "importer.duplicate_identical", identical, value=None, severity="warning", params=params
    )
    conflicts = group[later & ~same]
    conflicts = conflicts.assign(_text=conflicts["value"].map(plain_number))
    problems.add_rows("importer.duplicate_conflict", conflicts, value="_text", params=params)
    return obs.drop(index=identical.index)


def _observation_key(obs: pd.DataFrame) -> np.ndarray:
    """One int64 per (region, indicator, period), so duplicates are found on integers."""
    regions, _ = pd.factorize(obs["region_code"])
    indicators, ids = pd.factorize(obs["indicator_id"])
    periods = obs["period"].to_numpy(dtype=np.int64)
    span = int(periods.max() - periods.min()) + 1 if len(periods) else 1
    combined = regions.astype(np.int64) * len(ids) + indicators
    return combined * span + (periods - (periods.min() if len(periods) else 0))
