"""Target against actual: the RPJMD targets of a region and how far it is from each.

Status of one target (value ``T`` for year ``Y``), respecting the indicator's direction ("down":
lower is better):

* ``met``: the actual value of year ``Y`` (or, before ``Y``, the latest one) is at least as good
  as ``T``;
* ``missed``: year ``Y`` has passed in the data (an actual value for ``Y`` or later exists) and
  the value of ``Y`` (else the first after it) falls short;
* ``on_course`` / ``off_course``: ``Y`` is still ahead; the linear trend (least squares) of the
  last :data:`TREND_YEARS` actual values, projected to ``Y``, reaches ``T`` or not;
* ``no_data``: no actual value at all (or a single one and ``Y`` ahead: no trend).

The gap is ``actual - T`` in the indicator's unit, signed so that positive is better than the
target (for "down" indicators ``T - actual``). Alerts and exports read :func:`targets_for` and
:func:`target_status`; pages read :func:`target_table`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.store.datasets import is_synthetic
from dashboard.data.store.repository import Snapshot

COMPOSITE = "composite"
TREND_YEARS = 4
STATUSES = ("met", "on_course", "off_course", "missed", "no_data")


@dataclass(frozen=True)
class TargetStatus:
    """One target judged against the actual series."""

    status: str
    actual: float | None  # the value compared (the target year's, else the latest)
    actual_year: int | None
    projected: float | None  # the trend's value in the target year (future targets only)
    gap: float | None  # actual (or projection for future targets) - target, + = better


def targets_for(
    snap: Snapshot,
    region: str | None = None,
    indicator: str | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """The stored targets (region_code, indicator_id, period, value, source, note), filtered."""
    frame = snap.targets
    if region is not None:  # one group of a per-snapshot split (alerts ask for every region)
        groups = snap.memo(
            ("targets_by_region",),
            lambda: {code: part for code, part in snap.targets.groupby("region_code", sort=False)},
        )
        frame = groups.get(region, snap.targets.iloc[:0])
    if indicator is not None:
        frame = frame[frame["indicator_id"] == indicator]
    if year is not None:
        frame = frame[frame["period"] == year]
    return frame.reset_index(drop=True)


def better(a: float, b: float, direction: str) -> bool:
    """Whether ``a`` is at least as good as ``b``."""
    return a <= b if direction == "down" else a >= b


def signed_gap(value: float, target: float, direction: str) -> float:
    return target - value if direction == "down" else value - target


def trend_value(periods: np.ndarray, values: np.ndarray, year: int) -> float | None:
    """The least-squares line through the last :data:`TREND_YEARS` points, at ``year``."""
    order = np.argsort(periods)
    periods, values = periods[order][-TREND_YEARS:], values[order][-TREND_YEARS:]
    if len(periods) < 2 or np.ptp(periods) == 0:
        return None
    slope, intercept = np.polyfit(periods.astype(float), values.astype(float), 1)
    return float(slope * year + intercept)


def target_status(
    series: pd.Series, target: float, year: int, direction: str = "up"
) -> TargetStatus:
    """Judge one target against ``series`` (actual values indexed by year; NaN ignored)."""
    return judge(
        series.index.to_numpy(dtype="int64"), series.to_numpy(dtype="float64"), target, year,
        direction,
    )  # fmt: skip


def judge(
    periods: np.ndarray, values: np.ndarray, target: float, year: int, direction: str = "up"
) -> TargetStatus:
    """:func:`target_status` on arrays (years ascending or not; NaN ignored): the fast path."""
    keep = ~np.isnan(values)
    periods, values = periods[keep], values[keep]
    if not len(values):
        return TargetStatus("no_data", None, None, None, None)
    after = periods >= year
    if after.any():  # the target year is in the data: met or missed
        at = int(periods[after].min())
        actual = float(values[periods == at][-1])
        status = "met" if better(actual, target, direction) else "missed"
        return TargetStatus(status, actual, at, None, signed_gap(actual, target, direction))
    latest = int(periods.max())
    actual = float(values[periods == latest][-1])
    gap = signed_gap(actual, target, direction)
    if better(actual, target, direction):
        return TargetStatus("met", actual, latest, None, gap)
    projected = trend_value(periods, values, year)
    if projected is None:
        return TargetStatus("no_data", actual, latest, None, gap)
    status = "on_course" if better(projected, target, direction) else "off_course"
    return TargetStatus(status, actual, latest, projected, gap)


@dataclass(frozen=True)
class SeriesIndex:
    """Every (region, indicator) series of a snapshot, the composite included, as slices of two
    arrays sorted by region, indicator and year: judging all targets of all regions is a look-up
    per target instead of a scan of the observations.

    Held as integer arrays (a key per series: region number x indicators + indicator number), not
    a dictionary of 25,000 string keys: about 3 MB per worker instead of 20 MB resident after its
    first build (``bench/bench_wall.py``, P7).
    """

    regions: dict[str, int]
    indicators: dict[str, int]
    keys: np.ndarray  # one per series, ascending
    starts: np.ndarray
    ends: np.ndarray
    periods: np.ndarray
    values: np.ndarray

    def series(self, code: str, indicator: str) -> tuple[np.ndarray, np.ndarray]:
        """The years and values of one series (empty arrays when it has none)."""
        region, ind = self.regions.get(code), self.indicators.get(indicator)
        if region is None or ind is None:
            return self.periods[:0], self.values[:0]
        key = region * len(self.indicators) + ind
        at = int(np.searchsorted(self.keys, key))
        if at == len(self.keys) or self.keys[at] != key:
            return self.periods[:0], self.values[:0]
        start, end = int(self.starts[at]), int(self.ends[at])
        return self.periods[start:end], self.values[start:end]


def _series_index(snap: Snapshot) -> SeriesIndex:
    """The snapshot's :class:`SeriesIndex`, built once per snapshot."""

    def compute() -> SeriesIndex:
        obs = snap.observations[["region_code", "indicator_id", "period", "value"]]
        scores = snap.scores[["region_code", "period", COMPOSITE]].rename(
            columns={COMPOSITE: "value"}
        )
        frame = pd.concat([obs, scores.assign(indicator_id=COMPOSITE)], ignore_index=True)
        region_codes, regions = pd.factorize(frame["region_code"])
        indicator_codes, indicators = pd.factorize(frame["indicator_id"])
        keys = region_codes.astype("int64") * len(indicators) + indicator_codes
        periods = frame["period"].to_numpy(dtype="int64")
        order = np.lexsort((periods, keys))  # by series, then year (stable: ties keep order)
        keys = keys[order]
        firsts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        return SeriesIndex(
            regions={str(code): i for i, code in enumerate(regions)},
            indicators={str(ind): i for i, ind in enumerate(indicators)},
            keys=keys[firsts],
            starts=firsts,
            ends=np.append(firsts[1:], len(keys)),
            periods=periods[order],
            values=frame["value"].to_numpy(dtype="float64")[order],
        )

    return snap.memo(("target_series_index",), compute)


