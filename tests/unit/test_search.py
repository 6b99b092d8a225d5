"""Region search: codes, prefixes of type, case, word starts and small typos."""

from __future__ import annotations

import pytest

from dashboard.data.views.search import Entry, SearchIndex, region_entries


@pytest.fixture(scope="module")
def index(regions) -> SearchIndex:
    return SearchIndex(region_entries(regions))


def first(index: SearchIndex, query: str) -> str | None:
    found = index.search(query)
    return found[0].entry.code if found else None


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("32.16", "32.16"),  # dotted Kemendagri code
        ("3216", "32.16"),  # BPS code
        (" 32.16 ", "32.16"),
        ("Kab. Bekasi", "32.16"),
        ("kab bekasi", "32.16"),
        ("KABUPATEN BEKASI", "32.16"),
        ("Kota Bekasi", "32.75"),
        ("kota bekasi", "32.75"),
        ("Kodya Bekasi", "32.75"),
        ("sleman", "34.04"),
        ("SLEMAN", "34.04"),
        ("tangerang sel", "36.74"),  # start of the name
        ("jakarta sel", "31.74"),  # word starts, "Administrasi" in between
        ("bekasy", "32.16"),  # typo (both Bekasi first; kabupaten wins the tie)
        ("slemna", "34.04"),  # transposed letters
        ("Kota Bekasy", "32.75"),  # typo with a type word
        ("banyuwangy", "35.10"),
        ("jawa barat", "32"),  # a province
        ("32", "32"),
    ],
)
def test_finds(index, query, code):
    assert first(index, query) == code


def test_both_bekasi_for_a_bare_name(index):
    codes = [m.entry.code for m in index.search("bekasi")[:2]]
    assert sorted(codes) == ["32.16", "32.75"]


def test_code_prefix_lists_codes_in_order(index):
    codes = [m.entry.code for m in index.search("32.1", limit=20)]
    assert codes[:3] == ["32.10", "32.11", "32.12"]
    assert all(c.startswith("32.1") for c in codes)


def test_nothing_for_nonsense_or_empty(index):
    assert index.search("xyzzy qwerty") == []
    assert index.search("") == []
    assert index.search("   ") == []
    assert index.search("99.99") == []


def test_limit_and_long_input(index):
    assert len(index.search("kabupaten", limit=5)) == 5
    assert index.search("a" * 10_000) == []


def test_districts_are_one_list_of_entries(regions):
    entries = [
        *region_entries(regions),
        Entry("32.16.01", "Tarumajaya", "district", "Kabupaten Bekasi"),
    ]
    index = SearchIndex(entries)
    assert first(index, "32.16.01") == "32.16.01"
    assert first(index, "taruma") == "32.16.01"
    assert first(index, "tarumajya") == "32.16.01"  # typo
    assert "32.16.01" in [m.entry.code for m in index.search("32.16", limit=20)]
