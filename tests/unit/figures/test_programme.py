"""Programme charts: cohorts, bimtek progress, masterplans, and the participants' tile map."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.figures import colors
from dashboard.figures.programme import (
    bimtek_progress,
    cohort_counts,
    cohort_palette,
    masterplan_status,
    participants_map,
)
from dashboard.figures.tilemap import LEGEND_TRACE, VALUES_TRACE, tile_cell_of


@pytest.fixture
def programme() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_code": ["32.16", "32.75", "31.71", "32.01"],
            "cohort_year": [2022, 2017, 2017, 2018],
            "bimtek_done": [4, 4, 2, 0],
            "masterplan_status": ["adopted", "adopted", "drafting", "none"],
        }
    )


def test_cohort_counts_bars_per_year_in_cohort_colours(programme):
    fig = cohort_counts(programme)
    (bars,) = fig.data
    assert list(bars.x) == ["2017", "2018", "2022"]
    assert list(bars.y) == [2, 1, 1]
    assert list(bars.marker.color) == [colors.COHORT_COLOURS[y] for y in (2017, 2018, 2022)]
    assert fig.layout.annotations[0].text == "Total 4 peserta"


def test_unknown_cohort_years_still_get_ordered_colours():
    assert len(set(cohort_palette([2017, 2030]))) == 2


def test_bimtek_progress_stacks_0_to_4_per_cohort_and_points_at_home(programme, tiny_names):
    fig = bimtek_progress(programme, home_code="32.16", names=tiny_names, lang="en")
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == [f"{n} of 4 sessions" for n in range(5)]
    totals = [sum(t.y[i] for t in fig.data) for i in range(3)]
    assert totals == [2, 1, 1]
    (note,) = fig.layout.annotations
    assert note.text == "<b>Kab. Bekasi</b>: 4 of 4 sessions"
    assert note.x == 2  # third category, placed by index on a category axis


def test_masterplan_status_stacks_none_drafting_adopted(programme):
    fig = masterplan_status(programme, home_code="99.99")
    assert [t.name for t in fig.data] == [
        "Belum ada masterplan",
        "Masterplan disusun",
        "Masterplan ditetapkan",
    ]
    assert list(fig.data[2].y) == [1, 0, 1]  # adopted: 32.75 (2017) and 32.16 (2022)
    assert not fig.layout.annotations


@pytest.mark.parametrize("builder", [cohort_counts, bimtek_progress, masterplan_status])
def test_no_participants_give_a_no_data_figure(builder):
    empty = pd.DataFrame(columns=["region_code", "cohort_year", "bimtek_done", "masterplan_status"])
    assert builder(empty).layout.annotations[0].text == "Tidak ada data"


def test_participants_map_colours_by_cohort_and_greys_non_participants(
    programme, tiny_layout, tiny_names, hover
):
    fig = participants_map(tiny_layout, programme, home_code="32.16", names=tiny_names)
    cell = tile_cell_of(fig, "32.16")
    assert (cell["z"], cell["hovertext"]) == (3, "2022")
    assert tile_cell_of(fig, "32.15")["z"] is None
    assert fig.data[LEGEND_TRACE].name == "bukan peserta"
    assert list(fig.data[VALUES_TRACE].colorbar.ticktext) == ["2017", "2018", "2022"]
    assert fig.data[VALUES_TRACE].colorscale[0][1] == colors.COHORT_COLOURS[2017]


def test_participants_map_without_participants_is_all_grey(tiny_layout):
    empty = pd.DataFrame(columns=["region_code", "cohort_year"])
    fig = participants_map(tiny_layout, empty)
    assert all(z is None for z in fig.data[VALUES_TRACE].z)
