"""Request-time access to the app's repository and settings (pages never import the app)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from dashboard.charts.query import href
from dashboard.config import Settings
from dashboard.data.store.repository import Repository, Snapshot
from dashboard.exports import render
from dashboard.exports.gate import RenderGate
from dashboard.i18n import normalise_lang


def repository() -> Repository:
    return current_app.config["REPOSITORY"]


def settings() -> Settings:
    return current_app.config["SETTINGS"]


def snapshot() -> Snapshot:
    return repository().snapshot()


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


def lang_of(value: object) -> str:
    return normalise_lang(value)


def images_available() -> bool:
    """Whether this process can draw chart images (a Chromium was found): export menus say so."""
    return render.available()


__all__ = [
    "href",
    "images_available",
    "lang_of",
    "render_gate",
    "repository",
    "settings",
    "snapshot",
]
