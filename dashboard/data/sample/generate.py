"""The sample's public entry points: observations and programme from the same factors."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.data.framework import Framework, Indicator
from dashboard.data.regions import RegionIndex
from dashboard.data.sample.inputs import (
    CONTEXT_REFERENCE_DATE,
    CONTEXT_SOURCES,
    CONTEXT_YEAR,
    GRDP_COLUMNS,
    GRDP_INDICATOR,
    GRDP_SOURCE,
    SAMPLE_SEED,
    SAMPLE_YEARS,
    SYNTHETIC_NOTE,
    SYNTHETIC_SOURCE,
    Factors,
    load_grdp,
    region_factors,
    require_columns,
    sorted_regencies,
)
from dashboard.data.sample.programme import Programme, draw_programme
from dashboard.data.sample.real import BPS_INDICATORS, anchor, load_bps, real_matrix
from dashboard.data.sample.series import programme_matrices, synthetic
from dashboard.data.store.datasets import empty_programme


@dataclass
class _Rows:
    """Column pieces collected per indicator, concatenated once at the end."""

    region: list[np.ndarray] = field(default_factory=list)
    indicator: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    period: list[np.ndarray] = field(default_factory=list)
    value: list[np.ndarray] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    reference: list[np.ndarray] = field(default_factory=list)
    note: list[str] = field(default_factory=list)

    def add(
        self, ind: str, region, period, value, *, source: object, reference: object, note: object
    ) -> None:
        """One indicator's rows; ``source``, ``reference`` and ``note``: one value or one per row."""
        self.region.append(np.asarray(region, dtype=int))
        self.indicator.append(ind)
        n = len(self.region[-1])
        self.counts.append(n)
        self.period.append(np.asarray(period, dtype="int64"))
        self.value.append(np.asarray(value, dtype=float))
        self.source.append(np.broadcast_to(np.asarray(source, dtype=object), (n,)))
        self.reference.append(np.broadcast_to(np.asarray(reference, dtype=object), (n,)))
        self.note.append(np.broadcast_to(np.asarray(note, dtype=object), (n,)))


def _add_matrix(rows: _Rows, ind: str, values: np.ndarray, missing: np.ndarray) -> None:
    region, col = np.nonzero(~missing)
    periods = np.asarray(SAMPLE_YEARS)[col]
    rows.add(ind, region, periods, values[region, col], source=SYNTHETIC_SOURCE, reference="",
             note=SYNTHETIC_NOTE)  # fmt: skip


def _add_real(
    rows: _Rows, ind: Indicator, f: Factors, real: pd.DataFrame, synthetic_values=None
) -> None:
    """An indicator BPS publishes: its real values, and (with ``synthetic_values``, the synthetic
    matrix and its gaps) anchored synthetic values where BPS has none."""
    matrix = real_matrix(real, ind.id, f.codes, SAMPLE_YEARS)
    table = real[real["indicator_id"] == ind.id].set_index(["region_code", "period"])
    is_real = np.isfinite(matrix.to_numpy(float))
    region, col = np.nonzero(is_real)
    keys = pd.MultiIndex.from_arrays([f.codes[region], np.asarray(SAMPLE_YEARS)[col]])
    found = table.reindex(keys)
    rows.add(ind.id, region, keys.get_level_values(1), found["value"].to_numpy(float),
             source=found["source"].to_numpy(object), reference="",
             note=found["note"].to_numpy(object))  # fmt: skip
    if synthetic_values is None:
        return
    values, missing = synthetic_values
    merged, _ = anchor(values, matrix.to_numpy(float), ind)
    _add_matrix(rows, ind.id, merged, missing | is_real)


def _add_grdp(rows: _Rows, f: Factors, grdp: pd.DataFrame) -> None:
    """Real GRDP per capita as published, 2018-2024; nothing is invented for 2025."""
    position = pd.Series(np.arange(len(f.codes)), index=f.codes)
    region = grdp["code"].astype(str).map(position)
    year = grdp["year"].astype(int)
    keep = region.notna() & year.isin(SAMPLE_YEARS) & grdp["value"].notna()
    rows.add(GRDP_INDICATOR, region[keep], year[keep], grdp.loc[keep, "value"],
             source=GRDP_SOURCE, reference="", note="")  # fmt: skip


def _add_context(rows: _Rows, ind: Indicator, regencies: pd.DataFrame) -> None:
    """Population (Dukcapil), area (BIG) and density for 2024, the one year we have."""
    pop = regencies["population_2024"].astype(float).to_numpy()
    area = regencies["area_km2"].astype(float).to_numpy()
    if ind.id == "ctx_population":
        values = pop
    elif ind.id == "ctx_area":
        values = area
    else:
        values = np.where(area > 0, pop / np.where(area > 0, area, 1.0), np.nan)
    values = np.round(values, ind.decimals)
    keep = np.flatnonzero(np.isfinite(values))
    note = "penduduk dibagi luas wilayah" if ind.id == "ctx_density" else ""
    rows.add(ind.id, keep, np.full(len(keep), CONTEXT_YEAR), values[keep],
             source=CONTEXT_SOURCES[ind.id], reference=CONTEXT_REFERENCE_DATE, note=note)  # fmt: skip


