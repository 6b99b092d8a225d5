"""Malformed requests answer 4xx with one log line, never a 500 with a traceback.

- A JSON body nested deeper than :data:`MAX_JSON_DEPTH` (or too deep for the parser at all, which
  raised ``RecursionError`` inside Dash) to ``/_dash-update-component`` or any JSON POST: 400.
  No real callback payload comes near the limit.
- An unknown ``/_dash-component-suites/...`` path (Dash raises ``DependencyException``): 404.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from dash.exceptions import DependencyException
from flask import Flask, Response, abort, request
from werkzeug.exceptions import BadRequest, HTTPException, NotFound

from dashboard.security.headers import request_id

log = logging.getLogger(__name__)
MAX_JSON_DEPTH = 64


def install(server: Flask, http_error: Callable[[HTTPException], Response]) -> None:
    """Check JSON bodies before Dash reads them; turn Dash's dependency errors into 404s.

    ``http_error`` renders an ``HTTPException`` as the app's plain error page.
    """

    @server.before_request
    def _check_json() -> None:
        if request.method in {"POST", "PUT", "PATCH"} and request.is_json:
            check_json_body()

    @server.errorhandler(DependencyException)
    def _unknown_dependency(error: DependencyException) -> Response:
        log.warning("not found [%s]: %s %s", request_id(), request.method, request.path[:200])
        return http_error(NotFound())


def check_json_body() -> None:
    """Parse the request's JSON once (Flask caches it for Dash) and refuse absurd nesting."""
    try:
        body = request.get_json(silent=False)
    except RecursionError:
        _refuse("JSON nested too deeply")
    except BadRequest:
        _refuse("malformed JSON")
    raw = request.get_data(cache=True)
    # fewer brackets than the limit cannot nest deeper than it (brackets in strings only add)
    if raw.count(b"[") + raw.count(b"{") > MAX_JSON_DEPTH and depth(body) > MAX_JSON_DEPTH:
        _refuse(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")


def depth(value: object) -> int:
    """Nesting depth of lists and dicts, computed without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            if level > MAX_JSON_DEPTH:
                return level
            stack.extend((child, level + 1) for child in item)
    return deepest


def _refuse(reason: str) -> None:
    log.warning("bad request [%s]: %s %s: %s", request_id(), request.method, request.path, reason)
    abort(400, f"{reason}.")
