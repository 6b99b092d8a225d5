"""Hostile files (issue 17, points 1-2): refused early, with the file and the reason named."""

from __future__ import annotations

import resource
import zipfile

import pytest

from dashboard.data.errors import DataError
from dashboard.data.framework import load_framework
from dashboard.data.imports.guard import check_archive
from dashboard.data.imports.tables import ImportLimits, validate_file
from dashboard.data.imports.tables.reading import read_file
from dashboard.data.regions import RegionIndex
from tests import bombs


def refusal(path, limits=None) -> DataError:
    with pytest.raises(DataError) as caught:
        read_file(path, name=path.name, sheet=None, limits=limits or ImportLimits())
    return caught.value


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (bombs.whitespace_bomb, "guard.part_too_large"),
        (bombs.huge_cell, "guard.part_too_large"),
        (bombs.billion_laughs, "guard.xml_dtd"),
        (bombs.external_entity, "guard.xml_dtd"),
        (bombs.many_parts, "guard.too_many_parts"),
        (bombs.encrypted_part, "guard.encrypted"),
        (bombs.duplicate_part, "guard.duplicate_part"),
        (bombs.utf16_sheet, "guard.xml_encoding"),
        (bombs.wide_row, "guard.too_many_columns"),
        (bombs.row_number_jump, "guard.row_number"),
        (bombs.long_cell_small, "guard.cell_too_long"),
    ],
)
def test_each_hostile_xlsx_is_refused_with_its_own_reason(tmp_path, make, code):
    error = refusal(make(tmp_path / "bom.xlsx"))
    assert error.code == code
    assert error.message("en").startswith("bom.xlsx")
    assert "{" not in error.message("en")
    assert "{" not in error.message("id")


def test_whitespace_bomb_is_refused_from_the_directory_in_no_time(tmp_path):
    path = bombs.whitespace_bomb(tmp_path / "bom.xlsx")
    assert path.stat().st_size < 3_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    error = refusal(path)
    assert "2,048 MB" in error.message("en")
    assert "MAX_PART_MB" in error.message("en")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024  # KiB


def test_a_part_inflating_too_many_times_is_refused_even_below_the_size_limit(tmp_path):
    path = bombs.whitespace_bomb(tmp_path / "bom.xlsx", gib=0.1)
    assert refusal(path).code == "guard.ratio"


def test_all_parts_together_are_limited(tmp_path):
    path = bombs.whitespace_bomb(tmp_path / "bom.xlsx", gib=0.1)
    limits = ImportLimits(max_ratio=10_000, max_inflated_bytes=50 * bombs.MIB)
    assert refusal(path, limits).code == "guard.inflated_too_large"


def test_long_varied_text_is_refused_by_the_text_run_scan(tmp_path):
    path = bombs.huge_cell(tmp_path / "bom.xlsx", mib=8, letters=True)
    error = refusal(path)
    assert error.code == "guard.long_text"
    assert "5,000" in error.message("en")


def test_rows_are_counted_while_streaming_before_the_sheet_is_parsed(tmp_path):
    path = bombs.many_rows(tmp_path / "rows.xlsx", rows=3000)
    error = refusal(path, ImportLimits(max_rows=2000))
    assert error.code == "guard.too_many_rows"
    assert "2,000" in error.message("en")
    assert "MAX_IMPORT_ROWS" in error.message("en")
    facts = check_archive(path, name="rows.xlsx", limits=ImportLimits())
    assert facts.sheet_rows["xl/worksheets/sheet1.xml"] == 3001  # the header too


def test_row_count_is_exact_across_chunk_boundaries(tmp_path, monkeypatch):
    from dashboard.data.imports import guard

    monkeypatch.setattr(guard, "CHUNK", 97)  # cut tags and rows everywhere
    path = bombs.xlsx(tmp_path / "rows.xlsx", bombs.sheet_rows(500))
    facts = check_archive(path, name="rows.xlsx", limits=ImportLimits())
    assert facts.sheet_rows["xl/worksheets/sheet1.xml"] in (500, 501)


def test_three_million_rows_are_refused_with_little_memory(tmp_path):
    path = bombs.many_rows(tmp_path / "rows.xlsx")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    error = refusal(path)
    assert error.code == "guard.too_many_rows"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 150 * 1024  # KiB


