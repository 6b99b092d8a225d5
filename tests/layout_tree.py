"""Page layouts as Dash components, for tests that walk them.

A page may return parts of its body as the plain data Dash sends (a body cached per filter state,
``dashboard.pages.frame.frozen_children``); :func:`components` turns a whole layout into
component objects again, through the JSON the browser would receive, so a test reads what is sent.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from plotly.io._json import to_json_plotly

MODULES = {
    "dash_html_components": html,
    "dash_core_components": dcc,
    "dash_bootstrap_components": dbc,
}


def components(layout: Any) -> Any:
    """``layout`` rebuilt from its JSON: every component an instance of its Dash class."""
    return _rebuild(json.loads(to_json_plotly(layout)))


def _rebuild(value: Any) -> Any:
    if isinstance(value, list):
        return [_rebuild(v) for v in value]
    if isinstance(value, dict) and {"type", "namespace", "props"} <= value.keys():
        namespace = value["namespace"]
        module = MODULES.get(namespace) or importlib.import_module(namespace)
        cls = getattr(module, value["type"])
        props = value["props"]
        return cls(**{k: v if k == "figure" else _rebuild(v) for k, v in props.items()})
    return value
