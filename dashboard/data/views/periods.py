"""The year a screen shows when nobody chose one: one rule for every page, wall and export."""

from __future__ import annotations

from dashboard.data.store.repository import Snapshot


def default_period(snap: Snapshot) -> int:
    """The latest year in which at least half of the kab/kota have a composite score.

    Asked by every request that names no year, so it is worked out once per snapshot.
    """
    return snap.memo(("default-period",), lambda: _default_period(snap))


def _default_period(snap: Snapshot) -> int:
    scores = snap.scores
    counts = scores[scores["composite"].notna()].groupby("period").size()
    good = counts[counts >= 0.5 * len(snap.regions.regencies)]
    return int(good.index.max()) if len(good) else snap.periods[-1]
