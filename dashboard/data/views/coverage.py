"""Data coverage: which indicator values are real, synthetic or missing, and who should send them.

Answers the questions of ``/data``, its downloads, the collection templates and the wall scene
``data``, per snapshot (memoised). "Real" is a value whose ``source`` is anything but
:data:`~dashboard.data.store.datasets.SYNTHETIC`; "synthetic" is a sample value; "missing" is no
value at all. Only the 514 kab/kota count (province-level values are not coverage of a region).
The publisher of an indicator is its framework ``source`` (the agency that owns the number).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.errors import DataError
from dashboard.data.framework import Indicator
from dashboard.data.imports.tables.bilingual import Bilingual
from dashboard.data.store.repository import SYNTHETIC, Snapshot

STATUSES = ("real", "synthetic", "missing")
SCOPE_ALL, SCOPE_HOME = "all", "home"


def _present(snap: Snapshot) -> pd.DataFrame:
    """Regency observations with a value, and whether each is real."""

    def compute() -> pd.DataFrame:
        obs = snap.observations
        regencies = set(snap.regions.regencies["code"])
        keep = obs["value"].notna() & obs["region_code"].isin(regencies)
        out = obs.loc[keep, ["region_code", "indicator_id", "period", "source"]].copy()
        out["real"] = out["source"] != SYNTHETIC
        return out.reset_index(drop=True)

    return snap.memo(("coverage-present",), compute)


def coverage_matrix(snap: Snapshot) -> pd.DataFrame:
    """Per framework indicator and dataset year: kab/kota with a real, a synthetic or no value.

    Columns ``indicator_id, period, real, synthetic, missing, n_regions``; indicators in framework
    order, every year of the dataset (an indicator with no value in a year counts all missing).
    """

    def compute() -> pd.DataFrame:
        present = _present(snap)
        n = len(snap.regions.regencies)
        counts = (
            present.groupby(["indicator_id", "period"])["real"]
            .agg(real="sum", total="size")
            .reset_index()
        )
        ids = [i.id for i in snap.framework.indicators]
        grid = pd.MultiIndex.from_product([ids, snap.periods], names=["indicator_id", "period"])
        table = grid.to_frame(index=False).merge(counts, on=["indicator_id", "period"], how="left")
        table[["real", "total"]] = table[["real", "total"]].fillna(0).astype("int64")
        table["synthetic"] = table["total"] - table["real"]
        table["missing"] = n - table["total"]
        table["n_regions"] = n
        return table[["indicator_id", "period", "real", "synthetic", "missing", "n_regions"]]

    return snap.memo(("coverage-matrix",), compute)


def latest_real(snap: Snapshot) -> dict[str, int]:
    """The latest year in which each indicator has at least one real kab/kota value."""

    def compute() -> dict[str, int]:
        present = _present(snap)
        years = present[present["real"]].groupby("indicator_id")["period"].max()
        return {str(k): int(v) for k, v in years.items()}

    return snap.memo(("coverage-latest-real",), compute)


def indicator_coverage(snap: Snapshot, period: int) -> pd.DataFrame:
    """One row per framework indicator for ``period``: counts, publisher and latest real year.

    Columns ``id, name_id, name_en, unit, scored, publisher, real, synthetic, missing, n_regions,
    latest_real`` (``latest_real`` is <NA> when no real value exists in any year).
    """

    def compute() -> pd.DataFrame:
        matrix = coverage_matrix(snap)
        year = matrix[matrix["period"] == int(period)].set_index("indicator_id")
        n = len(snap.regions.regencies)
        latest = latest_real(snap)
        rows = []
        for ind in snap.framework.indicators:
            counts = year.loc[ind.id] if ind.id in year.index else None
            rows.append(
                {
                    **_describe(ind),
                    "real": int(counts["real"]) if counts is not None else 0,
                    "synthetic": int(counts["synthetic"]) if counts is not None else 0,
                    "missing": int(counts["missing"]) if counts is not None else n,
                    "n_regions": n,
                    "latest_real": latest.get(ind.id),
                }
            )
        return pd.DataFrame(rows).astype({"latest_real": "Int64"})

    return snap.memo(("coverage-indicators", int(period)), compute)


def _describe(ind: Indicator) -> dict:
    return {
        "id": ind.id,
        "name_id": ind.name_id,
        "name_en": ind.name_en,
        "unit": ind.unit,
        "scored": ind.scored,
        "publisher": ind.source,
    }


def region_status(snap: Snapshot, region: str, period: int) -> pd.DataFrame:
    """Every framework indicator for one kab/kota and year: real, synthetic or missing.

    Columns ``id, name_id, name_en, unit, scored, publisher, status, latest_real`` (the region's
    own latest real year, <NA> if none).
    """

    def compute() -> pd.DataFrame:
        present = _present(snap)
        own = present[present["region_code"] == region]
        this_year = own[own["period"] == int(period)].set_index("indicator_id")["real"]
        latest = own[own["real"]].groupby("indicator_id")["period"].max()
        rows = []
        for ind in snap.framework.indicators:
            if ind.id in this_year.index:
                status = "real" if bool(this_year.loc[ind.id]) else "synthetic"
            else:
                status = "missing"
            rows.append(
                {
                    **_describe(ind),
                    "status": status,
                    "latest_real": int(latest[ind.id]) if ind.id in latest.index else None,
                }
            )
        return pd.DataFrame(rows).astype({"latest_real": "Int64"})

    return snap.lru(("coverage-region", region, int(period)), compute, maxsize=64)


def missing_for_region(snap: Snapshot, region: str, period: int) -> pd.DataFrame:
    """The indicators a kab/kota lacks a real value for in ``period`` (synthetic or none)."""
    status = region_status(snap, region, period)
    return status[status["status"] != "real"].reset_index(drop=True)


@dataclass(frozen=True)
class RegionCoverage:
    """Counts of one kab/kota's indicators by status (the wall scene's headline numbers)."""

    region: str
    period: int
    real: int
    synthetic: int
    missing: int

    @property
    def total(self) -> int:
        return self.real + self.synthetic + self.missing


def region_summary(snap: Snapshot, region: str, period: int, *, scored_only: bool = True):
    """How many of a kab/kota's (scored) indicators are real, synthetic or missing."""
    status = region_status(snap, region, period)
    if scored_only:
        status = status[status["scored"]]
    counts = status["status"].value_counts()
    return RegionCoverage(region, int(period), *(int(counts.get(s, 0)) for s in STATUSES))


