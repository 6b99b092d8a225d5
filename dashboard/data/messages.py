"""Transitional: inline bilingual messages of modules not yet moved to ``dashboard/locales``.

Texts live in the locale files read by :func:`dashboard.i18n.t`; modules outside the data layer
that still declare texts with :func:`define` register them where ``t`` finds them. This module
goes once every ``define`` block has moved to the locale files.
"""

from __future__ import annotations

from dashboard.i18n import _INLINE as _CATALOGUE
from dashboard.i18n import placeholders, t

LANGS = ("id", "en")
__all__ = ["LANGS", "catalogue", "define", "placeholders", "render"]


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
    """A copy of every message still declared inline, for tests."""
    return {key: dict(texts) for key, texts in _CATALOGUE.items()}


def render(key: str, lang: str = "id", /, **params: object) -> str:
    """The message ``key`` in ``lang``: the same as :func:`dashboard.i18n.t`."""
    return t(key, lang, **params)
