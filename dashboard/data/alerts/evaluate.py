"""Rules x values -> the active alerts, vectorised over every region a rule covers.

Input is one long frame of values (``region_code``, ``measure``, ``period``, ``value``,
``source``, ``synthetic``; indicators and scores alike) plus the measures' directions, the
regions' provinces, the targets and today's date, so the same function serves the snapshot, the
bench and unit tests on three-row frames. A rule looks at each region's latest year with a value
(``drop`` and ``rank_fall`` compare it with the year before); a missing value never raises a
threshold, target, drop or rank alert, only a ``missing`` rule's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from dashboard.data.alerts.rules import Rule

VALUE_COLUMNS = ("region_code", "measure", "period", "value", "source", "synthetic")
TARGET_COLUMNS = ("region_code", "indicator_id", "period", "target")
ALERT_COLUMNS = (
    "key", "rule_id", "kind", "severity", "region_code", "indicator", "period", "value",
    "threshold", "reference", "reference_period", "change", "source", "synthetic", "deadline",
)  # fmt: skip


def alert_key(rule_id: str, region_code: str) -> str:
    """One alert per rule and region: the identity its history is kept under."""
    return f"{rule_id}|{region_code}"


@dataclass
class Inputs:
    """What rules are evaluated against (built once per dataset version)."""

    values: pd.DataFrame  # VALUE_COLUMNS, one row per region, measure and year with a value
    directions: dict[str, str]  # measure -> "up" | "down" (anything else counts as "up")
    provinces: pd.Series  # kab/kota code -> province code
    targets: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(TARGET_COLUMNS))
    )
    _by_measure: dict = field(default_factory=dict, repr=False)
    _ranks: dict = field(default_factory=dict, repr=False)

    def measure(self, measure: str) -> pd.DataFrame:
        """The rows of one measure, sorted by region and year (cached for the evaluation)."""
        if measure not in self._by_measure:
            rows = self.values[self.values["measure"] == measure]
            rows = rows[rows["value"].notna()].sort_values(["region_code", "period"])
            self._by_measure[measure] = rows.reset_index(drop=True)
        return self._by_measure[measure]

    def lower_is_better(self, measure: str) -> bool:
        return self.directions.get(measure) == "down"

    def ranks(self, measure: str, scope: str) -> pd.DataFrame:
        """Rank (1 = best, ties share the best) of every region per year, nationally or within
        its province, among the regions with a value."""
        key = (measure, scope)
        if key not in self._ranks:
            rows = self.measure(measure).copy()
            rows["province"] = self.provinces.reindex(rows["region_code"]).to_numpy()
            by = ["period"] if scope == "national" else ["period", "province"]
            ascending = self.lower_is_better(measure)
            rows["value"] = rows.groupby(by)["value"].rank(method="min", ascending=ascending)
            self._ranks[key] = rows.drop(columns="province")
        return self._ranks[key]


def evaluate(rules: tuple[Rule, ...], inputs: Inputs, *, today: date) -> pd.DataFrame:
    """Every active alert (ALERT_COLUMNS), most severe first, then rule order and region."""
    frames = []
    for order, rule in enumerate(rules):
        found = KINDS[rule.kind](rule, inputs, today)
        if len(found):
            found = found.assign(rule_id=rule.id, kind=rule.kind, severity=rule.severity,
                                 indicator=rule.indicator, _order=order)  # fmt: skip
            frames.append(found)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ALERT_COLUMNS})
    out = pd.concat(frames, ignore_index=True)
    for column in ALERT_COLUMNS:
        if column not in out.columns:
            out[column] = None
    out["key"] = out["rule_id"] + "|" + out["region_code"]
    severity_rank = out["severity"].map({"critical": 0, "warning": 1, "info": 2})
    out = out.assign(_sev=severity_rank).sort_values(["_sev", "_order", "region_code"])
    return out[list(ALERT_COLUMNS)].reset_index(drop=True)


# ---------------------------------------------------------------------------- helpers


def _rows(rule: Rule, inputs: Inputs) -> pd.DataFrame:
    """The rule's measure for its regions (without synthetic values if it excludes them)."""
    rows = inputs.measure(rule.indicator)
    rows = rows[rows["region_code"].isin(rule.regions)]
    if not rule.include_synthetic:
        rows = rows[~rows["synthetic"]]
    return rows


