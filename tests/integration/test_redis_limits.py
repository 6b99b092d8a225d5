"""REDIS_URL: rate limits counted together by separate app instances; Redis down -> per host."""

from __future__ import annotations

import logging

from dashboard.app import create_app
from dashboard.config import Settings
from tests.redis_fixtures import closed_port_url, redis_prefix, redis_url  # noqa: F401

LIMIT = "3 per minute"


def _client(tmp_path, name, url, prefix="kc"):
    settings = Settings(
        DATA_DIR=tmp_path / name, REDIS_URL=url, REDIS_PREFIX=prefix, RATE_LIMIT_EXPORT=LIMIT
    )
    return create_app(settings).server.test_client()


def test_a_limit_is_counted_across_two_app_instances(tmp_path, redis_url, redis_prefix):  # noqa: F811
    a = _client(tmp_path, "a", redis_url, redis_prefix)
    b = _client(tmp_path, "b", redis_url, redis_prefix)  # its own DATA_DIR: no shared SQLite
    statuses = [c.get("/export/data/peringkat.csv").status_code for c in (a, b, a, b, a)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = b.get("/export/data/peringkat.csv")
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_redis_down_counts_per_host_with_one_log_line(tmp_path, caplog):
    url = closed_port_url()
    a = _client(tmp_path, "a", url)
    b = _client(tmp_path, "b", url)
    with caplog.at_level(logging.WARNING, logger="dashboard.security.limits"):
        first = [a.get("/export/data/peringkat.csv").status_code for _ in range(4)]
        other = b.get("/export/data/peringkat.csv").status_code
    assert first == [200, 200, 200, 429]  # the host's own counters still limit
    assert other == 200  # another host (its own DATA_DIR) counts its own
    lines = [r for r in caplog.records if "does not answer" in r.getMessage()]
    assert len(lines) == 2  # one per instance, not one per request
    assert ":" + url.rsplit(":", 1)[1].split("/")[0] in lines[0].getMessage()


def test_limits_are_shared_again_when_redis_answers(tmp_path, redis_url, redis_prefix, caplog):  # noqa: F811
    from dashboard.security import limits

    settings = Settings(
        DATA_DIR=tmp_path / "x",
        REDIS_URL=redis_url,
        REDIS_PREFIX=redis_prefix,
        RATE_LIMIT_LOGIN=LIMIT,
    )
    rate = limits.RateLimits(settings)
    shared = rate.shared
    real = shared.shared
    shared.shared = limits.RedisCounters(closed_port_url(), redis_prefix)  # Redis goes away
    with caplog.at_level(logging.WARNING, logger="dashboard.security.limits"):
        assert rate.hit("login", "k")
        shared.shared, shared.down_until = real, 0.0  # ... and comes back
        assert rate.hit("login", "k")
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "does not answer" in messages
    assert "shared again" in messages
    other = limits.RateLimits(
        Settings(
            DATA_DIR=tmp_path / "y",
            REDIS_URL=redis_url,
            REDIS_PREFIX=redis_prefix,
            RATE_LIMIT_LOGIN=LIMIT,
        )
    )
    # one hit reached Redis (the other was counted on this host while it was away)
    assert [other.hit("login", "k") for _ in range(3)] == [True, True, False]


def test_redis_down_makes_healthz_degraded_with_the_reason(tmp_path):
    a = _client(tmp_path, "a", closed_port_url())
    assert a.get("/healthz").get_json()["status"] == "ok"  # nothing counted yet: nothing known
    a.get("/export/data/peringkat.csv")  # the first count finds Redis away
    health = a.get("/healthz").get_json()
    assert (health["status"], health["reason"]) == ("degraded", "limits_per_host")
    assert "problem" not in health  # where Redis is: for admins only
    assert "degraded-banner" not in a.get("/").get_data(as_text=True)  # no banner for visitors
