"""``LOG_FORMAT=json``: one JSON object per line with request id, route, status and duration."""

from __future__ import annotations

import io
import json
import logging

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.web.logs import JsonFormatter


def test_json_lines_carry_request_id_route_status_and_duration(tmp_path):
    app = create_app(Settings(DATA_DIR=tmp_path / "instance", LOG_FORMAT="json"))
    root = logging.getLogger()
    json_handlers = [h for h in root.handlers if isinstance(h.formatter, JsonFormatter)]
    assert json_handlers, "LOG_FORMAT=json installs a JSON handler on the root logger"
    stream = io.StringIO()
    capture = logging.StreamHandler(stream)
    capture.setFormatter(JsonFormatter())
    root.addHandler(capture)
    try:
        client = app.server.test_client()
        response = client.get("/healthz", headers={"X-Request-ID": "abc123-json"})
        client.get("/export/data/no-such-chart.csv")
    finally:
        root.removeHandler(capture)
        for handler in json_handlers:
            root.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    access = [x for x in lines if x["logger"] == "dashboard.access"]
    health = next(x for x in access if x["path"] == "/healthz")
    assert health["request_id"] == "abc123-json" == response.headers["X-Request-ID"]
    assert health["route"] == "/healthz"
    assert health["status"] == response.status_code
    assert isinstance(health["duration_ms"], float)
    assert {"time", "level", "logger", "message"} <= health.keys()
    missing = next(x for x in access if x["path"].startswith("/export/data/"))
    assert (missing["status"], missing["route"]) == (404, "/export/data/<filename>")


def test_exceptions_become_one_line_with_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("here",), None)
        import sys

        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "failed here"
    assert "ValueError: boom" in parsed["exc"]