def _latest(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.groupby("region_code", sort=False).tail(1)


def _with_previous(rows: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """Each region's latest row with the value (and source) of the year before, if any."""
    before = rows[["region_code", "period", "value", "synthetic"]].rename(
        columns={
            "value": "reference",
            "synthetic": "synthetic_before",
            "period": "reference_period",
        }
    )
    merged = latest.assign(reference_period=latest["period"] - 1).merge(
        before, on=["region_code", "reference_period"], how="inner"
    )
    merged["synthetic"] = merged["synthetic"] | merged["synthetic_before"]
    return merged.drop(columns="synthetic_before")


def _worse_is_lower(rule: Rule, inputs: Inputs, side: str) -> bool:
    """Whether a lower value is what the rule watches (``worse`` follows the direction)."""
    if side == "worse":
        return not inputs.lower_is_better(rule.indicator)
    return side in ("below", "fall")


# ---------------------------------------------------------------------------- kinds


def _threshold(rule: Rule, inputs: Inputs, _today: date) -> pd.DataFrame:
    latest = _latest(_rows(rule, inputs))
    limit = rule.params["threshold"]
    values = latest["value"].to_numpy()
    hit = values < limit if rule.params["side"] == "below" else values > limit
    return latest[hit].assign(threshold=limit)


def _target(rule: Rule, inputs: Inputs, _today: date) -> pd.DataFrame:
    latest = _latest(_rows(rule, inputs))
    targets = inputs.targets
    targets = targets[targets["indicator_id"] == rule.indicator]
    merged = latest.merge(
        targets[["region_code", "period", "target"]], on=["region_code", "period"], how="inner"
    )
    merged = merged[merged["target"].notna()]
    lower = _worse_is_lower(rule, inputs, rule.params["side"])
    values, target = merged["value"].to_numpy(), merged["target"].to_numpy(dtype="float64")
    hit = values < target if lower else values > target
    return merged[hit].rename(columns={"target": "threshold"})


def _rank_fall(rule: Rule, inputs: Inputs, _today: date) -> pd.DataFrame:
    ranks = inputs.ranks(rule.indicator, rule.params["scope"])
    rows = ranks[ranks["region_code"].isin(rule.regions)]
    if not rule.include_synthetic:
        rows = rows[~rows["synthetic"]]
    merged = _with_previous(rows, _latest(rows))
    merged["change"] = merged["value"] - merged["reference"]  # places lost (rank grew)
    places = rule.params["places"]
    return merged[merged["change"] >= places].assign(threshold=float(places))


def _drop(rule: Rule, inputs: Inputs, _today: date) -> pd.DataFrame:
    rows = _rows(rule, inputs)
    merged = _with_previous(rows, _latest(rows))
    lower = _worse_is_lower(rule, inputs, rule.params["change"])
    delta = merged["value"] - merged["reference"]
    worse = -delta if lower else delta  # how far it moved the watched way
    if rule.params["by"] == "percent":
        base = merged["reference"].abs().replace(0, np.nan)
        worse = 100 * worse / base
        merged["change"] = 100 * delta / base
    else:
        merged["change"] = delta
    limit = rule.params["threshold"]
    return merged[(worse >= limit).fillna(False)].assign(threshold=limit)


def _missing(rule: Rule, inputs: Inputs, today: date) -> pd.DataFrame:
    deadline = date.fromisoformat(rule.params["deadline"])
    if today <= deadline:
        return pd.DataFrame()
    period = rule.params["period"]
    rows = inputs.measure(rule.indicator)
    have = rows.loc[rows["period"] == period]
    if not rule.include_synthetic:
        have = have[~have["synthetic"]]
    lacking = [code for code in rule.regions if code not in set(have["region_code"])]
    return pd.DataFrame(
        {
            "region_code": lacking,
            "period": period,
            "value": np.nan,
            "source": "",
            "synthetic": False,
            "deadline": rule.params["deadline"],
        }
    )


KINDS = {
    "threshold": _threshold,
    "target": _target,
    "rank_fall": _rank_fall,
    "drop": _drop,
    "missing": _missing,
}
