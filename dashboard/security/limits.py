"""Rate limits per client address for login, uploads and exports (the ``limits`` library).

Counters live in process memory, per app: with N gunicorn workers a client can get at most N times
the configured rate, which is still enough to stop password guessing and export floods. Limits are
settings (``RATE_LIMIT_LOGIN``, ``RATE_LIMIT_UPLOAD``, ``RATE_LIMIT_EXPORT``) in flask-limiter
syntax, e.g. ``"10 per minute;50 per hour"``.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, request
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from dashboard.config import Settings
from dashboard.i18n import t

KINDS = ("login", "upload", "export")


class RateLimits:
    """The limiter of one app: parsed limits per kind and their in-memory counters."""

    def __init__(self, settings: Settings) -> None:
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.items: dict[str, list[RateLimitItem]] = {
            "login": parse_many(settings.RATE_LIMIT_LOGIN),
            "upload": parse_many(settings.RATE_LIMIT_UPLOAD),
            "export": parse_many(settings.RATE_LIMIT_EXPORT),
        }

    def hit(self, kind: str, key: str) -> bool:
        """Count one request of ``kind`` from ``key``; False when a limit is exceeded."""
        items = self.items[kind]
        if not all(self.limiter.test(item, kind, key) for item in items):
            return False
        for item in items:
            self.limiter.hit(item, kind, key)
        return True

    def retry_after(self, kind: str, key: str) -> int:
        """Seconds until the tightest exceeded window of ``kind`` frees a slot."""
        waits = []
        for item in self.items[kind]:
            stats = self.limiter.get_window_stats(item, kind, key)
            if stats.remaining <= 0:
                waits.append(stats.reset_time - time.time())
        return max(1, math.ceil(max(waits, default=1)))

    def reset(self) -> None:
        self.limiter.storage.reset()


def install(server: Flask, settings: Settings) -> None:
    server.extensions["kc_rate_limits"] = RateLimits(settings)


def client_key() -> str:
    """The client address (after ProxyFix when ``TRUST_PROXY`` is set)."""
    return request.remote_addr or "unknown"


def hit(kind: str) -> bool:
    """Count one request of ``kind`` for the current client; False when over the limit.

    For work inside Dash callbacks (uploads), where a decorator on a Flask view does not apply.
    """
    limits: RateLimits | None = current_app.extensions.get("kc_rate_limits")
    return True if limits is None else limits.hit(kind, client_key())


def retry_after(kind: str) -> int:
    limits: RateLimits | None = current_app.extensions.get("kc_rate_limits")
    return 1 if limits is None else limits.retry_after(kind, client_key())


def too_many(kind: str, lang: str = "id") -> Response:
    """A plain-text 429 with Retry-After."""
    seconds = retry_after(kind)
    response = Response(
        t("limits.too_many", lang, kind=kind, seconds=seconds) + "\n",
        status=429,
        mimetype="text/plain",
    )
    response.headers["Retry-After"] = str(seconds)
    return response


def rate_limited(kind: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator for Flask views: answer 429 when the client exceeds the ``kind`` limit."""
    if kind not in KINDS:
        raise ValueError(f"unknown rate limit kind {kind!r}")

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not hit(kind):
                lang = "en" if request.args.get("lang") == "en" else "id"
                return too_many(kind, lang)
            return view(*args, **kwargs)

        return wrapper

    return decorate
