"""Indicator values -> 0-100 scores -> pillar, element and composite readiness, levels, ranks.

SPEC section 4 and FRAMEWORK.md "Weights and levels". Every function here is pure: the same
observations and framework always give the same frame (no randomness, no I/O, no hidden state,
independent of input row order), so any number on screen can be recomputed and explained.

Choices worth knowing before reading a score:
- Only kabupaten/kota rows ("32.16") of scored indicators are scored. Province rows ("32"),
  context indicators (group "context"), indicators the framework does not know, and missing or
  non-finite values are left out: missing is missing, never zero.
- When every region has the same value for an indicator and year (or only one region has one),
  min-max and percentile give everyone 50: without spread there is nothing to rank on, and 0 or
  100 would invent a gap; NaN would wrongly count as "data kurang".
- ``target = [worst, best]`` is read with the indicator's direction: whichever order the file
  lists the two numbers in, the lower one is best for "down" indicators and worst otherwise.
- An aggregate (pillar, element, composite) whose missing weight share is more than
  ``framework.max_missing_share`` is NaN, shown as "data kurang". A share exactly at the limit
  still gets a score (compared with a 1e-9 tolerance so float rounding of weights such as
  0.16667 cannot flip it).

Modules: :mod:`.normalise` (values to 0-100 per indicator and year), :mod:`.aggregate` (weighted
pillars, elements, composite), :mod:`.tables` (levels, ranks, changes; regencies and provinces),
:mod:`.ranks` (a region's place per indicator, its strongest and weakest).
"""

from __future__ import annotations

from dashboard.data.scoring.aggregate import (
    COVERAGE_TOLERANCE,
    PROVINCE_HEAD,
    TABLE_HEAD,
    aggregate,
)
from dashboard.data.scoring.normalise import (
    KEYS,
    NO_SPREAD_SCORE,
    OBSERVATION_COLUMNS,
    PROVINCE_TYPE,
    REGION_COLUMNS,
    normalise,
)
from dashboard.data.scoring.ranks import indicator_ranks, strongest_weakest
from dashboard.data.scoring.tables import level_ids, province_scores, score_table

__all__ = [
    "COVERAGE_TOLERANCE",
    "KEYS",
    "NO_SPREAD_SCORE",
    "OBSERVATION_COLUMNS",
    "PROVINCE_HEAD",
    "PROVINCE_TYPE",
    "REGION_COLUMNS",
    "TABLE_HEAD",
    "aggregate",
    "indicator_ranks",
    "level_ids",
    "normalise",
    "province_scores",
    "score_table",
    "strongest_weakest",
]
