"""Scoring: normalisation, weighted aggregation, coverage rule, levels, ranks and changes."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from dashboard.data import scoring
from dashboard.data.errors import DataError
from dashboard.data.framework import Framework, Group, Indicator, Level
from dashboard.data.regions import RegionIndex
from dashboard.i18n import catalogue, placeholders

LEVELS = (
    Level("rintisan", "Rintisan", "Initiating", 0),
    Level("berkembang", "Berkembang", "Developing", 20),
    Level("maju", "Maju", "Advanced", 40),
    Level("unggul", "Unggul", "Leading", 60),
    Level("optimal", "Optimal", "Optimal", 80),
)


def indicator(ident: str, group: str, direction: str = "up", **extra: object) -> Indicator:
    return Indicator(ident, group, ident, ident, "u", direction, "test", **extra)


def tiny_framework(**changes: object) -> Framework:
    """Two pillars and one element; p1 = (a + 3 b) / 4, composite weights 0.35/0.35/0.3."""
    framework = Framework(
        version="test",
        name_id="Uji",
        name_en="Test",
        pillars=(Group("p1", "pillar", "P1", "P1", 0.5), Group("p2", "pillar", "P2", "P2", 0.5)),
        elements=(Group("e1", "element", "E1", "E1", 1.0),),
        indicators=(
            indicator("a", "p1"),
            indicator("b", "p1", "down", weight=3.0),
            indicator("c", "p2", normalisation="percentile"),
            indicator("d", "p2", "ord", categories=("rendah", "sedang", "tinggi")),
            indicator("e", "e1", normalisation="target", target=(0.0, 10.0)),
            indicator("ctx", "context"),
        ),
        levels=LEVELS,
        composite_weights={"pillars": 0.7, "elements": 0.3},
        max_missing_share=0.4,
    )
    return dataclasses.replace(framework, **changes)


def with_indicator(framework: Framework, ident: str, **changes: object) -> Framework:
    swapped = tuple(
        dataclasses.replace(ind, **changes) if ind.id == ident else ind
        for ind in framework.indicators
    )
    return dataclasses.replace(framework, indicators=swapped)


def obs(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["region_code", "indicator_id", "period", "value"])


def scores_of(frame: pd.DataFrame, ident: str, period: int = 2024) -> dict[str, float]:
    rows = frame[(frame["indicator_id"] == ident) & (frame["period"] == period)]
    return dict(zip(rows["region_code"], rows["score"], strict=True))


def row(table: pd.DataFrame, code: str, period: int = 2024) -> pd.Series:
    found = table[(table["region_code"] == code) & (table["period"] == period)]
    assert len(found) == 1
    return found.iloc[0]


@pytest.fixture
def fw() -> Framework:
    return tiny_framework()


@pytest.fixture
def tiny_regions() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("11", "Aceh", "provinsi", "11", "Aceh"),
            ("11.01", "Kabupaten Satu", "kabupaten", "11", "Aceh"),
            ("11.02", "Kabupaten Dua", "kabupaten", "11", "Aceh"),
            ("11.71", "Kota Tiga", "kota", "11", "Aceh"),
            ("12", "Sumatera Utara", "provinsi", "12", "Sumatera Utara"),
            ("12.01", "Kabupaten Empat", "kabupaten", "12", "Sumatera Utara"),
        ],
        columns=["code", "name", "type", "province_code", "province_name"],
    )


# Values chosen so every score is easy to compute by hand (see test_weighted_example_by_hand).
FULL = {
    "a": {"11.01": 0, "11.02": 5, "11.71": 10, "12.01": 10},  # up: 0, 50, 100, 100
    "b": {"11.01": 10, "11.02": 20, "11.71": 30, "12.01": 20},  # down: 100, 50, 0, 50
    "c": {"11.01": 1, "11.02": 2, "11.71": 3, "12.01": 4},  # percentile: 0, 33.3, 66.7, 100
    "d": {"11.01": 3, "11.02": 1, "11.71": 2, "12.01": 3},  # ord: 100, 0, 50, 100
    "e": {"11.01": 10, "11.02": 5, "11.71": 0, "12.01": 20},  # target 0-10: 100, 50, 0, 100
    "ctx": {"11.01": 1e6, "11.02": 2e6, "11.71": 3e6, "12.01": 4e6},
}


def full_rows(period: int = 2024, drop: tuple[tuple[str, str], ...] = ()) -> list[tuple]:
    return [
        (code, ident, period, float(value))
        for ident, values in FULL.items()
        for code, value in values.items()
        if (code, ident) not in drop
    ]


@pytest.fixture
def full_obs() -> pd.DataFrame:
    return obs(full_rows())


# ---------------------------------------------------------------- normalisation


def test_minmax_up_and_down_inverted(fw: Framework, full_obs: pd.DataFrame) -> None:
    normalised = scoring.normalise(full_obs, fw)
    assert scores_of(normalised, "a") == {"11.01": 0, "11.02": 50, "11.71": 100, "12.01": 100}
    assert scores_of(normalised, "b") == {"11.01": 100, "11.02": 50, "11.71": 0, "12.01": 50}


def test_minmax_ties_share_a_score(fw: Framework) -> None:
    rows = [("11.01", "a", 2024, 10.0), ("11.02", "a", 2024, 10.0), ("11.71", "a", 2024, 30.0)]
    assert scores_of(scoring.normalise(obs(rows), fw), "a") == {
        "11.01": 0,
        "11.02": 0,
        "11.71": 100,
    }


@pytest.mark.parametrize("ident", ["a", "b", "c", "d"])
def test_all_equal_values_score_fifty(fw: Framework, ident: str) -> None:
    rows = [(code, ident, 2024, 3.0) for code in ("11.01", "11.02", "11.71")]
    assert scores_of(scoring.normalise(obs(rows), fw), ident) == dict.fromkeys(
        ("11.01", "11.02", "11.71"), 50.0
    )


@pytest.mark.parametrize("ident", ["a", "b", "c", "d"])
def test_single_region_scores_fifty(fw: Framework, ident: str) -> None:
    normalised = scoring.normalise(obs([("11.02", ident, 2024, 2.0)]), fw)
    assert scores_of(normalised, ident) == {"11.02": 50.0}


def test_scores_are_per_indicator_and_period(fw: Framework) -> None:
    rows = [
        ("11.01", "a", 2023, 0.0),
        ("11.02", "a", 2023, 10.0),
        ("11.01", "a", 2024, 100.0),
        ("11.02", "a", 2024, 50.0),
    ]
    normalised = scoring.normalise(obs(rows), fw)
    assert scores_of(normalised, "a", 2023) == {"11.01": 0, "11.02": 100}
    assert scores_of(normalised, "a", 2024) == {"11.01": 100, "11.02": 0}


def test_percentile_is_mid_rank_and_direction_aware(fw: Framework) -> None:
    rows = [
        ("11.01", "c", 2024, 1.0),
        ("11.02", "c", 2024, 2.0),
        ("11.71", "c", 2024, 2.0),
        ("12.01", "c", 2024, 3.0),
    ]
    # 11.02: one of three others is worse, one ties -> (1 + 0.5) / 3 = 50.
    assert scores_of(scoring.normalise(obs(rows), fw), "c") == pytest.approx(
        {"11.01": 0, "11.02": 50, "11.71": 50, "12.01": 100}
    )
    down = with_indicator(fw, "c", direction="down")
    assert scores_of(scoring.normalise(obs(rows), down), "c") == pytest.approx(
        {"11.01": 100, "11.02": 50, "11.71": 50, "12.01": 0}
    )


def test_ord_uses_category_positions_like_up(fw: Framework) -> None:
    rows = [("11.01", "d", 2024, 2.0), ("11.02", "d", 2024, 3.0), ("11.71", "d", 2024, 3.0)]
    assert scores_of(scoring.normalise(obs(rows), fw), "d") == {
        "11.01": 0,
        "11.02": 100,
        "11.71": 100,
    }


def test_target_is_linear_and_clipped(fw: Framework) -> None:
    rows = [(c, "e", 2024, v) for c, v in [("11.01", -5.0), ("11.02", 2.5), ("11.71", 15.0)]]
    assert scores_of(scoring.normalise(obs(rows), fw), "e") == {
        "11.01": 0,
        "11.02": 25,
        "11.71": 100,
    }


@pytest.mark.parametrize("target", [(10.0, 40.0), (40.0, 10.0)])
def test_target_for_down_indicator_either_order(fw: Framework, target: tuple) -> None:
    down = with_indicator(fw, "e", direction="down", target=target)
    rows = [(c, "e", 2024, v) for c, v in [("11.01", 10.0), ("11.02", 25.0), ("11.71", 50.0)]]
    assert scores_of(scoring.normalise(obs(rows), down), "e") == {
        "11.01": 100,
        "11.02": 50,
        "11.71": 0,
    }


def test_missing_values_are_dropped_not_zero(fw: Framework) -> None:
    rows = [
        ("11.01", "a", 2024, 10.0),
        ("11.02", "a", 2024, float("nan")),
        ("11.71", "a", 2024, 20.0),
        ("12.01", "a", 2024, float("inf")),
    ]
    normalised = scoring.normalise(obs(rows), fw)
    assert scores_of(normalised, "a") == {"11.01": 0, "11.71": 100}
    assert not normalised["score"].isna().any()


def test_province_rows_context_and_unknown_indicators_ignored(fw: Framework) -> None:
    rows = [
        ("11.01", "a", 2024, 10.0),
        ("11.02", "a", 2024, 20.0),
        ("11", "a", 2024, 1000.0),  # province row: would change the max if used
        ("11.01", "ctx", 2024, 5.0),
        ("11.01", "zzz", 2024, 5.0),
    ]
    normalised = scoring.normalise(obs(rows), fw)
    assert set(normalised["indicator_id"]) == {"a"}
    assert scores_of(normalised, "a") == {"11.01": 0, "11.02": 100}


def test_normalise_keeps_optional_columns(fw: Framework) -> None:
    frame = obs([("11.01", "a", 2024, 1.0), ("11.01", "ctx", 2024, 1.0)])
    frame["source"] = ["BPS", "Dukcapil"]
    normalised = scoring.normalise(frame, fw)
    assert normalised[["indicator_id", "source"]].values.tolist() == [["a", "BPS"]]


def test_duplicate_observations_refused(fw: Framework) -> None:
    rows = [("11.01", "a", 2024, 1.0), ("11.02", "a", 2024, 2.0), ("11.01", "a", 2024, 3.0)]
    with pytest.raises(DataError, match=r"1 duplicate .* 11\.01 / a / 2024"):
        scoring.normalise(obs(rows), fw)


def test_missing_columns_refused(fw: Framework) -> None:
    with pytest.raises(DataError, match="observations lack columns value"):
        scoring.normalise(obs([])[["region_code", "indicator_id", "period"]], fw)


# ---------------------------------------------------------------- aggregation


def test_weighted_example_by_hand(
    fw: Framework, full_obs: pd.DataFrame, tiny_regions: pd.DataFrame
) -> None:
    table = scoring.score_table(full_obs, fw, tiny_regions)
    first = row(table, "11.01")
    # p1 = (a + 3 b) / 4 = (0 + 3 * 100) / 4; p2 = (c + d) / 2 = (0 + 100) / 2; e1 = e = 100.
    assert first["p1"] == pytest.approx(75.0)
    assert first["p2"] == pytest.approx(50.0)
    assert first["e1"] == pytest.approx(100.0)
    # composite = 0.5 * 0.7 * p1 + 0.5 * 0.7 * p2 + 1.0 * 0.3 * e1 = 26.25 + 17.5 + 30.
    assert first["composite"] == pytest.approx(73.75)
    second = row(table, "11.02")
    # p1 = (50 + 3 * 50) / 4 = 50; p2 = (100/3 + 0) / 2; e1 = 50.
    assert second["p1"] == pytest.approx(50.0)
    assert second["p2"] == pytest.approx(50 / 3)
    assert second["composite"] == pytest.approx(0.35 * 50 + 0.35 * 50 / 3 + 0.3 * 50)
    assert first["coverage"] == 1.0
    assert first["n_indicators"] == 5  # the context indicator is not counted


def test_weights_renormalised_over_indicators_present(
    fw: Framework, tiny_regions: pd.DataFrame
) -> None:
    # 11.01 lacks "a" (weight 1 of 4 = 25% missing, under the 40% limit): p1 = b alone.
    rows = full_rows(drop=(("11.01", "a"),))
    first = row(scoring.score_table(obs(rows), fw, tiny_regions), "11.01")
    assert first["p1"] == pytest.approx(100.0)
    assert first["n_indicators"] == 4


def coverage_framework(max_missing_share: float = 0.4) -> Framework:
    """One pillar: x (weight 2) and y (weight 3); missing x = 40% of weight, missing y = 60%."""
    return Framework(
        version="test",
        name_id="Uji",
        name_en="Test",
        pillars=(Group("p", "pillar", "P", "P", 1.0),),
        elements=(),
        indicators=(indicator("x", "p", weight=2.0), indicator("y", "p", weight=3.0)),
        levels=LEVELS,
        composite_weights={"pillars": 1.0, "elements": 0.0},
        max_missing_share=max_missing_share,
    )


def test_coverage_rule_exactly_at_the_limit_still_scores(tiny_regions: pd.DataFrame) -> None:
    rows = [("11.01", "y", 2024, 1.0), ("11.02", "y", 2024, 3.0)]
    table = scoring.score_table(obs(rows), coverage_framework(0.4), tiny_regions)
    assert row(table, "11.01")["p"] == 0.0
    assert row(table, "11.02")["p"] == 100.0


def test_coverage_rule_over_the_limit_is_data_kurang(tiny_regions: pd.DataFrame) -> None:
    rows = [("11.01", "x", 2024, 1.0), ("11.02", "x", 2024, 3.0)]  # 60% of weight missing
    table = scoring.score_table(obs(rows), coverage_framework(0.4), tiny_regions)
    first = row(table, "11.01")
    assert math.isnan(first["p"])
    assert math.isnan(first["composite"])
    assert first["coverage"] == 0.0
    assert pd.isna(first["rank_national"])
    assert first["level"] is None or pd.isna(first["level"])
    # a slightly stricter limit turns the 40% case of the previous test into "data kurang"
    only_y = obs([("11.01", "y", 2024, 1.0)])
    strict = scoring.score_table(only_y, coverage_framework(0.39), tiny_regions)
    assert math.isnan(row(strict, "11.01")["p"])


def test_composite_coverage_boundary_both_sides(fw: Framework, tiny_regions: pd.DataFrame) -> None:
    # Without e1 the composite misses 0.3 of its weight; without p1 it misses 0.35.
    rows = full_rows(drop=(("11.01", "e"), ("11.02", "a"), ("11.02", "b")))
    table = scoring.score_table(
        obs(rows), dataclasses.replace(fw, max_missing_share=0.3), tiny_regions
    )
    at_limit, over = row(table, "11.01"), row(table, "11.02")
    assert math.isnan(at_limit["e1"])
    assert at_limit["coverage"] == pytest.approx(0.7)
    assert at_limit["composite"] == pytest.approx((0.35 * 75 + 0.35 * 50) / 0.7)
    assert math.isnan(over["p1"])
    assert over["coverage"] == pytest.approx(0.65)
    assert math.isnan(over["composite"])


def test_every_regency_and_period_gets_a_row(fw: Framework, tiny_regions: pd.DataFrame) -> None:
    rows = [("11.01", "a", 2023, 1.0), ("11.01", "ctx", 2025, 1.0)]
    table = scoring.score_table(obs(rows), fw, tiny_regions)
    assert len(table) == 4 * 2  # four regencies, periods 2023 and 2025; no province rows
    assert set(table["period"]) == {2023, 2025}
    assert set(table["region_code"]) == {"11.01", "11.02", "11.71", "12.01"}
    assert table["composite"].isna().all()
    assert (table["n_ranked_national"] == 0).all()


# ---------------------------------------------------------------- levels, ranks, changes


def test_levels_match_framework_level_for(fw: Framework) -> None:
    values = [-1.0, 0.0, 19.99, 20.0, 59.9, 60.0, 80.0, 100.0, float("nan")]
    expected = [None if (lv := fw.level_for(v)) is None else lv.id for v in values]
    assert scoring.level_ids(np.array(values), fw).tolist() == expected


def test_levels_ranks_and_province_ranks(
    fw: Framework, full_obs: pd.DataFrame, tiny_regions: pd.DataFrame
) -> None:
    table = scoring.score_table(full_obs, fw, tiny_regions)
    # composites by hand: 11.01 73.75, 11.02 38.33, 11.71 29.17, 12.01 86.875
    assert table["region_code"].tolist() == ["12.01", "11.01", "11.02", "11.71"]
    assert table["rank_national"].tolist() == [1, 2, 3, 4]
    assert table["rank_province"].tolist() == [1, 1, 2, 3]
    assert table["n_ranked_province"].tolist() == [1, 3, 3, 3]
    assert table["level"].tolist() == ["optimal", "unggul", "berkembang", "berkembang"]
    assert row(table, "12.01")["composite"] == pytest.approx(86.875)
    assert str(table["rank_national"].dtype) == "Int64"


def test_rank_ties_share_the_best_rank(tiny_regions: pd.DataFrame) -> None:
    rows = [
        ("11.01", "x", 2024, 5.0),
        ("11.02", "x", 2024, 5.0),
        ("11.71", "x", 2024, 1.0),
        ("12.01", "x", 2024, 5.0),
    ]
    framework = dataclasses.replace(coverage_framework(), max_missing_share=0.9)
    table = scoring.score_table(obs(rows), framework, tiny_regions)
    ranks = dict(zip(table["region_code"], table["rank_national"], strict=True))
    assert ranks == {"11.01": 1, "11.02": 1, "12.01": 1, "11.71": 4}
    assert row(table, "11.71")["rank_province"] == 3
    assert (table["n_ranked_national"] == 4).all()


def test_unscored_regions_are_not_ranked(fw: Framework, tiny_regions: pd.DataFrame) -> None:
    rows = [r for r in full_rows() if r[0] != "11.02"]
    table = scoring.score_table(obs(rows), fw, tiny_regions)
    missing = row(table, "11.02")
    assert pd.isna(missing["rank_national"])
    assert pd.isna(missing["rank_province"])
    assert table["region_code"].iloc[-1] == "11.02"  # unranked sorts last
    assert (table["n_ranked_national"] == 3).all()
    assert row(table, "11.01")["n_ranked_province"] == 2


def test_change_versus_previous_period(fw: Framework, tiny_regions: pd.DataFrame) -> None:
    later = [
        (c, i, 2024, v + 1.0 if (c, i) == ("11.02", "a") else v) for c, i, _, v in full_rows(2023)
    ]
    table = scoring.score_table(obs(full_rows(2023) + later + full_rows(2026)), fw, tiny_regions)
    before, after = row(table, "11.02", 2023), row(table, "11.02", 2024)
    # a: 6 of 0..10 -> 60 instead of 50, so p1 rises by 10 / 4 and the composite by 0.35 * 2.5
    assert after["change_p1"] == pytest.approx(2.5)
    assert after["change"] == pytest.approx(after["composite"] - before["composite"])
    assert after["change"] == pytest.approx(0.35 * 2.5)
    assert after["change_e1"] == 0.0
    assert math.isnan(before["change"])
    assert math.isnan(row(table, "11.02", 2026)["change"])  # 2025 is absent: no change


# ---------------------------------------------------------------- provinces


def test_province_scores_are_unweighted_means(fw: Framework, tiny_regions: pd.DataFrame) -> None:
    rows = [r for r in full_rows() if r[0] != "11.02"]
    table = scoring.score_table(obs(rows + full_rows(2023)), fw, tiny_regions)
    provinces = scoring.province_scores(table, tiny_regions, fw)
    assert len(provinces) == 2 * 2
    aceh = provinces[(provinces["province_code"] == "11") & (provinces["period"] == 2024)].iloc[0]
    both = row(table, "11.01")["composite"], row(table, "11.71")["composite"]
    assert aceh["composite"] == pytest.approx(sum(both) / 2)  # 11.02 has no score: skipped
    assert aceh["n_regencies_scored"] == 2
    assert aceh["n_regencies"] == 3
    assert aceh["name"] == "Aceh"
    assert aceh["rank_national"] == 2
    assert aceh["change"] == pytest.approx(
        aceh["composite"] - (73.75 + 38.3333333 + 29.1666667) / 3
    )
    sumut = provinces[(provinces["province_code"] == "12") & (provinces["period"] == 2024)].iloc[0]
    assert sumut["rank_national"] == 1
    assert sumut["level"] == "optimal"
    assert sumut["change_p1"] == 0.0


def test_province_without_scores_is_nan(fw: Framework, tiny_regions: pd.DataFrame) -> None:
    rows = [r for r in full_rows() if r[0] != "12.01"]
    table = scoring.score_table(obs(rows), fw, tiny_regions)
    provinces = scoring.province_scores(table, tiny_regions, fw)
    sumut = provinces[provinces["province_code"] == "12"].iloc[0]
    assert math.isnan(sumut["composite"])
    assert sumut["n_regencies_scored"] == 0
    assert pd.isna(sumut["rank_national"])


# ---------------------------------------------------------------- per indicator


def test_indicator_ranks_direction_aware_with_ties(fw: Framework) -> None:
    rows = [
        ("11.01", "b", 2024, 10.0),
        ("11.02", "b", 2024, 20.0),
        ("11.71", "b", 2024, 10.0),
        ("12.01", "b", 2024, 30.0),
        ("11", "b", 2024, 0.0),
    ]
    ranks = scoring.indicator_ranks(obs(rows), fw).set_index("region_code")
    assert ranks["rank"].to_dict() == {"11.01": 1, "11.02": 3, "11.71": 1, "12.01": 4}
    assert (ranks["n_regions"] == 4).all()
    assert ranks["percentile"].to_dict() == pytest.approx(
        {"11.01": 100 * 2.5 / 3, "11.02": 100 / 3, "11.71": 100 * 2.5 / 3, "12.01": 0}
    )
    assert ranks.loc["12.01", "score"] == 0.0


def test_strongest_and_weakest(fw: Framework, full_obs: pd.DataFrame) -> None:
    normalised = scoring.normalise(full_obs, fw)
    # 11.02: a 50, b 50, c 33.3, d 0, e 50
    assert scoring.strongest_weakest(normalised, "11.02", 2024, n=2) == (["a", "b"], ["d", "c"])
    strong, weak = scoring.strongest_weakest(normalised, "11.02", 2024)
    assert strong == ["a", "b", "e"]
    assert weak == ["d", "c"]  # never the same indicator in both lists
    assert scoring.strongest_weakest(normalised, "11.02", 1999) == ([], [])


# ---------------------------------------------------------------- robustness


def test_empty_observations_give_empty_tables(fw: Framework, tiny_regions: pd.DataFrame) -> None:
    empty = obs([])
    table = scoring.score_table(empty, fw, tiny_regions)
    assert table.empty
    assert list(table.columns[:6]) == [
        "region_code",
        "name",
        "type",
        "province_code",
        "period",
        "composite",
    ]
    assert {"p1", "p2", "e1", "change_p1", "change_e1", "level", "rank_province"} <= set(
        table.columns
    )
    provinces = scoring.province_scores(table, tiny_regions, fw)
    assert provinces.empty
    assert {"province_code", "composite", "n_regencies_scored", "change_e1"} <= set(
        provinces.columns
    )
    assert scoring.normalise(empty, fw).empty
    assert {"rank", "percentile"} <= set(scoring.indicator_ranks(empty, fw).columns)


def test_reproducible_and_independent_of_row_order(
    fw: Framework, tiny_regions: pd.DataFrame
) -> None:
    frame = obs(full_rows(2023) + full_rows(2024, drop=(("11.71", "c"),)))
    shuffled = frame.sample(frac=1.0, random_state=7).reset_index(drop=True)
    first = scoring.score_table(frame, fw, tiny_regions)
    pd.testing.assert_frame_equal(first, scoring.score_table(frame, fw, tiny_regions))
    pd.testing.assert_frame_equal(first, scoring.score_table(shuffled, fw, tiny_regions))
    pd.testing.assert_frame_equal(scoring.normalise(frame, fw), scoring.normalise(shuffled, fw))
    pd.testing.assert_frame_equal(
        scoring.indicator_ranks(frame, fw), scoring.indicator_ranks(shuffled, fw)
    )


def test_group_id_clashing_with_a_column_refused(tiny_regions: pd.DataFrame) -> None:
    clash = coverage_framework()
    clash = dataclasses.replace(
        clash,
        pillars=(Group("composite", "pillar", "C", "C", 1.0),),
        indicators=(indicator("x", "composite"),),
    )
    with pytest.raises(DataError, match="'composite' clashes"):
        scoring.score_table(obs([("11.01", "x", 2024, 1.0)]), clash, tiny_regions)


def test_messages_have_matching_placeholders() -> None:
    ids, ens = catalogue("id"), catalogue("en")
    mine = {k: {"id": ids[k], "en": ens[k]} for k in ids if k.startswith("scoring.")}
    assert mine
    for texts in mine.values():
        assert placeholders(texts["id"]) == placeholders(texts["en"])


def test_real_framework_and_regions_smoke(framework: Framework, regions: RegionIndex) -> None:
    codes = regions.regencies["code"].to_numpy()
    rng = np.random.default_rng(0)
    frames = []
    for ind in framework.indicators:
        for period in (2023, 2024):
            values = rng.uniform(1, 4, len(codes)).round(0 if ind.direction == "ord" else 2)
            values[rng.random(len(codes)) < 0.1] = np.nan
            frames.append(
                pd.DataFrame(
                    {
                        "region_code": codes,
                        "indicator_id": ind.id,
                        "period": period,
                        "value": values,
                    }
                )
            )
    table = scoring.score_table(pd.concat(frames), framework, regions.regions)
    assert len(table) == 2 * 514
    scored = table["composite"].dropna()
    assert len(scored) > 500
    assert scored.between(0, 100).all()
    assert set(table["level"].dropna()) <= {lv.id for lv in framework.levels}
    latest = table[table["period"] == 2024]
    assert latest["rank_national"].min() == 1
    assert latest["n_ranked_national"].iloc[0] == latest["composite"].notna().sum()
    provinces = scoring.province_scores(table, regions.regions, framework)
    assert len(provinces) == 2 * 38
    assert provinces["composite"].notna().all()
