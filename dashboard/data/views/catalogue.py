"""The indicator catalogue: definition, coverage and latest year of every indicator."""

from __future__ import annotations

import pandas as pd

from dashboard.data.framework import CONTEXT_GROUP, Framework, Indicator
from dashboard.data.store.datasets import synthetic_mask
from dashboard.data.store.repository import SYNTHETIC, Snapshot

_COLUMNS = (
    *("id", "group", "group_kind", "group_order", "order", "sub_dimension", "name_id", "name_en"),
    *("description_id", "description_en", "unit", "direction", "categories", "source"),
    *("sources_seen", "latest", "n_with_data", "n_regions", "synthetic", "normalisation"),
    *("weight", "real_years", "real_sources"),
)


# ---------------------------------------------------------------------------- catalogue
def catalogue_table(snap: Snapshot) -> pd.DataFrame:
    """One row per framework indicator with coverage, latest year and whether values are synthetic.

    Coverage counts kab/kota with a value in the indicator's latest year (of 514); weight is the
    indicator's share of its pillar or element (0 for context indicators, which are not scored).
    """

    def compute() -> pd.DataFrame:
        fw = snap.framework
        regencies = set(snap.regions.regencies["code"])
        obs = snap.observations
        present = obs[obs["value"].notna() & obs["region_code"].isin(regencies)]
        order = {g.id: i for i, g in enumerate((*fw.pillars, *fw.elements))}
        rows = []
        for position, ind in enumerate(fw.indicators):
            row = _described(fw, ind) | _coverage(present[present["indicator_id"] == ind.id])
            row |= {"group_order": order.get(ind.group, len(order)), "order": position}
            rows.append(row | {"n_regions": len(regencies)})
        table = pd.DataFrame(rows, columns=_COLUMNS).astype({"latest": "Int64"})
        return table.sort_values(["group_order", "order"]).reset_index(drop=True)

    return snap.memo(("catalogue_table",), compute)


def _described(fw: Framework, ind: Indicator) -> dict:
    """What the framework says about an indicator."""
    kind = fw.groups[ind.group].kind if ind.group in fw.groups else "context"
    return {
        "id": ind.id,
        "group": ind.group,
        "group_kind": kind,
        "sub_dimension": ind.sub_dimension,
        "name_id": ind.name_id,
        "name_en": ind.name_en,
        "description_id": ind.description_id,
        "description_en": ind.description_en,
        "unit": ind.unit,
        "direction": ind.direction,
        "categories": ind.categories,
        "source": ind.source,
        "normalisation": ind.normalisation,
        "weight": _weight_share(fw, ind),
    }


def _coverage(own: pd.DataFrame) -> dict:
    """Latest year with values, regions with a value then, its sources and if it is synthetic."""
    latest = int(own["period"].max()) if len(own) else None
    in_latest = own[own["period"] == latest] if latest is not None else own
    sources = sorted({s for s in in_latest["source"] if s and s != SYNTHETIC})
    real = own[own["source"].astype(bool) & ~synthetic_mask(own["source"])]
    return {
        "sources_seen": tuple(sources),
        "latest": latest,
        "n_with_data": int(in_latest["region_code"].nunique()),
        "synthetic": bool((in_latest["source"] == SYNTHETIC).any()),
        "real_years": tuple(sorted(int(p) for p in real["period"].unique())),
        "real_sources": tuple(sorted(set(real["source"]))),
    }


def _weight_share(fw, ind) -> float:
    if ind.group == CONTEXT_GROUP:
        return 0.0
    total = sum(i.weight for i in fw.indicators_of(ind.group))
    return ind.weight / total if total else 0.0
