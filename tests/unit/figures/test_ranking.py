"""The ranking chart: top and bottom, the home region always on it, NaN left out and counted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.figures import colors
from dashboard.figures.ranking import GAP, HOME_TRACE, OTHERS_TRACE, ranked, ranking_bar, shown_rows


def scores(n: int, *, nan: int = 0) -> pd.DataFrame:
    """Regions 01..n with scores n, n-1, ... 1 (01 best); the last ``nan`` have no score."""
    codes = [f"32.{i:02d}" for i in range(1, n + 1)]
    values = [float(n - i) for i in range(n)]
    for i in range(nan):
        values[-1 - i] = np.nan
    return pd.DataFrame(
        {"region_code": codes, "composite": values, "name": [f"Kabupaten R{c}" for c in codes]}
    )


def ticks(fig) -> list[str]:
    return list(fig.layout.yaxis.ticktext)


def test_top_and_bottom_with_the_home_region_in_between_at_its_rank():
    fig = ranking_bar(scores(30), home_code="32.15", n=5)
    labels = ticks(fig)
    assert labels[:5] == [f"{i}. Kab. R32.{i:02d}" for i in range(1, 6)]
    assert labels[5:8] == [GAP, "<b>15. Kab. R32.15</b>", GAP]
    assert labels[8:] == [f"{i}. Kab. R32.{i:02d}" for i in range(26, 31)]
    home = fig.data[HOME_TRACE]
    assert list(home.customdata) == ["32.15"]
    assert home.marker.color == colors.HOME
    assert fig.data[OTHERS_TRACE].marker.color == colors.NEUTRAL
    assert len(fig.data[OTHERS_TRACE].customdata) == 10


def test_home_region_in_the_top_is_not_repeated():
    fig = ranking_bar(scores(30), home_code="32.02", n=5)
    assert ticks(fig).count(GAP) == 1
    assert ticks(fig)[1] == "<b>2. Kab. R32.02</b>"
    assert len(fig.data[OTHERS_TRACE].x) + len(fig.data[HOME_TRACE].x) == 10


def test_home_next_to_the_top_or_bottom_needs_no_extra_gap():
    table = ranked(scores(30), value_col="composite", direction="up")
    top, bottom = list(range(5)), list(range(25, 30))
    assert shown_rows(table, n=5, home_code="32.06") == [*top, 5, None, *bottom]
    assert shown_rows(table, n=5, home_code="32.25") == [*top, None, 24, *bottom]


def test_fewer_rows_than_fit_are_all_shown_without_a_gap():
    fig = ranking_bar(scores(7), home_code="32.03", n=5)
    assert GAP not in ticks(fig)
    assert len(ticks(fig)) == 7


def test_a_single_region_still_makes_a_chart():
    fig = ranking_bar(scores(1), home_code="32.01", n=10)
    assert ticks(fig) == ["<b>1. Kab. R32.01</b>"]
    assert list(fig.data[OTHERS_TRACE].x) == []


def test_regions_without_a_value_are_excluded_and_counted():
    fig = ranking_bar(scores(12, nan=3), home_code="32.12", n=10)
    assert len(ticks(fig)) == 9  # the home region has no value: not drawn
    assert fig.layout.annotations[0].text == "3 wilayah tanpa data tidak ditampilkan"
    fig_en = ranking_bar(scores(12, nan=3), n=10, lang="en")
    assert fig_en.layout.annotations[0].text == "3 regions without data are not shown"


def test_all_missing_gives_a_no_data_figure():
    fig = ranking_bar(scores(4, nan=4), home_code="32.01")
    assert fig.layout.annotations[0].text == "Tidak ada data"
    assert not fig.data


def test_ties_share_the_best_rank():
    frame = pd.DataFrame(
        {"code": ["a", "b", "c", "d"], "composite": [50, 70, 70, 10], "name": list("ABCD")}
    )
    table = ranked(frame, value_col="composite", direction="up")
    assert list(table["code"]) == ["b", "c", "a", "d"]
    assert list(table["rank"]) == [1, 1, 3, 4]


def test_down_direction_ranks_the_lowest_value_first():
    fig = ranking_bar(scores(4), value_col="composite", direction="down", n=10)
    assert ticks(fig)[0] == "1. Kab. R32.04"


def test_names_can_come_from_a_series_and_long_names_are_shortened():
    frame = pd.DataFrame({"code": ["71.09"], "value": [12.0]})
    names = pd.Series({"71.09": "Kabupaten Kepulauan Siau Tagulandang Biaro"})
    fig = ranking_bar(frame, value_col="value", names=names)
    assert ticks(fig) == ["1. Kab. Kep. Siau Tagulandang Biaro"]
    assert list(fig.data[OTHERS_TRACE].hovertext) == [
        "1. Kabupaten Kepulauan Siau Tagulandang Biaro"
    ]


@pytest.mark.parametrize(
    ("lang", "text"), [("id", "Skor: 1.234,5 poin"), ("en", "Skor: 1,234.5 poin")]
)
def test_hover_and_bar_labels_use_the_locale_format(hover, lang, text):
    frame = pd.DataFrame({"code": ["a"], "value": [1234.49], "name": ["A"]})
    fig = ranking_bar(frame, value_col="value", lang=lang, measure_label="Skor", unit="poin")
    assert hover(fig, OTHERS_TRACE, 0) == f"1. A\n{text}"
    assert fig.data[OTHERS_TRACE].texttemplate == "%{x:,.1f}"
    assert fig.layout.separators == (",." if lang == "id" else ".,")


def test_negative_values_fit_in_the_axis_range():
    frame = pd.DataFrame({"code": ["a", "b"], "value": [-4.0, 6.0], "name": ["A", "B"]})
    low, high = ranking_bar(frame, value_col="value").layout.xaxis.range
    assert low < -4
    assert high > 6


def test_wall_template_is_taller_for_the_same_rows():
    screen = ranking_bar(scores(30), home_code="32.15", n=5)
    wall = ranking_bar(scores(30), home_code="32.15", n=5, template="wall")
    assert wall.layout.height > screen.layout.height
