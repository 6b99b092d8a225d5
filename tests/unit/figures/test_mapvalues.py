"""The measure-dependent part of both maps: z, colours, colour bar, hover."""

from __future__ import annotations

import pytest

from dashboard.figures import colors
from dashboard.figures.mapvalues import PATCH_KEYS, colorbar_title, keyboard_meta, value_encoding

BASE = {"measure_label": "Indeks SPBE", "unit": "1-5"}


def test_numeric_encoding_has_exactly_the_patch_keys_and_rounded_z():
    enc = value_encoding(
        [1.23456, None, float("nan"), 4.0], direction="up", decimals=2, codes=list("abcd"), **BASE
    )
    assert tuple(enc) == PATCH_KEYS
    assert enc["customdata"] == []  # codes live in the background trace
    assert enc["z"] == [1.23, None, None, 4]
    assert (enc["zmin"], enc["zmax"]) == (1.23, 4)
    assert enc["hovertext"] is None
    assert "%{z:,.2f} 1-5" in enc["hovertemplate"]
    assert enc["colorscale"] == colors.scale_for("up")


def test_zrange_fixes_the_colour_range_for_scores():
    enc = value_encoding([40, 60], direction="up", zrange=(0, 100), **BASE)
    assert (enc["zmin"], enc["zmax"]) == (0, 100)


def test_one_distinct_value_or_none_still_gives_a_usable_range():
    assert value_encoding([5, 5], direction="up", **BASE)["zmin"] == 4.5
    enc = value_encoding([None, None], direction="up", **BASE)
    assert (enc["zmin"], enc["zmax"]) == (0, 1)
    assert enc["z"] == [None, None]


def test_down_reverses_the_scale_and_points_the_better_arrow_left():
    enc = value_encoding([1, 2], direction="down", lang="en", **BASE)
    assert enc["colorscale"][0][1] == colors.SCORE_SCALE[-1][1]
    assert enc["colorbar"]["title"]["text"] == "1-5 (← better)"
    assert colorbar_title("%", "up", lang="id") == "% (lebih baik →)"
    assert colorbar_title("Angkatan", "none", lang="id") == "Angkatan"


def test_categories_use_stepped_discrete_colours_and_label_hover():
    enc = value_encoding(
        [4, 1, None, 7, 2.0], direction="ord", categories=["TMP", "TW", "WDP", "WTP"], **BASE
    )
    assert enc["z"] == [4, 1, None, None, 2]  # out-of-range positions are not drawn
    assert enc["hovertext"] == ["WTP", "TMP", None, None, "TW"]
    assert (enc["zmin"], enc["zmax"]) == (0.5, 4.5)
    assert enc["colorscale"] == colors.stepped_scale(colors.discrete(4))
    assert enc["colorbar"]["ticktext"] == ["TMP", "TW", "WDP", "WTP"]
    assert enc["colorbar"]["tickvals"] == [1, 2, 3, 4]
    assert "%{hovertext}" in enc["hovertemplate"]


def test_category_colours_replace_the_default_palette():
    mine = ["#000000", "#111111"]
    enc = value_encoding(
        [1, 2], direction="none", categories=["a", "b"], category_colours=mine, **BASE
    )
    assert enc["colorscale"][0][1] == "#000000"
    assert enc["colorscale"][-1][1] == "#111111"


def test_wall_uses_the_dark_background_scale():
    enc = value_encoding([1, 2], direction="up", template="wall", **BASE)
    assert enc["colorscale"] == colors.scale_for("up", dark=True)


def test_unknown_direction_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown direction 'sideways'"):
        value_encoding([1], direction="sideways", **BASE)


def test_keyboard_meta_describes_the_values_for_the_map_keys():
    meta = keyboard_meta(
        values_trace=1, measure_label="Indeks SPBE", unit="1-5", direction="down", period=2024.0,
        decimals=2, categories=(),
    )  # fmt: skip
    assert meta == {
        "values_trace": 1,
        "measure": "Indeks SPBE",
        "unit": "1-5",
        "period": 2024,
        "direction": "down",
        "decimals": 2,
        "categories": None,
    }
    assert isinstance(meta["period"], int)  # JSON-ready for the browser


def test_score_input_counts_travel_as_numbers_and_the_words_once():
    notes = [(3, 30), "", (33, 0), (0, 33)]
    codes = ["a", "b", "c", "d"]
    for lang, words in (("id", "nilai resmi"), ("en", "official")):
        enc = value_encoding(
            [1.0, None, 2.0, 3.0], direction="up", notes=notes, codes=codes, lang=lang, **BASE
        )
        assert enc["customdata"] == [[3, 30], None, [33, 0], [0, 33]]
        assert enc["hovertext"] is None
        assert enc["hovertemplate"].count(words) == 1
        assert "%{customdata[0]}" in enc["hovertemplate"]
        assert "%{customdata[1]}" in enc["hovertemplate"]
    # without customdata (other maps, slides) the counts are written as text per region
    enc = value_encoding([1.0, 2.0], direction="up", notes=[(3, 30), (33, 0)], **BASE)
    assert enc["hovertext"] == ["3 nilai resmi · 30 sintetis", "33 nilai resmi"]
