"""Observers of the data layer's work (imports, cache hits) for whoever measures it.

The data layer stays pure: it does not know Prometheus. It calls :func:`emit` (or wraps work in
:func:`timed`) and the web layer registers one observer (:mod:`dashboard.web.metrics`) that turns
events into metrics. With no observer registered an event costs a list check.

Events: ``("import", {"kind", "outcome"}, seconds)`` for every import or rollback of this
process, ``("cache", {"cache", "result"}, None)`` for the snapshot's ``memo``/``lru`` lookups,
``("export", {"kind", "outcome"}, seconds)`` from pages that export (the briefing button), which
cannot import the web layer's metrics.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

Observer = Callable[[str, Mapping[str, str], float | None], None]
F = TypeVar("F", bound=Callable[..., Any])
_observers: list[Observer] = []
log = logging.getLogger(__name__)


def watch(observer: Observer) -> None:
    """Register ``observer`` (once; a second registration of the same function is ignored)."""
    if observer not in _observers:
        _observers.append(observer)


def emit(event: str, labels: Mapping[str, str], seconds: float | None = None) -> None:
    """Tell every observer; an observer's failure is logged, never the caller's problem."""
    for observer in _observers:
        try:
            observer(event, labels, seconds)
        except Exception:  # measuring must never break an import or a page
            log.exception("observer of %s failed", event)


def watched() -> bool:
    return bool(_observers)


@contextmanager
def timed(event: str, **labels: str) -> Iterator[None]:
    """Emit ``event`` with its duration and ``outcome`` (``ok``/``error``) after the block."""
    started = time.perf_counter()
    outcome = "error"
    try:
        yield
        outcome = "ok"
    finally:
        emit(event, {**labels, "outcome": outcome}, time.perf_counter() - started)


def timed_call(event: str, **labels: str) -> Callable[[F], F]:
    """Decorator form of :func:`timed`."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with timed(event, **labels):
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
