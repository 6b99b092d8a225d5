"""Weighted means of scores into pillars, elements and the composite, with the coverage rule."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.data.errors import DataError
from dashboard.data.framework import Framework, Group
from dashboard.data.scoring.normalise import PROVINCE_TYPE, REGION_COLUMNS, require_columns

COVERAGE_TOLERANCE = 1e-9
TABLE_HEAD = (
    "region_code",
    "name",
    "type",
    "province_code",
    "period",
    "composite",
    "level",
    "rank_national",
    "n_ranked_national",
    "rank_province",
    "n_ranked_province",
    "change",
    "coverage",
    "n_indicators",
)
PROVINCE_HEAD = (
    "province_code",
    "name",
    "period",
    "composite",
    "level",
    "rank_national",
    "n_ranked_national",
    "change",
    "n_regencies_scored",
    "n_regencies",
)


def aggregate(
    normalised: pd.DataFrame,
    framework: Framework,
    regions: pd.DataFrame,
    *,
    periods: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Pillar, element and composite scores for every regency x period (NaN = "data kurang").

    Columns: region_code, period, one per pillar and element id, composite, coverage (share of
    the composite weight whose pillar/element has a score, 0-1) and n_indicators (scored
    indicators with a value). ``periods`` defaults to the periods in ``normalised``.
    """
    groups = (*framework.pillars, *framework.elements)
    _check_group_ids(groups)
    codes = regency_rows(regions)["code"].to_numpy(dtype=object)
    period_list = sorted({int(p) for p in (normalised["period"] if periods is None else periods)})
    matrix = _score_matrix(normalised, framework, codes, period_list)
    group_scores, _ = _weighted_means(
        matrix, _indicator_weights(framework, groups), framework.max_missing_share
    )
    composite, coverage = _weighted_means(
        group_scores, _composite_weights(framework, groups)[:, None], framework.max_missing_share
    )
    frame = pd.DataFrame(
        {
            "region_code": pd.Series(np.tile(codes, len(period_list)), dtype=str),
            "period": np.repeat(np.array(period_list, dtype="int64"), len(codes)),
        }
    )
    for position, group in enumerate(groups):
        frame[group.id] = group_scores[:, position]
    frame["composite"] = composite[:, 0]
    frame["coverage"] = coverage[:, 0]
    frame["n_indicators"] = (~np.isnan(matrix)).sum(axis=1).astype("int64")
    return frame


def _check_group_ids(groups: Iterable[Group]) -> None:
    reserved = set(TABLE_HEAD) | set(PROVINCE_HEAD)
    for group in groups:
        if group.id in reserved or group.id.startswith("change_"):
            raise DataError("scoring.reserved_id", ident=group.id)


def regency_rows(regions: pd.DataFrame) -> pd.DataFrame:
    """The kabupaten/kota rows of the region list, ordered by code."""
    require_columns(regions, REGION_COLUMNS, "scoring.regions_columns")
    regencies = regions.loc[regions["type"] != PROVINCE_TYPE, list(REGION_COLUMNS)]
    return regencies.sort_values("code").reset_index(drop=True)


def _score_matrix(
    normalised: pd.DataFrame, framework: Framework, codes: np.ndarray, periods: list[int]
) -> np.ndarray:
    """Scores as a (period x region, indicator) array, NaN where there is none."""
    indicators = [ind.id for ind in framework.scored_indicators]
    matrix = np.full((len(periods) * len(codes), len(indicators)), np.nan)
    region = pd.Index(codes).get_indexer(normalised["region_code"])
    period = pd.Index(periods, dtype="int64").get_indexer(normalised["period"])
    column = pd.Index(indicators).get_indexer(normalised["indicator_id"])
    ok = (region >= 0) & (period >= 0) & (column >= 0)
    rows = period[ok] * len(codes) + region[ok]
    matrix[rows, column[ok]] = normalised["score"].to_numpy(dtype="float64")[ok]
    return matrix


def _indicator_weights(framework: Framework, groups: tuple[Group, ...]) -> np.ndarray:
    """(indicator, group) weights: the indicator's weight in its own group, 0 elsewhere."""
    column = {group.id: position for position, group in enumerate(groups)}
    weights = np.zeros((len(framework.scored_indicators), len(groups)))
    for row, ind in enumerate(framework.scored_indicators):
        weights[row, column[ind.group]] = ind.weight
    return weights


def _composite_weights(framework: Framework, groups: tuple[Group, ...]) -> np.ndarray:
    """Each pillar's and element's weight in the composite: own weight x its kind's share."""
    share = {
        "pillar": framework.composite_weights.get("pillars", 1.0),
        "element": framework.composite_weights.get("elements", 0.0),
    }
    return np.array([group.weight * share[group.kind] for group in groups])


def _weighted_means(
    values: np.ndarray, weights: np.ndarray, max_missing_share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted means over the values present, and the share of weight present (0-1).

    A mean is NaN when more than ``max_missing_share`` of its weight is missing.
    """
    present = (~np.isnan(values)).astype("float64") @ weights
    total = weights.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        means = (np.nan_to_num(values, nan=0.0) @ weights) / present
        coverage = np.where(total > 0, present / total, 0.0)
    lacking = (present <= 0) | (1.0 - coverage > max_missing_share + COVERAGE_TOLERANCE)
    means[lacking] = np.nan
    return means, coverage
