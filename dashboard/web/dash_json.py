"""Dash's JSON answers written by orjson in one pass: the same bytes as plotly's encoder, 3-10x faster.

Dash serialises every callback answer, the layout and the callback list with
``plotly.io.json.to_json_plotly``. With orjson installed that tries ``orjson.dumps`` once and, as
soon as the value holds anything orjson does not know (a Dash component, a ``Patch``, a figure:
every answer of this app), walks the whole tree in Python (``clean_to_json_compatible``) before
dumping it again. That walk was about a third of a worker's time in the callback mix of
``bench/bench_load.py`` (the page callback's layout: 50 ms of Python per answer).

``to_json`` here hands those objects to orjson's ``default`` hook instead, one object at a time:
components, patches and plotly objects become their ``to_plotly_json()`` dict, anything else
goes through plotly's own ``clean_to_json_compatible`` (numpy, pandas, dates, decimals, images),
so the output is plotly's, byte for byte (``tests/unit/web/test_dash_json.py`` compares them).
A value orjson still refuses falls back to plotly's encoder, which raises as Dash expects.
``install()`` points Dash at it; ``dashboard.app.create_app`` calls it once.
"""

from __future__ import annotations

from typing import Any

import orjson
from dash import Patch
from dash.development.base_component import Component
from plotly.basedatatypes import BaseFigure, BasePlotlyType
from plotly.io._json import to_json_plotly  # plotly's own, whatever install() did

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
_DIRECT = (Component, Patch, BaseFigure, BasePlotlyType)
_PLAIN: dict[type, bool] = {}  # component classes whose JSON _component writes
# what plotly escapes so that JSON is safe inside an HTML <script> (plotly.io._json._swap_orjson)
_SWAP = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("/", "\\u002f"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def _modules() -> dict[str, Any]:
    from _plotly_utils.optional_imports import get_module

    return {
        "sage_all": get_module("sage.all", should_load=False),
        "np": get_module("numpy", should_load=False),
        "pd": get_module("pandas", should_load=False),
        "image": get_module("PIL.Image", should_load=False),
    }


def _plain_component(obj: Component) -> bool:
    """Whether the class's ``to_plotly_json`` is Dash's and reads props from the instance only
    (no class attribute or property of a prop's name), so :func:`_component` writes the same."""
    cls = type(obj)
    plain = _PLAIN.get(cls)
    if plain is None:
        plain = _PLAIN[cls] = cls.to_plotly_json is Component.to_plotly_json and not any(
            hasattr(cls, name) for name in obj._prop_names
        )
    return plain


def _component(obj: Component) -> dict:
    """``Component.to_plotly_json`` without its per-prop ``hasattr``/``any`` (a third of its time)."""
    values = obj.__dict__
    props = {name: values[name] for name in obj._prop_names if name in values}
    wildcards = tuple(obj._valid_wildcard_attributes)
    if wildcards:
        props.update({k: v for k, v in values.items() if k.startswith(wildcards)})
    return {"props": props, "type": obj._type, "namespace": obj._namespace}


def _default(obj: Any) -> Any:
    """One object orjson does not know, as plotly's cleaner would turn it into JSON values."""
    if isinstance(obj, Component) and _plain_component(obj):
        return _component(obj)
    if isinstance(obj, _DIRECT):
        return obj.to_plotly_json()
    from plotly.io._json import clean_to_json_compatible

    cleaned = clean_to_json_compatible(
        obj, numpy_allowed=True, datetime_allowed=True, modules=_modules()
    )
    if cleaned is obj:  # nothing to convert: orjson would ask again forever
        raise TypeError(f"Type is not JSON serializable: {type(obj).__name__}")
    return cleaned


def to_json(value: Any, pretty: bool = False, engine: str | None = None) -> str:
    """``value`` as plotly's ``to_json_plotly`` writes it, without its pure-Python tree walk.

    Same signature as the function it replaces: any other caller of ``plotly.io.json`` asking for
    pretty output or a given engine gets plotly's own answer.
    """
    if pretty or engine is not None:
        return to_json_plotly(value, pretty=pretty, engine=engine)
    try:
        out = orjson.dumps(value, default=_default, option=_OPTIONS).decode()
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
