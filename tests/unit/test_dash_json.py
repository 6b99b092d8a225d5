"""Dash's answers written by ``dashboard.web.dash_json``: plotly's bytes, whatever the value holds."""

from __future__ import annotations

import datetime as dt
import decimal
import json

import dash
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import Patch, dcc, html
from plotly.io._json import to_json_plotly  # plotly's own, not the one install() sets

from dashboard.charts.ready import json_ready
from dashboard.web import dash_json


def _patch() -> Patch:
    patch = Patch()
    patch["data"][0]["z"] = np.array([1.5, np.nan, 3.0])
    patch["data"][0]["text"] = ["Kab. <Bekasi>", "Kota/Depok"]
    patch["layout"]["title"]["text"] = "Skor \u2028 2024"
    del patch["layout"]["annotations"][0]
    patch["data"][0]["customdata"].append({"code": "32.16"})
    return patch


VALUES = {
    "scalars": {"a": 1, "b": 2.5, "c": None, "d": True, "e": "x</script>", 3: "int key"},
    "nan and inf": [float("nan"), float("inf"), -float("inf"), np.nan],
    "numpy": {
        "floats": np.array([1.0, 2.5, np.nan]),
        "ints": np.arange(4, dtype=np.int64),
        "not contiguous": np.arange(12.0).reshape(3, 4)[:, 1],
        "strings": np.array(["a", "b"]),
        "objects": np.array([1, "x", None], dtype=object),
        "scalars": [np.float64(1.25), np.int32(7), np.bool_(True)],
    },
    "pandas": {
        "series": pd.Series([1.0, 2.0]),
        "timestamp": pd.Timestamp("2024-05-01 10:00"),
        "na": [pd.NA, pd.NaT],
    },
    "dates and decimals": [
        dt.datetime(2024, 1, 2, 3, 4, 5),
        dt.date(2024, 1, 2),
        decimal.Decimal("1.5"),
    ],
    "a tuple": (1, "two", [3]),
    "components": html.Div(
        [
            html.H2("Judul <b>", className="h5", **{"data-code": "32", "aria-label": "x"}),
            dcc.Graph(id="g", figure=go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))),
            dcc.Dropdown(id="d", options=[{"label": "Ã©", "value": 1}], value=1),
            "plain text",
            None,
        ],
        id="outer",
        style={"width": "50%"},
    ),
    "a figure": go.Figure(go.Scatter(x=np.arange(3), y=np.array([1.0, np.nan, 2.0]))),
    "a figure dict": go.Figure(go.Bar(x=[1], y=[2])).to_plotly_json(),
    "a patch": _patch(),
    "nested deep": {"l": [[[[{"m": html.Span("x")}]]]]},
}


@pytest.mark.parametrize("name", list(VALUES))
def test_the_same_bytes_as_plotly(name):
    value = {"multi": True, "response": {"out": {"children": VALUES[name]}}}
    assert dash_json.to_json(value) == to_json_plotly(value)


@pytest.mark.parametrize("name", list(VALUES))
def test_json_ready_is_what_plotly_sends_parsed(name):
    """The cached plain answers (``charts/ready.py``) hold what plotly's encoder writes, parsed."""
    value = {"children": VALUES[name]}
    assert json_ready(value) == json.loads(to_json_plotly(value))


def test_a_value_nobody_can_write_raises_as_plotly_does():
    class Opaque:
        pass

    with pytest.raises(TypeError):
        to_json_plotly({"x": Opaque()})
    with pytest.raises(TypeError):
        dash_json.to_json({"x": Opaque()})
    with pytest.raises(TypeError):
        json_ready({"x": Opaque()})


def test_a_component_class_with_its_own_json_is_asked_for_it():
    class Custom(html.Div):
        def to_plotly_json(self):
            return {"props": {"custom": True}, "type": "Div", "namespace": "dash_html_components"}

    value = [Custom("x"), html.Div("y")]
    assert json.loads(dash_json.to_json(value))[0]["props"] == {"custom": True}
    assert dash_json.to_json(value) == to_json_plotly(value)


def test_install_points_dash_at_it(monkeypatch):
    import plotly.io.json

    monkeypatch.setattr(plotly.io.json, "to_json_plotly", to_json_plotly)
    dash_json.install()
    assert plotly.io.json.to_json_plotly is dash_json.to_json
    answer = dash._utils.to_json({"x": html.Div("y")})  # what Dash's dispatch calls
    assert answer == to_json_plotly({"x": html.Div("y")})
