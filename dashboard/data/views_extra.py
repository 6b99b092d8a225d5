"""View models for the compare, catalogue and programme pages (pure, memoised per snapshot).

They answer questions like "which regions did the link ask for", "what does each indicator
cover" and "how far along is each cohort", so pages only lay the answers out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.errors import DataError
from dashboard.data.framework import CONTEXT_GROUP
from dashboard.data.regions import RegionIndex
from dashboard.data.repository import SYNTHETIC, Snapshot

MAX_COMPARE = 6
# Gerakan Menuju Smart City cohort sizes published by Kominfo (fact, SPEC section 2).
COHORT_FACTS = {2017: 25, 2018: 50, 2019: 25, 2021: 48, 2022: 50}
MASTERPLAN_STATES = ("none", "drafting", "adopted")
BIMTEK_SESSIONS = 4
_SHORT_PREFIXES = (
    ("Kabupaten Administrasi ", "Kab. Adm. "),
    ("Kota Administrasi ", "Kota Adm. "),
    ("Kabupaten ", "Kab. "),
)
_SHORT_PROVINCES = (("Daerah Khusus Ibukota ", "DKI "), ("Daerah Istimewa ", "DI "))
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


# ---------------------------------------------------------------------------- region choice
@dataclass(frozen=True)
class RegionChoice:
    """The kab/kota a link asked for: usable codes, keys not understood, codes over the limit."""

    codes: tuple[str, ...]
    unknown: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()


def short_name(name: str) -> str:
    """'Kabupaten Bekasi' -> 'Kab. Bekasi' (labels must fit in a dropdown and a table header)."""
    for long, short in _SHORT_PREFIXES:
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def short_province(name: str) -> str:
    for long, short in _SHORT_PROVINCES:
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def region_choices(regions: RegionIndex) -> pd.DataFrame:
    """Every kab/kota as code, label 'Kab. Bekasi (Jawa Barat)' and search text, by name."""
    frame = regions.regencies
    bare = frame["name"].str.replace(r"^(Kabupaten|Kota)( Administrasi)? ", "", regex=True)
    out = pd.DataFrame(
        {
            "code": frame["code"],
            "label": [
                f"{short_name(n)} ({short_province(p)})"
                for n, p in zip(frame["name"], frame["province_name"], strict=True)
            ],
            "search": frame["name"]
            + " "
            + frame["province_name"]
            + " "
            + frame["code"]
            + " "
            # BPS code, so "3216" finds Kabupaten Bekasi too
            + frame["bps_code"].astype(str),
            "_bare": bare,
        }
    )
    return out.sort_values(["_bare", "label"]).drop(columns="_bare").reset_index(drop=True)


def parse_region_keys(
    regions: RegionIndex, raw: object, *, limit: int = MAX_COMPARE
) -> RegionChoice:
    """Dotted codes, BPS codes or names (a comma-separated string or a list) -> kab/kota codes.

    Never raises: keys that are not one kab/kota (unknown, ambiguous, a province) are returned in
    ``unknown`` so the page can list them; duplicates are dropped; codes beyond ``limit`` go to
    ``dropped``.
    """
    if raw is None:
        return RegionChoice(())
    keys = raw.split(",") if isinstance(raw, str) else [str(k) for k in raw]  # type: ignore[union-attr]
    codes: list[str] = []
    unknown: list[str] = []
    for key in (k.strip() for k in keys):
        if not key:
            continue
        try:
            code = regions.resolve(key)
        except DataError:
            code = None
        if code is None or "." not in code:
            if key not in unknown:
                unknown.append(key)
        elif code not in codes:
            codes.append(code)
    return RegionChoice(tuple(codes[:limit]), tuple(unknown), tuple(codes[limit:]))


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


# ---------------------------------------------------------------------------- catalogue
def catalogue_table(snap: Snapshot) -> pd.DataFrame:
    """One row per framework indicator with coverage, latest year and whether values are synthetic.

    Coverage counts kab/kota with a value in the indicator's latest year (of 514); weight is the
    indicator's share of its pillar or element (0 for context indicators, which are not scored).
    """

    def compute() -> pd.DataFrame:
        fw = snap.framework
        obs = snap.observations
        present = obs[obs["value"].notna()]
        regencies = set(snap.regions.regencies["code"])
        present = present[present["region_code"].isin(regencies)]
        order = {g.id: i for i, g in enumerate((*fw.pillars, *fw.elements))}
        rows = []
        for position, ind in enumerate(fw.indicators):
            own = present[present["indicator_id"] == ind.id]
            latest = int(own["period"].max()) if len(own) else None
            in_latest = own[own["period"] == latest] if latest is not None else own
            sources = sorted({s for s in in_latest["source"] if s and s != SYNTHETIC})
            rows.append(
                {
                    "id": ind.id,
                    "group": ind.group,
                    "group_kind": fw.groups[ind.group].kind
                    if ind.group in fw.groups
                    else "context",
                    "group_order": order.get(ind.group, len(order)),
                    "order": position,
                    "sub_dimension": ind.sub_dimension,
                    "name_id": ind.name_id,
                    "name_en": ind.name_en,
                    "description_id": ind.description_id,
                    "description_en": ind.description_en,
                    "unit": ind.unit,
                    "direction": ind.direction,
                    "categories": ind.categories,
                    "source": ind.source,
                    "sources_seen": tuple(sources),
                    "latest": latest,
                    "n_with_data": int(in_latest["region_code"].nunique()),
                    "n_regions": len(regencies),
                    "synthetic": bool((in_latest["source"] == SYNTHETIC).any()),
                    "normalisation": ind.normalisation,
                    "weight": _weight_share(fw, ind),
                }
            )
        table = pd.DataFrame(rows).astype({"latest": "Int64"})
        return table.sort_values(["group_order", "order"]).reset_index(drop=True)

    return snap.memo(("catalogue_table",), compute)


def _weight_share(fw, ind) -> float:
    if ind.group == CONTEXT_GROUP:
        return 0.0
    total = sum(i.weight for i in fw.indicators_of(ind.group))
    return ind.weight / total if total else 0.0


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


def default_period(snap: Snapshot) -> int:
    """The latest year in which at least half of the kab/kota have a composite score."""
    scores = snap.scores
    counts = scores[scores["composite"].notna()].groupby("period").size()
    good = counts[counts >= 0.5 * len(snap.regions.regencies)]
    return int(good.index.max()) if len(good) else snap.periods[-1]


def period_or_default(snap: Snapshot, raw: object) -> tuple[int, bool]:
    """A year from the URL, or the default year and False when it is missing or not in the data."""
    try:
        year = int(str(raw))
    except (TypeError, ValueError):
        return default_period(snap), raw in (None, "")
    if year in snap.periods:
        return year, True
    return default_period(snap), False
