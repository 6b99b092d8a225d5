"""The overview's body is built once per filter state and language, and each page load gets its
own copy (``dashboard.pages.frame.frozen_children``): nothing leaks between requests or states."""

from __future__ import annotations

import json

from plotly.io._json import to_json_plotly

from dashboard import ids
from dashboard.charts import maps
from dashboard.pages.frame import fill_prop
from tests.layout_tree import components


def _sent(layout) -> dict:
    return json.loads(to_json_plotly(layout))


def _find(tree, wanted: str):
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if node.get("props", {}).get("id") == wanted:
                return node
            stack.extend(node.get("props", node).values())
    raise LookupError(wanted)


def test_a_cached_body_is_sent_as_the_built_one_and_each_load_gets_its_own_copy(app):
    from dashboard.pages import overview

    query = {"indicator": "eco_poverty", "period": "2023", "province": "32"}
    with app.server.test_request_context("/"):
        first = overview.layout(**query)
        built = overview._body(
            app.server.config["REPOSITORY"].snapshot(),
            overview._query(
                app.server.config["REPOSITORY"].snapshot(), "32.16", **query, mode=None
            ),
            {**query, "mode": None},
            "id",
            "32.16",
        )
        second = overview.layout(**query)
    sent = _sent(first)
    assert sent == _sent(second)
    graph = _find(sent, ids.READINESS_MAP)
    assert graph["props"]["figure"]["data"]  # the map's figure was filled in
    assert _find(_sent(built), ids.KPI_ROW) == _find(sent, ids.KPI_ROW)


def test_each_hit_is_its_own_copy(app):
    from dashboard.pages.frame import frozen_children

    snap = app.server.config["REPOSITORY"].snapshot()
    calls = []

    def build():
        calls.append(1)
        return [{"type": "Div", "namespace": "dash_html_components", "props": {"id": "a"}}]

    first = frozen_children(snap, ("test-body", "k"), build, 4)
    first[0]["props"]["id"] = "changed"
    second = frozen_children(snap, ("test-body", "k"), build, 4)
    assert second[0]["props"]["id"] == "a"
    assert len(calls) == 1  # built once


def test_the_body_follows_language_filters_and_map_type(app):
    from dashboard.pages import overview

    snap = app.server.config["REPOSITORY"].snapshot()
    with app.server.test_request_context("/"):
        pages = {
            (lang, mode, period): _sent(overview.layout(lang=lang, mode=mode, period=period))
            for lang in ("id", "en")
            for mode in ("tile", "geo")
            for period in ("2022", "2023")
        }
    for (lang, _mode, period), sent in pages.items():
        assert _find(sent, ids.PERIOD_SELECT)["props"]["value"] == int(period)
        assert _find(sent, "overview-lang")["props"]["data"] == lang
        figure = _find(sent, ids.READINESS_MAP)["props"]["figure"]
        assert figure == maps.readiness_figure_json(
            snap, "composite", int(period), mode="tile", province="all", lang=lang, home="32.16"
        )  # this app has no boundaries: both map types draw tiles
    # and the tree a test walks is still made of the components the page built
    with app.server.test_request_context("/"):
        tree = components(overview.layout())
    assert tree.to_plotly_json()["type"] == "Div"


def test_fill_prop_names_a_missing_component():
    import pytest

    with pytest.raises(LookupError, match="nope"):
        fill_prop(
            [{"type": "Div", "namespace": "dash_html_components", "props": {}}], "nope", "x", 1
        )


def test_prepared_national_panels_are_the_built_ones_and_no_change_builds_them(app, monkeypatch):
    """``prepare_panels`` (before gunicorn forks) builds every national state of the dropdowns;
    afterwards a change of measure or year builds none, and a province still builds its own."""
    from dashboard.charts.query import ALL
    from dashboard.pages import overview

    snap = app.server.config["REPOSITORY"].snapshot()
    measures = maps.overview_measures(snap)
    count = overview.prepare_panels(snap, "id", "32.16")
    assert count == len(measures) * len(snap.periods)
    built = []
    real = overview._plain_panels
    monkeypatch.setattr(
        overview, "_plain_panels", lambda *args: built.append(args[1:4]) or real(*args)
    )
    period = int(max(snap.periods))
    for measure in (measures[0], measures[-1]):
        kept = overview._cached_panels(snap, measure, period, ALL, "id", "32.16")
        assert kept == json.loads(to_json_plotly(real(snap, measure, period, ALL, "id", "32.16")))
    assert built == []
    overview._cached_panels(snap, measures[0], period, "32", "id", "32.16")
    assert built == [(measures[0], period, "32")]
