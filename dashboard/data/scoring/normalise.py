"""Indicator values to 0-100 scores per indicator and year (min-max, percentile, target)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.data.errors import DataError
from dashboard.data.framework import Framework

KEYS = ("region_code", "indicator_id", "period")
OBSERVATION_COLUMNS = (*KEYS, "value")
REGION_COLUMNS = ("code", "name", "type", "province_code")
NO_SPREAD_SCORE = 50.0
PROVINCE_TYPE = "provinsi"
_REGENCY_CODE = re.compile(r"\d{2}\.\d{2}")


def normalise(observations: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Scorable regency rows with a 0-100 ``score`` per indicator and period (100 = best).

    Keeps the input columns (value, source, reference_date, note, ...) of the rows it scores and
    returns them ordered by region_code, indicator_id, period.
    """
    frame = scorable(observations, framework)
    stats = group_stats(frame, framework)
    frame["score"] = scores(frame["value"].to_numpy(), stats)
    return frame


def require_columns(frame: pd.DataFrame, columns: Iterable[str], code: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(code, columns=", ".join(missing))


def _regency_mask(codes: pd.Series) -> np.ndarray:
    """Rows whose code is a kabupaten/kota code ("32.16"); checked once per distinct code."""
    uniques = pd.unique(codes.to_numpy())
    regency = [c for c in uniques if isinstance(c, str) and _REGENCY_CODE.fullmatch(c)]
    return codes.isin(regency).to_numpy()


def scorable(observations: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Regency rows of scored indicators with a finite value, duplicates refused, sorted."""
    require_columns(observations, OBSERVATION_COLUMNS, "scoring.observations_columns")
    scored = [ind.id for ind in framework.scored_indicators]
    values = observations["value"].to_numpy(dtype="float64", na_value=np.nan)
    keep = (
        observations["indicator_id"].isin(scored).to_numpy()
        & np.isfinite(values)
        & _regency_mask(observations["region_code"])
    )
    frame = observations.loc[keep].copy()
    frame["value"] = values[keep]
    frame["period"] = frame["period"].astype("int64")
    for column in ("region_code", "indicator_id"):
        frame[column] = frame[column].astype(str)
    return _canonical_order(frame)


def _canonical_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort by region, indicator, period so the result never depends on input row order."""
    region = pd.factorize(frame["region_code"], sort=True)[0]
    indicator = pd.factorize(frame["indicator_id"], sort=True)[0]
    period = frame["period"].to_numpy()
    order = np.lexsort([period, indicator, region])
    same = np.zeros(len(order), dtype=bool)  # row equals the previous one on every key
    same[1:] = True
    for key in (region, indicator, period):
        ordered = key[order]
        same[1:] &= ordered[1:] == ordered[:-1]
    frame = frame.iloc[order].reset_index(drop=True)
    if same.any():
        first = frame.loc[np.flatnonzero(same)[0]]
        raise DataError(
            "scoring.duplicates",
            n=int(same.sum()),
            **{k: (int(first[k]) if k == "period" else str(first[k])) for k in KEYS},
        )
    return frame


def _indicator_meta(framework: Framework) -> pd.DataFrame:
    """Per scored indicator: sign (+1 higher is better), method, and the target's worst/best."""
    rows = []
    for ind in framework.scored_indicators:
        sign = -1.0 if ind.direction == "down" else 1.0
        low, high = sorted(ind.target) if ind.target else (np.nan, np.nan)
        worst, best = (high, low) if sign < 0 else (low, high)
        rows.append((ind.id, sign, ind.normalisation, worst, best))
    return pd.DataFrame(rows, columns=["id", "sign", "method", "worst", "best"]).set_index("id")


def group_stats(frame: pd.DataFrame, framework: Framework) -> dict[str, np.ndarray]:
    """Direction-aware statistics of each row within its (indicator, period) group."""
    meta = _indicator_meta(framework)
    position = meta.index.get_indexer(frame["indicator_id"])
    period = pd.factorize(frame["period"])[0]
    key = position.astype("int64") * (period.max(initial=0) + 1) + period
    goodness = frame["value"].to_numpy() * meta["sign"].to_numpy()[position]
    grouped = pd.Series(goodness).groupby(key, sort=False)
    return {
        "goodness": goodness,
        "low": grouped.transform("min").to_numpy(),
        "high": grouped.transform("max").to_numpy(),
        "n": grouped.transform("size").to_numpy(),
        "mid_rank": grouped.rank(method="average").to_numpy(),
        "rank": grouped.rank(method="min", ascending=False).to_numpy(),
        "method": meta["method"].to_numpy()[position],
        "worst": meta["worst"].to_numpy()[position],
        "best": meta["best"].to_numpy()[position],
    }


def mid_rank_percentile(stats: dict[str, np.ndarray]) -> np.ndarray:
    """Share of the other regions with a worse value plus half the ties, 0-100; alone = 50."""
    n = stats["n"]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (stats["mid_rank"] - 1) / (n - 1) * 100
    return np.where(n > 1, share, NO_SPREAD_SCORE)


def scores(values: np.ndarray, stats: dict[str, np.ndarray]) -> np.ndarray:
    """Min-max, percentile or target score of every row, by its indicator's method."""
    spread = stats["high"] - stats["low"]
    with np.errstate(divide="ignore", invalid="ignore"):
        minmax = np.where(
            spread > 0, (stats["goodness"] - stats["low"]) / spread * 100, NO_SPREAD_SCORE
        )
        target = (values - stats["worst"]) / (stats["best"] - stats["worst"]) * 100
    method = stats["method"]
    return np.select(
        [method == "minmax", method == "percentile"],
        [minmax, mid_rank_percentile(stats)],
        np.clip(target, 0.0, 100.0),
    ).astype("float64")
