"""The score tables the pages read: levels, ranks and changes, per regency and per province."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.data.framework import Framework
from dashboard.data.scoring.aggregate import PROVINCE_HEAD, TABLE_HEAD, aggregate, regency_rows
from dashboard.data.scoring.normalise import (
    OBSERVATION_COLUMNS,
    PROVINCE_TYPE,
    normalise,
    require_columns,
)


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
    require_columns(observations, OBSERVATION_COLUMNS, "scoring.observations_columns")
    group_ids = [group.id for group in (*framework.pillars, *framework.elements)]
    normalised = normalise(observations, framework)
    periods = observations["period"].dropna().astype("int64").unique()
    table = aggregate(normalised, framework, regions, periods=periods)
    regencies = regency_rows(regions).set_index("code")
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
    sizes = regency_rows(regions)["province_code"].value_counts()
    frame["n_regencies"] = sizes.reindex(frame["province_code"]).fillna(0).astype("int64").values
    frame["level"] = level_ids(frame["composite"], framework).to_numpy()
    _rank_within(frame, ["period"], "national")
    _add_changes(frame, "province_code", scores)
    columns = [*PROVINCE_HEAD, *group_ids, *(f"change_{g}" for g in group_ids)]
    return _sorted(frame[columns], "province_code")
