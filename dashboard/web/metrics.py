"""``GET /metrics``: Prometheus metrics of this app, all gunicorn workers together.

Served only to a request with ``Authorization: Bearer <METRICS_TOKEN>`` or from an address in
``METRICS_ALLOW``; anybody else gets the app's plain 404 (the route does not show it exists).
Under gunicorn the workers write their values to files in ``PROMETHEUS_MULTIPROC_DIR`` (set and
emptied at start by ``gunicorn.conf.py``, a dead worker's files marked by its ``child_exit``
hook) and a scrape of any worker adds them up (prometheus-client's multiprocess mode); without
that variable (``python app.py``, tests) the process's own registry answers.

Labels stay bounded: routes are URL rules (``/export/chart/<filename>``, not the raw path),
callbacks the output ids Dash registered (``other`` for anything else), methods a fixed list.
Imports and cache lookups come from the data layer's observer hook (:mod:`dashboard.data.observe`);
exports are counted by the export routes (:func:`export_done`); version gauges and the export
queue length are read at scrape time.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Mapping

import dash
from flask import Flask, Response, abort, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prom_multiprocess
from werkzeug.exceptions import HTTPException

from dashboard import state
from dashboard.config import Settings
from dashboard.data import observe
from dashboard.web.logs import started

# the export queue's length (set by dashboard.web.jobs when REDIS_URL is set); None: no queue
queue_length = lambda: None  # noqa: E731

DASH_UPDATE = "/_dash-update-component"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
FAST = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
SLOW = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)

REQUESTS = Counter(
    "kc_http_requests",
    "HTTP requests by route template, method and status",
    ["route", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "kc_http_request_duration_seconds",
    "HTTP request latency by route template",
    ["route"],
    buckets=FAST,
)
CALLBACKS = Counter(
    "kc_dash_callbacks", "Dash callbacks by output id and status", ["output", "status"]
)
CALLBACK_SECONDS = Histogram(
    "kc_dash_callback_duration_seconds",
    "Dash callback latency by output id",
    ["output"],
    buckets=FAST,
)
DATASET_VERSION = Gauge(
    "kc_dataset_version", "Dataset version served", multiprocess_mode="livemostrecent"
)
BOUNDARY_VERSION = Gauge(
    "kc_boundary_version", "Boundary version served", multiprocess_mode="livemostrecent"
)
IMPORTS = Counter("kc_imports", "Imports and rollbacks by kind and outcome", ["kind", "outcome"])
IMPORT_SECONDS = Histogram(
    "kc_import_duration_seconds", "Import duration by kind", ["kind"], buckets=SLOW
)
EXPORTS = Counter("kc_exports", "Exports by kind and outcome", ["kind", "outcome"])
EXPORT_SECONDS = Histogram(
    "kc_export_duration_seconds",
    "Export duration by kind (queue wait included)",
    ["kind"],
    buckets=SLOW,
)
QUEUE_LENGTH = Gauge(
    "kc_export_queue_length", "Export jobs waiting in the queue", multiprocess_mode="livemostrecent"
)
CACHE = Counter("kc_snapshot_cache", "Snapshot memo/LRU lookups", ["cache", "result"])


def install(server: Flask, settings: Settings) -> None:
    """The ``/metrics`` route and the request hooks that measure every request."""
    allow = tuple(settings.METRICS_ALLOW)
    token = settings.METRICS_TOKEN
    observe.watch(_observe)

    @server.after_request
    def _measure(response: Response) -> Response:
        seconds = time.perf_counter() - started()
        rule = request.url_rule
        route = rule.rule if rule is not None else "unmatched"
        method = request.method if request.method in METHODS else "other"
        count, timer = _child(REQUESTS, REQUEST_SECONDS, route, method, response.status_code)
        count.inc()
        timer.observe(seconds)
        if request.path.endswith(DASH_UPDATE) and request.method == "POST":
            count, timer = _child(
                CALLBACKS, CALLBACK_SECONDS, _callback_output(), response.status_code
            )
            count.inc()
            timer.observe(seconds)
        return response

    def metrics() -> Response:
        if not _allowed(token, allow):
            abort(404)
        _read_gauges()
        return Response(
            generate_latest(_registry()),
            mimetype=CONTENT_TYPE_LATEST.split(";")[0],
            headers={"Cache-Control": "no-store", "Content-Type": CONTENT_TYPE_LATEST},
        )

    server.add_url_rule("/metrics", "metrics", metrics)


_CHILDREN: dict[tuple, tuple] = {}  # bounded: labels are route templates, outputs, statuses


def _child(counter: Counter, histogram: Histogram, name: str, *labels: object) -> tuple:
    """The counter and histogram children of one label set, looked up once (``labels()``
    validates and locks on every call; the mix of bench_load.py calls it twice per request)."""
    key = (counter, name, *labels)
    pair = _CHILDREN.get(key)
    if pair is None:
        values = [str(label) for label in labels]
        pair = _CHILDREN[key] = (counter.labels(name, *values), histogram.labels(name))
    return pair


def export_done(kind: str, outcome: str, seconds: float) -> None:
    """Count one export (``image``, ``data``, ``briefing``) and its duration."""
    EXPORTS.labels(kind, outcome).inc()
    if outcome == "ok":
        EXPORT_SECONDS.labels(kind).observe(seconds)


def _observe(event: str, labels: Mapping[str, str], seconds: float | None) -> None:
    if event == "cache":
        CACHE.labels(labels["cache"], labels["result"]).inc()
    elif event == "export":  # pages (the briefing button) report through the data layer's hook
        export_done(labels["kind"], labels["outcome"], seconds or 0.0)
    elif event == "import":
        IMPORTS.labels(labels["kind"], labels["outcome"]).inc()
        if seconds is not None and labels["outcome"] == "ok":
            IMPORT_SECONDS.labels(labels["kind"]).observe(seconds)


def _allowed(token: str, allow: tuple) -> bool:
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header[7:].strip().encode(), token.encode())
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in allow)


def _callback_output() -> str:
    """The callback's output id when Dash registered it; ``other`` otherwise (bounded labels)."""
    try:
        body = request.get_json(silent=True)
    except (HTTPException, RecursionError):  # oversized (413) or absurdly deep (400) bodies
        return "other"
    output = body.get("output") if isinstance(body, dict) else None
    if not isinstance(output, str):
        return "other"
    try:
        known = dash.get_app().callback_map
    except Exception:
        return "other"
    return output if output in known else "other"


def _read_gauges() -> None:
    try:
        snap = state.snapshot()
    except Exception:  # a store away: the gauges keep their last values
        snap = None
    if snap is not None and snap.version is not None:
        DATASET_VERSION.set(snap.version)
    if snap is not None and snap.boundary_version is not None:
        BOUNDARY_VERSION.set(snap.boundary_version)
    length = queue_length()
    if length is not None:
        QUEUE_LENGTH.set(length)


def _registry() -> CollectorRegistry:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    prom_multiprocess.MultiProcessCollector(registry)
    return registry