def regions_home_first(snap: Snapshot, home: str) -> list[str]:
    """Every kab/kota code, the home region first, then the home province, then the rest."""
    codes = list(snap.regions.regencies["code"])
    province = home.split(".")[0]
    rank = {code: (code != home, code.split(".")[0] != province, code) for code in codes}
    return sorted(codes, key=rank.__getitem__)


def scope_regions(snap: Snapshot, scope: str | None, *, home: str) -> list[str]:
    """The kab/kota a request or template covers: ``all``, ``home``, a province or a kab/kota.

    Accepts the forms regions are written in elsewhere (``32``, ``32.16``, ``3216``, a name);
    anything else raises DataError ``coverage.bad_scope`` saying what is accepted.
    """
    text = (scope or SCOPE_HOME).strip()
    codes = snap.regions.regencies["code"]
    if text.lower() == SCOPE_ALL:
        return list(codes)
    if text.lower() == SCOPE_HOME:
        return [home]
    code, error = snap.regions.try_resolve(text)
    if code is None:
        reason = Bilingual(*(error.reason(lang) for lang in ("id", "en"))) if error else ""
        raise DataError("coverage.bad_scope", scope=text[:60], detail=reason)
    if "." in code:
        return [code]
    return [c for c in codes if c.split(".")[0] == code]


def data_request(
    snap: Snapshot, period: int, regions: list[str], *, indicators: list[str] | None = None
) -> pd.DataFrame:
    """What to ask each publisher for: per publisher and indicator, the kab/kota of ``regions``
    without a real value in ``period``.

    Columns ``publisher, id, name_id, name_en, unit, period, lacking, synthetic, missing,
    latest_real, regions`` (``regions`` the lacking codes, comma-separated); sorted by publisher
    then framework order; indicators every region already has are left out.
    """
    wanted = set(regions)
    present = _present(snap)
    year = present[(present["period"] == int(period)) & present["region_code"].isin(wanted)]
    latest = latest_real(snap)
    chosen = set(indicators) if indicators else None
    order = {ind.id: i for i, ind in enumerate(snap.framework.indicators)}
    rows = []
    for ind in snap.framework.indicators:
        if chosen is not None and ind.id not in chosen:
            continue
        own = year[year["indicator_id"] == ind.id]
        real = set(own.loc[own["real"], "region_code"])
        synthetic = set(own.loc[~own["real"], "region_code"])
        lacking = [c for c in regions if c not in real]
        if not lacking:
            continue
        rows.append(
            {
                **_describe(ind),
                "period": int(period),
                "lacking": len(lacking),
                "synthetic": sum(c in synthetic for c in lacking),
                "missing": sum(c not in synthetic for c in lacking),
                "latest_real": latest.get(ind.id),
                "regions": ", ".join(lacking),
            }
        )
    columns = [
        *("publisher", "id", "name_id", "name_en", "unit", "scored", "period", "lacking"),
        *("synthetic", "missing", "latest_real", "regions"),
    ]
    table = pd.DataFrame(rows, columns=columns).astype({"latest_real": "Int64"})
    table["_order"] = table["id"].map(order)
    table = table.sort_values(["publisher", "_order"], kind="stable").drop(columns="_order")
    return table.reset_index(drop=True)


def publishers(snap: Snapshot) -> list[str]:
    """The agencies named as the source of framework indicators, sorted."""
    return sorted({ind.source for ind in snap.framework.indicators})


def publisher_indicators(snap: Snapshot, publisher: str) -> list[str]:
    """The ids of the indicators whose framework source is ``publisher``."""
    return [ind.id for ind in snap.framework.indicators if ind.source == publisher]
