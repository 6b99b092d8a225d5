"""Dash's JSON answers written by orjson in one pass: the same bytes as plotly's encoder, 3-10x faster.

Dash serialises every callback answer, the layout and the callback list with
``plotly.io.json.to_json_plotly``. With orjson installed that tries ``orjson.dumps`` once and, as
soon as the value holds anything orjson does not know (a Dash component, a ``Patch``, a figure:
every answer of this app), walks the whole tree in Python (``clean_to_json_compatible``) before
dumping it again. That walk was about a third of a worker's time in the callback mix of
``bench/bench_load.py`` (the page callback's layout: 50 ms of Python per answer).

``to_json`` here hands those objects to orjson's ``default`` hook instead, one object at a time
(:func:`dashboard.charts.ready.plain_default`, shared with the caches of plain answers):
components, patches and plotly objects become their ``to_plotly_json()`` dict, anything else
goes through plotly's own ``clean_to_json_compatible`` (numpy, pandas, dates, decimals, images),
so the output is plotly's, byte for byte (``tests/unit/test_dash_json.py`` compares them).
A value orjson still refuses falls back to plotly's encoder, which raises as Dash expects.
``install()`` points Dash at it; ``dashboard.app.create_app`` calls it once.
"""

from __future__ import annotations

from typing import Any

import orjson
from plotly.io._json import to_json_plotly  # plotly's own, whatever install() did

from dashboard.charts.ready import JSON_OPTIONS, plain_default

# what plotly escapes so that JSON is safe inside an HTML <script> (plotly.io._json._swap_orjson)
_SWAP = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("/", "\\u002f"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def to_json(value: Any, pretty: bool = False, engine: str | None = None) -> str:
    """``value`` as plotly's ``to_json_plotly`` writes it, without its pure-Python tree walk.

    Same signature as the function it replaces: any other caller of ``plotly.io.json`` asking for
    pretty output or a given engine gets plotly's own answer.
    """
    if pretty or engine is not None:
        return to_json_plotly(value, pretty=pretty, engine=engine)
    try:
        out = orjson.dumps(value, default=plain_default, option=JSON_OPTIONS).decode()
    except TypeError:
        return to_json_plotly(value)  # plotly's answer or plotly's error, as Dash expects
    for unsafe, safe in _SWAP:
        if unsafe in out:
            out = out.replace(unsafe, safe)
    return out


def install() -> None:
    """Make Dash write its answers with :func:`to_json`.

    Dash's ``to_json`` looks ``plotly.io.json.to_json_plotly`` up on every call, so that name is the
    one place to point elsewhere; plotly's own ``pio.to_json`` keeps its function (``plotly.io._json``).
    """
    import plotly.io.json

    plotly.io.json.to_json_plotly = to_json
