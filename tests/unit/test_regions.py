"""Region list and resolver: codes, BPS codes and names, ambiguity refused."""

from __future__ import annotations

import pytest

from dashboard.data.errors import AmbiguousRegion, UnknownRegion
from dashboard.data.regions import normalise_name


def test_region_list_has_38_provinces_and_514_regencies(regions):
    assert len(regions.regions) == 552
    assert len(regions.provinces) == 38
    assert len(regions.regencies) == 514
    assert set(regions.regencies["type"]) == {"kabupaten", "kota"}
    assert regions.regions["vintage"].str.contains("2025").all()


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("32.16", "32.16"),
        ("3216", "32.16"),
        (3216, "32.16"),
        (3216.0, "32.16"),
        ("Kab. Bekasi", "32.16"),
        ("KABUPATEN BEKASI", "32.16"),
        ("kabupaten  bekasi ", "32.16"),
        ("Kota Bekasi", "32.75"),
        ("KOTA BEKASI", "32.75"),
        ("Karawang", "32.15"),
        ("Jawa Barat", "32"),
        ("Provinsi Jawa Barat", "32"),
        ("32", "32"),
        ("9403", "91.03"),  # BPS numbering for Papua differs from Kemendagri
        ("Kab. Fak-Fak", "92.03"),
        ("Jakarta Selatan", "31.74"),
        ("Kota Jakarta Selatan", "31.74"),
        ("Kepulauan Seribu", "31.01"),
        ("DKI Jakarta", "31"),
        ("DI Yogyakarta", "34"),
        ("Kota Yogyakarta", "34.71"),
    ],
)
def test_resolve_accepts_codes_bps_codes_and_names(regions, key, code):
    assert regions.resolve(key) == code


def test_yogyakarta_alone_is_the_province_or_the_city_so_it_is_refused(regions):
    with pytest.raises(
        AmbiguousRegion, match=r"34 Daerah Istimewa Yogyakarta; 34\.71 Kota Yogyakarta"
    ):
        regions.resolve("Yogyakarta")


def test_bare_name_shared_by_kabupaten_and_kota_is_ambiguous(regions):
    with pytest.raises(
        AmbiguousRegion, match=r"32\.16 Kabupaten Bekasi; 32\.75 Kota Bekasi"
    ) as exc:
        regions.resolve("Bekasi")
    assert "ambigu" in exc.value.message("id")


@pytest.mark.parametrize("key", ["99.99", "3299", "Kota Atlantis", "", "32.1"])
def test_unknown_keys_are_refused(regions, key):
    with pytest.raises(UnknownRegion):
        regions.resolve(key)


def test_unknown_name_suggests_close_matches(regions):
    with pytest.raises(UnknownRegion, match=r"did you mean.*32\.75 Kota Bekasi"):
        regions.resolve("Kota Bekasii")


def test_normalise_name_canonicalises_prefixes():
    assert normalise_name("Kab. Bekasi") == "kabupaten bekasi"
    assert normalise_name("KOTAMADYA  Bandung") == "kota bandung"
    assert normalise_name("Kab Fak-Fak") == "kabupaten fak fak"
