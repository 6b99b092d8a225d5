"""View models for pages, wall and exports: what one measure looks like for one year.

A *measure* is "composite", a pillar id, an element id or an indicator id. Everything here is pure
and memoised per snapshot, so a callback asks for ``measure_values(snap, "gov_spbe", 2024)`` and gets a
shared frame computed once per dataset version.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
import pandas as pd

from dashboard.data.errors import DataError
from dashboard.data.store.datasets import synthetic_mask
from dashboard.data.store.repository import SYNTHETIC, Snapshot
from dashboard.i18n import t

COMPOSITE = "composite"


@dataclass(frozen=True)
class Measure:
    id: str
    kind: str  # composite | pillar | element | indicator
    name_id: str
    name_en: str
    unit: str
    direction: str
    decimals: int
    source: str
    description_id: str = ""
    description_en: str = ""
    categories: tuple[str, ...] = ()
    group: str = ""

    def label(self, lang: str = "id") -> str:
        return self.name_en if lang == "en" else self.name_id

    def unit_label(self, lang: str = "id") -> str:
        return t("common.score_unit", lang) if self.is_score else self.unit

    def description(self, lang: str = "id") -> str:
        return self.description_en if lang == "en" else self.description_id

    @property
    def is_score(self) -> bool:
        return self.kind != "indicator"


def measure(snap: Snapshot, measure_id: str) -> Measure:
    """Describe a measure; unknown ids raise DataError (pages turn that into a friendly note)."""
    fw = snap.framework
    if measure_id == COMPOSITE:
        texts = [t("views.composite_description", lang) for lang in ("id", "en")]
        return Measure(COMPOSITE, "composite", fw.name_id, fw.name_en, "0-100", "up", 1, "", *texts)
    if measure_id in fw.groups:
        group = fw.groups[measure_id]
        members = fw.indicators_of(measure_id)
        texts = [
            t("views.group_description", "id", members=", ".join(i.name_id for i in members)),
            t("views.group_description", "en", members=", ".join(i.name_en for i in members)),
        ]
        return Measure(
            group.id, group.kind, group.name_id, group.name_en, "0-100", "up", 1, "", *texts
        )
    if measure_id in fw.by_id:
        ind = fw.by_id[measure_id]
        return Measure(
            ind.id,
            "indicator",
            ind.name_id,
            ind.name_en,
            ind.unit,
            ind.direction,
            ind.decimals,
            ind.source,
            ind.description_id,
            ind.description_en,
            ind.categories,
            ind.group,
        )
    raise DataError("views.unknown_measure", measure=measure_id)


def measure_values(snap: Snapshot, measure_id: str, period: int) -> pd.DataFrame:
    """Every kab/kota with its value (NaN = no data), source and rank, for one measure and year.

    A score's ``source`` is the synthetic marker when any of its inputs is synthetic, else "";
    ``n_real`` / ``n_synthetic`` count its inputs (an indicator's own value counts as one).
    """

    def compute() -> pd.DataFrame:
        m = measure(snap, measure_id)
        idx = _value_index(snap)
        arrays = measure_arrays(snap, measure_id, period)
        value, source = arrays.value, arrays.source
        n_real, n_synthetic = arrays.n_real, arrays.n_synthetic
        columns = {
            **idx.regency_columns,
            "value": value,
            "source": pd.array(source, dtype=idx.source_dtype),
            "n_real": n_real,
            "n_synthetic": n_synthetic,
        }
        # the column order the frames have always had (exports and tables read it)
        order = _SCORE_COLUMNS if m.is_score else _INDICATOR_COLUMNS
        out = pd.DataFrame({name: columns[name] for name in order})
        out["rank"] = rank_values(out["value"], m.direction)
        return out

    return snap.memo(("measure_values", measure_id, int(period)), compute)


class MeasureArrays(NamedTuple):
    """One measure and year as arrays in the kab/kota order of ``snap.regions.regencies``."""

    value: np.ndarray  # float64, NaN = no value
    source: np.ndarray  # object: an indicator's source, a score's synthetic marker, else ""
    n_real: np.ndarray  # int64 input counts (an indicator's own value counts as one)
    n_synthetic: np.ndarray


def measure_arrays(snap: Snapshot, measure_id: str, period: int) -> MeasureArrays:
    """:func:`measure_values` without the frame: array lookups only, not memoised (tens of
    microseconds), for the map's first sight of a filter state (P1)."""
    m = measure(snap, measure_id)
    idx = _value_index(snap)
    n = len(idx.code_index)
    value = np.full(n, np.nan)
    source = np.full(n, "", dtype=object)
    n_real = np.zeros(n, dtype="int64")
    n_synthetic = np.zeros(n, dtype="int64")
    if m.is_score:
        rows = idx.score_rows.get(int(period), _NO_ROWS)
        at = idx.score_pos[rows]
        keep = at >= 0
        column = snap.memo(("score_column", m.id), lambda: _score_column(snap, m.id))
        value[at[keep]] = column[rows[keep]]
        inputs = idx.input_rows.get((m.id, int(period)), _NO_ROWS)
        at_inputs = idx.input_pos[inputs]
        ok = at_inputs >= 0
        n_real[at_inputs[ok]] = idx.input_real[inputs[ok]]
        n_synthetic[at_inputs[ok]] = idx.input_synthetic[inputs[ok]]
        has_row = np.zeros(n, dtype=bool)
        has_row[at[keep]] = True
        n_real[~has_row] = 0  # counts only where the score table has the region's row
        n_synthetic[~has_row] = 0
        source[has_row] = np.where(n_synthetic[has_row] > 0, SYNTHETIC, "")
    else:
        rows = idx.obs_rows.get((m.id, int(period)), _NO_ROWS)
        at = idx.obs_pos[rows]
        keep = at >= 0
        rows, at = rows[keep], at[keep]
        value[at] = idx.obs_value[rows]
        source[at] = idx.obs_source[rows]
        synthetic = idx.obs_synthetic[rows]
        n_real[at] = ~synthetic
        n_synthetic[at] = synthetic
    return MeasureArrays(value, source, n_real, n_synthetic)


def _score_column(snap: Snapshot, measure_id: str) -> np.ndarray:
    return snap.scores[measure_id].to_numpy(dtype="float64", na_value=np.nan)


_NO_ROWS = np.array([], dtype="int64")
_REGENCY_COLUMNS = ("code", "name", "province_code", "province_name")
_INDICATOR_COLUMNS = (*_REGENCY_COLUMNS, "value", "source", "n_real", "n_synthetic")
_SCORE_COLUMNS = (*_REGENCY_COLUMNS, "value", "n_real", "n_synthetic", "source")


@dataclass(frozen=True)
class _ValueIndex:
    """Where each (indicator, year) and each year's scores sit, aligned to the kab/kota order."""

    regency_columns: dict  # code, name, province_code, province_name as arrays
    code_index: pd.Index
    obs_rows: dict  # (indicator_id, period) -> row positions in snap.observations
    obs_pos: np.ndarray  # per observation row: its kab/kota's position, -1 if not a kab/kota
    obs_value: np.ndarray
    obs_source: np.ndarray
    obs_synthetic: np.ndarray
    source_dtype: object
    score_rows: dict  # period -> row positions in snap.scores
    score_pos: np.ndarray
    input_rows: dict  # (measure, period) -> row positions in the score input counts
    input_pos: np.ndarray
    input_real: np.ndarray
    input_synthetic: np.ndarray


def _positions(frame: pd.DataFrame, keys: list[str]) -> dict:
    groups = frame.groupby(keys, sort=False).indices
    if len(keys) == 1:
        return {int(k): np.asarray(v, dtype="int64") for k, v in groups.items()}
    return {(a, int(b)): np.asarray(v, dtype="int64") for (a, b), v in groups.items()}


def _value_index(snap: Snapshot) -> _ValueIndex:
    """Built once per snapshot (tens of ms), so each ``measure_values`` is array lookups (P1)."""

    def compute() -> _ValueIndex:
        from dashboard.data.views.provenance import input_counts

        regencies = snap.regions.regencies.reset_index(drop=True)
        codes = pd.Index(regencies["code"])
        obs = snap.observations
        scores = snap.scores
        counts = input_counts(snap)
        return _ValueIndex(
            regency_columns={c: regencies[c].array for c in _REGENCY_COLUMNS},
            code_index=codes,
            obs_rows=_positions(obs, ["indicator_id", "period"]),
            obs_pos=codes.get_indexer(obs["region_code"]),
            obs_value=obs["value"].to_numpy(dtype="float64", na_value=np.nan),
            obs_source=obs["source"].fillna("").to_numpy(dtype=object),
            obs_synthetic=synthetic_mask(obs["source"]).to_numpy(dtype=bool),
            source_dtype=obs["source"].dtype,
            score_rows=_positions(scores, ["period"]),
            score_pos=codes.get_indexer(scores["region_code"]),
            input_rows=_positions(counts, ["measure", "period"]),
            input_pos=codes.get_indexer(counts["region_code"]),
            input_real=counts["n_real"].fillna(0).to_numpy(dtype="int64"),
            input_synthetic=counts["n_synthetic"].fillna(0).to_numpy(dtype="int64"),
        )

    return snap.memo(("measure_value_index",), compute)


def rank_values(values: pd.Series, direction: str) -> pd.Series:
    """1 = best; ties share the better rank; missing values get no rank."""
    ascending = direction == "down"
    return values.rank(method="min", ascending=ascending).astype("Int64")


def objects(column: pd.Series) -> np.ndarray:
    """A column as a numpy object array: comparing or iterating pandas' Arrow-backed strings
    item by item costs 10-20x more (every filter change does it, P1)."""
    return column.to_numpy(dtype=object)


def shows_synthetic(values: pd.DataFrame) -> bool:
    """True when any value on screen is synthetic (the UI then shows the badge)."""
    present = values["value"].notna().to_numpy()
    return bool((objects(values["source"])[present] == SYNTHETIC).any())


def sources_of(values: pd.DataFrame) -> list[str]:
    present = values["value"].notna().to_numpy()
    return sorted({s for s in objects(values["source"])[present] if s and s != SYNTHETIC})


def score_sources(snap: Snapshot, measure_id: str, period: int) -> list[str]:
    """Real publishers behind a score: the sources of its indicators' values that year."""

    def compute() -> list[str]:
        fw = snap.framework
        members = fw.scored_indicators if measure_id == COMPOSITE else fw.indicators_of(measure_id)
        idx = _value_index(snap)  # row positions per (indicator, year): no scan of every row
        found: set[str] = set()
        for ind in members:
            rows = idx.obs_rows.get((ind.id, int(period)), _NO_ROWS)
            rows = rows[~np.isnan(idx.obs_value[rows])]
            found.update(idx.obs_source[rows].tolist())
        return sorted(found - {"", SYNTHETIC})

    return snap.memo(("score_sources", measure_id, int(period)), compute)


def value_sources(snap: Snapshot, measure_id: str, period: int, values: pd.DataFrame) -> list[str]:
    """Real publishers of the values shown (a score's come from its indicators)."""
    if measure(snap, measure_id).is_score:
        return score_sources(snap, measure_id, period)
    return sources_of(values)


@dataclass(frozen=True)
class Summary:
    """The numbers on the KPI cards."""

    national_mean: float | None
    n_with_data: int
    n_regions: int
    home_value: float | None
    home_rank: int | None
    home_rank_province: int | None
    n_province: int
    home_change: float | None
    home_level: str | None
    province_mean: float | None


def summary(
    snap: Snapshot, measure_id: str, period: int, *, home: str, province: str | None = None
) -> Summary:
    """KPIs for one measure and year: national mean, home value, ranks, change since last year.

    Kept per snapshot for recent filters: the overview's panels ask twice per change (cards and
    distribution), and a ``Summary`` is small and immutable.
    """
    if province:  # the national summary (prepared with the national panels) and one mean
        national = summary(snap, measure_id, period, home=home)
        key = ("summary-province", measure_id, int(period), province)
        mean = snap.lru(
            key, lambda: _province_mean(snap, measure_id, period, province), maxsize=512
        )
        return replace(national, province_mean=mean)
    key = ("summary", measure_id, int(period), home)
    return snap.lru(key, lambda: _summary(snap, measure_id, period, home), maxsize=512)


def _province_mean(snap: Snapshot, measure_id: str, period: int, province: str) -> float | None:
    values = measure_values(snap, measure_id, period)
    number = values["value"].to_numpy(dtype="float64", na_value=np.nan)
    selected = number[province_rows(snap, province)]
    selected = selected[~np.isnan(selected)]
    return _float(selected.mean()) if len(selected) else None


def province_rows(snap: Snapshot, province: str) -> np.ndarray:
    """Row positions of a province's kab/kota in every :func:`measure_values` frame (which share
    ``snap.regions.regencies``' order): a take instead of a string comparison over 514 rows."""
    rows = snap.memo(("province_rows",), lambda: _province_rows(snap))
    return rows.get(province, _NO_ROWS)


def _province_rows(snap: Snapshot) -> dict[str, np.ndarray]:
    provinces = objects(_value_index(snap).regency_columns["province_code"])
    return {p: np.flatnonzero(provinces == p) for p in dict.fromkeys(provinces.tolist())}


def _summary(snap: Snapshot, measure_id: str, period: int, home: str) -> Summary:
    # numpy on the frame's columns: pandas' string comparisons dominated every filter change
    m = measure(snap, measure_id)
    values = measure_values(snap, measure_id, period)
    number = values["value"].to_numpy(dtype="float64", na_value=np.nan)
    present = ~np.isnan(number)
    codes = objects(values["code"])
    provinces = objects(values["province_code"])
    at = np.flatnonzero(codes == home)
    home_value = _float(number[at[0]]) if len(at) else None
    home_province = provinces[at[0]] if len(at) else None
    in_home_province = provinces == home_province
    home_rank_province = None
    if home_value is not None:
        ranks = rank_values(pd.Series(number[in_home_province]), m.direction)
        home_rank_province = int(
            ranks.iloc[int(np.flatnonzero(codes[in_home_province] == home)[0])]
        )
    change = None
    if period - 1 in snap.periods and home_value is not None and len(at):
        before = _value_at(snap, m, period - 1, home)
        change = None if before is None else _float(home_value - before)
    level = None
    if measure_id == COMPOSITE and home_value is not None:
        found = snap.framework.level_for(home_value)
        level = found.id if found else None
    return Summary(
        national_mean=_float(number[present].mean()) if present.any() else None,
        n_with_data=int(present.sum()),
        n_regions=len(values),
        home_value=home_value,
        home_rank=int(values["rank"].iloc[at[0]]) if home_value is not None else None,
        home_rank_province=home_rank_province,
        n_province=int((in_home_province & present).sum()),
        home_change=change,
        home_level=level,
        province_mean=None,
    )


def _value_at(snap: Snapshot, m: Measure, period: int, code: str) -> float | None:
    """One region's value as ``measure_values(snap, m.id, period)`` has it, without building that
    frame (the KPI's change since last year needs only the home region's)."""
    idx = _value_index(snap)
    where = idx.code_index.get_indexer([code])[0]
    if where < 0:
        return None
    if m.is_score:
        rows = idx.score_rows.get(int(period), _NO_ROWS)
        rows = rows[idx.score_pos[rows] == where]
        column = snap.memo(
            ("score_column", m.id),
            lambda: snap.scores[m.id].to_numpy(dtype="float64", na_value=np.nan),
        )
    else:
        rows = idx.obs_rows.get((m.id, int(period)), _NO_ROWS)
        rows = rows[idx.obs_pos[rows] == where]
        column = idx.obs_value
    # as measure_values' assignment: the last row of a region wins
    return _float(column[rows[-1]]) if len(rows) else None


def _float(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


# ---------------------------------------------------------------------------- region profile
def indicator_ranks_table(snap: Snapshot) -> pd.DataFrame:
    """Value, score, national rank and percentile of every observation (memoised)."""
    from dashboard.data.scoring import indicator_ranks

    return snap.memo(
        ("indicator_ranks",), lambda: indicator_ranks(snap.observations, snap.framework)
    )


def normalised_table(snap: Snapshot) -> pd.DataFrame:
    from dashboard.data.scoring import normalise

    return snap.memo(("normalised",), lambda: normalise(snap.observations, snap.framework))


def group_means(snap: Snapshot, period: int, *, province: str | None = None) -> pd.Series:
    """Mean pillar/element/composite score over kab/kota (of one province, or of Indonesia)."""
    columns = [g.id for g in (*snap.framework.pillars, *snap.framework.elements)] + [COMPOSITE]
    table = snap.scores[snap.scores["period"] == period]
    if province:
        table = table[table["province_code"] == province]
    return table[columns].mean(numeric_only=True)


def score_history(snap: Snapshot, code: str) -> pd.DataFrame:
    """Composite per year for a region beside its province mean and the national mean."""
    scores = snap.scores
    province = code.split(".")[0]
    national = scores.groupby("period")[COMPOSITE].mean().rename("national_mean")
    provincial = (
        scores[scores["province_code"] == province]
        .groupby("period")[COMPOSITE]
        .mean()
        .rename("province_mean")
    )
    own = scores[scores["region_code"] == code].set_index("period")[COMPOSITE]
    return pd.concat([own, provincial, national], axis=1).reset_index().sort_values("period")


def indicator_profile(snap: Snapshot, code: str, period: int) -> pd.DataFrame:
    """Every indicator of a region: latest value up to ``period`` with its year, rank and source."""
    ranks = indicator_ranks_table(snap)
    own = ranks[(ranks["region_code"] == code) & (ranks["period"] <= period)]
    obs = snap.observations
    unranked = obs[
        (obs["region_code"] == code)
        & (obs["period"] <= period)
        & ~obs["indicator_id"].isin(own["indicator_id"])
    ]
    own = pd.concat([own, unranked], ignore_index=True)  # context values are shown but not ranked
    latest = own.sort_values("period").groupby("indicator_id").tail(1).set_index("indicator_id")
    rows = []
    for ind in snap.framework.indicators:
        row = latest.loc[ind.id] if ind.id in latest.index else None
        rows.append(
            {
                "indicator_id": ind.id,
                "group": ind.group,
                "value": None if row is None else float(row["value"]),
                "unit": ind.unit,
                "direction": ind.direction,
                "period": None if row is None else int(row["period"]),
                "rank": None if row is None or pd.isna(row.get("rank")) else int(row["rank"]),
                "n_regions": None
                if row is None or pd.isna(row.get("n_regions"))
                else int(row["n_regions"]),
                "percentile": None
                if row is None or pd.isna(row.get("percentile"))
                else float(row["percentile"]),
                "score": None if row is None or pd.isna(row.get("score")) else float(row["score"]),
                "source": ind.source if row is None else (row["source"] or ind.source),
                "synthetic": row is not None and row["source"] == SYNTHETIC,
                "scored": ind.scored,
            }
        )
    return pd.DataFrame(rows)


def strongest_and_weakest(
    snap: Snapshot, code: str, period: int, n: int = 3
) -> tuple[list[str], list[str]]:
    from dashboard.data.scoring import strongest_weakest

    return strongest_weakest(normalised_table(snap), code, period, n=n)


def programme_status(snap: Snapshot, code: str) -> dict | None:
    """The region's Gerakan Menuju Smart City record, or None when it has not joined."""
    programme = snap.programme
    if programme is None or programme.empty:
        return None
    rows = programme[programme["region_code"] == code]
    if rows.empty:
        return None
    return {k: (None if pd.isna(v) else v) for k, v in rows.iloc[0].to_dict().items()}
