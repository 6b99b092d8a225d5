"""Synthetic series: latent values per region and year, turned into indicator values with gaps."""

from __future__ import annotations

import numpy as np

from dashboard.data.framework import Indicator
from dashboard.data.sample.inputs import (
    CONTEXT_YEAR,
    GAP_RATE,
    GAP_REGION_FACTOR,
    GAP_YEAR_FACTOR,
    HOME_NOISE_CAP,
    HOME_REGION,
    SAMPLE_YEARS,
    SERIES_GAP_RATE,
    Factors,
    seeded_rng,
)
from dashboard.data.sample.programme import Programme
from dashboard.data.sample.specs import SPECS, Spec, generic_spec


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
    spec: Spec, f: Factors, prog: tuple[np.ndarray, np.ndarray], rng: np.random.Generator
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


def _gap_mask(spec: Spec, f: Factors, rng: np.random.Generator) -> np.ndarray:
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


def synthetic(
    indicator: Indicator, f: Factors, prog: tuple[np.ndarray, np.ndarray], *, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Values (region x year) and the missing mask of one synthetic indicator."""
    spec = SPECS.get(indicator.id) or generic_spec(indicator)
    rng = seeded_rng(seed, indicator.id)
    values = _to_values(spec, _latent(spec, f, prog, rng), indicator)
    if indicator.id == "rp_masterplan":
        values = np.maximum(values, prog[1])  # an adopted masterplan is one point by itself
    return values, _gap_mask(spec, f, rng)


def programme_matrices(p: Programme) -> tuple[np.ndarray, np.ndarray]:
    years = np.asarray(SAMPLE_YEARS)[None, :]
    in_programme = (p.cohort[:, None] > 0) & (years >= p.cohort[:, None])
    adopted = (p.adoption_year[:, None] > 0) & (years >= p.adoption_year[:, None])
    return in_programme.astype(float), adopted.astype(float)
