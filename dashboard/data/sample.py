"""The bundled sample dataset: real values where we have them, believable synthetic values elsewhere.

Real inputs: GRDP per capita 2018-2024 (BPS), registered population (Dukcapil, Dec 2024) and area
(BIG, Dec 2024) with the density derived from them. Every other indicator is synthetic and says
so in ``source`` ("sintetis") and ``note``, so it can never be mistaken for official data.

How the synthetic values are made (all vectorised, deterministic from ``seed``):

- Each kabupaten/kota gets a latent *development* factor from its real log GRDP per capita, log
  density, kota/kabupaten status and a west-east province gradient (Java/Bali high, NTT, Maluku
  and Papua low), plus noise. Two correlated sub-factors, *human* (health, schooling, poverty) and
  *digital* (internet, 4G, QRIS, IMDI), add shared variation within those indicator families.
- Every indicator is a latent series on a transformed scale (logit for bounded shares, log for
  heavy-tailed counts, linear otherwise): intercept + factor loadings + a persistent region effect
  + a year path (trend, COVID-19 shock of 2020-2022, the QRIS and internet take-off) + an AR(1)
  term, so each region's series is smooth. Ordinal scores (audit opinion, command center) cut the
  latent into steps; the command center and the masterplan score never fall back over the years.
- Values are clipped to plausible limits and the framework's hard ``bounds`` and rounded to the
  indicator's ``decimals``.
- Gaps: structural ones (IMDI only from 2022, QRIS from 2019, SPBE not evaluated in 2020 and 2025
  and no stunting survey in 2020; no GRDP for 2025 because the real series ends in 2024) and
  random ones, more frequent in Papua, most in the Papua highlands, in 2018 and in the latest year.
  The home region (Kabupaten Bekasi) gets no random gaps so the default views are complete.
- Programme (Gerakan Menuju Smart City): cohort sizes follow the facts (2017: 25, 2018: 50,
  2019: 25, 2021: 48, 2022: 50). Kota, richer and more populous regions are more likely to be drawn
  into the early cohorts; DKI Jakarta's administrative cities take no part (the province runs its
  own programme). Kabupaten Bekasi is in the 2022 cohort with its real MoU date (2022-04-21); its
  other programme fields are a documented sample choice: all four bimtek done and the masterplan
  adopted (in 2023), with an evaluation. The cohort's masterplan status feeds the ``rp_masterplan``
  and ``ri_command_center`` indicators, so programme participants score higher there.

Random numbers come from ``numpy.random.default_rng`` seeded with ``[seed, crc32(name)]`` per
indicator (or per stage), over regions sorted by code: the same seed gives byte-identical frames,
whatever the order of the inputs, and adding an indicator to the framework leaves the others alone.
Indicators the generator does not know get a generic series inside their typical range.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.config import SHIPPED_DATA_DIR
from dashboard.data.errors import DataError
from dashboard.data.framework import Framework, Indicator
from dashboard.data.regions import RegionIndex
from dashboard.data.store.datasets import PROGRAMME_COLUMNS

SAMPLE_SEED = 20220421  # Kabupaten Bekasi's MoU date
SAMPLE_YEARS = range(2018, 2026)
SYNTHETIC_SOURCE = "sintetis"
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


@dataclass(frozen=True)
class Spec:
    """How one synthetic indicator is made; ``center`` is a typical kabupaten's value in 2024.

    Loadings act on the latent scale of ``transform``: logit of the share of ``span`` ("logit"),
    natural log ("log"), the value itself ("linear"), or a latent cut at ``cuts`` into integer
    steps starting at the lower bound ("steps").
    """

    transform: str
    center: float
    span: tuple[float, float] = (0.0, 100.0)
    dev: float = 0.0
    hum: float = 0.0
    digi: float = 0.0
    grdp: float = 0.0
    dens: float = 0.0
    kota: float = 0.0
    highland: float = 0.0
    province: dict[str, float] = field(default_factory=dict)
    programme: float = 0.0  # from the MoU year on
    adopted: float = 0.0  # from the masterplan adoption year on
    spread: float = 0.3  # sd of the persistent region effect
    trend: float = 0.0  # per year, relative to 2024
    shocks: dict[int, float] = field(default_factory=dict)  # extra year effects (COVID, take-off)
    ar: float = 0.1  # sd of the AR(1) year-to-year deviation
    rho: float = 0.7
    clip: tuple[float, float] | None = None
    cuts: tuple[float, ...] = ()
    monotone: bool = False  # never falls back (things built stay built)
    years: tuple[int, ...] | None = None  # the only years published
    first_year: int | None = None
    gaps: float = 1.0  # multiplier of the random gap rate


_COVID_TOURISM = {2020: -1.1, 2021: -0.85, 2022: -0.3}
_INTERNET_PATH = {2018: -1.2, 2019: -0.9, 2020: -0.66, 2021: -0.33, 2022: -0.15, 2023: -0.06}
_HOUSEHOLD_PATH = {2018: -1.0, 2019: -0.72, 2020: -0.5, 2021: -0.33, 2022: -0.12, 2023: -0.05}
_HAZARD = {
    "11": 25, "13": 25, "17": 20, "52": 20, "72": 25, "53": 10, "81": 15, "82": 15, "61": -40,
    "62": -30, "63": -20, "64": -25, "65": -25, "19": -30, "21": -25, "31": -20,
}  # fmt: skip
_FORESTED = {"61": 3.0, "62": 5.0, "65": 5.0, "91": 5.0, "92": 5.0, "93": 4.0, "94": 5.0,
             "95": 6.0, "96": 5.0}  # fmt: skip

SPECS: dict[str, Spec] = {
    "gov_spbe": Spec("logit", 2.6, span=(0.8, 4.9), dev=0.45, digi=0.25, kota=0.35, spread=0.45,
                     trend=0.14, ar=0.12, years=(2018, 2019, 2021, 2022, 2023, 2024), gaps=1.5),
    "gov_innovation": Spec("logit", 52, dev=0.45, kota=0.3, spread=0.55, trend=0.06, ar=0.25,
                           rho=0.5, gaps=1.5),
    "gov_audit": Spec("steps", 0.0, dev=0.7, spread=0.8, trend=0.14, ar=0.5, rho=0.5,
                      cuts=(-3.3, -3.2, -1.7)),
    "gov_public_service": Spec("logit", 3.5, span=(1.0, 5.0), dev=0.4, kota=0.3, spread=0.45,
                               trend=0.08, ar=0.12, rho=0.6, gaps=1.2),
    "brd_hotel_occupancy": Spec("logit", 45, dev=0.25, kota=0.35, province={"51": 0.5, "34": 0.3},
                                spread=0.35, trend=0.01, ar=0.1, rho=0.5, gaps=2.0,
                                shocks={2020: -0.95, 2021: -0.6, 2022: -0.2}),
    "brd_tourists": Spec("log", 450, dev=0.35, kota=0.55, spread=0.9, trend=0.03, ar=0.15,
                         rho=0.6, province={"51": 1.6, "34": 1.0, "52": 0.4, "21": 0.5},
                         shocks=_COVID_TOURISM, clip=(2, 60000), gaps=1.5),
    "brd_investment": Spec("log", 450, dev=0.8, grdp=0.35, dens=0.15, kota=-0.3, spread=1.0,
                           trend=0.06, shocks={2020: -0.2, 2021: -0.1}, ar=0.35, rho=0.3,
                           clip=(0.5, 300000)),
    "eco_growth": Spec("linear", 5.0, dev=0.2, spread=0.9, ar=1.0, rho=0.2, clip=(-25, 30),
                       shocks={2020: -7.0, 2021: -1.6, 2022: 0.3}),
    "eco_poverty": Spec("logit", 10.5, span=(0, 60), dev=-0.2, hum=-0.3, kota=-0.35, highland=0.2,
                        spread=0.3, trend=-0.03, shocks={2020: 0.05, 2021: 0.08}, ar=0.04,
                        rho=0.8),
    "eco_unemployment": Spec("logit", 4.2, span=(0, 18), dev=0.1, dens=0.1, kota=0.3,
                             highland=-0.5,
                             spread=0.3, trend=-0.02, shocks={2020: 0.35, 2021: 0.25, 2022: 0.08},
                             ar=0.08, rho=0.6),
    "eco_qris": Spec("log", 60, dev=0.3, digi=0.2, kota=0.35, spread=0.35, ar=0.1,
                     shocks={2019: -3.6, 2020: -1.55, 2021: -0.7, 2022: -0.33, 2023: -0.13,
                             2025: 0.1}, first_year=2019, clip=(0.05, 800)),
    "liv_hdi": Spec("logit", 70.5, span=(25, 92), dev=0.3, hum=0.35, kota=0.45, highland=-0.7,
                    spread=0.12, trend=0.035, shocks={2020: -0.03}, ar=0.015, rho=0.9),
    "liv_life_exp": Spec("linear", 69.5, dev=0.8, hum=1.1, kota=0.7, highland=-1.5, spread=0.8,
                         trend=0.17, shocks={2021: -0.25}, ar=0.05, rho=0.9, clip=(50, 80)),
    "liv_stunting": Spec("logit", 21, span=(0, 70), dev=-0.15, hum=-0.25, kota=-0.3, highland=0.2,
                         province={"53": 0.35, "76": 0.2, "52": 0.15}, spread=0.3, trend=-0.095,
                         ar=0.12, rho=0.5, years=(2018, 2019, 2021, 2022, 2023, 2024, 2025),
                         gaps=1.3),
    "liv_water": Spec("logit", 89, dev=0.35, hum=0.35, kota=0.6, highland=-0.6, spread=0.5,
                      trend=0.06, ar=0.1, rho=0.6),
    "liv_sanitation": Spec("logit", 80, dev=0.4, hum=0.4, kota=0.5, highland=-1.2, spread=0.45,
                           trend=0.08, ar=0.1, rho=0.6),
    "liv_roads": Spec("logit", 65, dev=0.3, kota=0.45, spread=0.45, trend=0.03, ar=0.12,
                      rho=0.6, gaps=1.3),
    "soc_imdi": Spec("logit", 43.5, dev=0.12, digi=0.18, kota=0.15, highland=-0.2, spread=0.1,
                     shocks={2022: -0.22, 2023: -0.01, 2025: 0.05}, ar=0.04, rho=0.6,
                     first_year=2022),
    "soc_schooling": Spec("linear", 8.3, dev=0.5, hum=0.6, kota=1.3, highland=-2.5, spread=0.45,
                          trend=0.09, ar=0.03, rho=0.9, clip=(1.0, 13.5)),
    "soc_internet": Spec("logit", 68, dev=0.25, digi=0.35, kota=0.65, highland=-1.0,
                         spread=0.25, shocks={**_INTERNET_PATH, 2025: 0.08}, ar=0.07),
    "soc_crime": Spec("log", 85, dev=-0.15, dens=0.1, kota=0.7, spread=0.45, trend=-0.01,
                      shocks={2020: -0.1}, ar=0.15, rho=0.5, clip=(5, 1500), gaps=1.2),
    "env_ikplh": Spec("linear", 70, dev=-1.5, dens=-2.0, kota=-3.5, province=_FORESTED,
                      spread=4.5, trend=0.35, ar=1.0, rho=0.6, clip=(35, 92)),
    "env_waste": Spec("logit", 58, dev=0.35, kota=0.6, spread=0.6, trend=0.07, ar=0.2, rho=0.5,
                      gaps=1.5),
    "env_disaster_risk": Spec("linear", 140, dev=-6, kota=-25, province=_HAZARD, spread=30,
                              trend=-2.5, ar=2.0, rho=0.9, clip=(20, 280), gaps=0.8),
    "env_green_space": Spec("logit", 13, dev=-0.1, dens=-0.1, kota=-0.75, spread=0.5,
                            trend=0.02, ar=0.05, rho=0.9, clip=(0.3, 60), gaps=1.5),
    "rs_fiscal": Spec("log", 0.75, dev=0.25, grdp=0.35, kota=0.05, spread=0.5,
                      shocks={2020: -0.05}, ar=0.08, clip=(0.05, 20)),
    "rs_ict_budget": Spec("logit", 1.1, span=(0, 10), dev=0.25, digi=0.15, kota=0.25,
                          spread=0.45, trend=0.06, shocks={2020: -0.15}, ar=0.25, rho=0.4,
                          gaps=1.5),
    "rs_ict_staff": Spec("log", 0.9, dev=0.3, digi=0.15, kota=0.4, spread=0.5, trend=0.05,
                         ar=0.1, rho=0.8, clip=(0.02, 15), gaps=2.0),
    "ri_4g_villages": Spec("logit", 90, dev=0.35, digi=0.4, dens=0.35, kota=1.3, highland=-1.5,
                           spread=0.5, trend=0.23, ar=0.1, rho=0.8),
    "ri_household_internet": Spec("logit", 86, dev=0.3, digi=0.35, kota=0.8, highland=-1.2,
                                  spread=0.3, shocks={**_HOUSEHOLD_PATH, 2025: 0.07}, ar=0.07),
    "ri_command_center": Spec("steps", 0.0, dev=0.6, digi=0.3, kota=0.8, programme=1.0,
                              spread=0.7, trend=0.3, ar=0.3, rho=0.6, cuts=(-0.8, 0.6, 2.0),
                              monotone=True),
    "rp_masterplan": Spec("steps", -1.5, dev=0.4, kota=0.3, programme=1.2, adopted=1.5,
                          spread=0.6, trend=0.12, ar=0.2, rho=0.8, cuts=(0.0, 1.2, 2.2),
                          monotone=True),
}  # fmt: skip


def _tag(name: str) -> int:
    """A stable stream number for ``name`` (hash() is salted per process)."""
    return zlib.crc32(name.encode("utf-8"))


def _rng(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng([int(seed), _tag(name)])


def _require_columns(frame: pd.DataFrame, columns: tuple[str, ...], code: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(code, columns=", ".join(missing))


def _regencies(regions: pd.DataFrame | RegionIndex) -> pd.DataFrame:
    """The kab/kota of ``regions`` sorted by code, so input row order never matters."""
    frame = regions.regions if isinstance(regions, RegionIndex) else regions
    needed = ("code", "type", "province_code", "area_km2", "population_2024")
    _require_columns(frame, needed, "sample.regions_columns")
    regencies = frame[frame["type"].isin(["kabupaten", "kota"])]
    if regencies.empty:
        raise DataError("sample.no_regions")
    regencies = regencies.assign(code=regencies["code"].astype(str))
    return regencies.sort_values("code", kind="stable").reset_index(drop=True)


def load_grdp(path: Path | str = GRDP_FILE) -> pd.DataFrame:
    """Real GRDP per capita (million Rp, constant 2010 prices) as code, year, value."""
    frame = pd.read_csv(path, dtype={"code": str})
    _require_columns(frame, GRDP_COLUMNS, "sample.grdp_columns")
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
class _Factors:
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


def _region_factors(regencies: pd.DataFrame, grdp: pd.DataFrame, *, seed: int) -> _Factors:
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
    rng = _rng(seed, "regions")
    noise = rng.standard_normal((3, len(codes)))
    raw = 0.45 * z_grdp + 0.3 * z_dens + 0.4 * kota + offset + 0.35 * noise[0]
    # Soft cap: Jakarta's GRDP per capita is 17 times the median; keep its factor on the scale.
    dev = DEV_CAP * np.tanh((raw - DEV_MEAN) / DEV_SD / DEV_CAP)
    highland = np.isin(codes, list(HIGHLANDS)).astype(float)
    return _Factors(
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


# ------------------------------------------------------------------------------- programme


def _draw_cohorts(f: _Factors, rng: np.random.Generator) -> np.ndarray:
    """Cohort year per region (0 = none): weighted draws without replacement, cohort by cohort."""
    cohort = np.zeros(len(f.codes), dtype=int)
    eligible = ~np.isin(f.provinces, list(NO_PROGRAMME_PROVINCES))
    home = f.codes == HOME_REGION
    cohort[home] = HOME_COHORT
    # Early cohorts favour kota, richer and more populous regions (the 2017 "100 smart city"
    # first wave was mostly big cities); the preference fades in later cohorts.
    preference = {
        2017: (1.6, 2.0, 0.6),
        2018: (1.0, 1.0, 0.4),
        2019: (0.7, 0.6, 0.3),
        2021: (0.5, 0.3, 0.2),
        2022: (0.4, 0.2, 0.2),
    }
    for year, size in COHORT_SIZES.items():
        b_dev, b_kota, b_pop = preference[year]
        key = b_dev * f.dev + b_kota * f.kota + b_pop * f.z_pop + rng.gumbel(size=len(f.codes))
        key[~eligible | (cohort > 0)] = -np.inf
        wanted = size - int(np.sum(cohort == year))
        chosen = np.argsort(-key, kind="stable")[: max(wanted, 0)]
        chosen = chosen[np.isfinite(key[chosen])]
        cohort[chosen] = year
    return cohort


def _weekday(dates: np.ndarray) -> np.ndarray:
    """Move Saturday and Sunday signing dates to the next Monday."""
    weekday = (dates.astype("datetime64[D]").view("int64") + 3) % 7  # 1970-01-01 was a Thursday
    return dates + np.where(weekday >= 5, 7 - weekday, 0).astype("timedelta64[D]")


def _mou_dates(cohort: np.ndarray, home: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """MoUs are signed at a few group events per cohort year (March-August)."""
    dates = np.full(len(cohort), np.datetime64("NaT"), dtype="datetime64[D]")
    for year in COHORT_SIZES:
        start = np.datetime64(f"{year}-03-01")
        events = _weekday(start + np.sort(rng.integers(0, 184, size=3)).astype("timedelta64[D]"))
        if year == HOME_COHORT:
            events[0] = np.datetime64(HOME_MOU_DATE)
        members = np.flatnonzero(cohort == year)
        dates[members] = events[rng.integers(0, 3, size=len(members))]
    dates[home & (cohort == HOME_COHORT)] = np.datetime64(HOME_MOU_DATE)
    return dates


# Share of each cohort by bimtek sessions done (4, 3, 2, 1, 0) and share of bimtek-4 regions
# with an adopted masterplan: earlier cohorts are further along.
PROGRESS = {
    2017: ((0.92, 0.08, 0.0, 0.0, 0.0), 0.9),
    2018: ((0.88, 0.10, 0.02, 0.0, 0.0), 0.85),
    2019: ((0.85, 0.10, 0.05, 0.0, 0.0), 0.8),
    2021: ((0.75, 0.15, 0.10, 0.0, 0.0), 0.7),
    2022: ((0.56, 0.20, 0.12, 0.08, 0.04), 0.45),
}


def _progress(cohort: np.ndarray, engagement: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bimtek done and masterplan status, handed out by engagement rank inside each cohort."""
    bimtek = np.zeros(len(cohort), dtype=int)
    status = np.full(len(cohort), "none", dtype=object)
    for year, (shares, adopted_share) in PROGRESS.items():
        members = np.flatnonzero(cohort == year)
        ranked = members[np.argsort(-engagement[members], kind="stable")]
        ends = np.round(np.cumsum(shares) * len(ranked)).astype(int)
        starts = (0, *ends[:-1])
        for level, start, end in zip((4, 3, 2, 1, 0), starts, ends, strict=True):
            bimtek[ranked[start:end]] = level
        done = ranked[bimtek[ranked] == 4]
        n_adopted = round(adopted_share * len(done))
        status[ranked[bimtek[ranked] > 0]] = "drafting"
        status[done[:n_adopted]] = "adopted"
    return bimtek, status


