"""Rate limits per client address for login, uploads, exports and the API, shared by every worker
of a host.

Limits are settings (``RATE_LIMIT_LOGIN``, ``RATE_LIMIT_UPLOAD``, ``RATE_LIMIT_EXPORT``,
``RATE_LIMIT_API``) in flask-limiter syntax, e.g. ``"10 per minute;50 per hour"``, parsed by the
``limits`` library. The counters are a moving window kept in a small SQLite file,
``DATA_DIR/run/ratelimits.sqlite3``: all gunicorn workers (and threads) of the host count together,
and killing or recycling a worker resets nothing. No Redis needed; several hosts behind one
balancer each count their own clients.

The API (``api``) is the exception: it answers hundreds of cached requests a second, and a
host-wide SQLite write per request would cost more than the answer and serialise the workers.
Its counters are sliding-window counters in process memory (``MemoryCounters``): with N workers a client gets at most N
times ``RATE_LIMIT_API``, enough to stop a runaway harvester.

With ``REDIS_URL`` every kind is counted in Redis (``RedisCounters``, the ``limits`` library's
Redis storage under the ``REDIS_PREFIX`` key prefix): every worker of every host counts together.
When Redis does not answer, ``SharedCounters`` falls back to the per-host counters above with
one log line (never a 500), tries Redis again after ``REDIS_RETRY_S`` and logs when limits are
shared again.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import MovingWindowRateLimiter, SlidingWindowCounterRateLimiter

from dashboard.config import Settings, redis_location
from dashboard.data.degraded import Degraded
from dashboard.i18n import t
from dashboard.state import RUN_DIR, add_degraded_probe

KINDS = ("login", "upload", "export", "api")
KEEP_SECONDS = 2 * 86_400  # hits older than the longest sensible window are pruned
PER_PROCESS = frozenset({"api"})  # counted in memory per worker (see the module docstring)
REDIS_RETRY_S = 5.0  # after Redis failed, count per host this long before asking it again
log = logging.getLogger(__name__)


class SqliteCounters:
    """Moving-window hit counts in one SQLite file; safe across threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS hits (kind TEXT, key TEXT, ts REAL)")
            conn.execute("CREATE INDEX IF NOT EXISTS hits_kind_key_ts ON hits (kind, key, ts)")

    def _connect(self) -> sqlite3.Connection:
        """One connection per thread and process (a forked worker opens its own)."""
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA synchronous=NORMAL")  # counters, not data: no fsync per hit
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def hit(self, kind: str, key: str, items: list[RateLimitItem]) -> bool:
        """Record one hit unless a window of ``items`` is full (atomically, host-wide)."""
        conn = self._connect()
        now = time.time()
        conn.execute("BEGIN IMMEDIATE")
        try:
            for item in items:
                (count,) = conn.execute(
                    "SELECT COUNT(*) FROM hits WHERE kind=? AND key=? AND ts>?",
                    (kind, key, now - item.get_expiry()),
                ).fetchone()
                if count >= item.amount:
                    conn.execute("ROLLBACK")
                    return False
            conn.execute("INSERT INTO hits VALUES (?, ?, ?)", (kind, key, now))
            if random.random() < 0.01:
                conn.execute("DELETE FROM hits WHERE ts<?", (now - KEEP_SECONDS,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return True

    def retry_after(self, kind: str, key: str, items: list[RateLimitItem]) -> float:
        """Seconds until every full window of ``items`` has room again (0 when none is full)."""
        conn = self._connect()
        now = time.time()
        wait = 0.0
        for item in items:
            window = item.get_expiry()
            rows = conn.execute(
                "SELECT ts FROM hits WHERE kind=? AND key=? AND ts>? ORDER BY ts DESC LIMIT ?",
                (kind, key, now - window, item.amount),
            ).fetchall()
            if len(rows) >= item.amount:
                wait = max(wait, rows[-1][0] + window - now)
        return wait

    def reset(self) -> None:
        self._connect().execute("DELETE FROM hits")


class MemoryCounters:
    """Sliding-window counters in this process's memory (the ``limits`` library; thread-safe).

    Two counters per window instead of one time stamp per hit: constant cost however high the
    limit (a moving window of 100,000 hits would cost milliseconds per request).
    """

    def __init__(self) -> None:
        self.limiter = SlidingWindowCounterRateLimiter(MemoryStorage())

    def hit(self, kind: str, key: str, items: list[RateLimitItem]) -> bool:
        if not all(self.limiter.test(item, kind, key) for item in items):
            return False
        return all([self.limiter.hit(item, kind, key) for item in items])

    def retry_after(self, kind: str, key: str, items: list[RateLimitItem]) -> float:
        wait = 0.0
        for item in items:
            stats = self.limiter.get_window_stats(item, kind, key)
            if stats.remaining <= 0:
                wait = max(wait, stats.reset_time - time.time())
        return wait

    def reset(self) -> None:
        self.limiter.storage.reset()


class RedisCounters:
    """Counters in Redis shared by every worker and host: a moving window for login, uploads and
    exports (exact), a sliding-window counter for the API (two keys per window, cheap)."""

    def __init__(self, url: str, prefix: str) -> None:
        self.storage = RedisStorage(
            url,
            key_prefix=f"{prefix}:limits",
            wrap_exceptions=True,
            socket_connect_timeout=0.5,
            socket_timeout=1.0,
        )
        self.moving = MovingWindowRateLimiter(self.storage)
        self.sliding = SlidingWindowCounterRateLimiter(self.storage)

    def _limiter(self, kind: str) -> MovingWindowRateLimiter | SlidingWindowCounterRateLimiter:
        return self.sliding if kind in PER_PROCESS else self.moving

    def hit(self, kind: str, key: str, items: list[RateLimitItem]) -> bool:
        limiter = self._limiter(kind)
        if not all(limiter.test(item, kind, key) for item in items):
            return False
        return all([limiter.hit(item, kind, key) for item in items])

    def retry_after(self, kind: str, key: str, items: list[RateLimitItem]) -> float:
        wait = 0.0
        for item in items:
            stats = self._limiter(kind).get_window_stats(item, kind, key)
            if stats.remaining <= 0:
                wait = max(wait, stats.reset_time - time.time())
        return wait

    def reset(self) -> None:
        self.storage.reset()


class SharedCounters:
    """Redis first; the per-host ``local`` counters while Redis does not answer."""

    def __init__(self, shared: RedisCounters, local: Callable[[str], Any], where: str) -> None:
        self.shared = shared
        self.local = local
        self.where = where
        self.down_until = 0.0
        self.down = False
        self._lock = threading.Lock()

    def _call(self, method: str, kind: str, key: str, items: list[RateLimitItem]) -> Any:
        if time.monotonic() >= self.down_until:
            try:
                result = getattr(self.shared, method)(kind, key, items)
            except StorageError as exc:
                self._failed(exc)
            else:
                if self.down:
                    with self._lock:
                        self.down = False
                    log.warning("rate limits: Redis at %s answers again; shared again", self.where)
                return result
        return getattr(self.local(kind), method)(kind, key, items)

    def _failed(self, exc: StorageError) -> None:
        with self._lock:
            self.down_until = time.monotonic() + REDIS_RETRY_S
            first = not self.down
            self.down = True
        if first:
            log.warning(
                "rate limits: Redis at %s does not answer (%s); counting per host until it does",
                self.where,
                type(exc.storage_error).__name__,
            )

    def hit(self, kind: str, key: str, items: list[RateLimitItem]) -> bool:
        return bool(self._call("hit", kind, key, items))

    def retry_after(self, kind: str, key: str, items: list[RateLimitItem]) -> float:
        return float(self._call("retry_after", kind, key, items))

    def reset(self) -> None:
        with contextlib.suppress(StorageError):
            self.shared.reset()


LIMITS_PER_HOST = "limits_per_host"  # the /healthz reason while Redis is away


class RateLimits:
    """The limiter of one app: parsed limits per kind and their counters (Redis or host-wide)."""

    def __init__(self, settings: Settings) -> None:
        self.counters = SqliteCounters(Path(settings.DATA_DIR) / RUN_DIR / "ratelimits.sqlite3")
        self.memory = MemoryCounters()
        self.shared: SharedCounters | None = None
        if settings.REDIS_URL:
            self.shared = SharedCounters(
                RedisCounters(settings.REDIS_URL, settings.REDIS_PREFIX),
                self._local,
                redis_location(settings.REDIS_URL),
            )
        self.items: dict[str, list[RateLimitItem]] = {
            "login": parse_many(settings.RATE_LIMIT_LOGIN),
            "upload": parse_many(settings.RATE_LIMIT_UPLOAD),
            "export": parse_many(settings.export_rate_limit),
            "api": parse_many(settings.RATE_LIMIT_API),
        }

    def degradations(self) -> list[Degraded]:
        """While Redis does not answer, limits count per host: ``/healthz`` says so (not a
        visitor's concern, so no public banner). Costs an attribute read."""
        if self.shared is None or not self.shared.down:
            return []
        detail = f"Redis at {self.shared.where} does not answer: rate limits counted per host"
        return [Degraded(LIMITS_PER_HOST, {}, detail, public=False)]

    def hit(self, kind: str, key: str) -> bool:
        """Count one request of ``kind`` from ``key``; False when a limit is exceeded."""
        return self._counters(kind).hit(kind, key, self.items[kind])

    def retry_after(self, kind: str, key: str) -> int:
        """Seconds until the tightest exceeded window of ``kind`` frees a slot."""
        return max(1, math.ceil(self._counters(kind).retry_after(kind, key, self.items[kind])))

    def _counters(self, kind: str) -> SqliteCounters | MemoryCounters | SharedCounters:
        return self.shared if self.shared is not None else self._local(kind)

    def _local(self, kind: str) -> SqliteCounters | MemoryCounters:
        return self.memory if kind in PER_PROCESS else self.counters

    def reset(self) -> None:
        self.counters.reset()
        self.memory.reset()
        if self.shared is not None:
            self.shared.reset()


def install(server: Flask, settings: Settings) -> None:
    limits = RateLimits(settings)
    server.extensions["kc_rate_limits"] = limits
    add_degraded_probe(server, limits.degradations)  # Redis away: /healthz says so


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
