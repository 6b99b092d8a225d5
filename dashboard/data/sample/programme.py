"""The synthetic Gerakan Menuju Smart City programme: cohorts, MoU dates, progress."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.sample.inputs import (
    COHORT_SIZES,
    EVAL_PARTS,
    HOME_ADOPTION_YEAR,
    HOME_COHORT,
    HOME_MOU_DATE,
    HOME_NOTE,
    HOME_REGION,
    NO_PROGRAMME_PROVINCES,
    SAMPLE_YEARS,
    SYNTHETIC_NOTE,
    SYNTHETIC_SOURCE,
    Factors,
    seeded_rng,
)
from dashboard.data.store.datasets import PROGRAMME_COLUMNS


def _draw_cohorts(f: Factors, rng: np.random.Generator) -> np.ndarray:
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
class Programme:
    """Programme fields per region plus the masterplan adoption year (0 = not adopted)."""

    frame: pd.DataFrame
    cohort: np.ndarray
    adoption_year: np.ndarray


def draw_programme(f: Factors, *, seed: int) -> Programme:
    """Cohorts, MoU dates, progress, quick wins and evaluations, all from one random stream."""
    rng = seeded_rng(seed, "programme")
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
    return Programme(frame=frame, cohort=cohort, adoption_year=adoption)


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
