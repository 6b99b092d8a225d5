"""Comparing regions: one colour each, home in its accent, and the leader per indicator."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.figures import colors
from dashboard.figures.compare import best_per_row, compare_pillars, region_colours

GROUPS = [("governance", "Smart Governance"), ("economy", "Smart Economy")]


def frame(n: int) -> pd.DataFrame:
    codes = [f"32.{i:02d}" for i in range(1, n + 1)]
    return pd.DataFrame(
        {
            "code": codes,
            "label": [f"R{c}" for c in codes],
            "governance": np.linspace(10, 90, n),
            "economy": [np.nan] + [50.0] * (n - 1),
        }
    )


def test_one_trace_per_region_with_distinct_colours_and_codes_for_clicks():
    fig = compare_pillars(frame(4), groups=GROUPS, home_code="32.03")
    assert [t.name for t in fig.data] == ["R32.01", "R32.02", "R32.03", "R32.04"]
    palette = [t.marker.color for t in fig.data]
    assert len(set(palette)) == 4
    assert palette[2] == colors.HOME
    assert list(fig.data[0].customdata) == ["32.01", "32.01"]
    assert fig.data[0].text[1] == "data kurang"


def test_at_most_six_regions_are_drawn():
    assert len(compare_pillars(frame(8), groups=GROUPS).data) == 6


def test_region_colours_are_colour_blind_safe_and_skip_the_home_accent():
    palette = region_colours(["a", "b", "c", "d", "e", "f"], home_code="c")
    assert palette["c"] == colors.HOME
    assert [palette[k] for k in "abdef"] == list(colors.QUALITATIVE[:5])


def test_no_regions_gives_a_no_data_figure():
    empty = pd.DataFrame(columns=["code", "label", "governance"])
    assert compare_pillars(empty, groups=GROUPS).layout.annotations[0].text == "Tidak ada data"


def test_best_per_row_follows_direction_and_keeps_ties():
    table = pd.DataFrame(
        {
            "32.16": [3.2, 12.0, 4, np.nan, 1.0],
            "32.75": [3.9, 9.5, 4, np.nan, 2.0],
            "32.15": [np.nan, 9.5, 2, np.nan, 3.0],
        },
        index=["gov_spbe", "eco_poverty", "gov_audit", "soc_crime", "population"],
    )
    directions = {"gov_spbe": "up", "eco_poverty": "down", "gov_audit": "ord", "soc_crime": "down"}
    assert best_per_row(table, directions) == {
        "gov_spbe": ("32.75",),
        "eco_poverty": ("32.75", "32.15"),
        "gov_audit": ("32.16", "32.75"),
        "soc_crime": (),  # nobody has a value
        "population": (),  # not scored: no direction
    }
