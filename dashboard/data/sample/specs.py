"""One recipe per indicator: transform, intercept, loadings, year path, limits."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dashboard.data.framework import Indicator


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


def generic_spec(indicator: Indicator) -> Spec:
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