def _evaluation(
    cohort: np.ndarray, status: np.ndarray, engagement: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Kominfo evaluation scores (baseline, output, outcome, impact, quick win) or NaN."""
    noise = rng.standard_normal((6, len(cohort)))
    quality = 0.5 * engagement + 0.6 * noise[0]
    centers = np.array([75.0, 68.0, 60.0, 52.0, 65.0])[:, None]
    slopes = np.array([8.0, 9.0, 10.0, 11.0, 10.0])[:, None]
    scores = np.clip(centers + slopes * quality + 5.0 * noise[1:], 0, 100).round(1)
    evaluated = (status == "adopted") & ((cohort < HOME_COHORT) | (engagement > 0.5))
    return np.where(evaluated, scores, np.nan)


@dataclass(frozen=True)
class _Programme:
    """Programme fields per region plus the masterplan adoption year (0 = not adopted)."""

    frame: pd.DataFrame
    cohort: np.ndarray
    adoption_year: np.ndarray


def _programme(f: _Factors, *, seed: int) -> _Programme:
    """Cohorts, MoU dates, progress, quick wins and evaluations, all from one random stream."""
    rng = _rng(seed, "programme")
    home = f.codes == HOME_REGION
    cohort = _draw_cohorts(f, rng)
    mou = _mou_dates(cohort, home, rng)
    engagement = 0.6 * f.dev + rng.standard_normal(len(cohort))
    engagement[home] = np.max(engagement) + 1.0  # the sample choice documented above
    bimtek, status = _progress(cohort, engagement)
    adopted = status == "adopted"
    lag = 1 + (rng.random(len(cohort)) < 0.35)
    adoption = np.where(adopted, np.minimum(cohort + lag, SAMPLE_YEARS.stop - 1), 0)
    adoption[home & adopted] = HOME_ADOPTION_YEAR
    since = np.where(adopted, SAMPLE_YEARS.stop - 1 - adoption, 0)
    wins = np.where(adopted, 1 + rng.poisson(1.5 + 0.4 * since), 0)
    wins = np.where(status == "drafting", rng.integers(0, 2, size=len(cohort)), wins)
    fields = {
        "cohort_year": cohort,
        "mou_date": np.datetime_as_string(mou, unit="D"),
        "bimtek_done": bimtek,
        "masterplan_status": status.astype(str),
        "quick_wins": np.minimum(wins, 12),
        **dict(zip(EVAL_PARTS, _evaluation(cohort, status, engagement, rng), strict=True)),
    }
    frame = _programme_frame(f.codes, fields, cohort > 0)
    return _Programme(frame=frame, cohort=cohort, adoption_year=adoption)


def _programme_frame(codes: np.ndarray, fields: dict, inside: np.ndarray) -> pd.DataFrame:
    integers = ("cohort_year", "bimtek_done", "quick_wins")
    columns = {"region_code": codes[inside]}
    for name, values in fields.items():
        column = f"eval_{name}" if name in EVAL_PARTS else name
        values = values[inside]
        columns[column] = values.astype("int64") if name in integers else values
    columns["source"] = SYNTHETIC_SOURCE
    columns["note"] = np.where(codes[inside] == HOME_REGION, HOME_NOTE, SYNTHETIC_NOTE)
    return pd.DataFrame(columns)[list(PROGRAMME_COLUMNS)]


# ---------------------------------------------------------------------------- observations


def _generic_spec(indicator: Indicator) -> Spec:
    """A plain upward-drifting series inside the typical range for indicators we do not model."""
    low, high = indicator.typical or indicator.bounds or (0.0, 100.0)
    if indicator.direction == "ord" and indicator.categories:
        steps = len(indicator.categories) - 1
        cuts = tuple(np.linspace(-1.5, 0.5, steps)) if steps > 0 else ()
        return Spec("steps", 0.0, dev=0.5, spread=0.7, trend=0.1, ar=0.3, cuts=cuts)
    pad = 0.05 * (high - low)
    sign = -1.0 if indicator.direction == "down" else 1.0
    return Spec("logit", (low + high) / 2, span=(low - pad, high + pad), dev=0.5 * sign,
                kota=0.2 * sign, spread=0.4, trend=0.03 * sign, ar=0.1)  # fmt: skip


def _year_effect(spec: Spec, years: np.ndarray) -> np.ndarray:
    shocks = np.array([spec.shocks.get(int(y), 0.0) for y in years])
    return spec.trend * (years - CONTEXT_YEAR) + shocks


def _intercept(spec: Spec) -> float:
    if spec.transform == "logit":
        low, high = spec.span
        share = np.clip((spec.center - low) / (high - low), 1e-6, 1 - 1e-6)
        return float(np.log(share / (1 - share)))
    if spec.transform == "log":
        return float(np.log(spec.center))
    return float(spec.center)


def _region_noise(rng: np.random.Generator, codes: np.ndarray) -> np.ndarray:
    noise = rng.standard_normal(len(codes))
    home = codes == HOME_REGION
    noise[home] = np.clip(noise[home], -HOME_NOISE_CAP, HOME_NOISE_CAP)
    return noise


def _ar1(rng: np.random.Generator, n: int, t: int, *, sd: float, rho: float) -> np.ndarray:
    """Stationary AR(1) deviations per region: each series is smooth, not white noise."""
    shocks = rng.standard_normal((n, t)) * sd
    out = np.empty((n, t))
    out[:, 0] = shocks[:, 0]
    scale = np.sqrt(1 - rho**2)
    for j in range(1, t):
        out[:, j] = rho * out[:, j - 1] + scale * shocks[:, j]
    return out


def _latent(
    spec: Spec, f: _Factors, prog: tuple[np.ndarray, np.ndarray], rng: np.random.Generator
) -> np.ndarray:
    """The latent (region x year) matrix: factors + region effect + year path + AR(1)."""
    years = np.asarray(SAMPLE_YEARS)
    province = np.array([spec.province.get(p, 0.0) for p in f.provinces])
    region = (
        _intercept(spec)
        + spec.dev * f.dev
        + spec.hum * f.hum
        + spec.digi * f.digi
        + spec.grdp * f.z_grdp
        + spec.dens * f.z_dens
        + spec.kota * f.kota
        + spec.highland * f.highland
        + province
        + spec.spread * _region_noise(rng, f.codes)
    )
    ar = _ar1(rng, len(f.codes), len(years), sd=spec.ar, rho=spec.rho)
    in_programme, adopted = prog
    return (
        region[:, None]
        + _year_effect(spec, years)[None, :]
        + ar
        + spec.programme * in_programme
        + spec.adopted * adopted
    )


def _to_values(spec: Spec, latent: np.ndarray, indicator: Indicator) -> np.ndarray:
    """Map the latent scale to values; clip to plausible limits and hard bounds; round."""
    if spec.transform == "steps":
        lower = indicator.bounds[0] if indicator.bounds else 1.0
        steps = (latent[..., None] > np.asarray(spec.cuts)).sum(axis=-1)
        if spec.monotone:
            steps = np.maximum.accumulate(steps, axis=1)
        values = lower + steps.astype(float)
    elif spec.transform == "logit":
        low, high = spec.span
        values = low + (high - low) / (1 + np.exp(-latent))
    elif spec.transform == "log":
        values = np.exp(latent)
    else:
        values = latent
    if spec.clip:
        values = np.clip(values, *spec.clip)
    if indicator.bounds:
        values = np.clip(values, *indicator.bounds)
    return np.round(values, indicator.decimals)


def _gap_mask(spec: Spec, f: _Factors, rng: np.random.Generator) -> np.ndarray:
    """True where a value is missing: structural gaps plus random ones (more in Papua)."""
    years = np.asarray(SAMPLE_YEARS)
    structural = np.zeros(len(years), dtype=bool)
    if spec.years is not None:
        structural |= ~np.isin(years, spec.years)
    if spec.first_year is not None:
        structural |= years < spec.first_year
    region = 1.0 + (GAP_REGION_FACTOR["papua"] - 1) * f.papua
    region = np.where(f.highland > 0, GAP_REGION_FACTOR["highland"], region)
    region = np.where(f.codes == HOME_REGION, 0.0, region)
    year = np.array([GAP_YEAR_FACTOR.get(int(y), 1.0) for y in years])
    cell = rng.random((len(f.codes), len(years))) < GAP_RATE * spec.gaps * region[:, None] * year
    series = rng.random(len(f.codes)) < SERIES_GAP_RATE * spec.gaps * region
    return structural[None, :] | cell | series[:, None]


def _synthetic(
    indicator: Indicator, f: _Factors, prog: tuple[np.ndarray, np.ndarray], *, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Values (region x year) and the missing mask of one synthetic indicator."""
    spec = SPECS.get(indicator.id) or _generic_spec(indicator)
    rng = _rng(seed, indicator.id)
    values = _to_values(spec, _latent(spec, f, prog, rng), indicator)
    if indicator.id == "rp_masterplan":
        values = np.maximum(values, prog[1])  # an adopted masterplan is one point by itself
    return values, _gap_mask(spec, f, rng)


def _programme_matrices(p: _Programme) -> tuple[np.ndarray, np.ndarray]:
    years = np.asarray(SAMPLE_YEARS)[None, :]
    in_programme = (p.cohort[:, None] > 0) & (years >= p.cohort[:, None])
    adopted = (p.adoption_year[:, None] > 0) & (years >= p.adoption_year[:, None])
    return in_programme.astype(float), adopted.astype(float)


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
        self, ind: str, region, period, value, *, source: str, reference: object, note: str
    ) -> None:
        self.region.append(np.asarray(region, dtype=int))
        self.indicator.append(ind)
        self.counts.append(len(self.region[-1]))
        self.period.append(np.asarray(period, dtype="int64"))
        self.value.append(np.asarray(value, dtype=float))
        self.source.append(source)
        self.reference.append(np.broadcast_to(np.asarray(reference, dtype=object), (len(value),)))
        self.note.append(note)


