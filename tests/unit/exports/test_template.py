"""Collection templates: what the XLSX holds (headers with units, validation, protection,
instructions) and that the importer reads a filled one as it is, refusing a changed header."""

from __future__ import annotations

import io

import openpyxl
import pytest

from dashboard.data.errors import DataError
from dashboard.data.imports.tables import validate_file
from dashboard.data.imports.tables.template_headers import MARKER_SHEET
from dashboard.exports.template import TemplateSpec, build_template, parse_indicators

WEST_JAVA = 27


@pytest.fixture(scope="module")
def spec(regions):
    codes = tuple(c for c in regions.regencies["code"] if c.startswith("32."))
    return TemplateSpec(
        ("eco_poverty", "liv_stunting", "gov_audit"), codes, 2024, "id", "Bappeda Jawa Barat", "32"
    )


@pytest.fixture(scope="module")
def book(framework, regions, spec):
    return openpyxl.load_workbook(io.BytesIO(build_template(framework, regions, spec)))


def test_rows_prefilled_with_codes_names_and_year(book, spec, regions):
    data = book.worksheets[0]
    assert data.title == "Data"
    assert data.max_row == 1 + WEST_JAVA == 1 + len(spec.regions)
    first = [c.value for c in data[2]]
    assert first[:4] == [spec.regions[0], regions.name(spec.regions[0]), "Jawa Barat", 2024]
    assert first[4:7] == [None, None, None]  # values are left empty: empty means missing
    assert first[7] == "Bappeda Jawa Barat"
    codes = [data.cell(row=r, column=1) for r in range(2, data.max_row + 1)]
    assert all(c.data_type == "s" for c in codes)  # "32.10" must stay text


def test_headers_carry_name_and_unit(book):
    header = [c.value for c in book.worksheets[0][1]]
    assert header == [
        "Kode wilayah",
        "Nama wilayah",
        "Provinsi",
        "Tahun",
        "Persentase penduduk miskin (%)",
        "Prevalensi stunting balita (%)",
        "Opini BPK atas LKPD (opini)",
        "Sumber",
        "Catatan",
    ]


def test_validation_from_the_framework(book, framework):
    rules = {str(dv.sqref): dv for dv in book.worksheets[0].data_validations.dataValidation}
    poverty = rules[f"E2:E{WEST_JAVA + 1}"]
    low, high = framework.indicator("eco_poverty").bounds
    assert (poverty.type, poverty.operator) == ("decimal", "between")
    assert (float(poverty.formula1), float(poverty.formula2)) == (low, high)
    assert poverty.allow_blank
    assert poverty.showErrorMessage
    assert "%" in poverty.prompt
    assert "bukan 0" in poverty.prompt
    audit = rules[f"G2:G{WEST_JAVA + 1}"]
    assert audit.type == "list"
    assert audit.formula1 == '"TMP,TW,WDP,WTP"'


def test_only_data_cells_are_editable(book):
    data = book.worksheets[0]
    assert data.protection.sheet
    assert all(c.protection.locked for c in data[1])  # the header row
    row = data[2]
    assert all(c.protection.locked for c in row[:4])  # code, name, province, year
    assert not any(c.protection.locked for c in row[4:])  # values, source, note
    assert data.freeze_panes == "E2"


def test_instructions_sheet_in_both_languages(framework, regions, spec):
    sheet = openpyxl.load_workbook(io.BytesIO(build_template(framework, regions, spec)))["Petunjuk"]
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "Bappeda Jawa Barat" in text
    assert "bukan nol" in text
    assert "import indicators" in text
    assert "Prevalensi stunting balita" in text
    assert "TMP, TW, WDP, WTP" in text
    english = TemplateSpec(spec.indicators, spec.regions, 2024, "en", "", "32")
    book = openpyxl.load_workbook(io.BytesIO(build_template(framework, regions, english)))
    assert book.sheetnames[:2] == ["Data", "Instructions"]
    assert book.worksheets[0]["E1"].value == "Poverty rate (%)"
    guide = " ".join(
        str(c.value) for row in book["Instructions"].iter_rows() for c in row if c.value
    )
    assert "never zero" in guide
    assert book[MARKER_SHEET].sheet_state == "hidden"


