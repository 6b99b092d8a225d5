"""Kecamatan scores: the regency scoring code applied among the districts of one regency.

Each scored indicator with district values is normalised per year **among the districts of one
regency** with the same code that scores regencies nationally (:func:`.normalise.group_stats`
and :func:`.normalise.scores`: min-max, percentile or target, the indicator's direction). The
district summary is the framework-weighted mean of those indicator scores (each indicator's weight
in its group times its group's weight in the composite), over the indicators that have district
data only: it is not the readiness index and is never compared with regency scores.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.districts import district_mask
from dashboard.data.framework import Framework
from dashboard.data.scoring.normalise import _canonical_order, group_stats, scores

DISTRICT_SCORE_COLUMNS = ("region_code", "indicator_id", "period", "value", "score", "rank", "n")


def district_rows(observations: pd.DataFrame, regency: str) -> pd.DataFrame:
    """The observations of ``regency``'s districts (any indicator)."""
    codes = observations["region_code"]
    keep = district_mask(codes) & codes.str.startswith(regency + ".").to_numpy()
    return observations.loc[keep].reset_index(drop=True)


def district_scores(observations: pd.DataFrame, framework: Framework, regency: str) -> pd.DataFrame:
    """Per district, scored indicator and year: value, 0-100 score (100 = best among the
    regency's districts that year), rank (1 = best, ties share the best) and n (districts with a
    value). Other columns of the observations (source, note, ...) are kept."""
    rows = district_rows(observations, regency)
    scored = [ind.id for ind in framework.scored_indicators]
    values = rows["value"].to_numpy(dtype="float64", na_value=np.nan)
    keep = rows["indicator_id"].isin(scored).to_numpy() & np.isfinite(values)
    frame = rows.loc[keep].copy()
    if frame.empty:
        return frame.assign(score=pd.Series(dtype=float), rank=pd.Series(dtype="Int64"),
                            n=pd.Series(dtype="int64"))  # fmt: skip
    frame["value"] = values[keep]
    frame["period"] = frame["period"].astype("int64")
    frame = _canonical_order(frame)
    stats = group_stats(frame, framework)
    frame["score"] = scores(frame["value"].to_numpy(), stats)
    frame["rank"] = pd.array(stats["rank"].astype("int64"), dtype="Int64")
    frame["n"] = stats["n"].astype("int64")
    return frame


def indicator_weights(framework: Framework) -> dict[str, float]:
    """Each scored indicator's weight in the composite (weight in its group x group weight)."""
    share = {
        "pillar": framework.composite_weights.get("pillars", 1.0),
        "element": framework.composite_weights.get("elements", 0.0),
    }
    out: dict[str, float] = {}
    for group in (*framework.pillars, *framework.elements):
        members = framework.indicators_of(group.id)
        total = sum(i.weight for i in members if i.scored) or 1.0
        for ind in members:
            if ind.scored:
                out[ind.id] = ind.weight / total * group.weight * share[group.kind]
    return out


def district_summary(scored: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Per district and year: ``summary`` (weighted mean of its indicator scores), ``n_indicators``
    and ``rank`` (1 = best among the regency's districts that year)."""
    if scored.empty:
        return pd.DataFrame(columns=["region_code", "period", "summary", "n_indicators", "rank"])
    weights = indicator_weights(framework)
    frame = scored[["region_code", "period", "indicator_id", "score"]].copy()
    frame["weight"] = frame["indicator_id"].map(weights).fillna(0.0)
    frame["weighted"] = frame["score"] * frame["weight"]
    grouped = frame.groupby(["region_code", "period"], sort=True)
    out = grouped.agg(weighted=("weighted", "sum"), weight=("weight", "sum"),
                      n_indicators=("score", "count")).reset_index()  # fmt: skip
    with np.errstate(invalid="ignore", divide="ignore"):
        out["summary"] = np.where(out["weight"] > 0, out["weighted"] / out["weight"], np.nan)
    ranks = out.groupby("period")["summary"].rank(method="min", ascending=False)
    out["rank"] = ranks.astype("Int64")
    return out[["region_code", "period", "summary", "n_indicators", "rank"]]
