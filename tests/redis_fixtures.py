"""Redis for tests: the real server at ``TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``).

Several test sessions (and helpers) share it, so each session works under a random key prefix
(``REDIS_PREFIX``, also the export queue's name) and deletes its keys afterwards. Nothing
answering: the tests skip with the reason, except under ``CI=true`` where they fail.
"""

from __future__ import annotations

import os
import secrets
import socket

import pytest

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def closed_port_url() -> str:
    """A Redis URL on a local port nobody listens on (Redis "down")."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        reason = f"no Redis at TEST_REDIS_URL ({type(exc).__name__})"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " under CI=true")
        pytest.skip(reason)
    return TEST_REDIS_URL


@pytest.fixture
def redis_prefix(redis_url):
    """A fresh key prefix for one test; its keys are deleted afterwards."""
    import redis

    prefix = "kctest-" + secrets.token_hex(4)
    yield prefix
    forget(redis.Redis.from_url(redis_url), prefix)


def forget(client, prefix: str) -> None:
    """Delete every key of ``prefix`` and its names in RQ's registries of queues and workers."""
    keys = list(client.scan_iter(match=f"*{prefix}*", count=1000))
    if keys:
        client.delete(*keys)
    for registry in ("rq:queues", "rq:workers"):
        names = [m for m in client.smembers(registry) if prefix.encode() in m]
        if names:
            client.srem(registry, *names)
