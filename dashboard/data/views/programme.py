"""Programme tracker views: participants, cohorts, bimtek and masterplan progress."""

from __future__ import annotations

import pandas as pd

from dashboard.data.store.repository import SYNTHETIC, Snapshot

# Gerakan Menuju Smart City cohort sizes published by Kominfo (fact, SPEC section 2).
COHORT_FACTS = {2017: 25, 2018: 50, 2019: 25, 2021: 48, 2022: 50}


MASTERPLAN_STATES = ("none", "drafting", "adopted")


BIMTEK_SESSIONS = 4


PROGRAMME_COLUMNS = (
    "region_code",
    "cohort_year",
    "mou_date",
    "bimtek_done",
    "masterplan_status",
    "quick_wins",
    "source",
)


SUMMARY_COLUMNS = (
    "cohort_year",
    "participants",
    "fact",
    "adopted",
    "drafting",
    "none",
    "bimtek_complete",
)


# ---------------------------------------------------------------------------- programme
def programme_table(snap: Snapshot) -> pd.DataFrame:
    """Every kab/kota with its programme record (cohort_year NA = not a participant)."""

    def compute() -> pd.DataFrame:
        regencies = snap.regions.regencies[["code", "name", "province_code", "province_name"]]
        programme = snap.programme
        if programme is None or programme.empty:
            programme = pd.DataFrame(columns=list(PROGRAMME_COLUMNS))
        keep = [c for c in PROGRAMME_COLUMNS if c in programme.columns]
        merged = regencies.merge(
            programme[keep].rename(columns={"region_code": "code"}), on="code", how="left"
        )
        merged["cohort_year"] = pd.to_numeric(merged["cohort_year"]).astype("Int64")
        merged["bimtek_done"] = pd.to_numeric(merged["bimtek_done"]).astype("Int64")
        merged["participant"] = merged["cohort_year"].notna()
        return merged.reset_index(drop=True)

    return snap.memo(("programme_table",), compute)


def cohort_summary(programme: pd.DataFrame) -> pd.DataFrame:
    """Per cohort: participants, masterplans adopted/drafting/none, all four bimtek done, fact size.

    ``programme`` is :func:`programme_table` (or any frame with those columns).
    """
    members = programme[programme["cohort_year"].notna()]
    years = sorted({*COHORT_FACTS, *(int(y) for y in members["cohort_year"])})
    rows = []
    for year in years:
        cohort = members[members["cohort_year"] == year]
        status = cohort["masterplan_status"].fillna("none")
        rows.append(
            {
                "cohort_year": year,
                "participants": len(cohort),
                "fact": COHORT_FACTS.get(year),
                "adopted": int((status == "adopted").sum()),
                "drafting": int((status == "drafting").sum()),
                "none": int((status == "none").sum()),
                "bimtek_complete": int((cohort["bimtek_done"] >= BIMTEK_SESSIONS).sum()),
            }
        )
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def programme_is_synthetic(programme: pd.DataFrame) -> bool:
    """True when any participant's record comes from the synthetic sample."""
    if "source" not in programme.columns:
        return False
    return bool((programme.loc[programme["cohort_year"].notna(), "source"] == SYNTHETIC).any())
