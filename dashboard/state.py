"""Request-time access to the app's repository and settings (pages never import the app)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask, current_app

from dashboard.charts.query import href
from dashboard.config import Settings
from dashboard.data.degraded import Degraded
from dashboard.data.store.repository import Repository, Snapshot
from dashboard.exports import render
from dashboard.exports.gate import RenderGate
from dashboard.exports.queue import ExportQueue
from dashboard.i18n import normalise_lang


def repository() -> Repository:
    return current_app.config["REPOSITORY"]


def settings() -> Settings:
    return current_app.config["SETTINGS"]


def snapshot() -> Snapshot:
    return repository().snapshot()


log = logging.getLogger(__name__)
DEGRADED_PROBES = "kc_degraded_probes"
Probe = Callable[[], Iterable[Degraded]]


def add_degraded_probe(server: Flask, probe: Probe) -> None:
    """Let a backend report why it is degraded (a database or queue away) on every page's banner
    and in ``/healthz``: ``probe()`` returns the current reasons, cheaply (it runs per page)."""
    server.extensions.setdefault(DEGRADED_PROBES, []).append(probe)


def degraded() -> list[Degraded]:
    """Every current reason the app is degraded: the snapshot's, then each registered probe's."""
    reasons = list(snapshot().degradations())
    for probe in current_app.extensions.get(DEGRADED_PROBES, ()):
        try:
            reasons.extend(probe())
        except Exception:  # a broken probe must not take pages down with it
            log.exception("degraded-state probe failed")
    return reasons


RENDER_GATE = "kc_render_gate"
RUN_DIR = "run"  # DATA_DIR/run: runtime state (rate counters, render slots), never data


def render_gate() -> RenderGate:
    """The host's render slots (``RENDER_SLOTS``) for every image or deck made for a request."""
    gate = current_app.extensions.get(RENDER_GATE)
    if gate is None:
        config = settings()
        gate = RenderGate(
            Path(config.DATA_DIR) / RUN_DIR,
            slots=config.render_slots,
            wait_s=config.RENDER_QUEUE_SECONDS,
        )
        current_app.extensions[RENDER_GATE] = gate
    return gate


EXPORT_QUEUE = "kc_export_queue"


def export_queue() -> ExportQueue | None:
    """The export queue on ``REDIS_URL`` (one client per process), or None without Redis: then
    exports are drawn in the web process behind :func:`render_gate`."""
    if EXPORT_QUEUE not in current_app.extensions:
        config = settings()
        current_app.extensions[EXPORT_QUEUE] = (
            ExportQueue(config.REDIS_URL, config.REDIS_PREFIX, waiters=config.GUNICORN_THREADS // 2)
            if config.REDIS_URL
            else None
        )
    return current_app.extensions[EXPORT_QUEUE]


def lang_of(value: object) -> str:
    return normalise_lang(value)


def images_available() -> bool:
    """Whether chart images can be drawn: by the export workers (``REDIS_URL``) or by this
    process (a Chromium was found); export menus say so."""
    return export_queue() is not None or render.available()


__all__ = [
    "add_degraded_probe",
    "degraded",
    "href",
    "images_available",
    "lang_of",
    "render_gate",
    "repository",
    "settings",
    "snapshot",
]
