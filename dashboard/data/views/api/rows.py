"""The rows of each endpoint for a valid query, as frames with exactly the declared columns.

Computed once per snapshot (dataset version) and filter set, then shared by every page, format and
client. The synthetic flag of an observation is its ``source`` (``datasets.synthetic_mask``); a
score says how many of the scored indicator values behind it are real and synthetic.
"""

from __future__ import annotations

import pandas as pd

from dashboard.data.districts import is_district_code
from dashboard.data.framework import CONTEXT_GROUP
from dashboard.data.store.datasets import synthetic_mask
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.alerts import alert_table, alerts_version
from dashboard.data.views.api.query import Query
from dashboard.data.views.api.spec import BY_NAME, Field
from dashboard.data.views.coverage import indicator_coverage
from dashboard.data.views.periods import default_period
from dashboard.data.views.provenance import COMPOSITE, input_counts
from dashboard.i18n import t

SCORE_DECIMALS = 2


def rows(snap: Snapshot, query: Query) -> pd.DataFrame:
    """Every row of the answer to ``query`` (before paging), columns as declared."""
    key = ("api-rows", query.endpoint, query.filters, query.lang, *variant(snap, query.endpoint))
    return snap.lru(key, lambda: _conform(snap, query, BUILDERS[query.endpoint](snap, query)))


def records(snap: Snapshot, query: Query) -> list[dict]:
    """:func:`rows` as JSON-ready dicts (None for missing), computed once per filter set."""
    key = ("api-records", query.endpoint, query.filters, query.lang, *variant(snap, query.endpoint))

    def compute() -> list[dict]:
        frame = rows(snap, query)
        return frame.astype(object).where(frame.notna(), None).to_dict("records")

    return snap.lru(key, compute, maxsize=64)


def variant(snap: Snapshot, endpoint: str) -> tuple:
    """What an answer depends on besides the dataset version: the alert rules and the day."""
    return (alerts_version(snap),) if endpoint == "alerts" else ()


def _conform(snap: Snapshot, query: Query, frame: pd.DataFrame) -> pd.DataFrame:
    """Exactly the declared columns, in order, with their JSON types."""
    fields: tuple[Field, ...] = BY_NAME[query.endpoint].fields(snap)
    out = pd.DataFrame(index=frame.index)
    for f in fields:
        column = frame[f.name] if f.name in frame.columns else pd.Series(None, index=frame.index)
        if f.type == "integer":
            column = pd.to_numeric(column).astype("Int64")
        elif f.type == "number":
            column = pd.to_numeric(column).astype("float64")
        elif f.type == "boolean":
            column = column.astype(bool)
        else:
            column = column.astype(object).where(column.notna(), "" if not f.nullable else None)
            column = column.map(lambda v: v if v is None else str(v))
        out[f.name] = column
    return out.reset_index(drop=True)


def _regions(snap: Snapshot, query: Query) -> pd.DataFrame:
    table = snap.regions.regions
    level, province = query.get("level"), query.get("province")
    if level == "province":
        table = table[table["type"] == "provinsi"]
    elif level == "regency":
        table = table[table["type"] != "provinsi"]
    if province:
        table = table[table["province_code"] == province]
    return table


def _indicators(snap: Snapshot, query: Query) -> pd.DataFrame:
    lang = query.lang
    period = int(query.get("period") or default_period(snap))
    coverage = indicator_coverage(snap, period).set_index("id")
    obs = snap.observations
    spans = obs.groupby("indicator_id")["period"].agg(["min", "max"])
    pairs = obs[["indicator_id", "source"]].drop_duplicates()
    sources = pairs.groupby("indicator_id")["source"].agg(lambda s: "; ".join(sorted(s)))
    out = []
    for ind in snap.framework.indicators:
        group = snap.framework.groups.get(ind.group)
        counts = coverage.loc[ind.id]
        out.append(
            {
                "id": ind.id,
                "name": ind.name(lang),
                "name_id": ind.name_id,
                "name_en": ind.name_en,
                "definition": ind.description(lang),
                "unit": ind.unit,
                "frequency": t("api.frequency_annual", lang),
                "publisher": ind.source,
                "level": t("api.level_regency", lang),
                "source": sources.get(ind.id, ""),
                "direction": ind.direction,
                "group": ind.group,
                "group_name": group.name(lang) if group else t("api.group_context", lang),
                "scored": ind.group != CONTEXT_GROUP,
                "weight": ind.weight,
                "first_period": spans["min"].get(ind.id),
                "last_period": spans["max"].get(ind.id),
                "coverage_period": period,
                "real_regions": counts["real"],
                "synthetic_regions": counts["synthetic"],
                "missing_regions": counts["missing"],
                "latest_real_period": counts["latest_real"],
            }
        )
    return pd.DataFrame(out)


