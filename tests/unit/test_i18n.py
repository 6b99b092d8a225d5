"""UI catalogues and formatting: both languages have the same keys; Indonesian numbers 1.234,5."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dashboard.i18n import (
    LANGS,
    catalogue,
    fmt_date,
    fmt_number,
    fmt_signed,
    placeholders,
    separators,
    t,
)


def test_catalogues_have_exactly_the_same_keys():
    ids, ens = set(catalogue("id")), set(catalogue("en"))
    assert ids == ens, f"only in id: {sorted(ids - ens)}; only in en: {sorted(ens - ids)}"
    assert len(ids) > 100


def test_placeholders_match_between_languages():
    for key, text in catalogue("id").items():
        assert placeholders(text) == placeholders(catalogue("en")[key]), key


@pytest.mark.parametrize("lang", LANGS)
def test_no_empty_texts(lang):
    assert all(text.strip() for text in catalogue(lang).values())


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234.5, "id", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (1234567, "id", 0, "1.234.567"),
        (-0.25, "id", 2, "−0,25"),
        (None, "id", 1, "–"),
        (float("nan"), "en", 1, "–"),
        ("abc", "id", 1, "abc"),
    ],
)
def test_fmt_number(value, lang, decimals, expected):
    assert fmt_number(value, lang, decimals) == expected


def test_fmt_signed_and_separators():
    assert fmt_signed(2.16, "id", 1) == "+2,2"
    assert fmt_signed(-1.7, "id", 1) == "−1,7"
    assert fmt_signed(0, "id", 1) == "0,0"
    assert separators("id") == ",."
    assert separators("en") == ".,"


def test_dates_are_in_wib():
    moment = datetime(2026, 11, 28, 17, 30, tzinfo=UTC)  # 00:30 next day in Jakarta
    assert fmt_date(moment, "id", time=True) == "29 November 2026 00.30 WIB"
    assert fmt_date(moment, "en") == "29 November 2026"


def test_missing_key_shows_the_key_and_unknown_lang_falls_back():
    assert t("no.such.key", "id") == "no.such.key"
    assert t("common.nav.overview", "fr") == t("common.nav.overview", "id")
