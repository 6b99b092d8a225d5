"""The distribution: counts per bin, the home marker, the national mean, and empty input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.figures import colors
from dashboard.figures.distribution import BARS_TRACE, score_distribution


def test_bins_count_every_value_and_drop_missing_ones():
    values = pd.Series([10, 20, 20, 30, np.nan, 95])
    fig = score_distribution(values, nbins=10, xrange=(0, 100))
    bars = fig.data[BARS_TRACE]
    assert sum(bars.y) == 5
    assert len(bars.x) == 10
    assert bars.width == 10
    assert bars.marker.color == colors.NEUTRAL


@pytest.mark.parametrize(
    ("lang", "home", "mean"),
    [
        ("id", "Kab. Bekasi: 65,4", "Rata-rata nasional: 51,2"),
        ("en", "Kab. Bekasi: 65.4", "National mean: 51.2"),
    ],
)
def test_home_marker_and_dashed_national_mean_are_labelled_in_the_locale(lang, home, mean):
    fig = score_distribution(
        pd.Series([40.0, 50.0, 60.0]),
        home_value=65.43,
        home_label="Kabupaten Bekasi",
        national_mean=51.2,
        lang=lang,
    )
    lines = {shape.line.dash: shape for shape in fig.layout.shapes}
    assert lines["solid"].line.color == colors.HOME
    assert lines["solid"].x0 == 65.43
    assert lines["dash"].x0 == 51.2
    texts = [a.text.replace("<b>", "").replace("</b>", "") for a in fig.layout.annotations]
    assert sorted(texts) == sorted([home, mean])


def test_labels_point_away_from_each_other():
    fig = score_distribution(
        pd.Series([1.0, 2.0]), home_value=1.0, home_label="A", national_mean=2.0
    )
    anchors = {a.font.color: a.xanchor for a in fig.layout.annotations}
    assert anchors[colors.HOME] == "right"  # the home value is lower: its label to the left


def test_hover_gives_the_bin_range_and_the_count(hover):
    fig = score_distribution(pd.Series([1000.0, 2000.0]), nbins=2, decimals=0)
    assert hover(fig, BARS_TRACE, 0) == "1.000–1.500\n1 wilayah"


def test_percent_values_keep_their_sign():
    fig = score_distribution(pd.Series([1.0, 2.0]), home_value=1.5, home_label="A", unit="%")
    assert fig.layout.annotations[0].text.endswith("1,5%")


@pytest.mark.parametrize("values", [pd.Series([], dtype=float), pd.Series([np.nan, np.nan])])
def test_no_values_gives_a_no_data_note_not_an_error(values):
    fig = score_distribution(values, home_value=None, home_label="A", national_mean=None, lang="en")
    assert fig.layout.annotations[0].text == "No data"


def test_one_distinct_value_and_missing_home_do_not_break_it():
    fig = score_distribution(pd.Series([7.0, 7.0]), home_value=float("nan"), home_label="A")
    assert sum(fig.data[BARS_TRACE].y) == 2
    assert not fig.layout.shapes


def test_direction_colours_bars_with_the_map_scale_dark_is_better():
    up = score_distribution(pd.Series([0.0, 100.0]), nbins=2, direction="up").data[BARS_TRACE]
    down = score_distribution(pd.Series([0.0, 100.0]), nbins=2, direction="down").data[BARS_TRACE]
    assert list(up.marker.color) == list(reversed(down.marker.color))
    assert up.marker.color[0] != up.marker.color[1]