def actual_series(snap: Snapshot, code: str, indicator: str) -> pd.Series:
    """A region's actual values by year: an indicator's observations or its composite score."""
    periods, values = _series_index(snap).series(code, indicator)
    return pd.Series(values, index=periods, dtype="float64")


def direction_of(snap: Snapshot, indicator: str) -> str:
    if indicator == COMPOSITE:
        return "up"
    ind = snap.framework.by_id.get(indicator)
    return ind.direction if ind is not None else "up"


def target_table(snap: Snapshot, code: str, upto: int | None = None) -> pd.DataFrame:
    """Every target of a region with its status, nearest target year first per indicator.

    ``upto`` (the page's year) limits the actual values used, so an earlier year's page shows
    how things stood then. Columns: indicator_id, period, target, source, target_synthetic,
    status, actual, actual_year, projected, gap, direction.
    """

    def compute() -> pd.DataFrame:
        rows = []
        index = _series_index(snap)
        for rec in targets_for(snap, code).to_dict("records"):
            periods, values = index.series(code, rec["indicator_id"])
            if upto is not None:
                periods, values = periods[periods <= upto], values[periods <= upto]
            direction = direction_of(snap, rec["indicator_id"])
            judged = judge(periods, values, rec["value"], int(rec["period"]), direction)
            rows.append(
                {
                    "indicator_id": rec["indicator_id"],
                    "period": int(rec["period"]),
                    "target": float(rec["value"]),
                    "source": rec["source"],
                    "target_synthetic": is_synthetic(rec["source"]),
                    "status": judged.status,
                    "actual": judged.actual,
                    "actual_year": judged.actual_year,
                    "projected": judged.projected,
                    "gap": judged.gap,
                    "direction": direction,
                }
            )
        columns = [
            "indicator_id",
            "period",
            "target",
            "source",
            "target_synthetic",
            "status",
            "actual",
            "actual_year",
            "projected",
            "gap",
            "direction",
        ]
        frame = pd.DataFrame(rows, columns=columns)
        composite_first = (frame["indicator_id"] != COMPOSITE).astype(int)
        frame = frame.assign(_c=composite_first).sort_values(["_c", "indicator_id", "period"])
        return frame.drop(columns="_c").reset_index(drop=True)

    return snap.memo(("target_table", code, upto), compute)


def next_targets(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per indicator the first target at or after ``year`` (else its last): one row each."""
    if table.empty:
        return table
    ahead = table[table["period"] >= year]
    first = ahead.groupby("indicator_id", sort=False).head(1)
    rest = table[~table["indicator_id"].isin(first["indicator_id"])]
    last = rest.groupby("indicator_id", sort=False).tail(1)
    out = pd.concat([first, last])
    composite_first = (out["indicator_id"] != COMPOSITE).astype(int)
    out = out.assign(_c=composite_first).sort_values(["_c", "indicator_id"])
    return out.drop(columns="_c").reset_index(drop=True)


def status_counts(table: pd.DataFrame) -> dict[str, int]:
    counts = table["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}