def _add_matrix(rows: _Rows, ind: str, values: np.ndarray, missing: np.ndarray) -> None:
    region, col = np.nonzero(~missing)
    periods = np.asarray(SAMPLE_YEARS)[col]
    rows.add(ind, region, periods, values[region, col], source=SYNTHETIC_SOURCE, reference="",
             note=SYNTHETIC_NOTE)  # fmt: skip


def _add_grdp(rows: _Rows, f: _Factors, grdp: pd.DataFrame) -> None:
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
    id_rank = np.argsort(np.argsort(ids, kind="stable"), kind="stable")
    region = np.concatenate(rows.region)
    period = np.concatenate(rows.period)
    order = np.lexsort((period, np.repeat(id_rank, counts), region))
    frame = pd.DataFrame(
        {
            "region_code": codes[region],
            "indicator_id": np.repeat(ids, counts),
            "period": period,
            "value": np.concatenate(rows.value),
            "source": np.repeat(np.asarray(rows.source, dtype=object), counts),
            "reference_date": np.concatenate(rows.reference),
            "note": np.repeat(np.asarray(rows.note, dtype=object), counts),
        }
    )
    return frame.iloc[order].reset_index(drop=True)


def _observations(
    regencies: pd.DataFrame,
    framework: Framework,
    f: _Factors,
    p: _Programme,
    grdp: pd.DataFrame,
    *,
    seed: int,
) -> pd.DataFrame:
    rows = _Rows()
    prog = _programme_matrices(p)
    for ind in framework.indicators:
        if ind.id == GRDP_INDICATOR:
            _add_grdp(rows, f, grdp)
        elif ind.id in CONTEXT_SOURCES:
            _add_context(rows, ind, regencies)
        else:
            values, missing = _synthetic(ind, f, prog, seed=seed)
            _add_matrix(rows, ind.id, values, missing)
    return _frame(rows, f.codes)


