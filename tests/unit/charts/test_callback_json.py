"""The overview callbacks' fast path sends the same figures as the plotly.py path (P1).

The callbacks build ranking and distribution as plain dicts (no plotly.py validation) and keep
every cached answer as plain JSON data; exports and the page still go through ``go.Figure``.
These compare the two for a few filter states, including empty selections and categories.
"""

from __future__ import annotations

import json

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


def _patched(figure: dict, patch: dict) -> dict:
    """A figure with a Dash Patch's Assign operations applied, as the renderer does."""
    import copy

    out = copy.deepcopy(figure)
    for op in patch["operations"]:
        assert op["operation"] == "Assign", op
        *path, last = op["location"]
        node = out
        for key in path:
            node = node.setdefault(key, {}) if isinstance(node, dict) else node[key]
        node[last] = op["params"]["value"]
    return out


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


@pytest.mark.parametrize("mode", ["tile"])
def test_patched_map_equals_the_whole_map_of_the_new_filters(snap, mode):
    """Any filter change applied as a Patch draws what a fresh page load of those filters draws."""
    where = {"mode": mode, "home": HOME}
    shown = maps.readiness_figure_json(snap, "composite", 2024, province="all", lang="id", **where)
    for measure, period, province, lang in [*STATES, ("composite", 2024, "all", "id")]:
        if lang != "id":
            continue  # the language is fixed for a page's life
        target = maps.readiness_figure_json(
            snap, measure, period, province=province, lang=lang, **where
        )
        patch = maps.readiness_patch_json(
            snap, measure, period, province=province, lang=lang, **where
        )
        patched = _without_nulls(_patched(shown, patch))
        expected = _without_nulls(target)
        for figure in (
            patched,
            expected,
        ):  # the trace's name is never shown (hover <extra></extra>)
            figure["data"][1].pop("name")
        assert patched == expected, measure
        shown = target


def _hovers(encoding: dict) -> list[str]:
    """Each shown value's hover text (the values trace's template with its hovertext and
    customdata counts filled in)."""
    texts = encoding.get("hovertext")
    rows = encoding.get("customdata") or [None] * len(encoding["z"])
    out = []
    for i, z in enumerate(encoding["z"]):
        if z is None:
            continue
        hover = encoding["hovertemplate"].replace("%{hovertext}", texts[i] if texts else "")
        for k in (0, 1):
            if isinstance(rows[i], list):
                hover = hover.replace(f"%{{customdata[{k}]}}", str(rows[i][k]))
        out.append(hover)
    return out


@pytest.mark.parametrize(("measure", "period", "province", "lang"), STATES)
def test_a_shared_provenance_line_is_sent_once_and_reads_the_same(
    snap, measure, period, province, lang
):
    from dashboard.figures.mapvalues import fold_notes

    args = maps._without(
        maps._common(snap, measure, period, lang, "", "screen"), "home_code", "names", "provinces"
    )
    from dashboard.figures import tilemap

    full = tilemap.tile_values_patch(maps.tile_layout(), **args)
    folded = fold_notes(full)
    assert _hovers(folded) == _hovers(full)
    if measure == "gov_audit":  # one note for all: sent once, labels only per region
        assert all("sintetis" not in h for h in folded["hovertext"] if h)
        patch = maps.readiness_patch_json(
            snap, measure, period, mode="tile", province=province, lang=lang, home=HOME
        )
        assert len(json.dumps(patch, separators=(",", ":"))) < 10_240
    if measure == "composite":  # counts per region as numbers, the words once (P1: <= 10 KB)
        words = "nilai resmi" if lang == "id" else "official"
        assert folded["hovertemplate"].count(words) == 1
        assert all("%{customdata" not in h for h in _hovers(folded))
        rows = [r for r in folded["customdata"] if isinstance(r, list)]
        assert rows
        assert all(isinstance(r[0], int) and isinstance(r[1], int) for r in rows)
        patch = maps.readiness_patch_json(
            snap, measure, period, mode="tile", province=province, lang=lang, home=HOME
        )
        assert len(json.dumps(patch, separators=(",", ":"))) < 10_240


