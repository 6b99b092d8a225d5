"""Colour rules: dark is better, grey is missing, ordered categories stay in order."""

from __future__ import annotations

import pytest

from dashboard.figures import colors


def luminance(colour: str) -> float:
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_score_scale_runs_from_light_to_dark_over_0_to_1():
    positions = [p for p, _ in colors.SCORE_SCALE]
    assert positions[0] == 0
    assert positions[-1] == 1
    assert positions == sorted(positions)
    shades = [luminance(c) for _, c in colors.SCORE_SCALE]
    assert shades == sorted(shades, reverse=True)  # monotone lightness: readable for every CVD


def test_down_scale_is_reversed_so_low_values_get_the_better_colour():
    up, down = colors.scale_for("up"), colors.scale_for("down")
    assert [p for p, _ in down] == sorted(p for p, _ in down)
    assert down[0][1] == up[-1][1] == "#081d58"
    assert down[-1][1] == up[0][1]
    assert colors.scale_for("ord") == up


def test_wall_scale_stops_before_the_colours_that_vanish_on_a_dark_background():
    wall = colors.scale_for("up", dark=True)
    assert wall[-1] == [1.0, "#225ea8"]
    assert colors.scale_for("down", dark=True)[0][1] == "#225ea8"


@pytest.mark.parametrize("n", [1, 2, 4, 5, 9])
def test_discrete_gives_n_distinct_colours_light_to_dark(n):
    palette = colors.discrete(n)
    assert len(palette) == len(set(palette)) == n
    shades = [luminance(c) for c in palette]
    assert shades == sorted(shades, reverse=True)


def test_discrete_of_nothing_is_empty():
    assert colors.discrete(0) == []


def test_level_colours_follow_the_framework_levels_in_order(framework):
    assert list(colors.LEVEL_COLOURS) == [lv.id for lv in framework.levels]
    shades = [luminance(c) for c in colors.LEVEL_COLOURS.values()]
    assert shades == sorted(shades, reverse=True)


def test_cohort_colours_cover_the_programme_years_with_the_first_cohort_darkest():
    assert list(colors.COHORT_COLOURS) == [2017, 2018, 2019, 2021, 2022]
    assert len(set(colors.COHORT_COLOURS.values())) == 5
    assert luminance(colors.COHORT_COLOURS[2017]) < luminance(colors.COHORT_COLOURS[2022])


def test_missing_and_home_colours_are_the_agreed_ones():
    assert colors.MISSING == "#c8c8c8"
    assert colors.HOME == "#e4572e"
    assert colors.HOME not in colors.QUALITATIVE


@pytest.mark.parametrize(
    ("colour", "text"),
    [
        ("#ffffff", "#000"),
        ("#edf8b1", "#000"),
        ("#081d58", "#fff"),
        ("#000", "#fff"),
        ("#c8c8c8", "#000"),
    ],
)
def test_contrast_text_picks_the_more_readable_of_black_and_white(colour, text):
    assert colors.contrast_text(colour) == text


def test_contrast_text_rejects_something_that_is_not_a_hex_colour():
    with pytest.raises(ValueError, match="rrggbb"):
        colors.contrast_text("blue")


def test_stepped_scale_has_one_flat_band_per_category():
    scale = colors.stepped_scale(["#111111", "#222222", "#333333"])
    assert scale == [
        [0.0, "#111111"],
        [0.3333, "#111111"],
        [0.3333, "#222222"],
        [0.6667, "#222222"],
        [0.6667, "#333333"],
        [1.0, "#333333"],
    ]


def test_sample_interpolates_between_stops():
    assert colors.sample(0) == "#edf8b1"
    assert colors.sample(1) == "#081d58"
    assert colors.sample(-3) == "#edf8b1"
    assert colors.sample(0.07145) not in {"#edf8b1", "#c7e9b4"}
