"""Boundary import: formats, CRS, repair, matching, simplification, browser GeoJSON, download."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box

from dashboard.data.errors import DataError
from dashboard.data.imports import geometry as boundaries
from dashboard.data.imports.geometry import (
    download_geoboundaries,
    process_boundaries,
    repair_geometry,
    to_geojson_bytes,
)
from dashboard.data.regions import RegionIndex
from dashboard.i18n import catalogue, placeholders

BEKASI, KOTA_BEKASI, KARAWANG = "32.16", "32.75", "32.15"
HALF = 0.03  # degrees: squares this far around each region's point do not overlap


def _square(regions: RegionIndex, code: str, half: float = HALF) -> Polygon:
    row = regions.regions.set_index("code").loc[code]
    return box(row["lon"] - half, row["lat"] - half, row["lon"] + half, row["lat"] + half)


def _frame(regions: RegionIndex, codes: list[str], **columns) -> gpd.GeoDataFrame:
    geometry = [_square(regions, code) for code in codes]
    data = columns or {"code": codes}
    return gpd.GeoDataFrame(data, geometry=geometry, crs="EPSG:4326")


def _write(frame: gpd.GeoDataFrame, path: Path, **kwargs) -> Path:
    frame.to_file(path, **kwargs)
    return path


def _run(frame: gpd.GeoDataFrame, path: Path, regions: RegionIndex, *, level: str):
    return process_boundaries(_write(frame, path), level=level, regions=regions)


def _codes(problems) -> list[str]:
    return [p.code for p in problems]


@pytest.fixture
def three(regions: RegionIndex) -> gpd.GeoDataFrame:
    return _frame(regions, [BEKASI, KOTA_BEKASI, KARAWANG])


# --- reading: formats, CRS, bad files ------------------------------------------------------------


def test_geojson_with_dotted_codes_is_matched_and_named(tmp_path, regions, three):
    result = _run(three, tmp_path / "kab.geojson", regions, level="regency")
    assert result.report.ok
    assert result.frame["code"].tolist() == [KARAWANG, BEKASI, KOTA_BEKASI]
    assert result.frame.loc[result.frame["code"] == BEKASI, "name"].item() == "Kabupaten Bekasi"
    assert result.frame.crs.to_epsg() == 4326
    assert result.stats["matched"] == 3
    assert result.stats["unmatched"] == 0
    assert result.stats["key_field"] == "code"


def test_partial_file_warns_about_regions_without_geometry(tmp_path, regions, three):
    result = _run(three, tmp_path / "kab.geojson", regions, level="regency")
    assert result.report.ok
    assert len(result.stats["regions_without_geometry"]) == 514 - 3
    assert BEKASI not in result.stats["regions_without_geometry"]
    (warning,) = [p for p in result.report.warnings if p.code == "boundaries.missing_regions"]
    assert "511" in warning.message("en")


def test_bps_codes_with_another_column_name(tmp_path, regions):
    frame = _frame(regions, [BEKASI, KOTA_BEKASI], KDPKAB=[3216, 3275], label=["a", "b"])
    result = _run(frame, tmp_path / "bps.geojson", regions, level="regency")
    assert result.report.ok
    assert result.stats["key_field"] == "KDPKAB"
    assert sorted(result.frame["code"]) == [BEKASI, KOTA_BEKASI]


def test_ocha_style_pcodes(tmp_path, regions):
    frame = _frame(regions, [BEKASI, KARAWANG], ADM2_PCODE=["ID3216", "ID3215"])
    result = _run(frame, tmp_path / "cod.geojson", regions, level="regency")
    assert result.report.ok
    assert sorted(result.frame["code"]) == [KARAWANG, BEKASI]


def test_names_instead_of_codes(tmp_path, regions):
    names = ["Kab. Bekasi", "KOTA BEKASI", "Karawang"]
    frame = _frame(regions, [BEKASI, KOTA_BEKASI, KARAWANG], nama=names)
    result = _run(frame, tmp_path / "nama.geojson", regions, level="regency")
    assert result.report.ok
    assert result.stats["key_kind"] == "name"
    assert sorted(result.frame["code"]) == [KARAWANG, BEKASI, KOTA_BEKASI]


def test_ambiguous_name_is_settled_by_where_the_geometry_lies(tmp_path, regions):
    frame = _frame(regions, [BEKASI, KOTA_BEKASI], shapeName=["Bekasi", "Bekasi"])
    result = _run(frame, tmp_path / "gb.geojson", regions, level="regency")
    assert result.report.ok
    assert result.stats["matched_by_location"] == 2
    assert sorted(result.frame["code"]) == [BEKASI, KOTA_BEKASI]


def test_ambiguous_name_far_from_both_candidates_is_an_error(tmp_path, regions):
    geometry = [_square(regions, KARAWANG), _square(regions, "93.01")]
    frame = gpd.GeoDataFrame({"name": ["Karawang", "Bekasi"]}, geometry=geometry, crs=4326)
    result = _run(frame, tmp_path / "far.geojson", regions, level="regency")
    (error,) = result.report.errors
    assert error.code == "boundaries.ambiguous"
    assert (error.row, error.column, error.value) == (2, "name", "Bekasi")
    assert "32.16" in error.message("en")
    assert "32.75" in error.message("en")


def test_explicit_fields_override_detection(tmp_path, regions):
    frame = _frame(regions, [BEKASI, KARAWANG], code=["x", "y"], kab=["Bekasi Regency", "Karawang"])
    path = _write(frame, tmp_path / "named.geojson")
    with_missing = process_boundaries(path, level="regency", regions=regions, name_field="nope")
    assert _codes(with_missing.report.errors) == ["boundaries.field_missing"]
    assert "kab" in with_missing.report.errors[0].message("en")
    result = process_boundaries(path, level="regency", regions=regions, name_field="kab")
    assert _codes(result.report.errors) == ["boundaries.unknown_region"]
    assert result.report.errors[0].row == 1


def test_geojson_in_web_mercator_is_reprojected(tmp_path, regions, three):
    path = _write(three.to_crs(3857), tmp_path / "mercator.geojson")
    assert "3857" in path.read_text()  # the file really carries a projected CRS
    result = process_boundaries(path, level="regency", regions=regions)
    assert result.report.ok
    west, south, east, north = result.frame.total_bounds
    assert 106.9 < west < east < 107.5
    assert -6.4 < south < north < -6.1


def test_geopackage_first_layer_or_named_layer(tmp_path, regions, three):
    path = tmp_path / "batas.gpkg"
    _write(three.to_crs(32748), path, layer="kabupaten")
    _write(gpd.GeoDataFrame({"x": [1]}, geometry=[Point(0, 0)], crs=4326), path, layer="titik")
    assert process_boundaries(path, level="regency", regions=regions).report.ok
    assert process_boundaries(path, level="regency", regions=regions, layer="kabupaten").report.ok
    result = process_boundaries(path, level="regency", regions=regions, layer="kecamatan")
    (error,) = result.report.errors
    assert error.code == "boundaries.layer_missing"
    assert "kabupaten, titik" in error.message("en")


def test_shapefile_and_zipped_shapefile(tmp_path, regions, three):
    folder = tmp_path / "shp"
    folder.mkdir()
    shp = _write(three, folder / "kab.shp")
    assert process_boundaries(shp, level="regency", regions=regions).report.ok
    archive = tmp_path / "kab.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in sorted(folder.iterdir()):
            zipped.write(part, f"data/{part.name}")
    result = process_boundaries(archive, level="regency", regions=regions)
    assert result.report.ok
    assert result.stats["matched"] == 3


def test_zip_without_a_map_is_rejected(tmp_path, regions):
    archive = tmp_path / "notes.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("readme.txt", "no map here")
    result = process_boundaries(archive, level="regency", regions=regions)
    assert _codes(result.report.errors) == ["boundaries.zip_without_map"]


def test_shapefile_without_crs_in_lonlat_is_assumed_wgs84(tmp_path, regions, three):
    shp = _write(three, tmp_path / "kab.shp")
    shp.with_suffix(".prj").unlink()
    result = process_boundaries(shp, level="regency", regions=regions)
    assert result.report.ok
    assert "boundaries.assumed_wgs84" in _codes(result.report.warnings)


def test_shapefile_without_crs_in_metres_is_an_error(tmp_path, regions, three):
    shp = _write(three.to_crs(32748), tmp_path / "utm.shp")
    shp.with_suffix(".prj").unlink()
    result = process_boundaries(shp, level="regency", regions=regions)
    (error,) = result.report.errors
    assert error.code == "boundaries.no_crs"
    assert error.row is None
    assert ".prj" in error.message("en")
    assert result.frame.empty


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("kab.csv", b"code,geometry\n", "boundaries.unsupported_format"),
        ("kab.geojson", b"", "boundaries.empty"),
        ("kab.geojson", b'{"type": "FeatureCollection", "features": []}', "boundaries.empty"),
        ("kab.geojson", b"this is not json {", "boundaries.unreadable"),
        ("kab.gpkg", b"SQLite format 3\x00 broken", "boundaries.unreadable"),
        ("kab.zip", b"PK not really a zip", "boundaries.unreadable"),
    ],
)
def test_bad_files_give_one_file_level_error(tmp_path, regions, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    result = process_boundaries(path, level="regency", regions=regions, display_name="upload.x")
    (error,) = result.report.errors
    assert error.code == code
    assert error.row is None
    assert error.file == "upload.x"
    assert result.frame.empty


def test_missing_file_is_unreadable(tmp_path, regions):
    result = process_boundaries(tmp_path / "gone.geojson", level="regency", regions=regions)
    assert _codes(result.report.errors) == ["boundaries.unreadable"]


def test_point_feature_is_an_error_naming_the_feature(tmp_path, regions, three):
    frame = gpd.GeoDataFrame(
        {"code": [BEKASI, KARAWANG, KOTA_BEKASI]},
        geometry=[three.geometry[0], three.geometry[2], Point(106.97, -6.28)],
        crs=4326,
    )
    result = _run(frame, tmp_path / "mixed.geojson", regions, level="regency")
    (error,) = result.report.errors
    assert (error.code, error.row, error.unit) == ("boundaries.not_polygon", 3, "feature")
    assert "feature 3" in error.message("en")
    assert "fitur 3" in error.message("id")
    assert "Point" in error.message("en")
    assert result.frame.empty


def test_file_of_only_lines_has_no_polygons(tmp_path, regions):
    frame = gpd.GeoDataFrame(
        {"code": [BEKASI]}, geometry=[shapely.LineString([(107, -6), (107.1, -6.1)])], crs=4326
    )
    result = _run(frame, tmp_path / "lines.geojson", regions, level="regency")
    (error,) = result.report.errors
    assert error.code == "boundaries.no_polygons"
    assert "LineString" in error.message("en")


def test_feature_without_geometry(tmp_path, regions):
    payload = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": BEKASI}, "geometry": None},
            {
                "type": "Feature",
                "properties": {"code": KARAWANG},
                "geometry": shapely.geometry.mapping(_square(regions, KARAWANG)),
            },
        ],
    }
    path = tmp_path / "null.geojson"
    path.write_text(json.dumps(payload))
    result = process_boundaries(path, level="regency", regions=regions)
    (error,) = result.report.errors
    assert (error.code, error.row) == ("boundaries.no_geometry", 1)


def test_unknown_level_is_refused(tmp_path, regions):
    with pytest.raises(DataError, match="unknown boundary level 'kelurahan'"):
        process_boundaries(tmp_path / "x.geojson", level="kelurahan", regions=regions)


# --- matching problems ---------------------------------------------------------------------------


def test_every_unmatched_feature_is_an_error(tmp_path, regions):
    codes = [BEKASI, KARAWANG, KOTA_BEKASI, "32.01", "32.99"]
    frame = _frame(regions, [*codes[:4], KARAWANG], kode_wilayah=codes)
    result = _run(frame, tmp_path / "kab.geojson", regions, level="regency")
    (error,) = result.report.errors
    assert (error.code, error.row, error.column, error.value) == (
        "boundaries.unknown_region",
        5,
        "kode_wilayah",
        "32.99",
    )
    assert result.stats["matched"] == 4
    assert result.stats["unmatched"] == 1
    assert result.frame.empty  # all-or-nothing


def test_unknown_name_suggests_close_names(tmp_path, regions):
    frame = _frame(regions, [BEKASI, KARAWANG], nama=["Kabupaten Bekasi", "Kabupaten Karawan"])
    result = _run(frame, tmp_path / "typo.geojson", regions, level="regency")
    (error,) = result.report.errors
    assert error.code == "boundaries.unknown_region_hint"
    assert "32.15 Kabupaten Karawang" in error.message("en")


def test_province_code_in_a_regency_file_is_the_wrong_level(tmp_path, regions):
    frame = _frame(regions, [BEKASI, KARAWANG], code=[BEKASI, "32"])
    path = _write(frame, tmp_path / "levels.geojson")
    result = process_boundaries(path, level="regency", regions=regions, code_field="code")
    (error,) = result.report.errors
    assert error.code == "boundaries.not_regency"
    assert "Jawa Barat" in error.message("en")


def test_regency_name_in_a_province_file_is_the_wrong_level(tmp_path, regions):
    frame = _frame(regions, [BEKASI, KARAWANG], name=["Jawa Barat", "Kota Bekasi"])
    path = _write(frame, tmp_path / "prov.geojson")
    result = process_boundaries(path, level="province", regions=regions)
    (error,) = result.report.errors
    assert (error.code, error.row) == ("boundaries.not_province", 2)


def test_empty_key_is_an_error(tmp_path, regions):
    frame = _frame(regions, [BEKASI, KARAWANG, KOTA_BEKASI], code=[BEKASI, KARAWANG, None])
    result = _run(frame, tmp_path / "gap.geojson", regions, level="regency")
    (error,) = result.report.errors
    assert (error.code, error.row) == ("boundaries.key_missing", 3)


def test_no_usable_key_column(tmp_path, regions):
    frame = _frame(regions, [BEKASI, KARAWANG], foo=[1, 2], bar=["x", "y"])
    result = _run(frame, tmp_path / "anon.geojson", regions, level="regency")
    (error,) = result.report.errors
    assert error.code == "boundaries.no_key_field"
    assert "foo, bar" in error.message("en")


def test_features_sharing_a_code_are_dissolved(tmp_path, regions):
    west = box(107.0, -6.3, 107.1, -6.2)
    east = box(107.1, -6.3, 107.2, -6.2)
    frame = gpd.GeoDataFrame({"code": [BEKASI, BEKASI]}, geometry=[west, east], crs=4326)
    result = _run(frame, tmp_path / "parts.geojson", regions, level="regency")
    assert result.report.ok
    assert len(result.frame) == 1
    assert result.frame.geometry[0].geom_type == "Polygon"
    assert "boundaries.dissolved" in _codes(result.report.warnings)


def test_district_level_takes_codes_and_names_from_the_file(tmp_path, regions):
    frame = _frame(
        regions,
        [BEKASI, KARAWANG, KOTA_BEKASI],
        kode_kec=["32.16.01", "32.15.02", "99.99.01"],
        nama_kec=["Tarumajaya", "Klari", "Nowhere"],
    )
    path = _write(frame, tmp_path / "kec.geojson")
    result = process_boundaries(path, level="district", regions=regions)
    (error,) = result.report.errors
    assert (error.code, error.row) == ("boundaries.district_unknown_regency", 3)
    ok = process_boundaries(path, level="district", regions=regions, code_field="kode_kec")
    assert len(ok.report.errors) == 1
    frame = frame.iloc[:2]
    result = _run(frame, tmp_path / "kec2.geojson", regions, level="district")
    assert result.report.ok
    assert result.frame.set_index("code")["name"].to_dict() == {
        "32.15.02": "Klari",
        "32.16.01": "Tarumajaya",
    }
    assert result.stats["regions_without_geometry"] == []


def test_district_file_needs_a_code_column(tmp_path, regions):
    frame = _frame(regions, [BEKASI], nama=["Tarumajaya"])
    result = _run(frame, tmp_path / "kec.geojson", regions, level="district")
    assert _codes(result.report.errors) == ["boundaries.district_needs_code"]


# --- repair --------------------------------------------------------------------------------------


def test_bow_tie_is_repaired_and_counted(tmp_path, regions):
    x, y = 107.12, -6.22
    bow_tie = Polygon(
        [(x - 0.05, y - 0.05), (x + 0.05, y + 0.05), (x + 0.05, y - 0.05), (x - 0.05, y + 0.05)]
    )
    assert not bow_tie.is_valid
    frame = gpd.GeoDataFrame({"code": [BEKASI]}, geometry=[bow_tie], crs=4326)
    result = _run(frame, tmp_path / "bowtie.geojson", regions, level="regency")
    assert result.report.ok
    assert result.stats["repaired"] == 1
    assert "boundaries.repaired" in _codes(result.report.warnings)
    geometry = result.frame.geometry[0]
    assert geometry.is_valid
    assert geometry.area == pytest.approx(0.005, rel=0.02)  # both triangles kept
    assert shapely.get_num_geometries(geometry) == 2


def test_nested_shells_become_land_not_holes():
    outer = box(0, 0, 10, 10)
    inner = box(2, 2, 4, 4)
    nested = MultiPolygon([outer, inner])
    assert not nested.is_valid
    repaired = repair_geometry(nested)
    assert repaired.is_valid
    assert repaired.area == pytest.approx(100)
    assert shapely.make_valid(nested).area == pytest.approx(96)  # what a naive repair does


def test_degenerate_polygon_is_an_error(tmp_path, regions, three):
    line_like = Polygon([(107.0, -6.2), (107.1, -6.2), (107.2, -6.2), (107.0, -6.2)])
    frame = gpd.GeoDataFrame(
        {"code": [BEKASI, KARAWANG]}, geometry=[three.geometry[2], line_like], crs=4326
    )
    result = _run(frame, tmp_path / "flat.geojson", regions, level="regency")
    assert ("boundaries.empty_after_repair", 2) in [(p.code, p.row) for p in result.report.errors]


# --- simplification ------------------------------------------------------------------------------


def test_island_region_keeps_its_islets(tmp_path, regions):
    x, y = 106.57, -5.65
    corners = [(x + i * 0.01, y + j * 0.01) for i in range(6) for j in range(6)]
    islets = [box(cx, cy, cx + 0.0008, cy + 0.0008) for cx, cy in corners]  # about 0.8 ha each
    seribu = MultiPolygon([box(x - 0.002, y - 0.002, x, y), *islets])
    frame = gpd.GeoDataFrame({"code": ["31.01"]}, geometry=[seribu], crs=4326)
    result = _run(frame, tmp_path / "seribu.geojson", regions, level="regency")
    assert result.report.ok
    assert result.stats["protected"] == ["31.01"]
    assert shapely.get_num_geometries(result.frame.geometry[0]) == 37
    assert result.stats["area_change_worst"] <= boundaries.MAX_AREA_CHANGE


def test_islets_are_dropped_from_big_regions(tmp_path, regions):
    x, y = 107.12, -6.22
    main = box(x - 0.2, y - 0.2, x + 0.2, y + 0.2)
    islet = box(x + 0.3, y, x + 0.3005, y + 0.0005)
    frame = gpd.GeoDataFrame({"code": [BEKASI]}, geometry=[MultiPolygon([main, islet])], crs=4326)
    result = _run(frame, tmp_path / "kab.geojson", regions, level="regency")
    assert result.frame.geometry[0].geom_type == "Polygon"
    assert result.stats["parts_before"] == 2
    assert result.stats["parts_after"] == 1
    assert result.stats["protected"] == []


def test_simplification_reduces_vertices_within_the_area_limit(tmp_path, regions):
    x, y = 107.12, -6.22
    angles = np.linspace(0, 2 * np.pi, 2000, endpoint=False)
    radius = 0.2 + 0.0005 * np.sin(angles * 97)
    wiggly = Polygon(np.column_stack([x + radius * np.cos(angles), y + radius * np.sin(angles)]))
    frame = gpd.GeoDataFrame({"code": [BEKASI]}, geometry=[wiggly], crs=4326)
    result = _run(frame, tmp_path / "kab.geojson", regions, level="regency")
    assert result.stats["vertices_before"] == 2001
    assert result.stats["vertices_after"] < 400
    assert result.stats["area_change_worst"] <= 0.02
    assert result.stats["bytes_gzip"] < result.stats["bytes_geojson"]


# --- GeoJSON for the browser ---------------------------------------------------------------------


def _signed_area(ring: list) -> float:
    xy = np.asarray(ring)
    return float(np.sum(xy[:-1, 0] * xy[1:, 1] - xy[1:, 0] * xy[:-1, 1]) / 2)


def _rings(feature: dict):
    geometry = feature["geometry"]
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for polygon in polygons:
        yield True, polygon[0]
        for hole in polygon[1:]:
            yield False, hole


def test_geojson_bytes_are_compact_clockwise_and_keyed_by_code():
    shell = [(106.123456, -6.0), (106.5, -6.0), (106.5, -6.5), (106.123456, -6.5)]
    hole = [(106.2, -6.2), (106.3, -6.2), (106.3, -6.3), (106.2, -6.3)]
    polygon = shapely.orient_polygons(Polygon(shell, [hole]))  # counter-clockwise, RFC 7946
    frame = gpd.GeoDataFrame(
        {"code": ["32.16"], "name": ["Kabupaten Bekasi"]}, geometry=[polygon], crs=4326
    )
    payload = to_geojson_bytes(frame)
    assert b" " not in payload.replace(b"Kabupaten Bekasi", b"")
    (feature,) = json.loads(payload)["features"]
    assert feature["id"] == "32.16"
    assert feature["properties"] == {"code": "32.16", "name": "Kabupaten Bekasi"}
    assert [106.1235, -6.0] in feature["geometry"]["coordinates"][0]
    rings = list(_rings(feature))
    assert [exterior for exterior, _ in rings] == [True, False]
    assert _signed_area(rings[0][1]) < 0  # exterior clockwise (plotly geo)
    assert _signed_area(rings[1][1]) > 0  # hole counter-clockwise


# --- messages ------------------------------------------------------------------------------------


def test_boundary_messages_are_bilingual_with_the_same_placeholders():
    ids, ens = catalogue("id"), catalogue("en")
    texts = {k: {"id": ids[k], "en": ens[k]} for k in ids if k.startswith("boundaries.")}
    assert len(texts) > 20
    for key, pair in texts.items():
        assert placeholders(pair["id"]) == placeholders(pair["en"]), key


# --- download ------------------------------------------------------------------------------------


def test_download_offline_fails_fast_with_the_local_import_command(monkeypatch, tmp_path):
    calls = []

    def offline(url, timeout=None):
        calls.append((url, timeout))
        raise urllib.error.URLError(OSError(-2, "Name or service not known"))

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(
        DataError, match="python -m dashboard import boundaries FILE --level regency"
    ) as caught:
        download_geoboundaries(timeout=3.0, directory=tmp_path)
    assert caught.value.code == "boundaries.offline"
    assert "BERKAS" in caught.value.message("id")
    assert calls == [("https://www.geoboundaries.org/api/current/gbOpen/IDN/ADM1/", 3.0)]
    assert list(tmp_path.iterdir()) == []


def test_download_writes_both_levels(monkeypatch, tmp_path):
    class Answer(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def online(url, timeout=None):
        if "/api/" in url:
            adm = url.rstrip("/").rsplit("/", 1)[1]
            return Answer(
                json.dumps({"gjDownloadURL": f"https://example.org/{adm}.geojson"}).encode()
            )
        return Answer(b'{"type": "FeatureCollection", "features": []}')

    monkeypatch.setattr(urllib.request, "urlopen", online)
    paths = download_geoboundaries(directory=tmp_path)
    assert [p.name for p in paths] == [
        "geoBoundaries-IDN-ADM1.geojson",
        "geoBoundaries-IDN-ADM2.geojson",
    ]
    assert all(p.read_bytes().startswith(b'{"type"') for p in paths)


def test_download_with_a_bad_api_answer(monkeypatch, tmp_path):
    class Answer(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout=None: Answer(b"<html>"))
    with pytest.raises(DataError, match="geoBoundaries answered"):
        download_geoboundaries(directory=tmp_path)


# --- the real national files in ../shared --------------------------------------------------------


_NATIONAL: dict = {}


@pytest.fixture
def national(shared_real, regions) -> dict:
    """Regency and province results, processed once per test session for the tests below."""
    if not _NATIONAL:
        _NATIONAL["regency"] = process_boundaries(
            shared_real / "regencies.geojson", level="regency", regions=regions
        )
        _NATIONAL["province"] = process_boundaries(
            shared_real / "provinces.geojson", level="province", regions=regions
        )
    return _NATIONAL


@pytest.mark.shared
def test_real_regencies_all_matched_valid_and_small(national):
    result = national["regency"]
    assert result.report.ok
    assert result.stats["matched"] == 514
    assert len(result.frame) == 514
    assert result.stats["regions_without_geometry"] == []
    assert result.frame.geometry.is_valid.all()
    assert result.stats["bytes_gzip"] <= 1.5 * 1024 * 1024
    assert result.stats["area_change_worst"] <= boundaries.MAX_AREA_CHANGE


@pytest.mark.shared
def test_real_regencies_are_clockwise_for_plotly(national):
    features = json.loads(to_geojson_bytes(national["regency"].frame))["features"]
    assert len(features) == 514
    wrong = [
        f["id"]
        for f in features
        for exterior, ring in _rings(f)
        if (_signed_area(ring) < 0) != exterior
    ]
    assert wrong == []


@pytest.mark.shared
def test_real_kepulauan_seribu_keeps_its_area(national, shared_real):
    original = gpd.read_file(shared_real / "regencies.geojson")
    before = original[original["code"] == "31.01"].to_crs(6933).area.item()
    frame = national["regency"].frame
    after = frame[frame["code"] == "31.01"].to_crs(6933).area.item()
    assert abs(after / before - 1) <= 0.02
    assert "31.01" in national["regency"].stats["protected"]


@pytest.mark.shared
def test_real_unrepaired_regencies_are_repaired(shared_real, regions):
    path = shared_real / "raw" / "regencies_source_unrepaired.geojson"
    result = process_boundaries(path, level="regency", regions=regions)
    assert result.report.ok
    assert result.stats["matched"] == 514
    assert result.stats["repaired"] == 124
    assert result.frame.geometry.is_valid.all()


@pytest.mark.shared
def test_real_provinces(national, regions):
    result = national["province"]
    assert result.report.ok
    assert result.stats["matched"] == 38
    assert sorted(result.frame["code"]) == sorted(regions.provinces["code"])


@pytest.mark.shared
def test_real_bekasi_districts(shared_real, regions):
    path = shared_real / "bekasi_kecamatan.geojson"
    result = process_boundaries(path, level="district", regions=regions)
    assert result.report.ok
    assert len(result.frame) == 23
    assert result.frame["code"].str.startswith("32.16.").all()
    assert "Tarumajaya" in set(result.frame["name"])


# --- versions ------------------------------------------------------------------------------------


def test_new_level_version_keeps_other_levels_and_names_its_own_file(tmp_path, regions, three):
    from dashboard.data.imports.boundaries import import_boundaries
    from dashboard.data.store.datasets import DataStore

    store = DataStore(tmp_path / "instance")
    provinces = _frame(regions, ["32", "31"], code=["32", "31"])
    first = _write(provinces, tmp_path / "prov.geojson")
    import_boundaries(store, first, level="province", regions=regions, who="t")
    second = _write(three, tmp_path / "kab.geojson")
    manifest, _ = import_boundaries(store, second, level="regency", regions=regions, who="t")
    assert set(manifest.info["levels"]) == {"province", "regency"}
    assert manifest.source_file == "kab.geojson"
    assert manifest.info["levels"]["regency"]["source_file"] == "kab.geojson"
    assert manifest.info["levels"]["province"]["source_file"] == "prov.geojson"