def _observations(snap: Snapshot, query: Query) -> pd.DataFrame:
    """Province and kab/kota observations; a district's (``region=32.16.01``) when asked for."""
    district = is_district_code(query.get("region"))
    obs = snap.district_observations if district else snap.observations
    keep = pd.Series(True, index=obs.index)
    if query.get("indicator"):
        keep &= obs["indicator_id"] == query.get("indicator")
    if query.get("period"):
        keep &= obs["period"] == int(query.get("period") or 0)
    if query.get("region"):
        keep &= obs["region_code"] == query.get("region")
    if query.get("province"):
        province = str(query.get("province"))
        keep &= (obs["region_code"] == province) | obs["region_code"].str.startswith(province + ".")
    out = obs[keep].copy()
    out["synthetic"] = synthetic_mask(out["source"])
    out["dataset_version"] = snap.version
    return out.sort_values(["period", "indicator_id", "region_code"], kind="stable")


def synthetic_shares(snap: Snapshot) -> pd.DataFrame:
    """Per region (kab/kota and province) and year: real and synthetic scored inputs and the share.

    From :func:`~dashboard.data.views.provenance.input_counts` (the composite's inputs), the same
    counts the screens use; a province counts the inputs of its kab/kota and its own values.
    """

    def compute() -> pd.DataFrame:
        counts = input_counts(snap)
        counts = counts[counts["measure"] == COMPOSITE]
        columns = ["n_real", "n_synthetic"]
        regencies = counts[counts["region_code"].str.contains(".", regex=False)]
        regency = regencies.groupby(["region_code", "period"])[columns].sum()
        province = counts.assign(region_code=counts["region_code"].str.slice(0, 2))
        province = province.groupby(["region_code", "period"])[columns].sum()
        both = pd.concat([regency, province]).reset_index()
        total = both["n_real"] + both["n_synthetic"]
        both["synthetic_share"] = (both["n_synthetic"] / total.where(total > 0)).round(3)
        return both.rename(columns={"n_real": "real_inputs", "n_synthetic": "synthetic_inputs"})

    return snap.memo(("api-synthetic-shares",), compute)


def _scores(snap: Snapshot, query: Query) -> pd.DataFrame:
    period = int(query.get("period") or default_period(snap))
    province = query.get("province")
    if query.get("level") == "province":
        table = snap.province_scores.rename(columns={"province_code": "region_code"})
        table = table[table["period"] == period]
        if province:
            table = table[table["region_code"] == province]
    else:
        table = snap.scores[snap.scores["period"] == period]
        if province:
            table = table[table["province_code"] == province]
    levels = {lv.id: lv.name(query.lang) for lv in snap.framework.levels}
    out = table.merge(synthetic_shares(snap), on=["region_code", "period"], how="left")
    out["maturity_level"] = out["level"]
    out["maturity_level_name"] = out["level"].map(levels)
    out["synthetic"] = out["synthetic_inputs"].fillna(0) > 0  # any synthetic input
    out["framework_version"] = snap.framework.version
    out["dataset_version"] = snap.version
    numbers = ["composite", "coverage", *(g.id for g in snap.framework.groups.values())]
    for column in (c for c in numbers if c in out.columns):
        out[column] = out[column].round(SCORE_DECIMALS)
    return out.sort_values(["rank_national", "region_code"], na_position="last")


def _alerts(snap: Snapshot, query: Query) -> pd.DataFrame:
    table = alert_table(
        snap,
        query.lang,
        status=query.get("status") or "all",
        severity=query.get("severity") or "all",
        region=query.get("region"),
    )
    return table.assign(rules_version=alerts_version(snap), dataset_version=snap.version)


BUILDERS = {
    "regions": _regions,
    "indicators": _indicators,
    "observations": _observations,
    "scores": _scores,
    "alerts": _alerts,
}
