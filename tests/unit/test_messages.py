"""One translation mechanism: data-layer texts live in the locale files read by ``i18n.t``."""

from __future__ import annotations

import re
from pathlib import Path

import dashboard
from dashboard import i18n

DATA_DIR = Path(dashboard.__file__).parent / "data"


def test_data_layer_declares_no_texts_inline():
    users = [
        str(path.relative_to(DATA_DIR))
        for path in DATA_DIR.rglob("*.py")
        if "define(" in path.read_text(encoding="utf-8")
    ]
    assert users == []


def test_data_layer_messages_are_in_the_locale_files():
    ids, ens = i18n.catalogue("id"), i18n.catalogue("en")
    for prefix in ("importer.", "boundaries.", "framework.", "store.", "scoring.", "loc."):
        keys = {k for k in ids if k.startswith(prefix)}
        assert keys, prefix
        assert keys == {k for k in ens if k.startswith(prefix)}, prefix


def test_unknown_key_shows_the_key():
    assert i18n.t("no.such.key", "id") == "no.such.key"


def test_unknown_key_with_parameters_shows_them():
    assert i18n.t("no.such.key", "en", row=3, column="x") == "no.such.key: row=3, column=x"


def test_missing_or_wrong_parameters_do_not_raise():
    template = i18n.catalogue("en")["importer.too_large"]
    assert i18n.t("importer.too_large", "en", size="2 MB") == template
    assert (
        i18n.t("importer.bad_encoding", "en", detected="plain text")
        == (i18n.catalogue("en")["importer.bad_encoding"])
    )
    assert i18n.t("importer.too_large", "en", size="2 MB", limit="1 MB") == (
        "the file is 2 MB, above the limit of 1 MB"
    )


def test_data_messages_render_in_both_languages():
    assert i18n.t("loc.row", "id", row=4) != i18n.t("loc.row", "en", row=4)
    assert "4" in i18n.t("loc.row", "en", row=4)


def test_every_message_key_the_data_layer_uses_is_in_the_locale_files():
    prefixes = "importer|boundaries|framework|upload|store|loc|scoring|error|sample|regions|tiles"
    pattern = re.compile(rf'"((?:{prefixes}|hint|service|views)\.[a-z_]+)"')
    ids = i18n.catalogue("id")
    used = {
        key
        for path in DATA_DIR.rglob("*.py")
        for key in pattern.findall(path.read_text(encoding="utf-8"))
    }
    assert len(used) > 80
    files = {"framework.toml", "regions.csv"}  # file names, not message keys
    assert sorted(used - files - set(ids)) == []
