"""The kecamatan level: codes, the importer's district checks and messages, district scoring,
the synthetic sample and the district map figures."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from dashboard.data.districts import (
    district_label,
    district_mask,
    is_district_code,
    read_district_names,
    regency_of,
)
from dashboard.data.errors import UnknownDistrict
from dashboard.data.framework import load_framework
from dashboard.data.imports.tables import validate_file
from dashboard.data.regions import RegionIndex
from dashboard.data.sample.districts import (
    DISTRICT_INDICATORS,
    district_codes,
    generate_districts,
)
from dashboard.data.scoring.districts import district_scores, district_summary
from dashboard.data.store.datasets import SYNTHETIC, is_synthetic
from dashboard.figures import districtmap

NAMES = [("32.16.01", "Tarumajaya"), ("32.16.02", "Babelan"), ("32.16.09", "Cikarang Utara"),
         ("32.16.23", "Bojongmangu")]  # fmt: skip


@pytest.fixture(scope="module")
def fw():
    return load_framework()


@pytest.fixture(scope="module")
def plain():
    return RegionIndex.from_file()


@pytest.fixture(scope="module")
def regions(plain):
    table = pd.DataFrame(NAMES, columns=["code", "name"]).assign(regency_code="32.16")
    return plain.with_districts(table)


def check(tmp_path, text: str, regions, fw, name: str = "kec.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return validate_file(path, regions=regions, framework=fw)


# ---------------------------------------------------------------------------- codes
def test_district_codes():
    assert is_district_code("32.16.01")
    for text in ("32.16", "32", "3216010", "32.16.1", None, 32.1601):
        assert not is_district_code(text)
    assert regency_of("32.16.07") == "32.16"
    mask = district_mask(pd.Series(["32.16", "32.16.01", "32", "32.16.02"]))
    assert mask.tolist() == [False, True, False, True]
    assert district_label("32.16.01", "") == "32.16.01"
    assert district_label("32.16.01", "Tarumajaya") == "Tarumajaya"


def test_district_names_come_from_a_boundary_file(tmp_path):
    path = tmp_path / "district.geojson"
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"code": code, "name": name},
            "geometry": None,
        }
        for code, name in [*NAMES, ("32.16", "not a district")]
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    table = read_district_names(path)
    assert table["code"].tolist() == [c for c, _ in NAMES]
    assert set(table["regency_code"]) == {"32.16"}


def test_resolver_checks_codes_and_names_within_the_regency(regions, plain):
    assert regions.resolve("32.16.09") == "32.16.09"
    assert regions.resolve_district("32.16", "cikarang utara") == "32.16.09"
    assert regions.resolve_district("32.16", "Kec. Babelan") == "32.16.02"
    assert regions.resolve_district("32.16", "1") == "32.16.01"
    with pytest.raises(UnknownDistrict) as unknown:
        regions.resolve("32.16.24")
    assert unknown.value.suggestions[0] == ("32.16.23", "Bojongmangu")
    with pytest.raises(UnknownDistrict) as typo:
        regions.resolve_district("32.16", "Tarumajya")
    assert typo.value.suggestions == [("32.16.01", "Tarumajaya")]
    with pytest.raises(UnknownDistrict):
        regions.resolve("32.99.01")  # no such regency
    with pytest.raises(UnknownDistrict):
        regions.resolve_district("32.16", "32.75.01")  # another regency's district
    # without a reference for the regency, codes are accepted on their form (and warned about)
    assert plain.resolve("32.16.40") == "32.16.40"
    assert not plain.district_checked("32.16")
    assert regions.district_checked("32.16")


# ---------------------------------------------------------------------------- importer
def test_district_codes_import_with_the_region_column(tmp_path, regions, fw):
    result = check(tmp_path, "kode_wilayah,indikator,tahun,nilai,sumber\n"
                   "32.16.01,liv_water,2024,70,Dinas\n32.16.02,liv_water,2024,71,Dinas\n"
                   "32.16,liv_water,2024,72,Dinas\n", regions, fw)  # fmt: skip
    assert result.ok, result.report.errors
    assert sorted(result.observations["region_code"]) == ["32.16", "32.16.01", "32.16.02"]


def test_unknown_district_code_names_file_row_code_and_suggestions(tmp_path, regions, fw):
    result = check(tmp_path, "kode_wilayah,indikator,tahun,nilai\n32.16.01,liv_water,2024,70\n"
                   "32.16.24,liv_water,2024,71\n", regions, fw, name="kecamatan.csv")  # fmt: skip
    assert not result.ok
    assert result.observations.empty  # nothing is imported
    (error,) = result.report.errors
    assert error.code == "importer.unknown_district"
    assert error.row == 3
    for lang, words in (("id", "tidak dikenal"), ("en", "unknown district")):
        text = error.message(lang)
        assert "kecamatan.csv" in text
        assert "'32.16.24'" in text
        assert words in text
        assert "32.16.23 Bojongmangu" in text


def test_kecamatan_column_is_matched_within_the_regency(tmp_path, regions, fw):
    result = check(tmp_path, "kode_wilayah,kecamatan,indikator,tahun,nilai,sumber\n"
                   "Kabupaten Bekasi,Tarumajaya,liv_water,2024,70,Dinas\n"
                   "32.16,kec. cikarang utara,liv_water,2024,71,Dinas\n"
                   "32.16,,liv_water,2024,72,Dinas\n"
                   "32.16,Tarumajya,liv_water,2023,73,Dinas\n"
                   "32,Babelan,liv_water,2024,74,Dinas\n", regions, fw)  # fmt: skip
    codes = [(p.code, p.row) for p in result.report.errors]
    assert codes == [("importer.unknown_district", 5), ("importer.district_needs_regency", 6)]
    assert "32.16.01 Tarumajaya" in result.report.errors[0].message("en")
    fixed = check(tmp_path, "kode_wilayah,kecamatan,indikator,tahun,nilai,sumber\n"
                  "Kabupaten Bekasi,Tarumajaya,liv_water,2024,70,Dinas\n"
                  "32.16,kec. cikarang utara,liv_water,2024,71,Dinas\n"
                  "32.16,,liv_water,2024,72,Dinas\n", regions, fw)  # fmt: skip
    assert fixed.ok
    assert sorted(fixed.observations["region_code"]) == ["32.16", "32.16.01", "32.16.09"]


def test_district_codes_without_a_reference_are_accepted_with_a_warning(tmp_path, plain, fw):
    result = check(tmp_path, "kode_wilayah,indikator,tahun,nilai,sumber\n"
                   "32.16.01,liv_water,2024,70,Dinas\n32.16.02,liv_water,2024,71,Dinas\n",
                   plain, fw)  # fmt: skip
    assert result.ok
    (warning,) = [w for w in result.report.warnings if w.code == "importer.districts_unchecked"]
    assert "32.16" in warning.message("en")
    names = check(tmp_path, "kode_wilayah,kecamatan,indikator,tahun,nilai\n"
                  "32.16,Tarumajaya,liv_water,2024,70\n", plain, fw)  # fmt: skip
    (error,) = names.report.errors
    assert error.code == "importer.district_name_unchecked"  # not "unknown": it may be real
    assert "32.16.01" in error.message("en")


# ---------------------------------------------------------------------------- scoring
def _obs(rows):
    return pd.DataFrame(rows, columns=["region_code", "indicator_id", "period", "value"]).assign(
        source="Dinas"
    )


def test_district_scores_are_normalised_within_the_regency(fw):
    obs = _obs([
        ("32.16.01", "liv_water", 2024, 60.0), ("32.16.02", "liv_water", 2024, 80.0),
        ("32.16.03", "liv_water", 2024, 100.0), ("32.75.01", "liv_water", 2024, 0.0),
        ("32.16.01", "liv_stunting", 2024, 30.0), ("32.16.02", "liv_stunting", 2024, 10.0),
        ("32.16", "liv_water", 2024, 10.0), ("32.16.01", "ctx_population", 2024, 5.0),
    ])  # fmt: skip
    scored = district_scores(obs, fw, "32.16").set_index(["region_code", "indicator_id"])
    assert scored.loc[("32.16.01", "liv_water"), "score"] == pytest.approx(0.0)
    assert scored.loc[("32.16.02", "liv_water"), "score"] == pytest.approx(50.0)  # 32.75.01 not in
    assert scored.loc[("32.16.03", "liv_water"), "rank"] == 1
    assert scored.loc[("32.16.02", "liv_stunting"), "score"] == pytest.approx(100.0)  # down
    assert scored.loc[("32.16.01", "liv_water"), "n"] == 3
    assert ("32.16.01", "ctx_population") not in scored.index  # context is not scored
    summary = district_summary(district_scores(obs, fw, "32.16"), fw).set_index("region_code")
    assert summary.loc["32.16.03", "rank"] == 1  # 100 on its one indicator
    assert summary.loc["32.16.02", "summary"] == pytest.approx(75.0)  # 50 and 100, equal weights
    assert summary.loc["32.16.03", "n_indicators"] == 1


# ---------------------------------------------------------------------------- sample
def test_sample_districts_are_synthetic_deterministic_and_anchored(fw):
    home = _obs([(ident, 2024) for ident in ()])  # no regency values: nothing is made up
    assert generate_districts(home, fw).empty
    regency = pd.DataFrame(
        [("32.16", ident, year, 50.0, "BPS", "", "") for ident in DISTRICT_INDICATORS
         for year in (2021, 2022, 2023, 2024)],
        columns=["region_code", "indicator_id", "period", "value", "source", "reference_date",
                 "note"],
    )  # fmt: skip
    made = generate_districts(regency, fw)
    assert made.equals(generate_districts(regency, fw))
    assert set(made["region_code"]) == set(district_codes())
    assert len(district_codes()) == 23
    assert (made["source"] == SYNTHETIC).all()
    assert all(is_synthetic(s) for s in made["source"])
    assert made["note"].str.contains("sintetis").all()
    assert made["value"].between(0, 100).all()
    medians = made.groupby("indicator_id")["value"].median()
    assert np.allclose(medians, 50, atol=15)  # around the regency's value


# ---------------------------------------------------------------------------- figures
def _values():
    return pd.DataFrame(
        {"code": ["32.16.01", "32.16.02", "32.16.03"], "label": ["A", "B", "C"],
         "value": [10.0, np.nan, 30.0], "rank": pd.array([2, None, 1], dtype="Int64"),
         "provenance": ["sintetis", "", "sintetis"]}
    )  # fmt: skip


def test_district_map_patch_matches_the_figure():
    kwargs = {"measure_label": "Air", "unit": "%", "direction": "up", "decimals": 1}
    fig = districtmap.district_geo_map(_values(), **kwargs)
    patch = districtmap.district_values_patch(_values(), **kwargs)
    assert list(fig.data[districtmap.VALUES_TRACE].z) == patch["z"] == [10, None, 30]
    assert fig.layout.geo.fitbounds == "locations"
    grid = districtmap.district_tile_map(_values(), **kwargs)
    grid_patch = districtmap.district_values_patch(_values(), **kwargs, grid=True)
    assert grid_patch["z"] == [10, None, 30]  # one cell per district, no padding
    assert list(grid.data[districtmap.GRID_VALUES_TRACE].z) == grid_patch["z"]
    assert list(grid.data[districtmap.GRID_VALUES_TRACE].x) == [0, 1, 2]
    ranking = districtmap.district_ranking(_values(), **kwargs, selected="32.16.03")
    assert list(ranking.data[0].y) == ["1. C", "2. A"]  # best first, no-data left out


# ---------------------------------------------------------------------------- both store backends
def test_district_rows_and_names_in_both_store_backends(any_store, regions, fw, tmp_path):
    """District codes travel in the same region_code column; names come with the boundaries."""
    from dashboard.data.imports.boundaries import import_boundaries
    from dashboard.data.imports.indicators import ensure_seeded, import_indicators
    from dashboard.data.store.boundaries import current_districts
    from tests.conftest import SHARED_REAL

    ensure_seeded(any_store, regions, fw)
    assert any_store.load().observations["region_code"].str.fullmatch(r"32\.16\.\d\d").sum() > 0
    kecamatan = SHARED_REAL / "bekasi_kecamatan.geojson"
    if kecamatan.exists():
        import_boundaries(any_store, kecamatan, level="district", regions=regions, who="test")
        names = current_districts(any_store).set_index("code")["name"]
        assert names["32.16.01"] == "Tarumajaya"
    path = tmp_path / "kec.csv"
    path.write_text("kode_wilayah,indikator,tahun,nilai,sumber\n32.16.01,liv_water,2025,61.5,Uji\n",
                    encoding="utf-8")  # fmt: skip
    done = import_indicators(any_store, path, regions=regions, framework=fw, who="test")
    obs = any_store.load(done.manifest.version).observations
    row = obs[(obs["region_code"] == "32.16.01") & (obs["period"] == 2025)]
    assert row["value"].tolist() == [61.5]
