"""The bundled sample dataset: real values where we have them, believable synthetic values elsewhere.

Real inputs: GRDP per capita 2018-2024 (BPS), registered population (Dukcapil, Dec 2024) and area
(BIG, Dec 2024) with the density derived from them, and the BPS tables shipped in ``data/bps/``
(:mod:`.real`): IPM (var 413), life expectancy, mean and expected years of schooling, adjusted
per-capita expenditure, poverty rate P0 and open unemployment. Real first: a real value is used
wherever one exists for a region, indicator and year, with ``source`` "BPS — <table>"; a synthetic
value only where none does, anchored to the region's real level, with ``source`` "sintetis" and a
``note``, so it can never be mistaken for official data. ``fill=False`` (``SAMPLE_FILL=0``) keeps
only the real values (and no programme records, which are synthetic).

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

Modules: :mod:`.inputs` (real inputs, constants, region factors), :mod:`.specs` (one recipe per
indicator), :mod:`.series` (latent series to values and gaps), :mod:`.programme` (cohorts, MoU
dates, progress), :mod:`.real` (the BPS tables and the real-first merge), :mod:`.generate` (the
public ``generate_*`` functions).
"""

from __future__ import annotations

from dashboard.data.sample.generate import (
    generate_observations,
    generate_programme,
    generate_sample,
)
from dashboard.data.sample.inputs import (
    COHORT_SIZES,
    CONTEXT_SOURCES,
    CONTEXT_YEAR,
    GRDP_COLUMNS,
    GRDP_FILE,
    GRDP_INDICATOR,
    GRDP_SOURCE,
    HOME_NOTE,
    HOME_REGION,
    MASTERPLAN_STATUSES,
    SAMPLE_SEED,
    SAMPLE_YEARS,
    SYNTHETIC_NOTE,
    SYNTHETIC_SOURCE,
    load_grdp,
)
from dashboard.data.sample.real import BPS_DIR, BPS_INDICATORS, BPS_TABLES, BpsTable, load_bps
from dashboard.data.sample.specs import SPECS, Spec
from dashboard.data.store.datasets import PROGRAMME_COLUMNS

__all__ = [
    "BPS_DIR",
    "BPS_INDICATORS",
    "BPS_TABLES",
    "COHORT_SIZES",
    "CONTEXT_SOURCES",
    "CONTEXT_YEAR",
    "GRDP_COLUMNS",
    "GRDP_FILE",
    "GRDP_INDICATOR",
    "GRDP_SOURCE",
    "HOME_NOTE",
    "HOME_REGION",
    "MASTERPLAN_STATUSES",
    "PROGRAMME_COLUMNS",
    "SAMPLE_SEED",
    "SAMPLE_YEARS",
    "SPECS",
    "SYNTHETIC_NOTE",
    "SYNTHETIC_SOURCE",
    "BpsTable",
    "Spec",
    "generate_observations",
    "generate_programme",
    "generate_sample",
    "load_bps",
    "load_grdp",
]