def _prepare(
    regions: pd.DataFrame | RegionIndex, grdp: pd.DataFrame | None, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, _Factors, _Programme]:
    """Regions sorted by code, GRDP sorted by code and year, factors and programme."""
    regencies = _regencies(regions)
    grdp = load_grdp() if grdp is None else grdp
    _require_columns(grdp, GRDP_COLUMNS, "sample.grdp_columns")
    grdp = grdp.assign(code=grdp["code"].astype(str), year=grdp["year"].astype(int))
    grdp = grdp.sort_values(["code", "year"], kind="stable").drop_duplicates(["code", "year"])
    factors = _region_factors(regencies, grdp, seed=seed)
    return regencies, grdp, factors, _programme(factors, seed=seed)


def generate_observations(
    regions: pd.DataFrame | RegionIndex,
    framework: Framework,
    *,
    seed: int = SAMPLE_SEED,
    grdp: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every framework indicator for every kab/kota, 2018-2025, as long-format observations.

    ``grdp`` (code, year, value) defaults to the shipped real GRDP per capita file.
    """
    regencies, grdp, factors, programme = _prepare(regions, grdp, seed)
    return _observations(regencies, framework, factors, programme, grdp, seed=seed)


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
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations and programme frames, built from the same factors (they agree)."""
    regencies, grdp, factors, programme = _prepare(regions, grdp, seed)
    observations = _observations(regencies, framework, factors, programme, grdp, seed=seed)
    return observations, programme.frame
