"""The kecamatan (district) level of a snapshot: which districts exist, which regencies and
indicators have district data, values, scores and profiles. Memoised per snapshot.

``district_list(snap, regency=None)`` is the one list of district codes and names (for pages, the
region search, the wall): the active boundary version's district level plus any district the data
holds, each with a display ``label`` (its name, or its code when no name is known).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.districts import district_label, regency_of
from dashboard.data.scoring.districts import district_scores, district_summary
from dashboard.data.store.datasets import SYNTHETIC, synthetic_mask
from dashboard.data.store.repository import Snapshot

SUMMARY = "summary"  # the district summary score (measure id on the district view)


def district_list(snap: Snapshot, regency: str | None = None) -> pd.DataFrame:
    """Districts (code, name, regency_code, label), sorted by code; of one regency if given."""

    def compute() -> pd.DataFrame:
        table = snap.districts.copy()
        table["label"] = [district_label(c, n) for c, n in zip(table["code"], table["name"],
                                                               strict=True)]  # fmt: skip
        return table

    table = snap.memo(("district_list",), compute)
    if regency is None:
        return table
    return table[table["regency_code"] == regency].reset_index(drop=True)


def regencies_with_districts(snap: Snapshot) -> list[str]:
    """Regencies that have district observations (the district view and the link need them)."""

    def compute() -> list[str]:
        codes = pd.unique(snap.district_observations["region_code"].to_numpy())
        return sorted({regency_of(c) for c in codes})

    return snap.memo(("district_regencies",), compute)


def has_district_data(snap: Snapshot, regency: str) -> bool:
    return regency in regencies_with_districts(snap)


def district_observations(snap: Snapshot, regency: str) -> pd.DataFrame:
    """The observations of one regency's districts."""

    def compute() -> pd.DataFrame:
        obs = snap.district_observations
        return obs[obs["region_code"].str.startswith(regency + ".")].reset_index(drop=True)

    return snap.memo(("district_obs", regency), compute)


def district_indicators(snap: Snapshot, regency: str) -> list[str]:
    """Indicator ids with district values in ``regency``, in framework order."""
    present = set(district_observations(snap, regency)["indicator_id"])
    return [ind.id for ind in snap.framework.indicators if ind.id in present]


def district_periods(snap: Snapshot, regency: str, measure_id: str = SUMMARY) -> list[int]:
    obs = district_observations(snap, regency)
    if measure_id != SUMMARY:
        obs = obs[obs["indicator_id"] == measure_id]
    return sorted(int(p) for p in obs["period"].unique())


def scored_districts(snap: Snapshot, regency: str) -> pd.DataFrame:
    """Indicator scores among the regency's districts (:func:`scoring.districts.district_scores`)."""
    return snap.memo(
        ("district_scores", regency),
        lambda: district_scores(district_observations(snap, regency), snap.framework, regency),
    )


def summary_table(snap: Snapshot, regency: str) -> pd.DataFrame:
    return snap.memo(
        ("district_summary", regency),
        lambda: district_summary(scored_districts(snap, regency), snap.framework),
    )


def district_values(snap: Snapshot, regency: str, measure_id: str, period: int) -> pd.DataFrame:
    """Every district of the regency with its value for one measure and year.

    Columns: code, label, value (NaN = no data), score (0-100 among the regency's districts; the
    summary's value is its score), rank (1 = best), n (districts ranked), source, synthetic.
    """

    def compute() -> pd.DataFrame:
        districts = district_list(snap, regency)[["code", "label"]]
        if measure_id == SUMMARY:
            table = summary_table(snap, regency)
            rows = table[table["period"] == period]
            values = pd.DataFrame({"code": rows["region_code"], "value": rows["summary"],
                                   "score": rows["summary"], "rank": rows["rank"]})  # fmt: skip
            obs = district_observations(snap, regency)
            synthetic = (
                obs[obs["period"] == period]
                .groupby("region_code")["source"]
                .agg(lambda s: bool(synthetic_mask(s).any()))
            )
            values["source"] = np.where(values["code"].map(synthetic).fillna(False), SYNTHETIC, "")
        else:
            obs = district_observations(snap, regency)
            rows = obs[(obs["indicator_id"] == measure_id) & (obs["period"] == period)]
            values = rows[["region_code", "value", "source"]].rename(
                columns={"region_code": "code"}
            )
            scored = scored_districts(snap, regency)
            scored = scored[(scored["indicator_id"] == measure_id) & (scored["period"] == period)]
            values = values.merge(
                scored[["region_code", "score", "rank"]].rename(columns={"region_code": "code"}),
                on="code",
                how="left",
            )
            if scored.empty:  # a context indicator: ranked by value, in its direction
                direction = snap.framework.indicator(measure_id).direction
                values["rank"] = values["value"].rank(method="min", ascending=direction == "down")
        out = districts.merge(values, on="code", how="outer")
        out["label"] = out["label"].fillna(out["code"])
        out["source"] = out["source"].fillna("")
        out["synthetic"] = synthetic_mask(out["source"]).to_numpy()
        out["rank"] = out["rank"].astype("Int64")
        out["n"] = int(out["value"].notna().sum())
        return out.sort_values("code").reset_index(drop=True)

    return snap.lru(("district_values", regency, measure_id, int(period)), compute)


def district_sources(values: pd.DataFrame) -> list[str]:
    """Real publishers of the values shown (the synthetic marker is labelled separately)."""
    present = values["value"].notna()
    return sorted({s for s in values.loc[present, "source"] if s and s != SYNTHETIC})


def district_profile(snap: Snapshot, code: str, period: int) -> pd.DataFrame:
    """One district's indicators with district data that year: indicator, value, score, rank, n,
    the regency's own value, source, note and whether the value is synthetic."""
    regency = regency_of(code)

    def compute() -> pd.DataFrame:
        obs = district_observations(snap, regency)
        rows = obs[(obs["region_code"] == code) & (obs["period"] == period)]
        scored = scored_districts(snap, regency)
        scored = scored[(scored["region_code"] == code) & (scored["period"] == period)]
        out = rows[["indicator_id", "value", "source", "note"]].merge(
            scored[["indicator_id", "score", "rank", "n"]], on="indicator_id", how="left"
        )
        home = snap.observations
        home = home[(home["region_code"] == regency) & (home["period"] == period)]
        out["regency_value"] = out["indicator_id"].map(home.set_index("indicator_id")["value"])
        out["synthetic"] = synthetic_mask(out["source"]).to_numpy()
        order = {ind.id: i for i, ind in enumerate(snap.framework.indicators)}
        out["_order"] = out["indicator_id"].map(order)
        return out.sort_values("_order").drop(columns="_order").reset_index(drop=True)

    return snap.lru(("district_profile", code, int(period)), compute)