def test_cells_are_limited(tmp_path):
    path = bombs.xlsx(tmp_path / "cells.xlsx", bombs.sheet_rows(300))
    assert refusal(path, ImportLimits(max_cells=1000)).code == "guard.too_many_cells"


def test_an_ordinary_workbook_passes_every_check(tmp_path):
    path = bombs.xlsx(tmp_path / "ok.xlsx", bombs.sheet_rows(50))
    table = read_file(path, name="ok.xlsx", sheet=None)
    assert len(table.frame) == 50
    assert list(table.frame.columns) == ["kode_wilayah", "indikator", "tahun", "nilai"]


def test_xml_with_another_declared_encoding_is_refused(tmp_path):
    sheet = (bombs.SHEET_HEAD + bombs.SHEET_TAIL).replace(b"UTF-8", b"ISO-8859-1")
    error = refusal(bombs.xlsx(tmp_path / "latin.xlsx", sheet))
    assert error.code == "guard.xml_encoding"
    assert "ISO-8859-1" in error.message("en")


def test_csv_field_columns_and_rows_are_checked_before_pandas(tmp_path):
    assert refusal(bombs.csv_long_field(tmp_path / "a.csv")).code == "guard.cell_too_long"
    assert refusal(bombs.csv_wide(tmp_path / "b.csv")).code == "guard.too_many_columns"
    error = refusal(bombs.csv_many_rows(tmp_path / "c.csv", 200), ImportLimits(max_rows=100))
    assert error.code == "importer.too_many_rows"


def test_a_quoted_csv_cell_too_long_is_found_after_parsing(tmp_path):
    path = tmp_path / "q.csv"
    text = ",".join(["x"] * 10)
    path.write_text(f'kode_wilayah,indikator,tahun,nilai\n32.16,ikm,2024,"{text * 900}"\n')
    error = refusal(path)
    assert error.code == "guard.cell_too_long"
    assert (error.row, error.column) == (2, "D")


def test_validation_reports_a_bomb_as_a_problem_in_both_languages(tmp_path):
    path = bombs.billion_laughs(tmp_path / "tawa.xlsx")
    result = validate_file(path, regions=RegionIndex.from_file(), framework=load_framework())
    assert not result.ok
    (problem,) = result.report.errors
    assert problem.code == "guard.xml_dtd"
    assert "DTD" in problem.message("en")
    assert "tawa.xlsx" in problem.message("en")
    assert "deklarasi" in problem.message("id")


def test_bad_zip_is_a_data_error(tmp_path):
    path = tmp_path / "bad.zip"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(DataError):
        check_archive(path, name="bad.zip", limits=ImportLimits())
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("a.txt", "hello")
    assert check_archive(good, name="good.zip", limits=ImportLimits()).parts == 1


def test_a_zipped_shapefile_bomb_is_refused_before_gdal_opens_it(tmp_path):
    from dashboard.data.imports.geometry.reading import read_boundaries

    path = bombs.shapefile_zip_bomb(tmp_path / "kab.zip")
    with pytest.raises(DataError) as caught:
        read_boundaries(path, layer=None)
    assert caught.value.code == "guard.part_too_large"


def test_boundary_features_are_counted_from_the_header(tmp_path):
    from dashboard.data.imports.geometry.reading import read_boundaries

    path = bombs.geojson_many_features(tmp_path / "kab.geojson", 30)
    with pytest.raises(DataError) as caught:
        read_boundaries(path, layer=None, limits=ImportLimits(max_features=20))
    assert caught.value.code == "guard.too_many_features"
    assert "30" in caught.value.message("en")
    assert len(read_boundaries(path, layer=None)) == 30


@pytest.mark.parametrize(
    "sheet",
    [
        bombs.SHEET_HEAD + bombs.HEADER_ROW + b'<row r="2"><c r="A2"><v>1</v>',  # cut short
        bombs.SHEET_HEAD
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&nope;</t></is></c></row>'
        + bombs.SHEET_TAIL,  # an entity nobody declared
    ],
)
def test_malformed_xml_is_a_validation_error_not_a_parse_error(tmp_path, sheet):
    error = refusal(bombs.xlsx(tmp_path / "rusak.xlsx", sheet))
    assert error.code in {"guard.bad_xml", "importer.bad_xlsx"}
    assert error.message("en").startswith("rusak.xlsx: ")
