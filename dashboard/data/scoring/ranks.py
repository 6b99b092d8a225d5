"""A region's place per indicator, and its strongest and weakest indicators."""

from __future__ import annotations

import pandas as pd

from dashboard.data.framework import Framework
from dashboard.data.scoring.normalise import group_stats, mid_rank_percentile, scorable, scores


def indicator_ranks(observations: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Per region, scored indicator and period: value, score, rank, n_regions and percentile.

    rank is national and direction-aware (1 = best, ties share the best rank); n_regions counts
    the regencies with a value; percentile is 0-100, higher = better (mid-rank, alone = 50).
    Extra input columns (source, reference_date, note) are kept for the profile page.
    """
    frame = scorable(observations, framework)
    stats = group_stats(frame, framework)
    frame["score"] = scores(frame["value"].to_numpy(), stats)
    frame["rank"] = stats["rank"].astype("int64")
    frame["n_regions"] = stats["n"].astype("int64")
    frame["percentile"] = mid_rank_percentile(stats)
    return frame


def strongest_weakest(
    normalised: pd.DataFrame, region_code: str, period: int, *, n: int = 3
) -> tuple[list[str], list[str]]:
    """Indicator ids with the highest and the lowest scores for one region and period.

    The two lists never share an indicator: with fewer than 2n scores, the strongest get the
    larger half. Ties are broken by indicator id so the answer is stable.
    """
    mask = (normalised["region_code"] == region_code) & (normalised["period"] == period)
    rows = normalised.loc[mask & normalised["score"].notna(), ["indicator_id", "score"]]
    ranked = rows.sort_values(["score", "indicator_id"], ascending=[False, True], kind="stable")
    n_strong = min(n, (len(ranked) + 1) // 2)
    n_weak = min(n, len(ranked) // 2)
    rest = ranked.iloc[n_strong:].sort_values(["score", "indicator_id"], kind="stable")
    strongest = ranked["indicator_id"].iloc[:n_strong].astype(str).tolist()
    return strongest, rest["indicator_id"].iloc[:n_weak].astype(str).tolist()
