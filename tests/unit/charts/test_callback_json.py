"""The overview callbacks' fast path sends the same figures as the plotly.py path (P1).

The callbacks build ranking and distribution as plain dicts (no plotly.py validation) and keep
every cached answer as plain JSON data; exports and the page still go through ``go.Figure``.
These compare the two for a few filter states, including empty selections and categories.
"""

from __future__ import annotations

import pytest

from dashboard.charts import maps
from dashboard.charts import overview as charts
from dashboard.charts.ready import Prebuilt, json_ready

HOME = "32.16"
STATES = [
    ("composite", 2024, "all", "id"),
    ("composite", 2022, "32", "en"),
    ("gov_audit", 2020, "all", "id"),  # categories
    ("eco_poverty", 2023, "91", "en"),  # a real (BPS) indicator, direction down
    ("liv_water", 2018, "11", "id"),
]


@pytest.mark.parametrize(("measure", "period", "province", "lang"), STATES)
def test_plain_panel_figures_equal_the_plotly_figures(snap, measure, period, province, lang):
    where = {"province": province, "lang": lang, "home": HOME}
    assert charts.ranking_json(snap, measure, period, **where) == json_ready(
        charts.ranking_figure(snap, measure, period, **where)
    )
    assert charts.distribution_json(snap, measure, period, **where) == json_ready(
        charts.distribution_figure(snap, measure, period, **where)
    )


@pytest.mark.parametrize(("measure", "period", "province", "lang"), STATES[:3])
def test_plain_map_answers_equal_the_patch_and_the_figure(snap, measure, period, province, lang):
    where = {"mode": "tile", "province": province, "lang": lang, "home": HOME}
    patch = maps.readiness_patch_json(snap, measure, period, **where)
    assert patch == json_ready(maps.readiness_patch(snap, measure, period, **where))
    assert patch["__dash_patch_update"] == "__dash_patch_update"
    figure = maps.readiness_figure_json(snap, measure, period, **where)
    assert figure == json_ready(maps.readiness_figure(snap, measure, period, **where))


def test_prebuilt_is_sent_as_it_is():
    """plotly's encoder takes a Prebuilt value without walking it, in both JSON engines."""
    import json

    import plotly.io.json as pjson

    value = {"data": [{"type": "bar", "x": [1, 2.5, None], "text": ["<b>a</b>", "b"]}]}
    for engine in ("json", "orjson"):
        sent = pjson.to_json_plotly({"figure": Prebuilt(value)}, engine=engine)
        assert json.loads(sent) == {"figure": value}
    assert Prebuilt(value) == Prebuilt(json_ready(value))


def test_plain_empty_figure_equals_the_plotly_one():
    from dashboard.figures.theme import empty_figure, empty_figure_dict, plain_figure

    for template in ("screen", "wall", "print"):
        plain = json_ready(plain_figure(empty_figure_dict("—", lang="en", template=template)))
        assert plain == json_ready(empty_figure("—", lang="en", template=template))
