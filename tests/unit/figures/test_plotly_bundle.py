"""The partial plotly.js bundle in assets/ can draw every trace type the app builds.

Fails when a figure builder starts using a trace type the bundle lacks (add it to
``BUNDLE_TRACES`` and run ``python tools/build_plotly_bundle.py``), when the asset was built from
other constants than the ones in :mod:`dashboard.figures.plotly_bundle`, or when plotly (Python)
moves to another plotly.js release than the bundle's.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

from dashboard.config import PROJECT_DIR
from dashboard.figures.plotly_bundle import (
    BUNDLE_FILE,
    BUNDLE_TRACES,
    PLOTLY_JS_VERSION,
    banner,
)

ASSET = PROJECT_DIR / "assets" / BUNDLE_FILE
# every go.<Trace> class name -> its plotly.js trace type ("Choropleth" -> "choropleth")
TRACE_TYPES = {
    name: getattr(go, name)().type
    for name in dir(go)
    if isinstance(getattr(go, name), type) and issubclass(getattr(go, name), BaseTraceType)
}


def traces_used(source: str) -> set[str]:
    """Trace types a module builds: ``go.Bar(...)``/``go.Bar`` and ``{"type": "bar"}`` literals."""
    used = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "go"
            and node.attr in TRACE_TYPES
        ):
            used.add(TRACE_TYPES[node.attr])
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and key.value == "type"
                    and isinstance(value, ast.Constant)
                    and value.value in TRACE_TYPES.values()
                ):
                    used.add(value.value)
    return used


def app_traces() -> dict[str, set[str]]:
    """Trace type -> the dashboard modules that use it."""
    found: dict[str, set[str]] = {}
    for path in sorted((PROJECT_DIR / "dashboard").rglob("*.py")):
        for trace in traces_used(path.read_text(encoding="utf-8")):
            found.setdefault(trace, set()).add(str(path.relative_to(PROJECT_DIR)))
    return found


def test_every_trace_type_the_app_builds_is_in_the_bundle():
    missing = {t: sorted(m) for t, m in app_traces().items() if t not in BUNDLE_TRACES}
    assert not missing, (
        f"trace types missing from the partial plotly.js bundle: {missing}; add them to "
        "BUNDLE_TRACES in dashboard/figures/plotly_bundle.py and run "
        "python tools/build_plotly_bundle.py"
    )


def test_the_scan_sees_the_known_builders():
    """The scan itself works: the maps' and ranking's traces are found (else it proves nothing)."""
    found = app_traces()
    assert {"choropleth", "scattergeo", "heatmap", "bar"} <= set(found)
    assert traces_used('go.Figure(data=[{"type": "violin"}])') == {"violin"}
    assert traces_used("fig.add_trace(go.Sankey())") == {"sankey"}
    assert traces_used('shape = {"type": "line"}') == set()


def test_bundle_names_only_real_trace_types():
    assert set(BUNDLE_TRACES) <= set(TRACE_TYPES.values())
    assert "scatter" in BUNDLE_TRACES  # always part of plotly.js core


def test_bundle_matches_the_plotly_js_of_the_python_package():
    assert get_plotlyjs_version() == PLOTLY_JS_VERSION, (
        "plotly (Python) now ships another plotly.js: set PLOTLY_JS_VERSION, pin it in "
        "tools/plotly_bundle/package.json and rebuild with python tools/build_plotly_bundle.py"
    )
    package = json.loads((PROJECT_DIR / "tools" / "plotly_bundle" / "package.json").read_text())
    assert package["dependencies"]["plotly.js"] == PLOTLY_JS_VERSION


def test_asset_was_built_from_these_constants():
    head = ASSET.read_text(encoding="utf-8")[:2000]
    assert head.splitlines()[0] == banner(), (
        "asset out of date: python tools/build_plotly_bundle.py"
    )
    assert f"plotly.js v{PLOTLY_JS_VERSION}" in head  # plotly.js's licence header
    assert "MIT license" in head
    assert 300_000 < ASSET.stat().st_size < 2_500_000


@pytest.mark.parametrize("other", ["plotly.min.js", "plotly.js", "plotly-*.js"])
def test_only_one_plotly_in_assets(other: str):
    """Two plotly.js builds in assets/ would both load; the later one would win."""
    shipped = [p.name for p in Path(ASSET.parent).glob(other) if p.name != BUNDLE_FILE]
    assert shipped == []
