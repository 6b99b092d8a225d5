"""Request-time access to the app's repository and settings (pages never import the app)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app

from dashboard.config import Settings
from dashboard.data.store.repository import Repository, Snapshot
from dashboard.i18n import normalise_lang


def repository() -> Repository:
    return current_app.config["REPOSITORY"]


def settings() -> Settings:
    return current_app.config["SETTINGS"]


def snapshot() -> Snapshot:
    return repository().snapshot()


def lang_of(value: object) -> str:
    return normalise_lang(value)


def href(path: str, lang: str, **query: object) -> str:
    """A link that keeps the language (Indonesian is the default and needs no parameter)."""
    params = {k: v for k, v in query.items() if v not in (None, "", [])}
    if lang != "id":
        params = {"lang": lang, **params}
    return f"{path}?{urlencode(params, safe=',.')}" if params else path
