"""The bilingual message catalogue: every key in both languages with the same placeholders."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import dashboard
from dashboard.data import messages


@pytest.fixture(scope="module")
def catalogue():
    for module in pkgutil.walk_packages(dashboard.__path__, "dashboard."):
        if module.name.startswith(("dashboard.pages", "dashboard.app", "dashboard.__main__")):
            continue  # pages register with Dash on import; their texts live in i18n catalogues
        importlib.import_module(module.name)
    return messages.catalogue()


def test_catalogue_is_not_empty(catalogue):
    assert len(catalogue) > 50


def test_every_message_has_both_languages_and_same_placeholders(catalogue):
    for key, texts in catalogue.items():
        assert set(texts) >= {"id", "en"}, key
        assert texts["id"].strip(), key
        assert texts["en"].strip(), key
        assert messages.placeholders(texts["id"]) == messages.placeholders(texts["en"]), key


def test_redefining_a_key_differently_is_refused():
    messages.define({"test.once": {"id": "satu", "en": "one"}})
    messages.define({"test.once": {"id": "satu", "en": "one"}})  # identical is fine
    with pytest.raises(ValueError, match="defined twice"):
        messages.define({"test.once": {"id": "dua", "en": "two"}})


def test_render_falls_back_to_the_key_for_unknown_messages():
    assert messages.render("no.such.key", "id") == "no.such.key"
