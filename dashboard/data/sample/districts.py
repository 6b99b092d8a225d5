"""A synthetic kecamatan dataset for the home regency (Kabupaten Bekasi), clearly labelled.

No district statistics are shipped, so the sample's district values are made up: source
``sintetis`` (:data:`~dashboard.data.store.datasets.SYNTHETIC`, so ``is_synthetic`` holds on
every screen, wall, export and API answer) and a note saying so. They exist to show the kecamatan
view working; real district values replace them through ``import indicators``.

Codes are ``32.16.01`` .. ``32.16.23`` (the regency's 23 kecamatan); names are not shipped: they
come from an imported district boundary version. Values are anchored on the sample's own regency
value of each indicator and year (a district spread around it on the logit scale, a fixed
urban/rural district effect, a small year-to-year wobble), deterministic from the seed.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from dashboard.data.framework import Framework
from dashboard.data.sample.inputs import HOME_REGION, SAMPLE_SEED, SYNTHETIC_SOURCE
from dashboard.data.store.datasets import OBSERVATION_COLUMNS

DISTRICT_COUNT = 23  # Kabupaten Bekasi's kecamatan, coded 32.16.01 .. 32.16.23
DISTRICT_YEARS = (2021, 2022, 2023, 2024)
# Indicators that are measured per kecamatan in practice (village census, health offices).
DISTRICT_INDICATORS = (
    "ri_4g_villages",
    "ri_household_internet",
    "liv_water",
    "liv_sanitation",
    "liv_stunting",
    "eco_poverty",
)
DISTRICT_NOTE = "data kecamatan sintetis (contoh), bukan data resmi"
SPREAD = 0.4  # sd of the district effect on the logit scale


def district_codes(regency: str = HOME_REGION, count: int = DISTRICT_COUNT) -> list[str]:
    return [f"{regency}.{i:02d}" for i in range(1, count + 1)]


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def generate_districts(
    observations: pd.DataFrame,
    framework: Framework,
    *,
    regency: str = HOME_REGION,
    seed: int = SAMPLE_SEED,
) -> pd.DataFrame:
    """Synthetic district observations of ``regency``, anchored on its values in ``observations``."""
    codes = district_codes(regency)
    rng = np.random.default_rng([seed, zlib.crc32(b"districts")])
    urban = rng.normal(0.0, 1.0, len(codes))  # one fixed effect per district
    home = observations[observations["region_code"] == regency].set_index(
        ["indicator_id", "period"]
    )["value"]
    parts = []
    for ident in DISTRICT_INDICATORS:
        if ident not in framework.by_id:
            continue
        ind = framework.indicator(ident)
        ind_rng = np.random.default_rng([seed, zlib.crc32(ident.encode())])
        own = ind_rng.normal(0.0, SPREAD, len(codes))
        sign = -1.0 if ind.direction == "down" else 1.0
        low, high = ind.bounds or (0.0, 100.0)
        for year in DISTRICT_YEARS:
            anchor = home.get((ident, year))
            if anchor is None or not np.isfinite(anchor):
                continue
            share = np.clip((anchor - low) / (high - low), 0.02, 0.98)
            latent = _logit(share) + sign * 0.35 * urban + own + ind_rng.normal(0, 0.08, len(codes))
            values = low + (high - low) / (1 + np.exp(-latent))
            values = np.round(np.clip(values, low, high), ind.decimals)
            parts.append(
                pd.DataFrame(
                    {"region_code": codes, "indicator_id": ident, "period": year, "value": values}
                )
            )
    if not parts:
        return pd.DataFrame(columns=list(OBSERVATION_COLUMNS))
    frame = pd.concat(parts, ignore_index=True)
    frame["source"] = SYNTHETIC_SOURCE
    frame["reference_date"] = ""
    frame["note"] = DISTRICT_NOTE
    return frame[list(OBSERVATION_COLUMNS)]


def with_sample_districts(observations: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """The sample's observations plus the synthetic districts of the home regency."""
    districts = generate_districts(observations, framework)
    return pd.concat([observations, districts], ignore_index=True)
