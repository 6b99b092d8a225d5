"""A page's callbacks, declared like Dash's and attached to every app ``create_app`` builds.

Dash's global ``dash.callback`` keeps callbacks in private module lists that the first app to
serve a request takes for itself, leaving none for apps made later in the process (tests, CLI
exports). A page declares its callbacks on its own :class:`Callbacks` instead, with the decorator
right above the function as with ``@app.callback``; ``create_app`` calls the page's
``register_callbacks(app)``, which attaches them through Dash's public ``app.callback`` and
``app.clientside_callback``, once per app.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import dash
from dash.exceptions import PreventUpdate

from dashboard.state import snapshot

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class _Declared:
    args: tuple
    kwargs: dict[str, Any]
    function: Callable[..., Any] | None  # None: a clientside callback (its JS is in args)


class Callbacks:
    """One module's callbacks: ``@callbacks.callback(...)`` and ``callbacks.clientside_callback(...)``
    take exactly the arguments of ``app.callback`` and ``app.clientside_callback``."""

    def __init__(self, *, needs_data: bool = True) -> None:
        """``needs_data``: with no intact dataset version (the app started degraded) these
        callbacks leave their outputs as they are instead of failing on an empty snapshot; the
        data management page's callbacks (``False``) keep working: an import repairs the store."""
        self._declared: list[_Declared] = []
        self.needs_data = needs_data

    def callback(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        """Declare a server callback; the function is returned unchanged (tests call it)."""

        def declare(function: F) -> F:
            self._declared.append(_Declared(args, kwargs, function))
            return function

        return declare

    def clientside_callback(self, clientside_function: Any, *args: Any, **kwargs: Any) -> None:
        """Declare a clientside callback (inline JS is hashed into the CSP when registered)."""
        self._declared.append(_Declared((clientside_function, *args), kwargs, None))

    def register(self, app: dash.Dash) -> None:
        """Attach every declared callback to ``app``, in the order they were declared."""
        for each in self._declared:
            if each.function is None:
                app.clientside_callback(*each.args, **each.kwargs)
            elif self.needs_data:
                app.callback(*each.args, **each.kwargs)(_with_data(each.function))
            else:
                app.callback(*each.args, **each.kwargs)(each.function)

    def __len__(self) -> int:
        return len(self._declared)


def _with_data(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, or no update while the app holds no data (a page open from before)."""

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if not snapshot().has_data:
            raise PreventUpdate
        return function(*args, **kwargs)

    return guarded
