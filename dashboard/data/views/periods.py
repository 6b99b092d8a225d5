"""The year a screen shows when nobody chose one: one rule for every page, wall and export."""

from __future__ import annotations

from dashboard.data.store.datasets import synthetic_mask
from dashboard.data.store.repository import Snapshot


def default_period(snap: Snapshot) -> int:
    """The latest year in which at least half of the kab/kota have a composite score, preferring
    years with real (not synthetic) scored values for at least half of them.

    Without any composite (real values only, ``SAMPLE_FILL=0``) the latest year with real scored
    values. Asked by every request that names no year, so it is worked out once per snapshot.
    """
    return snap.memo(("default-period",), lambda: _default_period(snap))


def _default_period(snap: Snapshot) -> int:
    half = 0.5 * len(snap.regions.regencies)
    scores = snap.scores
    counts = scores[scores["composite"].notna()].groupby("period").size()
    good = {int(p) for p in counts[counts >= half].index}
    real = _real_periods(snap, half)
    for candidates in (good & real, good, real):
        if candidates:
            return max(candidates)
    return snap.periods[-1]


def _real_periods(snap: Snapshot, half: float) -> set[int]:
    """Years in which some scored indicator has a real value for at least half of the kab/kota."""
    obs = snap.observations
    scored = {i.id for i in snap.framework.scored_indicators}
    real = obs[obs["indicator_id"].isin(scored) & ~synthetic_mask(obs["source"])]
    per = real.groupby(["period", "indicator_id"]).size()
    return {int(p) for (p, _), n in per.items() if n >= half}
