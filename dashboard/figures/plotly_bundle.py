"""The partial plotly.js bundle the browser runs (SPEC P2): which version, which trace types.

The full plotly.min.js is 4.8 MB (1.4 MB gzip) with about 50 trace types; the app draws five.
``tools/build_plotly_bundle.py`` builds ``assets/<BUNDLE_FILE>`` from exactly these constants, and
``dcc.Graph`` uses the ``window.Plotly`` it defines instead of fetching the full bundle.
``tests/unit/figures/test_plotly_bundle.py`` fails when a figure uses a trace type that is not here,
when plotly (Python) moves to another plotly.js version, or when the asset was built from other
constants: then add the trace here and rebuild. Exports are unaffected (kaleido has its own copy).
"""

from __future__ import annotations

# The plotly.js release inside the pinned plotly (Python) package: plotly.offline.get_plotlyjs_version()
PLOTLY_JS_VERSION = "4.1.1"
# Trace types drawn in the browser; "scatter" is always part of plotly.js core.
BUNDLE_TRACES: tuple[str, ...] = ("bar", "choropleth", "heatmap", "scatter", "scattergeo")
# Loaded before the Dash renderer (assets are served in name order), so window.Plotly exists before
# the first dcc.Graph asks for plotly.js.
BUNDLE_FILE = "05-plotly-partial.min.js"


def banner() -> str:
    """The first line of the built asset: what it holds, so a test can compare it to the above."""
    traces = ",".join(BUNDLE_TRACES)
    return f"/*! plotly.js v{PLOTLY_JS_VERSION} partial bundle, traces={traces} (tools/build_plotly_bundle.py) */"
