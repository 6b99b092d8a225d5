"""The page callback declarations: Dash-like decorators, attached to any number of apps."""

from __future__ import annotations

import dash
from dash import Input, Output, State

from dashboard.pages.callbacks import Callbacks


def _declared() -> tuple[Callbacks, object]:
    callbacks = Callbacks()

    @callbacks.callback(
        Output("tiny-out", "children"),
        Input("tiny-in", "value"),
        State("tiny-state", "data"),
        prevent_initial_call=True,
    )
    def echo(value, data):
        return f"{value}-{data}"

    callbacks.clientside_callback(
        "function(v) { return v; }",
        Output("tiny-copy", "children"),
        Input("tiny-in", "value"),
    )
    return callbacks, echo


def test_the_decorator_returns_the_function_unchanged():
    callbacks, echo = _declared()
    assert echo("a", "b") == "a-b"
    assert len(callbacks) == 2


def test_two_apps_get_the_same_callbacks_and_inline_scripts():
    callbacks, _ = _declared()
    first, second = dash.Dash(__name__), dash.Dash(__name__)
    for app in (first, second):
        callbacks.register(app)
    assert set(first.callback_map) == {"tiny-out.children", "tiny-copy.children"}
    assert set(second.callback_map) == set(first.callback_map)
    assert second.csp_hashes() == first.csp_hashes()
    assert len(first.csp_hashes()) > len(dash.Dash(__name__).csp_hashes())
