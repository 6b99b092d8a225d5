"""Bilingual message catalogue for data-layer errors, warnings and CLI output.

Each module declares its own messages with :func:`define` at import time, so a message lives next
to the code that raises it; a test checks that every key has the same placeholders in both languages.
"""

from __future__ import annotations

import string

LANGS = ("id", "en")
_CATALOGUE: dict[str, dict[str, str]] = {}


def define(messages: dict[str, dict[str, str]]) -> None:
    """Register messages ``{key: {"id": ..., "en": ...}}``; a key may be defined only once."""
    for key, texts in messages.items():
        if key in _CATALOGUE and _CATALOGUE[key] != texts:
            raise ValueError(f"message key {key!r} defined twice with different texts")
        missing = [lang for lang in LANGS if lang not in texts]
        if missing:
            raise ValueError(f"message key {key!r} lacks languages {missing}")
        _CATALOGUE[key] = dict(texts)


def catalogue() -> dict[str, dict[str, str]]:
    """A copy of every registered message, for tests and documentation."""
    return {key: dict(texts) for key, texts in _CATALOGUE.items()}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(key: str, lang: str = "id", /, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in; unknown keys render as the key."""
    texts = _CATALOGUE.get(key)
    if texts is None:
        from dashboard.i18n import catalogue as ui_catalogue  # being merged into the locales

        template = ui_catalogue(lang if lang in LANGS else "id").get(key)
        if template is not None:
            try:
                return template.format(**params)
            except (KeyError, IndexError, ValueError):
                return template
        return key if not params else f"{key}: " + ", ".join(f"{k}={v}" for k, v in params.items())
    template = texts.get(lang) or texts["en"]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
