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
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.data.errors import DataError
from dashboard.data.framework import Framework, Group

KEYS = ("region_code", "indicator_id", "period")
OBSERVATION_COLUMNS = (*KEYS, "value")
REGION_COLUMNS = ("code", "name", "type", "province_code")
NO_SPREAD_SCORE = 50.0
COVERAGE_TOLERANCE = 1e-9
PROVINCE_TYPE = "provinsi"
_REGENCY_CODE = re.compile(r"\d{2}\.\d{2}")
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


# ---------------------------------------------------------------- normalisation


def normalise(observations: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Scorable regency rows with a 0-100 ``score`` per indicator and period (100 = best).

    Keeps the input columns (value, source, reference_date, note, ...) of the rows it scores and
    returns them ordered by region_code, indicator_id, period.
    """
    frame = _scorable(observations, framework)
    stats = _group_stats(frame, framework)
    frame["score"] = _scores(frame["value"].to_numpy(), stats)
    return frame


def _require(frame: pd.DataFrame, columns: Iterable[str], code: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(code, columns=", ".join(missing))


def _regency_mask(codes: pd.Series) -> np.ndarray:
    """Rows whose code is a kabupaten/kota code ("32.16"); checked once per distinct code."""
    uniques = pd.unique(codes.to_numpy())
    regency = [c for c in uniques if isinstance(c, str) and _REGENCY_CODE.fullmatch(c)]
    return codes.isin(regency).to_numpy()


def _scorable(observations: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Regency rows of scored indicators with a finite value, duplicates refused, sorted."""
    _require(observations, OBSERVATION_COLUMNS, "scoring.observations_columns")
    scored = [ind.id for ind in framework.scored_indicators]
    values = observations["value"].to_numpy(dtype="float64", na_value=np.nan)
    keep = (
        observations["indicator_id"].isin(scored).to_numpy()
        & np.isfinite(values)
        & _regency_mask(observations["region_code"])
    )
    frame = observations.loc[keep].copy()
    frame["value"] = values[keep]
    frame["period"] = frame["period"].astype("int64")
    for column in ("region_code", "indicator_id"):
        frame[column] = frame[column].astype(str)
    return _canonical_order(frame)


def _canonical_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort by region, indicator, period so the result never depends on input row order."""
    region = pd.factorize(frame["region_code"], sort=True)[0]
    indicator = pd.factorize(frame["indicator_id"], sort=True)[0]
    period = frame["period"].to_numpy()
    order = np.lexsort([period, indicator, region])
    same = np.zeros(len(order), dtype=bool)  # row equals the previous one on every key
    same[1:] = True
    for key in (region, indicator, period):
        ordered = key[order]
        same[1:] &= ordered[1:] == ordered[:-1]
    frame = frame.iloc[order].reset_index(drop=True)
    if same.any():
        first = frame.loc[np.flatnonzero(same)[0]]
        raise DataError(
            "scoring.duplicates",
            n=int(same.sum()),
            **{k: (int(first[k]) if k == "period" else str(first[k])) for k in KEYS},
        )
    return frame


def _indicator_meta(framework: Framework) -> pd.DataFrame:
    """Per scored indicator: sign (+1 higher is better), method, and the target's worst/best."""
    rows = []
    for ind in framework.scored_indicators:
        sign = -1.0 if ind.direction == "down" else 1.0
        low, high = sorted(ind.target) if ind.target else (np.nan, np.nan)
        worst, best = (high, low) if sign < 0 else (low, high)
        rows.append((ind.id, sign, ind.normalisation, worst, best))
    return pd.DataFrame(rows, columns=["id", "sign", "method", "worst", "best"]).set_index("id")


def _group_stats(frame: pd.DataFrame, framework: Framework) -> dict[str, np.ndarray]:
    """Direction-aware statistics of each row within its (indicator, period) group."""
    meta = _indicator_meta(framework)
    position = meta.index.get_indexer(frame["indicator_id"])
    period = pd.factorize(frame["period"])[0]
    key = position.astype("int64") * (period.max(initial=0) + 1) + period
    goodness = frame["value"].to_numpy() * meta["sign"].to_numpy()[position]
    grouped = pd.Series(goodness).groupby(key, sort=False)
    return {
        "goodness": goodness,
        "low": grouped.transform("min").to_numpy(),
        "high": grouped.transform("max").to_numpy(),
        "n": grouped.transform("size").to_numpy(),
        "mid_rank": grouped.rank(method="average").to_numpy(),
        "rank": grouped.rank(method="min", ascending=False).to_numpy(),
        "method": meta["method"].to_numpy()[position],
        "worst": meta["worst"].to_numpy()[position],
        "best": meta["best"].to_numpy()[position],
    }


def _mid_rank_percentile(stats: dict[str, np.ndarray]) -> np.ndarray:
    """Share of the other regions with a worse value plus half the ties, 0-100; alone = 50."""
    n = stats["n"]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (stats["mid_rank"] - 1) / (n - 1) * 100
    return np.where(n > 1, share, NO_SPREAD_SCORE)


def _scores(values: np.ndarray, stats: dict[str, np.ndarray]) -> np.ndarray:
    """Min-max, percentile or target score of every row, by its indicator's method."""
    spread = stats["high"] - stats["low"]
    with np.errstate(divide="ignore", invalid="ignore"):
        minmax = np.where(
            spread > 0, (stats["goodness"] - stats["low"]) / spread * 100, NO_SPREAD_SCORE
        )
        target = (values - stats["worst"]) / (stats["best"] - stats["worst"]) * 100
    method = stats["method"]
    return np.select(
        [method == "minmax", method == "percentile"],
        [minmax, _mid_rank_percentile(stats)],
        np.clip(target, 0.0, 100.0),
    ).astype("float64")


# ---------------------------------------------------------------- aggregation


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
    codes = _regencies(regions)["code"].to_numpy(dtype=object)
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


def _regencies(regions: pd.DataFrame) -> pd.DataFrame:
    """The kabupaten/kota rows of the region list, ordered by code."""
    _require(regions, REGION_COLUMNS, "scoring.regions_columns")
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


# ---------------------------------------------------------------- levels, ranks, changes


def level_ids(scores: pd.Series | np.ndarray, framework: Framework) -> pd.Series:
    """Maturity level id of each score (as ``framework.level_for``), None where no score."""
    values = np.asarray(scores, dtype="float64")
    lowers = np.array([level.lower for level in framework.levels])
    ids = np.array([level.id for level in framework.levels], dtype=object)
    position = np.clip(np.searchsorted(lowers, values, side="right") - 1, 0, None)
    chosen = np.where(np.isnan(values), None, ids[position])
    return pd.Series(chosen, index=getattr(scores, "index", None), dtype=object)


def _rank_within(frame: pd.DataFrame, by: list[str], prefix: str) -> None:
    """Add ``rank_<prefix>`` (1 = best, ties share the best rank) and ``n_ranked_<prefix>``."""
    grouped = frame.groupby(by, sort=False)["composite"]
    rank = grouped.rank(method="min", ascending=False)
    frame[f"rank_{prefix}"] = rank.astype("Int64")
    frame[f"n_ranked_{prefix}"] = grouped.transform("count").astype("int64")


def _add_changes(frame: pd.DataFrame, key: str, columns: list[str]) -> None:
    """Add ``change`` / ``change_<id>``: value minus the same unit's value in period - 1."""
    here = pd.MultiIndex.from_arrays([frame[key], frame["period"]])
    before = pd.MultiIndex.from_arrays([frame[key], frame["period"] - 1])
    previous = frame[columns].set_axis(here).reindex(before).to_numpy(dtype="float64")
    deltas = frame[columns].to_numpy(dtype="float64") - previous
    for position, column in enumerate(columns):
        name = "change" if column == "composite" else f"change_{column}"
        frame[name] = deltas[:, position]


def score_table(
    observations: pd.DataFrame, framework: Framework, regions: pd.DataFrame
) -> pd.DataFrame:
    """Everything the pages show per kabupaten/kota and period, sorted by period then rank.

    Columns: region_code, name, type, province_code, period; composite (0-100, NaN = "data
    kurang"), level (level id, None without composite), rank_national / n_ranked_national and
    rank_province / n_ranked_province (1 = best, ties share the best rank, nullable Int64; n =
    regencies with a composite that period), change (composite minus period - 1), coverage (0-1),
    n_indicators; then one column per pillar and element id, then ``change_<id>`` for each.
    """
    _require(observations, OBSERVATION_COLUMNS, "scoring.observations_columns")
    group_ids = [group.id for group in (*framework.pillars, *framework.elements)]
    normalised = normalise(observations, framework)
    periods = observations["period"].dropna().astype("int64").unique()
    table = aggregate(normalised, framework, regions, periods=periods)
    regencies = _regencies(regions).set_index("code")
    for column in ("name", "type", "province_code"):
        table[column] = regencies[column].reindex(table["region_code"]).to_numpy()
    table["level"] = level_ids(table["composite"], framework).to_numpy()
    _rank_within(table, ["period"], "national")
    _rank_within(table, ["period", "province_code"], "province")
    _add_changes(table, "region_code", ["composite", *group_ids])
    columns = [*TABLE_HEAD, *group_ids, *(f"change_{g}" for g in group_ids)]
    return _sorted(table[columns], "region_code")


def _sorted(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    order = frame.sort_values(["period", "rank_national", key], na_position="last", kind="stable")
    return order.reset_index(drop=True)


# ---------------------------------------------------------------- provinces


def province_scores(
    table: pd.DataFrame, regions: pd.DataFrame, framework: Framework
) -> pd.DataFrame:
    """Province scores: the unweighted mean of its kab/kota scores (NaN ignored) per period.

    Unweighted on purpose: every kabupaten/kota counts once, whatever its population, because
    readiness is a property of each local government. One row per province and period in
    ``table``, with level, rank among provinces (1 = best, method "min"), change vs period - 1,
    n_regencies_scored (kab/kota with a composite) and n_regencies (kab/kota in the province).
    """
    group_ids = [group.id for group in (*framework.pillars, *framework.elements)]
    scores = ["composite", *group_ids]
    provinces = regions.loc[regions["type"] == PROVINCE_TYPE, ["code", "name"]]
    periods = sorted({int(p) for p in table["period"]})
    grid = pd.DataFrame(
        {
            "province_code": pd.Series(
                np.repeat(provinces["code"].to_numpy(), len(periods)), dtype=str
            ),
            "name": pd.Series(np.repeat(provinces["name"].to_numpy(), len(periods)), dtype=str),
            "period": np.tile(np.array(periods, dtype="int64"), len(provinces)),
        }
    )
    grouped = table.groupby(["province_code", "period"])
    means = grouped[scores].mean()
    means["n_regencies_scored"] = grouped["composite"].count()
    frame = grid.join(means, on=["province_code", "period"])
    frame["n_regencies_scored"] = frame["n_regencies_scored"].fillna(0).astype("int64")
    sizes = _regencies(regions)["province_code"].value_counts()
    frame["n_regencies"] = sizes.reindex(frame["province_code"]).fillna(0).astype("int64").values
    frame["level"] = level_ids(frame["composite"], framework).to_numpy()
    _rank_within(frame, ["period"], "national")
    _add_changes(frame, "province_code", scores)
    columns = [*PROVINCE_HEAD, *group_ids, *(f"change_{g}" for g in group_ids)]
    return _sorted(frame[columns], "province_code")


# ---------------------------------------------------------------- per indicator


def indicator_ranks(observations: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Per region, scored indicator and period: value, score, rank, n_regions and percentile.

    rank is national and direction-aware (1 = best, ties share the best rank); n_regions counts
    the regencies with a value; percentile is 0-100, higher = better (mid-rank, alone = 50).
    Extra input columns (source, reference_date, note) are kept for the profile page.
    """
    frame = _scorable(observations, framework)
    stats = _group_stats(frame, framework)
    frame["score"] = _scores(frame["value"].to_numpy(), stats)
    frame["rank"] = stats["rank"].astype("int64")
    frame["n_regions"] = stats["n"].astype("int64")
    frame["percentile"] = _mid_rank_percentile(stats)
    return frame


def strongest_weakest(
    normalised: pd.DataFrame, region_code: str, period: int, *, n: int = 3
) -> tuple[list[str], list[str]]:
    """Indicator ids with the highest and the lowest scores for one region and period.

    The two lists never share an indicator: with fewer than 2n scores, the strongest get the
    larger half. Ties are broken by indicator id so the answer is stable.
    """
    mask = (normalised["region_code"] == region_code) & (normalised["period"] == period)
    rows = normalised.loc[mask & normalised["score"].notna(), ["indicator_id", "score"]]
    ranked = rows.sort_values(["score", "indicator_id"], ascending=[False, True], kind="stable")
    n_strong = min(n, (len(ranked) + 1) // 2)
    n_weak = min(n, len(ranked) // 2)
    rest = ranked.iloc[n_strong:].sort_values(["score", "indicator_id"], kind="stable")
    strongest = ranked["indicator_id"].iloc[:n_strong].astype(str).tolist()
    return strongest, rest["indicator_id"].iloc[:n_weak].astype(str).tolist()