def test_parse_indicators(framework):
    assert parse_indicators(framework, "eco_poverty, liv_stunting,eco_poverty") == (
        "eco_poverty",
        "liv_stunting",
    )
    assert len(parse_indicators(framework, "all")) == len(framework.indicators)
    with pytest.raises(DataError) as bad:
        parse_indicators(framework, "eco_povertyy")
    assert "eco_povertyy" in bad.value.message("en")
    assert "eco_poverty" in bad.value.message("en")
    with pytest.raises(DataError):
        parse_indicators(framework, " , ")


def _fill(raw: bytes, cells: dict[str, object], path) -> None:
    book = openpyxl.load_workbook(io.BytesIO(raw))
    for ref, value in cells.items():
        book.worksheets[0][ref] = value
    book.save(path)


def test_filled_template_validates_as_it_is(framework, regions, spec, tmp_path):
    path = tmp_path / "filled.xlsx"
    _fill(build_template(framework, regions, spec), {"E2": 7.5, "F3": 22.4, "G4": "WDP"}, path)
    result = validate_file(path, regions=regions, framework=framework)
    assert result.ok, [p.message("en") for p in result.report.problems]
    assert result.layout == "wide"
    obs = result.observations.set_index(["region_code", "indicator_id"])
    assert len(obs) == 3  # every unfilled cell is missing, never 0
    assert obs.loc[(spec.regions[0], "eco_poverty"), "value"] == 7.5
    assert obs.loc[(spec.regions[2], "gov_audit"), "value"] == 3  # WDP
    assert set(obs["source"]) == {"Bappeda Jawa Barat"}
    assert set(obs["period"]) == {2024}
    assert result.report.counts["rows_missing"] == WEST_JAVA * 3 - 3


def test_english_template_validates_too(framework, regions, spec, tmp_path):
    english = TemplateSpec(spec.indicators, spec.regions, 2023, "en", "", "32")
    path = tmp_path / "en.xlsx"
    _fill(build_template(framework, regions, english), {"E2": "12,5"}, path)
    result = validate_file(path, regions=regions, framework=framework)
    assert result.ok, [p.message("en") for p in result.report.problems]
    assert result.observations["value"].tolist() == [12.5]


def test_changed_header_gets_a_specific_error(framework, regions, spec, tmp_path):
    path = tmp_path / "changed.xlsx"
    _fill(build_template(framework, regions, spec), {"E1": "Kemiskinan", "E2": 7.5}, path)
    result = validate_file(path, regions=regions, framework=framework)
    assert not result.ok
    assert result.observations.empty
    (problem,) = result.report.errors
    assert problem.code == "importer.template_header_changed"
    message = problem.message("en")
    assert "column E" in message
    assert "'Persentase penduduk miskin (%)'" in message
    assert "'Kemiskinan'" in message
    assert "download a new template" in message
    assert problem.row == 1


def test_added_column_is_named(framework, regions, spec, tmp_path):
    path = tmp_path / "extra.xlsx"
    _fill(build_template(framework, regions, spec), {"J1": "liv_water", "J2": 80}, path)
    result = validate_file(path, regions=regions, framework=framework)
    codes = [p.code for p in result.report.errors]
    assert codes == ["importer.template_extra_column"]


def test_out_of_bounds_value_is_reported_like_any_file(framework, regions, spec, tmp_path):
    path = tmp_path / "bounds.xlsx"
    _fill(build_template(framework, regions, spec), {"E2": 140}, path)  # Excel would refuse it
    result = validate_file(path, regions=regions, framework=framework)
    assert [p.code for p in result.report.errors] == ["importer.out_of_bounds"]
