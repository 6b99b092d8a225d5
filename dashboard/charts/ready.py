"""Callback answers kept as plain JSON data, so a cached answer costs only its serialisation (P1).

Dash serialises a callback's answer with plotly's JSON encoder: ``orjson`` in one pass when the
answer holds only dicts, lists, strings and numbers, otherwise a walk over every item of every list
(``clean_to_json_compatible``) that turns components, figures and Patches into dicts first. For a
map figure that walk is hundreds of thousands of calls, on every request, cached or not. So the
overview's cached answers are stored as what that walk returns (:func:`json_ready`), and a figure
inside a component tree is wrapped in :class:`Prebuilt`, which the walk takes as it is.
"""

from __future__ import annotations

import json
from typing import Any

from plotly.io.json import to_json_plotly


def json_ready(value: Any) -> Any:
    """``value`` (components, figures, Patches, numpy) as the plain data Dash would send for it."""
    return json.loads(to_json_plotly(value))


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
