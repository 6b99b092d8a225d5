"""REDIS_URL, METRICS_ALLOW and LOG_FORMAT parse what they document and refuse the rest;
a refused REDIS_URL never shows its password."""

from __future__ import annotations

import ipaddress

import pytest

from dashboard.config import SettingError, Settings, redis_location


@pytest.mark.parametrize(
    "value",
    ["redis://127.0.0.1:6379/0", "rediss://:s3cret@redis.example.go.id:6380/2", "redis://cache"],
)
def test_redis_urls_are_accepted(value):
    assert value == Settings.from_env({"REDIS_URL": value}).REDIS_URL


@pytest.mark.parametrize(
    "value",
    [
        "http://:hunter2hunter2@redis:6379/0",
        "redis://:hunter2hunter2@redis:port/0",
        "redis://:hunter2hunter2@/0",
        "redis://:hunter2hunter2@redis:6379/99",
        "redis://:hunter2hunter2@redis:6379/db",
    ],
)
def test_bad_redis_urls_are_refused_without_the_password(value):
    with pytest.raises(SettingError) as info:
        Settings.from_env({"REDIS_URL": value})
    assert "hunter2" not in str(info.value)
    assert "REDIS_URL" in str(info.value)


def test_redis_location_names_host_port_and_db_only():
    assert redis_location("rediss://user:pw@redis.internal:6380/3") == "redis.internal:6380/3"
    assert redis_location("redis://cache") == "cache:6379/0"


def test_metrics_allow_takes_addresses_and_networks():
    allow = Settings.from_env({"METRICS_ALLOW": "127.0.0.1, 10.0.0.0/8 ::1"}).METRICS_ALLOW
    assert ipaddress.ip_address("10.20.30.40") in allow[1]
    assert len(allow) == 3
    with pytest.raises(SettingError, match="METRICS_ALLOW"):
        Settings.from_env({"METRICS_ALLOW": "10.0.0.0/8, intranet"})


def test_log_format_is_text_or_json():
    assert Settings.from_env({"LOG_FORMAT": "JSON"}).LOG_FORMAT == "json"
    with pytest.raises(SettingError, match="LOG_FORMAT"):
        Settings.from_env({"LOG_FORMAT": "xml"})
