"""Request-time access to the app's repository and settings (pages never import the app)."""

from __future__ import annotations

from flask import current_app

from dashboard.charts.query import href
from dashboard.config import Settings
from dashboard.data.store.repository import Repository, Snapshot
from dashboard.exports import render
from dashboard.i18n import normalise_lang


def repository() -> Repository:
    return current_app.config["REPOSITORY"]


def settings() -> Settings:
    return current_app.config["SETTINGS"]


def snapshot() -> Snapshot:
    return repository().snapshot()


def lang_of(value: object) -> str:
    return normalise_lang(value)


def images_available() -> bool:
    """Whether this process can draw chart images (a Chromium was found): export menus say so."""
    return render.available()


__all__ = ["href", "images_available", "lang_of", "repository", "settings", "snapshot"]
