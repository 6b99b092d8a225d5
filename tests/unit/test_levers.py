"""Levers are the real scoring re-run: checked against score_table on edited observations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.config import Settings
from dashboard.data.errors import DataError
from dashboard.data.scoring import score_table
from dashboard.data.scoring.levers import TARGET_KINDS, rescore, spread, targets
from dashboard.data.store.repository import Repository
from dashboard.data.views.levers import lever_table, state_for, top_levers, what_if

CODE, PERIOD = "32.16", 2024


@pytest.fixture(scope="module")
def snap(tmp_path_factory):
    settings = Settings(DATA_DIR=tmp_path_factory.mktemp("levers") / "instance")
    return Repository(settings).snapshot()


def full_rescore(snap, code: str, period: int, indicator: str, value: float) -> pd.Series:
    """The slow, obvious way: edit the observation and score everything again."""
    obs = snap.observations.copy()
    hit = (
        (obs["region_code"] == code)
        & (obs["period"] == period)
        & (obs["indicator_id"] == indicator)
    )
    assert hit.sum() == 1
    obs.loc[hit, "value"] = value
    table = score_table(obs, snap.framework, snap.regions.regions)
    return table[(table["region_code"] == code) & (table["period"] == period)].iloc[0]


def test_state_matches_the_score_table(snap):
    state = state_for(snap, PERIOD)
    table = snap.scores[snap.scores["period"] == PERIOD].set_index("region_code")
    expected = table["composite"].reindex(state.codes).to_numpy(dtype="float64")
    np.testing.assert_allclose(state.composite, expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize(
    ("indicator", "how"),
    [
        ("eco_poverty", "median"),  # down, min-max
        ("liv_hdi", "p75"),  # up, min-max, real values
        ("brd_tourists", "p75"),  # percentile: everyone's percentile moves
        ("gov_audit", "max"),  # ordered categories
        ("env_green_space", "beyond"),  # past the national max: the max moves for everyone
        ("soc_crime", "beyond"),  # past the national best of a "down" indicator
    ],
)
def test_rescore_equals_full_scoring(snap, indicator, how):
    state = state_for(snap, PERIOD)
    column = state.values[:, state.column(indicator)]
    ind = snap.framework.indicator(indicator)
    if how in TARGET_KINDS:
        value = targets(state, snap.framework, CODE, indicator)[how]
    elif how == "max":
        value = float(len(ind.categories))
    else:
        sign = -1.0 if ind.direction == "down" else 1.0
        best = np.nanmax(column * sign) * sign
        value = best + sign * 0.5 * spread(column)
        if ind.bounds:
            value = float(np.clip(value, *ind.bounds))
    outcome = rescore(state, snap.framework, CODE, [(indicator, value)])
    expected = full_rescore(snap, CODE, PERIOD, indicator, value)
    assert outcome.composite[0] == pytest.approx(expected["composite"], abs=1e-9)
    assert outcome.rank[0] == expected["rank_national"]
    assert outcome.n_ranked[0] == expected["n_ranked_national"]
    assert outcome.level[0] == expected["level"]


def test_moving_the_max_changes_other_regions(snap):
    """A value past the national max renormalises the whole column (not a local slope)."""
    state = state_for(snap, PERIOD)
    column = state.values[:, state.column("env_green_space")]
    beyond = float(np.nanmax(column) + spread(column))
    slope_only = rescore(
        state, snap.framework, CODE, [("env_green_space", float(np.nanmax(column)))]
    )
    moved = rescore(state, snap.framework, CODE, [("env_green_space", beyond)])
    # the region is at 100 either way, so its own composite is the same; others fell, rank rose
    assert moved.composite[0] == pytest.approx(slope_only.composite[0], abs=1e-9)
    assert moved.rank[0] <= slope_only.rank[0]


def test_lever_table_rows(snap):
    table = lever_table(snap, CODE, PERIOD)
    assert set(table["target_kind"]) <= set(TARGET_KINDS)
    assert (table["gap"] > 0).all()  # targets already met are left out
    ratios = table["gain_per_effort"].dropna().to_numpy()
    assert (np.diff(ratios) <= 1e-12).all()  # best first
    assert table["synthetic"].dtype == bool
    row = table.iloc[0]
    expected = full_rescore(snap, CODE, PERIOD, row["indicator_id"], row["target"])
    assert row["new_composite"] == pytest.approx(expected["composite"], abs=1e-9)
    assert row["new_rank"] == expected["rank_national"]
    assert row["rank_gain"] == row["rank"] - row["new_rank"]


def test_top_levers_one_row_per_indicator(snap):
    top = top_levers(snap, CODE, PERIOD, n=5)
    assert len(top) == 5
    assert top["indicator_id"].is_unique
    medians = top_levers(snap, CODE, PERIOD, n=50, kind="median")
    assert set(medians["target_kind"]) == {"median"}


def test_targets_direction_aware(snap):
    state = state_for(snap, PERIOD)
    up = targets(state, snap.framework, CODE, "liv_hdi")
    down = targets(state, snap.framework, CODE, "eco_poverty")
    assert up["p75"] >= up["median"]
    assert down["p75"] <= down["median"]  # lower is better: the better quarter is below
    audit = targets(state, snap.framework, CODE, "gov_audit")
    assert all(float(v).is_integer() for v in audit.values())


def test_what_if(snap):
    answer = what_if(snap, CODE, PERIOD, "eco_poverty", 1.0)
    expected = full_rescore(snap, CODE, PERIOD, "eco_poverty", 1.0)
    assert answer.new_composite == pytest.approx(expected["composite"], abs=1e-9)
    assert answer.new_rank == expected["rank_national"]
    same = what_if(snap, CODE, PERIOD, "eco_poverty", answer.value)
    assert same.new_composite == pytest.approx(same.composite)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("99.99", PERIOD, "eco_poverty", 1.0), "levers.unknown_region"),
        (("32", PERIOD, "eco_poverty", 1.0), "levers.unknown_region"),
        ((CODE, 1999, "eco_poverty", 1.0), "levers.unknown_period"),
        ((CODE, PERIOD, "nope", 1.0), "levers.unknown_indicator"),
        ((CODE, PERIOD, "ctx_population", 1.0), "levers.unknown_indicator"),
        ((CODE, PERIOD, "eco_poverty", "abc"), "levers.bad_value"),
        ((CODE, PERIOD, "eco_poverty", float("nan")), "levers.bad_value"),
        ((CODE, PERIOD, "liv_water", 250.0), "levers.out_of_bounds"),
    ],
)
def test_what_if_refuses_bad_input(snap, args, code):
    with pytest.raises(DataError) as caught:
        what_if(snap, *args)
    assert caught.value.code == code
    assert caught.value.message("en")


def test_no_composite_no_levers(snap):
    """A region without a composite (too many values missing) gets an empty table, not NaN rows."""
    from dashboard.data.scoring.levers import levers

    state = state_for(snap, PERIOD)
    row = state.row(CODE)
    composite = state.composite.copy()
    composite[row] = np.nan
    blank = type(state)(**{**state.__dict__, "composite": composite})
    assert levers(blank, snap.framework, CODE).empty
