"""Tables for people: score tables with readable columns, as the CLI and exports print them."""

from __future__ import annotations

import pandas as pd

from dashboard.data.store.repository import Snapshot


def scores_frame(
    snapshot: Snapshot, *, period: int, level: str = "regency", lang: str = "id"
) -> pd.DataFrame:
    """One row per region for ``period``: code, name, every pillar and element, composite, level, ranks."""
    framework = snapshot.framework
    groups = [g.id for g in (*framework.pillars, *framework.elements)]
    if level == "province":
        table = snapshot.province_scores
        table = table[table["period"] == period].rename(columns={"province_code": "region_code"})
        ranks = ["rank_national"]
    else:
        table = snapshot.scores
        table = table[table["period"] == period]
        ranks = ["rank_national", "rank_province"]
    if table.empty:
        return pd.DataFrame()
    names = snapshot.regions.regions.set_index("code")["name"]
    levels = {lv.id: lv.name(lang) for lv in framework.levels}
    out = pd.DataFrame({"code": table["region_code"].to_numpy()})
    out["name"] = out["code"].map(names)
    for column in [*groups, "composite"]:
        out[column] = table[column].round(2).to_numpy()
    out["level"] = table["level"].map(levels).to_numpy()
    for column in ranks:
        out[column] = table[column].to_numpy()
    return out.sort_values(["rank_national", "code"], na_position="last").reset_index(drop=True)
