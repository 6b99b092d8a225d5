"""Sample inputs: the constants, the real GRDP file, regencies in code order, region factors."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.config import SHIPPED_DATA_DIR
from dashboard.data.errors import DataError
from dashboard.data.regions import RegionIndex
from dashboard.data.store.datasets import SYNTHETIC

SAMPLE_SEED = 20220421  # Kabupaten Bekasi's MoU date
SAMPLE_YEARS = range(2018, 2026)
SYNTHETIC_SOURCE = SYNTHETIC  # the store's marker, one definition
SYNTHETIC_NOTE = "nilai contoh sintetis, bukan data resmi"
HOME_NOTE = "kohort 2022 dan tanggal MoU 21 April 2022 sesuai fakta; isian lain " + SYNTHETIC_NOTE
GRDP_FILE = SHIPPED_DATA_DIR / "grdp_per_capita_constant_2010.csv"
GRDP_INDICATOR = "eco_grdp_pc"
GRDP_SOURCE = "BPS (via quarcs-lab/indonesia514)"
GRDP_COLUMNS = ("code", "year", "value")
CONTEXT_YEAR = 2024
CONTEXT_REFERENCE_DATE = "2024-12-31"
CONTEXT_SOURCES = {
    "ctx_population": "Dukcapil Kemendagri, Desember 2024",
    "ctx_area": "BIG, Desember 2024",
    "ctx_density": "Turunan: Dukcapil / BIG",
}
HOME_REGION = "32.16"  # Kabupaten Bekasi
HOME_COHORT = 2022
HOME_MOU_DATE = "2022-04-21"
HOME_ADOPTION_YEAR = 2023
COHORT_SIZES = {2017: 25, 2018: 50, 2019: 25, 2021: 48, 2022: 50}
MASTERPLAN_STATUSES = ("none", "drafting", "adopted")
EVAL_PARTS = ("baseline", "output", "outcome", "impact", "quick_win")
# Kabupaten of the Papua central highlands (Papua Pegunungan, the inland part of Papua Tengah,
# Pegunungan Arfak): the lowest human development in the country and the most missing data.
HIGHLANDS = frozenset(
    {"94.02", "94.03", "94.05", "94.06", "94.07", "94.08", "92.12"}
    | {f"95.0{i}" for i in range(1, 9)}
)
PAPUA_PROVINCES = frozenset({"91", "92", "93", "94", "95", "96"})
NO_PROGRAMME_PROVINCES = frozenset({"31"})  # DKI Jakarta: administrative cities, no own MoU
# West-east development gradient by province (latent units, before scaling).
PROVINCE_OFFSET = {
    "11": 0.0, "12": 0.0, "13": 0.1, "14": 0.05, "15": 0.0, "16": -0.05, "17": 0.0,
    "18": -0.05, "19": 0.1, "21": 0.3, "31": 0.8, "32": 0.3, "33": 0.2, "34": 0.6,
    "35": 0.25, "36": 0.25, "51": 0.6, "52": -0.35, "53": -0.75, "61": -0.2, "62": -0.05,
    "63": 0.0, "64": 0.3, "65": 0.0, "71": 0.1, "72": -0.15, "73": 0.0, "74": -0.1,
    "75": -0.15, "76": -0.3, "81": -0.5, "82": -0.4, "91": -0.9, "92": -0.9, "93": -1.1,
    "94": -1.4, "95": -2.0, "96": -0.8,
}  # fmt: skip
# Scales of the real inputs over the 514 kab/kota (fixed, so a subset gets the same factors).
LOG_GRDP_MEAN, LOG_GRDP_SD = 3.35, 0.70
LOG_DENSITY_MEAN, LOG_DENSITY_SD = 5.37, 1.89
DEV_MEAN, DEV_SD = 0.01, 1.04
LOG_POP_MEAN, LOG_POP_SD = 12.7, 1.0
DEV_CAP = 3.0
HOME_NOISE_CAP = 1.0  # the home region's own noise, in sd: its profile follows its real inputs
# Random gaps: base share per (region, indicator, year), scaled per indicator, region and year.
GAP_RATE = 0.011
SERIES_GAP_RATE = 0.004
GAP_YEAR_FACTOR = {2018: 1.6, 2019: 1.2, 2025: 2.2}
GAP_REGION_FACTOR = {"papua": 2.5, "highland": 6.0}


def _tag(name: str) -> int:
    """A stable stream number for ``name`` (hash() is salted per process)."""
    return zlib.crc32(name.encode("utf-8"))


def seeded_rng(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng([int(seed), _tag(name)])


def require_columns(frame: pd.DataFrame, columns: tuple[str, ...], code: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(code, columns=", ".join(missing))


def sorted_regencies(regions: pd.DataFrame | RegionIndex) -> pd.DataFrame:
    """The kab/kota of ``regions`` sorted by code, so input row order never matters."""
    frame = regions.regions if isinstance(regions, RegionIndex) else regions
    needed = ("code", "type", "province_code", "area_km2", "population_2024")
    require_columns(frame, needed, "sample.regions_columns")
    regencies = frame[frame["type"].isin(["kabupaten", "kota"])]
    if regencies.empty:
        raise DataError("sample.no_regions")
    regencies = regencies.assign(code=regencies["code"].astype(str))
    return regencies.sort_values("code", kind="stable").reset_index(drop=True)


def load_grdp(path: Path | str = GRDP_FILE) -> pd.DataFrame:
    """Real GRDP per capita (million Rp, constant 2010 prices) as code, year, value."""
    frame = pd.read_csv(path, dtype={"code": str})
    require_columns(frame, GRDP_COLUMNS, "sample.grdp_columns")
    return frame


def _log_grdp(codes: pd.Series, provinces: pd.Series, grdp: pd.DataFrame) -> np.ndarray:
    """Mean log GRDP per capita over the sample years; province median where a region has none."""
    years = grdp["year"].astype(int)
    usable = grdp[years.between(SAMPLE_YEARS.start, SAMPLE_YEARS.stop - 1) & (grdp["value"] > 0)]
    means = np.log(usable["value"].astype(float)).groupby(usable["code"].astype(str)).mean()
    values = codes.map(means)
    by_province = values.groupby(provinces).transform("median")
    return values.fillna(by_province).fillna(LOG_GRDP_MEAN).to_numpy(float)


@dataclass(frozen=True)
class Factors:
    """Per-region inputs of the generator, aligned with regions sorted by code."""

    codes: np.ndarray
    provinces: np.ndarray
    kota: np.ndarray
    highland: np.ndarray
    papua: np.ndarray
    z_grdp: np.ndarray
    z_dens: np.ndarray
    z_pop: np.ndarray
    dev: np.ndarray
    hum: np.ndarray
    digi: np.ndarray


def region_factors(regencies: pd.DataFrame, grdp: pd.DataFrame, *, seed: int) -> Factors:
    """Latent development factors from real GRDP, density, status and province, plus noise."""
    codes = regencies["code"].to_numpy(str)
    provinces = regencies["province_code"].astype(str).to_numpy(str)
    kota = (regencies["type"] == "kota").to_numpy(float)
    area = regencies["area_km2"].astype(float).to_numpy()
    pop = regencies["population_2024"].astype(float).to_numpy()
    density = np.where(area > 0, pop / np.where(area > 0, area, 1.0), np.exp(LOG_DENSITY_MEAN))
    z_grdp = _log_grdp(regencies["code"], regencies["province_code"], grdp) - LOG_GRDP_MEAN
    z_grdp /= LOG_GRDP_SD
    z_dens = (np.log(np.maximum(density, 0.1)) - LOG_DENSITY_MEAN) / LOG_DENSITY_SD
    offset = np.array([PROVINCE_OFFSET.get(p, 0.0) for p in provinces])
    rng = seeded_rng(seed, "regions")
    noise = rng.standard_normal((3, len(codes)))
    raw = 0.45 * z_grdp + 0.3 * z_dens + 0.4 * kota + offset + 0.35 * noise[0]
    # Soft cap: Jakarta's GRDP per capita is 17 times the median; keep its factor on the scale.
    dev = DEV_CAP * np.tanh((raw - DEV_MEAN) / DEV_SD / DEV_CAP)
    highland = np.isin(codes, list(HIGHLANDS)).astype(float)
    return Factors(
        codes=codes,
        provinces=provinces,
        kota=kota,
        highland=highland,
        papua=np.isin(provinces, list(PAPUA_PROVINCES)).astype(float),
        z_grdp=z_grdp,
        z_dens=z_dens,
        z_pop=(np.log(np.maximum(pop, 1.0)) - LOG_POP_MEAN) / LOG_POP_SD,
        dev=dev,
        hum=0.85 * dev + 0.5 * noise[1] - 0.8 * highland,
        digi=0.85 * dev + 0.5 * noise[2],
    )
