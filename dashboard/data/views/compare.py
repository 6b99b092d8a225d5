"""Side-by-side values and scores of up to six regions (the compare page)."""

from __future__ import annotations

import pandas as pd

from dashboard.data.store.repository import Snapshot
from dashboard.data.views.regions import MAX_COMPARE, short_name

__all__ = ["MAX_COMPARE", "compare_scores", "compare_values", "value_grid"]


# ---------------------------------------------------------------------------- compare
def compare_scores(snap: Snapshot, codes: list[str] | tuple[str, ...], period: int) -> pd.DataFrame:
    """One row per region (in the given order): code, label, composite and every group score."""
    groups = [g.id for g in (*snap.framework.pillars, *snap.framework.elements)]
    scores = snap.scores
    rows = scores[(scores["period"] == period) & scores["region_code"].isin(codes)]
    rows = rows.set_index("region_code").reindex(list(codes))
    out = pd.DataFrame(
        {
            "code": list(codes),
            "label": [short_name(snap.regions.name(c)) for c in codes],
            "composite": rows["composite"].to_numpy(dtype=float),
        }
    )
    for group in groups:
        out[group] = rows[group].to_numpy(dtype=float)
    return out


def compare_values(snap: Snapshot, codes: list[str] | tuple[str, ...], period: int) -> pd.DataFrame:
    """Latest value up to ``period`` of every indicator for each region, with its year and source.

    Long format: indicator_id, code, value, period, source. A missing pair has no row.
    """
    obs = snap.observations
    mask = obs["region_code"].isin(codes) & (obs["period"] <= period) & obs["value"].notna()
    latest = (
        obs.loc[mask, ["indicator_id", "region_code", "period", "value", "source"]]
        .sort_values("period")
        .groupby(["indicator_id", "region_code"], sort=False)
        .tail(1)
    )
    return latest.rename(columns={"region_code": "code"}).reset_index(drop=True)


def value_grid(values: pd.DataFrame, codes: list[str] | tuple[str, ...], indicator_ids: list[str]):
    """Wide table of ``compare_values``: rows = indicator ids (given order), columns = codes."""
    wide = values.pivot_table(index="indicator_id", columns="code", values="value", aggfunc="last")
    return wide.reindex(index=indicator_ids, columns=list(codes)).astype(float)
