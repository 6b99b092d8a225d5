"""Events on the time axis of one region: its programme milestones and the events file's.

Programme milestones come from the programme data (the MoU date of a participant, source the
programme record's); the events file adds national events and the region's own (bimtek sessions,
the masterplan, regulations, ...). Every figure with a time axis draws :func:`events_for`.
"""

from __future__ import annotations

import pandas as pd

from dashboard.data.store.datasets import is_synthetic, tidy_events
from dashboard.data.store.repository import Snapshot

COLUMNS = ("date", "year", "title_id", "title_en", "region_code", "category", "source", "synthetic")


def events_for(snap: Snapshot, code: str | None = None, *, national: bool = True) -> pd.DataFrame:
    """The events of a region (``code``; None: every region's) plus the national ones, by date.

    Columns: date (ISO text), year (int), title_id, title_en, region_code ("" national),
    category, source, synthetic (bool).
    """

    def compute() -> pd.DataFrame:
        events = pd.concat([_programme_events(snap), snap.events], ignore_index=True)
        events = tidy_events(events)
        events = events.drop_duplicates(["date", "region_code", "title_id"])
        keep = pd.Series(True, index=events.index)
        if code is not None:
            keep = events["region_code"] == code
            if national:
                keep |= events["region_code"] == ""
        out = events[keep].copy()
        out["year"] = out["date"].str[:4].astype(int)
        out["synthetic"] = out["source"].map(is_synthetic).astype(bool)
        return out[list(COLUMNS)].reset_index(drop=True)

    return snap.memo(("events_for", code, national), compute)


def _programme_events(snap: Snapshot) -> pd.DataFrame:
    """One MoU event per programme participant with an MoU date."""
    programme = snap.programme
    if programme is None or programme.empty or "mou_date" not in programme.columns:
        return tidy_events(pd.DataFrame())
    dated = programme[programme["mou_date"].fillna("").astype(str).str.match(r"^\d{4}-\d\d-\d\d")]
    return pd.DataFrame(
        {
            "date": dated["mou_date"].astype(str).str[:10],
            "title_id": "MoU Gerakan Menuju Smart City",
            "title_en": "Smart City Movement MoU",
            "region_code": dated["region_code"].astype(str),
            "category": "programme",
            "source": dated["source"].fillna("").astype(str) if "source" in dated.columns else "",
        }
    )


def event_title(row: dict, lang: str) -> str:
    return (row.get("title_en") or row.get("title_id")) if lang == "en" else row.get("title_id")
