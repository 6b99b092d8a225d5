"""Callback answers kept as plain JSON data, so a cached answer costs only its serialisation (P1).

Dash serialises a callback's answer with plotly's JSON encoder: ``orjson`` in one pass when the
answer holds only dicts, lists, strings and numbers, otherwise a walk over every item of every list
(``clean_to_json_compatible``) that turns components, figures and Patches into dicts first. For a
map figure that walk is hundreds of thousands of calls, on every request, cached or not. So the
overview's cached answers are stored as what that walk returns (:func:`json_ready`), and a figure
inside a component tree is wrapped in :class:`Prebuilt`, which the walk takes as it is.

:func:`json_ready` itself avoids that walk: orjson writes the tree in one pass and hands each object
it does not know to :func:`plain_default` (components, Patches and figures become their
``to_plotly_json()`` dict, anything else goes through plotly's own cleaner), so the result is
plotly's, value for value (``tests/unit/test_dash_json.py``). ``dashboard.web.dash_json`` writes
Dash's answers with the same hook. The panels of a new filter state spent 1.5 ms in the walk (P1).
"""

from __future__ import annotations

from typing import Any

import orjson
from dash import Patch
from dash.development.base_component import Component
from plotly.basedatatypes import BaseFigure, BasePlotlyType
from plotly.io._json import to_json_plotly  # plotly's own encoder, whatever Dash was pointed at

JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
_DIRECT = (Component, Patch, BaseFigure, BasePlotlyType)
_PLAIN: dict[type, bool] = {}  # component classes whose JSON _component writes


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


def plain_default(obj: Any) -> Any:
    """orjson's ``default`` hook: one object it does not know, as plotly's cleaner turns it into
    JSON values."""
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


def json_ready(value: Any) -> Any:
    """``value`` (components, figures, Patches, numpy) as the plain data Dash would send for it."""
    try:
        return orjson.loads(orjson.dumps(value, default=plain_default, option=JSON_OPTIONS))
    except TypeError:
        return orjson.loads(to_json_plotly(value))  # plotly's answer or plotly's error


class Prebuilt:
    """Plain JSON data (from :func:`json_ready`) that plotly's encoder must not walk again.

    The encoder takes an object with ``tolist()`` as already converted ("do not recurse inside");
    ``to_plotly_json`` serves the ``json`` engine and anything else that asks for plotly JSON.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def tolist(self) -> Any:
        return self.value

    def to_plotly_json(self) -> Any:
        return self.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Prebuilt) and other.value == self.value

    __hash__ = None  # type: ignore[assignment]
