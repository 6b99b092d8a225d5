"""gunicorn.conf.py: gthread workers sized by settings, preload, bound to HOST:PORT."""

from __future__ import annotations

import runpy

import pytest

from dashboard.config import PROJECT_DIR

CONF = str(PROJECT_DIR / "gunicorn.conf.py")


def _load(monkeypatch, **env: str) -> dict:
    for key in (
        "WEB_CONCURRENCY",
        "GUNICORN_THREADS",
        "GUNICORN_MAX_REQUESTS",
        "HOST",
        "PORT",
        "LOG_LEVEL",
    ):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(CONF)


def test_defaults(monkeypatch):
    conf = _load(monkeypatch)
    assert conf["worker_class"] == "gthread"
    assert (conf["workers"], conf["threads"]) == (2, 4)
    assert conf["preload_app"] is True
    assert conf["bind"] == ["127.0.0.1:8050"]
    assert conf["timeout"] >= 60  # above a cold briefing deck
    # recycled, but rarely enough that a busy worker keeps its caches warm for minutes
    assert conf["max_requests"] >= 20000
    assert conf["max_requests_jitter"] > 0
    assert "x-request-id" in conf["access_log_format"]


def test_settings_size_the_workers(monkeypatch):
    conf = _load(
        monkeypatch,
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="8",
        GUNICORN_MAX_REQUESTS="0",
        HOST="::1",
        PORT="9000",
    )
    assert (conf["workers"], conf["threads"]) == (3, 8)
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (0, 0)
    assert conf["bind"] == ["[::1]:9000"]


def test_a_bad_setting_exits_3_with_one_line(monkeypatch, capsys):
    with pytest.raises(SystemExit) as info:
        _load(monkeypatch, GUNICORN_THREADS="many")
    assert info.value.code == 3
    assert capsys.readouterr().err.strip() == (
        "Kota Cerdas: environment variable GUNICORN_THREADS: expected a whole number from 1 to 64 "
        "(got 'many')"
    )
