"""The tile map: structure, colours, hover, the home outline and the values-only patch."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.io.json import to_json_plotly

from dashboard.figures import colors, tilemap
from dashboard.figures.mapvalues import PATCH_KEYS
from dashboard.figures.tilemap import (
    BACKGROUND_TRACE,
    BORDERS_TRACE,
    LEGEND_TRACE,
    VALUES_TRACE,
    tile_cell_of,
    tile_map,
    tile_slots,
    tile_values_patch,
)

OPTIONS = {"measure_label": "PDRB per kapita", "unit": "juta Rp", "direction": "up"}


@pytest.fixture
def fig(tiny_layout, tiny_values) -> go.Figure:
    return tile_map(tiny_layout, tiny_values, home_code="32.16", **OPTIONS)


def test_traces_come_in_the_documented_order(fig):
    kinds = [trace.type for trace in fig.data]
    assert kinds == ["heatmap", "heatmap", "scatter", "scatter"]
    assert (BACKGROUND_TRACE, VALUES_TRACE, BORDERS_TRACE, LEGEND_TRACE) == (0, 1, 2, 3)


def test_every_region_is_a_slot_with_its_code_and_an_empty_column_gets_a_pad(fig, tiny_layout):
    slots = tile_slots(tiny_layout)
    assert list(slots["code"][:6]) == sorted(tiny_layout["code"])
    assert slots["code"][6] is None
    assert slots["col"][6] == 2
    assert not fig.data[VALUES_TRACE].customdata  # codes once, in the background trace
    assert list(fig.data[BACKGROUND_TRACE].customdata) == [*sorted(tiny_layout["code"]), None]


def test_missing_regions_are_grey_underneath_and_never_coloured(fig):
    background = fig.data[BACKGROUND_TRACE]
    assert list(background.z) == [1, 1, 1, 1, 1, 1, None]
    assert background.colorscale[0][1] == background.colorscale[-1][1] == colors.MISSING
    assert tile_cell_of(fig, "32.15")["z"] is None
    assert fig.data[VALUES_TRACE].hoverongaps is False
    assert background.hoverongaps is False  # the sea has no hover


def test_values_are_rounded_for_the_browser(fig, tiny_layout, tiny_values):
    assert tile_cell_of(fig, "32.01")["z"] == 99.9  # decimals=1 by default
    finer = tile_map(tiny_layout, tiny_values, decimals=3, **OPTIONS)
    assert tile_cell_of(finer, "32.01")["z"] == 99.95  # never more than 2 decimals
    assert tile_cell_of(fig, "32.16")["z"] == 1234.5
    assert tile_cell_of(fig, "31.72")["z"] == 0  # a real zero stays a zero


@pytest.mark.parametrize(
    ("lang", "value", "missing"),
    [("id", "1.234,5 juta Rp", "data kurang"), ("en", "1,234.5 juta Rp", "insufficient data")],
)
def test_hover_shows_name_province_and_the_locale_formatted_value(
    tiny_layout, tiny_values, hover, lang, value, missing
):
    fig = tile_map(tiny_layout, tiny_values, lang=lang, **OPTIONS)
    bekasi = tile_cell_of(fig, "32.16")["slot"]
    assert (
        hover(fig, VALUES_TRACE, bekasi)
        == f"Kabupaten Bekasi\nJawa Barat\nPDRB per kapita: {value}"
    )
    karawang = tile_cell_of(fig, "32.15")["slot"]
    assert hover(fig, BACKGROUND_TRACE, karawang) == f"Kabupaten Karawang\nJawa Barat\n{missing}"
    assert fig.data[LEGEND_TRACE].name == missing
    assert fig.data[LEGEND_TRACE].marker.color == colors.MISSING


def test_names_and_provinces_can_be_passed_separately(tiny_layout, tiny_values, hover):
    values = tiny_values[["code", "value"]]
    names = {"32.16": "Bekasi (kab)"}
    fig = tile_map(tiny_layout, values, names=names, provinces={"32.16": "Jabar"}, **OPTIONS)
    slot = tile_cell_of(fig, "32.16")["slot"]
    assert hover(fig, VALUES_TRACE, slot).startswith("Bekasi (kab)\nJabar\n")
    assert tile_cell_of(fig, "32.75")["text"] == "<b>32.75</b>"  # no name known: the code


def test_percent_unit_is_written_without_a_space(tiny_layout, tiny_values, hover):
    fig = tile_map(tiny_layout, tiny_values, measure_label="Kemiskinan", unit="%", direction="down")
    slot = tile_cell_of(fig, "31.71")["slot"]
    assert hover(fig, VALUES_TRACE, slot).endswith("Kemiskinan: 10,0%")


def test_down_indicators_reverse_the_scale(tiny_layout, tiny_values):
    up = tile_map(tiny_layout, tiny_values, **OPTIONS)
    down = tile_map(tiny_layout, tiny_values, **{**OPTIONS, "direction": "down"})
    assert up.data[VALUES_TRACE].colorscale[-1][1] == down.data[VALUES_TRACE].colorscale[0][1]
    assert "←" in down.data[VALUES_TRACE].colorbar.title.text


def test_ordered_categories_show_their_labels(tiny_layout, hover):
    values = pd.DataFrame({"code": ["32.16", "32.75", "31.71"], "value": [4, 1, np.nan]})
    fig = tile_map(
        tiny_layout,
        values,
        measure_label="Opini BPK",
        unit="opini",
        direction="ord",
        categories=["TMP", "TW", "WDP", "WTP"],
    )
    cell = tile_cell_of(fig, "32.16")
    assert (cell["z"], cell["hovertext"]) == (4, "WTP")
    assert hover(fig, VALUES_TRACE, cell["slot"]).endswith("Opini BPK: WTP")
    assert list(fig.data[VALUES_TRACE].colorbar.ticktext) == ["TMP", "TW", "WDP", "WTP"]


def test_home_region_is_outlined_and_labelled(fig):
    (outline,) = fig.layout.shapes
    assert outline.line.color == colors.HOME
    assert (outline.x0, outline.x1, outline.y0, outline.y1) == (-0.5, 0.5, -0.5, 0.5)
    (label,) = fig.layout.annotations
    assert label.text == "<b>Kab. Bekasi</b>"
    assert (label.x, label.y) == (0, 0)


def test_an_unknown_or_absent_home_region_draws_nothing(tiny_layout, tiny_values):
    for home in (None, "99.99"):
        fig = tile_map(tiny_layout, tiny_values, home_code=home, **OPTIONS)
        assert not fig.layout.shapes
        assert not fig.layout.annotations


def test_borders_separate_provinces_only(fig):
    borders = fig.data[BORDERS_TRACE]
    assert borders.mode == "lines"
    assert borders.hoverinfo == "skip"
    segments = [
        (borders.x[i], borders.y[i], borders.x[i + 1], borders.y[i + 1])
        for i in range(0, len(borders.x), 3)
    ]
    # the only two provinces touch nowhere in the tiny layout (column 2 is sea): no borders
    assert segments == []


def test_borders_follow_the_edge_between_two_provinces():
    layout = pd.DataFrame(
        {
            "code": ["11.01", "11.02", "12.01"],
            "col": [0, 0, 1],
            "row": [0, 1, 0],
            "province_code": ["11", "11", "12"],
        }
    )
    fig = tile_map(layout, pd.DataFrame({"code": [], "value": []}), **OPTIONS)
    borders = fig.data[BORDERS_TRACE]
    assert list(borders.x) == [0.5, 0.5, None]
    assert list(borders.y) == [-0.5, 0.5, None]


def test_axes_are_hidden_square_north_up_and_zoom_survives_updates(fig):
    assert fig.layout.xaxis.visible is False
    assert fig.layout.yaxis.visible is False
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.yaxis.scaleratio == 1
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.uirevision == tilemap.UIREVISION
    assert fig.layout.separators == ",."


def test_wall_template_has_bigger_type_wider_gaps_and_a_dark_grey(tiny_layout, tiny_values):
    screen = tile_map(tiny_layout, tiny_values, **OPTIONS)
    wall = tile_map(tiny_layout, tiny_values, template="wall", **OPTIONS)
    assert wall.layout.template.layout.font.size > screen.layout.template.layout.font.size
    assert wall.data[VALUES_TRACE].xgap > screen.data[VALUES_TRACE].xgap
    assert wall.data[BACKGROUND_TRACE].colorscale[0][1] == colors.MISSING_DARK


def test_missing_label_replaces_data_kurang(tiny_layout, tiny_values, hover):
    fig = tile_map(tiny_layout, tiny_values, missing_label="bukan peserta", **OPTIONS)
    assert fig.data[LEGEND_TRACE].name == "bukan peserta"
    assert hover(fig, BACKGROUND_TRACE, 0).endswith("bukan peserta")


def test_empty_values_give_an_all_grey_map_not_an_error(tiny_layout):
    fig = tile_map(tiny_layout, pd.DataFrame({"code": [], "value": []}), **OPTIONS)
    assert all(z is None for z in fig.data[VALUES_TRACE].z)


def test_patch_holds_only_the_value_fields_and_turns_one_figure_into_another(
    tiny_layout, tiny_values
):
    before = tile_map(tiny_layout, tiny_values, home_code="32.16", **OPTIONS)
    other = tiny_values.assign(value=[1, 2, 3, 4, np.nan, 2])
    options = {
        "measure_label": "Opini",
        "unit": "",
        "direction": "ord",
        "categories": ["a", "b", "c", "d"],
    }
    patch = tile_values_patch(tiny_layout, other, **options)
    assert tuple(patch) == PATCH_KEYS
    after = tile_map(tiny_layout, other, home_code="32.16", **options)
    before.data[VALUES_TRACE].update(patch)
    before.data[VALUES_TRACE].name = after.data[VALUES_TRACE].name
    assert before.to_plotly_json() == after.to_plotly_json()


def test_patch_for_514_regions_stays_under_10_kb(national_layout):
    rng = np.random.default_rng(7)
    codes = national_layout["code"]
    worst = rng.uniform(10_000, 99_999, len(codes))  # long numbers, 2 decimals
    worst[rng.random(len(codes)) < 0.1] = np.nan
    numeric = tile_values_patch(
        national_layout,
        pd.DataFrame({"code": codes, "value": worst}),
        measure_label="Realisasi investasi PMA+PMDN",
        unit="Rp miliar",
        direction="up",
        decimals=2,
    )
    ordinal = tile_values_patch(
        national_layout,
        pd.DataFrame({"code": codes, "value": rng.integers(1, 5, len(codes))}),
        measure_label="Opini BPK",
        unit="opini",
        direction="ord",
        categories=["TMP", "TW", "WDP", "WTP"],
    )
    for patch in (numeric, ordinal):
        assert len(patch["z"]) >= len(codes)
        assert len(to_json_plotly(patch).encode()) <= 10_000
