"""Profile charts: pillars against province and nation, and the trend over level bands."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.figures import colors
from dashboard.figures.profile import pillar_comparison, trend_chart

GROUPS = [
    ("governance", "Smart Governance", "pillar"),
    ("economy", "Smart Economy", "pillar"),
    ("struktur", "Struktur", "element"),
]
LEVELS = [(0, "Rintisan"), (20, "Berkembang"), (40, "Maju"), (60, "Unggul"), (80, "Optimal")]


@pytest.fixture
def pillars():
    region = pd.Series({"governance": 81.06, "economy": np.nan, "struktur": 59.4})
    province = pd.Series({"governance": 73.1, "economy": 50.7, "struktur": 36.3})
    national = pd.Series({"governance": 64.0, "economy": 49.9, "struktur": 28.2, "composite": 51.0})
    return region, province, national


def test_three_bar_series_region_first_in_the_home_colour(pillars):
    fig = pillar_comparison(*pillars, groups=GROUPS, region_label="Kab. Bekasi")
    assert [t.name for t in fig.data] == ["Kab. Bekasi", "Rata-rata provinsi", "Rata-rata nasional"]
    assert fig.data[0].marker.color == colors.HOME
    assert {fig.data[1].marker.color, fig.data[2].marker.color} == {
        colors.NEUTRAL,
        colors.NEUTRAL_LIGHT,
    }
    assert list(fig.layout.yaxis.ticktext) == ["Smart Governance", "Smart Economy", "Struktur"]
    assert fig.layout.barmode == "group"
    assert fig.layout.yaxis.autorange == "reversed"


def test_missing_pillar_says_data_kurang_instead_of_a_bar(pillars):
    region = pillar_comparison(*pillars, groups=GROUPS).data[0]
    assert list(region.x) == [81.1, 0, 59.4]
    assert list(region.text) == ["81,1", "data kurang", "59,4"]
    assert (
        pillar_comparison(*pillars, groups=GROUPS, lang="en").data[0].text[1] == "insufficient data"
    )


def test_a_line_separates_pillars_from_elements_when_kinds_are_given(pillars):
    (line,) = pillar_comparison(*pillars, groups=GROUPS).layout.shapes
    assert line.y0 == line.y1 == 1.5
    assert not pillar_comparison(*pillars, groups=[g[:2] for g in GROUPS]).layout.shapes


def test_region_without_any_score_shows_data_kurang_everywhere(pillars):
    fig = pillar_comparison(pd.Series(dtype=float), pillars[1], pillars[2], groups=GROUPS)
    assert set(fig.data[0].text) == {"data kurang"}


def test_no_groups_gives_a_no_data_figure(pillars):
    assert pillar_comparison(*pillars, groups=[]).layout.annotations[0].text == "Tidak ada data"


@pytest.fixture
def history():
    return pd.DataFrame(
        {
            "period": [2019, 2020, 2021],
            "composite": [55.0, np.nan, 63.26],
            "province_mean": [52.0, 54.0, 56.0],
            "national_mean": [46.0, 47.0, 48.0],
        }
    )


def test_trend_draws_region_province_and_nation_on_a_0_to_100_axis(history):
    fig = trend_chart(history, region_label="Kab. Bekasi", levels=LEVELS)
    assert [t.name for t in fig.data] == ["Kab. Bekasi", "Rata-rata provinsi", "Rata-rata nasional"]
    assert fig.data[0].line.color == colors.HOME
    assert list(fig.data[0].x) == [2019, 2020, 2021]
    assert list(fig.data[0].y) == [55, None, 63.3]  # a gap stays a gap
    assert tuple(fig.layout.yaxis.range) == (0, 100)
    assert fig.layout.xaxis.dtick == 1


def test_level_bands_are_faint_and_named(history):
    fig = trend_chart(history, levels=LEVELS)
    bands = fig.layout.shapes
    assert [(b.y0, b.y1) for b in bands] == [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100)]
    assert all(b.opacity < 0.3 and b.layer == "below" for b in bands)
    assert [a.text for a in fig.layout.annotations] == [name for _, name in LEVELS]
    assert bands[-1].fillcolor == colors.LEVEL_COLOURS["optimal"]


def test_level_colours_can_be_given(history):
    fig = trend_chart(history, levels=[(0, "Low", "#ff0000"), (50, "High", "#00ff00")])
    assert [b.fillcolor for b in fig.layout.shapes] == ["#ff0000", "#00ff00"]


def test_history_with_only_the_region_draws_one_line(history):
    fig = trend_chart(history[["period", "composite"]])
    assert len(fig.data) == 1


@pytest.mark.parametrize(
    "frame",
    [pd.DataFrame(), pd.DataFrame({"period": [2020], "composite": [np.nan]})],
)
def test_empty_history_gives_a_no_data_figure(frame):
    assert trend_chart(frame, lang="en").layout.annotations[0].text == "No data"


def test_wall_trend_has_thicker_lines(history):
    screen = trend_chart(history).data[0].line.width
    assert trend_chart(history, template="wall").data[0].line.width > screen
