"""The deck's own small figure builders, on tiny hand-made facts."""

from __future__ import annotations

import pandas as pd

from dashboard.exports.briefing.charts import change_bars, indicator_strength
from dashboard.exports.briefing.facts import GroupFacts, IndicatorFacts
from dashboard.exports.briefing.province_map import province_tile_map, tile_label
from dashboard.figures.tilemap import LEGEND_TRACE


def test_tile_labels_split_long_names_over_two_lines():
    assert tile_label("Kabupaten Bekasi") == "Bekasi"
    assert tile_label("Kota Bekasi") == "Kota<br>Bekasi"
    assert tile_label("Kabupaten Bandung Barat") == "Bandung<br>Barat"
    assert tile_label("Kota Administrasi Jakarta Pusat") == "Kota Jakarta<br>Pusat"
    assert tile_label("Kabupaten Kepulauan Seribu") == "Kep.<br>Seribu"


def _groups(*changes):
    kinds = ["pillar", "pillar", "element"]
    return [
        GroupFacts(f"g{i}", kinds[i], f"Grup {i}", 50.0, 50.0, 50.0, change)
        for i, change in enumerate(changes)
    ]


def test_change_bars_colour_rises_and_falls_and_name_missing_values():
    fig = change_bars(_groups(2.5, -1.25, None), since=2023, lang="id")
    bar = fig.data[0]
    assert list(bar.x) == [2.5, -1.2, 0]
    assert list(bar.text) == ["+2,5", "−1,2", "data kurang"]
    assert bar.marker.color[0] != bar.marker.color[1]
    assert fig.layout.xaxis.title.text == "Perubahan skor sejak 2023 (poin)"
    assert len(fig.layout.shapes) == 1  # the line between pillars and elements


def test_change_bars_without_any_change_say_so():
    fig = change_bars(_groups(None, None, None), since=2017, lang="en")
    assert not fig.data
    assert fig.layout.annotations[0].text == "No 2017 scores to compare with"


def _indicator(iid, percentile, *, synthetic=True):
    return IndicatorFacts(
        iid, "economy", iid, 1.0, "1,0%", 2024, 3, 500, percentile, 50.0, "BPS (x)", synthetic
    )


def test_indicator_strength_draws_percentiles_and_names_real_publishers():
    fig = indicator_strength(
        [_indicator("a", 98.0, synthetic=False), _indicator("b", 90.0)],
        [_indicator("c", 5.0)],
        lang="id",
    )
    strong, weak = fig.data
    assert list(strong.x) == [98, 90]
    assert list(weak.x) == [5]
    assert strong.text[0] == "1,0% · #3/500 (BPS 2024)"
    assert strong.text[1] == "1,0% · #3/500"  # synthetic: the slide's badge says so
    assert strong.name == "Indikator terkuat"
    assert list(fig.layout.yaxis.ticktext) == ["a", "b", "c"]


def test_province_tile_map_names_every_tile_and_hides_an_empty_legend():
    layout = pd.DataFrame(
        {"code": ["32.01", "32.02"], "col": [1, 2], "row": [1, 1], "province_code": ["32", "32"]}
    )
    values = pd.DataFrame(
        {
            "code": ["32.01", "32.02"],
            "name": ["Kabupaten Bogor", "Kota Bogor"],
            "value": [60.0, 40.0],
        }
    )
    fig = province_tile_map(layout, values, home_code="32.02", measure_label="Indeks", lang="id")
    labels = fig.data[-1]
    assert list(labels.text) == ["Bogor<br>60,0", "<b>Kota<br>Bogor</b><br><b>40,0</b>"]
    assert fig.data[LEGEND_TRACE].showlegend is False
    assert len(fig.layout.shapes) == 1  # the home tile's outline
    values.loc[0, "value"] = None
    fig = province_tile_map(layout, values, home_code="32.02", measure_label="Indeks", lang="id")
    assert fig.data[LEGEND_TRACE].showlegend is True
    assert fig.data[-1].text[0] == "Bogor<br>data kurang"