def _frame(rows: _Rows, codes: np.ndarray) -> pd.DataFrame:
    """One long frame sorted by region code, indicator id and period."""
    if not rows.counts:
        rows.add("", [], [], [], source="", reference="", note="")
    counts = np.asarray(rows.counts)
    ids = np.asarray(rows.indicator, dtype=object)
    id_rank = np.unique(ids, return_inverse=True)[1]  # an indicator may come in several pieces
    region = np.concatenate(rows.region)
    period = np.concatenate(rows.period)
    order = np.lexsort((period, np.repeat(id_rank, counts), region))
    frame = pd.DataFrame(
        {
            "region_code": codes[region],
            "indicator_id": np.repeat(ids, counts),
            "period": period,
            "value": np.concatenate(rows.value),
            "source": np.concatenate(rows.source),
            "reference_date": np.concatenate(rows.reference),
            "note": np.concatenate(rows.note),
        }
    )
    return frame.iloc[order].reset_index(drop=True)


def _observations(
    regencies: pd.DataFrame,
    framework: Framework,
    f: Factors,
    p: Programme,
    grdp: pd.DataFrame,
    *,
    seed: int,
    real: pd.DataFrame,
    fill: bool,
) -> pd.DataFrame:
    rows = _Rows()
    prog = programme_matrices(p)
    for ind in framework.indicators:
        if ind.id == GRDP_INDICATOR:
            _add_grdp(rows, f, grdp)
        elif ind.id in CONTEXT_SOURCES:
            _add_context(rows, ind, regencies)
        elif ind.id in BPS_INDICATORS:
            fill_this = fill and ind.scored  # context values are real or absent, never made up
            made = synthetic(ind, f, prog, seed=seed) if fill_this else None
            _add_real(rows, ind, f, real, made)
        elif fill:
            values, missing = synthetic(ind, f, prog, seed=seed)
            _add_matrix(rows, ind.id, values, missing)
    return _frame(rows, f.codes)


def _prepare(
    regions: pd.DataFrame | RegionIndex, grdp: pd.DataFrame | None, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, Factors, Programme]:
    """Regions sorted by code, GRDP sorted by code and year, factors and programme."""
    regencies = sorted_regencies(regions)
    grdp = load_grdp() if grdp is None else grdp
    require_columns(grdp, GRDP_COLUMNS, "sample.grdp_columns")
    grdp = grdp.assign(code=grdp["code"].astype(str), year=grdp["year"].astype(int))
    grdp = grdp.sort_values(["code", "year"], kind="stable").drop_duplicates(["code", "year"])
    factors = region_factors(regencies, grdp, seed=seed)
    return regencies, grdp, factors, draw_programme(factors, seed=seed)


def generate_observations(
    regions: pd.DataFrame | RegionIndex,
    framework: Framework,
    *,
    seed: int = SAMPLE_SEED,
    grdp: pd.DataFrame | None = None,
    real: pd.DataFrame | None = None,
    fill: bool = True,
) -> pd.DataFrame:
    """Every framework indicator for every kab/kota, 2018-2025, as long-format observations.

    Real values first: ``grdp`` (code, year, value) defaults to the shipped GRDP per capita file,
    ``real`` (observations) to the shipped BPS tables (:func:`.real.load_bps`). With ``fill`` a
    synthetic value stands in where no real one exists; without it only real values are returned.
    """
    regencies, grdp, factors, programme = _prepare(regions, grdp, seed)
    real = load_bps() if real is None else real
    return _observations(
        regencies, framework, factors, programme, grdp, seed=seed, real=real, fill=fill
    )


def generate_programme(
    regions: pd.DataFrame | RegionIndex,
    *,
    seed: int = SAMPLE_SEED,
    grdp: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Synthetic Gerakan Menuju Smart City participation, one row per participating region.

    Cohort sizes are the real ones when the list has enough eligible regions (the 514 do);
    ``grdp`` is used because richer regions joined earlier.
    """
    return _prepare(regions, grdp, seed)[3].frame


def generate_sample(
    regions: pd.DataFrame | RegionIndex,
    framework: Framework,
    *,
    seed: int = SAMPLE_SEED,
    grdp: pd.DataFrame | None = None,
    real: pd.DataFrame | None = None,
    fill: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations and programme frames, built from the same factors (they agree).

    Without ``fill`` only real values are kept and the programme (synthetic) is empty.
    """
    regencies, grdp, factors, programme = _prepare(regions, grdp, seed)
    real = load_bps() if real is None else real
    observations = _observations(
        regencies, framework, factors, programme, grdp, seed=seed, real=real, fill=fill
    )
    return observations, programme.frame if fill else empty_programme()