def test_fold_keeps_lines_that_differ():
    from dashboard.figures.mapvalues import fold_notes, value_encoding

    mixed = value_encoding([1.0, 2.0, None], measure_label="M", unit="%", direction="up",
                           notes=["BPS", "sintetis", ""])  # fmt: skip
    assert fold_notes(mixed) == mixed
    same = value_encoding([1.0, 2.0, None], measure_label="M", unit="%", direction="up",
                          notes=["BPS", "BPS", ""])  # fmt: skip
    assert fold_notes(same)["hovertext"] is None
    assert "<i>BPS</i>" in fold_notes(same)["hovertemplate"]
    cats = value_encoding([1.0, 2.0, None], measure_label="M", unit="", direction="ord",
                          categories=["A", "B"], notes=["x", "y", ""])  # fmt: skip
    assert fold_notes(cats) == cats
    empty = value_encoding([None, None], measure_label="M", unit="%", direction="up",
                           notes=["", ""])  # fmt: skip
    assert empty["hovertext"] == ["", ""]
    assert fold_notes(empty) == {**empty, "hovertext": None}  # a year without data: no lines


@pytest.mark.parametrize("lang", ["id", "en"])
def test_map_values_from_arrays_equal_those_of_the_values_frame(snap, lang):
    """The recolour's values (read from the measure's arrays, P1) are what the figure builders
    make of the values frame, for every measure, both map types and years with and without data."""
    import orjson

    from dashboard.figures import geomap, tilemap
    from dashboard.figures.mapvalues import fold_notes

    framework = snap.framework
    measures = ["composite", *(g.id for g in (*framework.pillars, *framework.elements))]
    measures += [i.id for i in framework.indicators]
    assert len(measures) > 20
    for measure in measures:
        for period in (snap.periods[0], snap.periods[-1]):
            args = maps._without(
                maps._common(snap, measure, period, lang, "", "screen"),
                *("home_code", "names", "provinces"),
            )
            tile, none = orjson.loads(
                maps._values_json(snap, measure, period, False, lang, "screen")
            )
            expected = fold_notes(tilemap.tile_values_patch(maps.tile_layout(), **args))
            assert (tile, none) == (json_ready(expected), {}), (measure, period)
            geo, missing = orjson.loads(
                maps._values_json(snap, measure, period, True, lang, "screen")
            )
            assert geo == json_ready(fold_notes(geomap.geo_values_patch(**args))), measure
            values = args["values"]
            codes = sorted(values.loc[values["value"].isna(), "code"].astype(str))
            assert missing == json_ready(maps._missing_layer(snap, codes, lang))
            assert missing["locations"] == codes


def test_every_province_view_is_the_one_computed_alone(snap):
    """The map's views of all provinces, computed in one pass, are each province's own."""
    provinces = sorted(set(snap.regions.regencies["province_code"]))
    assert len(provinces) > 30
    views = maps._province_views(snap)
    ranges = maps._all_tile_ranges(maps.tile_layout())
    for province in provinces:
        assert views[province] == maps._province_view(snap, province), province
        assert maps._geo_view(snap, province) == views[province]
        assert ranges[province] == tuple(maps._compute_tile_ranges(province)), province
    assert maps._tile_ranges("all") == maps._compute_tile_ranges("all")
    assert maps._tile_ranges("99") == maps._compute_tile_ranges("99")  # unknown: all, wider pad


def test_prepare_computes_every_measure_and_year_of_the_dropdowns(snap):
    """After start-up, no filter change of the overview's dropdowns computes map values (P1)."""
    from dashboard.components.controls import measure_options

    computed = []
    real = maps._value_changes

    def counting(*args):
        computed.append(args[1:3])
        return real(*args)

    maps._value_changes = counting
    try:
        count = maps.prepare(snap, "id")
        options = [
            o["value"] for o in measure_options(snap.framework, "id") if not o.get("disabled")
        ]
        assert count == len(options) * len(snap.periods) * (2 if maps.has_geometry(snap) else 1)
        before = len(computed)
        for measure in options:
            for period in snap.periods:
                maps.readiness_patch_json(
                    snap, measure, period, mode="tile", province="all", lang="id", home=HOME
                )
        assert len(computed) == before  # every one prepared (or cached before): none computed
    finally:
        maps._value_changes = real
