"""Reading and validating indicator files (SPEC section 3, import contract)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.data.imports.tables import (
    MISSING_TOKENS,
    OUTPUT_COLUMNS,
    UNSPECIFIED_SOURCE,
    Bilingual,
    ImportLimits,
    parse_number,
    read_table,
    validate_file,
)
from dashboard.i18n import catalogue, placeholders, t

GOOD_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "good"
HEADER = "kode_wilayah,indikator,tahun,nilai,sumber\n"


@pytest.fixture
def check(tmp_path, regions, framework):
    """Validate CSV text (or bytes) written to a temporary file."""

    def run(content: str | bytes, *, name: str = "data.csv", **options):
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return validate_file(path, regions=regions, framework=framework, **options)

    return run


def codes(result) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.column) for p in result.report.problems]


def frame(rows: list[tuple], *, source: str = "BPS") -> pd.DataFrame:
    """Expected observations from (region, indicator, period, value[, source, date, note])."""
    full = [r + (source, "", "")[len(r) - 4 :] if len(r) < 7 else r for r in rows]
    result = pd.DataFrame(full, columns=list(OUTPUT_COLUMNS))
    result["period"] = result["period"].astype("int64")
    result["value"] = result["value"].astype("float64")
    for column in ("region_code", "indicator_id", "source", "reference_date", "note"):
        result[column] = result[column].astype("str")
    return result


# ------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("1.234.567,89", 1234567.89),
        ("45%", 45.0),
        ("45,2 %", 45.2),
        (" 7 ", 7.0),
        ("\u00a012,5\u00a0", 12.5),
        ("1\u00a0234\u00a0567", 1234567.0),
        ("-3,5", -3.5),
        ("\u22123.5", -3.5),
        ("+4", 4.0),
        ("0,123", 0.123),
        ("0.123", 0.123),
        ("1234,567", 1234.567),
        (",5", 0.5),
        (".5", 0.5),
        ("1.5e3", 1500.0),
        ("2,5E-2", 0.025),
        # One separator then exactly three digits: the decimal mark unless the column says
        # otherwise (see the column tests below).
        ("1.234", 1.234),
        ("1,234", 1.234),
    ],
)
def test_parse_number_accepts_indonesian_and_english_forms(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "-", "—", "–", "n/a", "N/A", "NA", "null", "  ", "#N/A"])
def test_parse_number_missing_tokens_are_none(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text", ["abc", "12a", "1.2.3", "12,5,3", "1,23,456", "--5", "5-", "Rp1.000", "1e999", "%"]
)
def test_parse_number_rejects_non_numbers(text):
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [("1.234", "comma", 1234.0), ("1.234", "dot", 1.234), ("1,234", "dot", 1234.0)],
)
def test_parse_number_follows_a_known_column_style(text, style, expected):
    assert parse_number(text, style=style) == expected


def test_missing_tokens_are_lower_case():
    assert all(token == token.lower() for token in MISSING_TOKENS)


def test_column_with_decimal_commas_reads_dot_groups_as_thousands(check):
    result = check(
        HEADER + '32.16,brd_tourists,2023,"12,5",BPS\n32.16,brd_tourists,2024,1.234,BPS\n'
    )
    assert result.ok, codes(result)
    assert result.observations["value"].tolist() == [12.5, 1234.0]


def test_column_with_decimal_points_reads_comma_groups_as_thousands(check):
    result = check(
        HEADER + '32.16,brd_tourists,2023,12.75,BPS\n32.16,brd_tourists,2024,"1,234",BPS\n'
    )
    assert result.observations["value"].tolist() == [12.75, 1234.0]


def test_column_without_evidence_reads_decimal_and_warns(check):
    result = check(HEADER + "32.16,ctx_area,2023,1.234,BIG\n32.16,ctx_area,2024,20,BIG\n")
    assert result.ok
    assert result.observations["value"].tolist() == [1.234, 20.0]
    (warning,) = result.report.warnings
    assert (warning.code, warning.row, warning.column) == (
        "importer.ambiguous_number_assumed",
        2,
        "nilai",
    )
    assert "1.234" in warning.message("id")


def test_column_mixing_both_styles_refuses_only_the_ambiguous_values(check):
    result = check(
        HEADER
        + '32.16,brd_tourists,2022,"12,5",BPS\n32.16,brd_tourists,2023,12.75,BPS\n'
        + "32.16,brd_tourists,2024,1.234,BPS\n"
    )
    assert codes(result) == [("importer.ambiguous_number", 4, "nilai")]


def test_wide_columns_decide_their_number_style_separately(check):
    result = check(
        "kode_wilayah,tahun,brd_tourists,brd_investment\n"
        '32.16,2023,"12,5",1.5\n'
        "32.16,2024,1.234,1.234\n"
    )
    values = result.observations.set_index(["indicator_id", "period"])["value"]
    assert values[("brd_tourists", 2024)] == 1234.0
    assert values[("brd_investment", 2024)] == 1.234


# ------------------------------------------------------------------------------ good files


def test_long_comma_utf8(regions, framework):
    result = validate_file(GOOD_DIR / "long_comma_utf8.csv", regions=regions, framework=framework)
    assert result.ok
    assert result.layout == "long"
    assert result.report.problems == []
    expected = frame(
        [
            ("32.16", "gov_spbe", 2023, 3.12, "KemenPAN-RB", "2024-01-31", ""),
            ("32.16", "gov_spbe", 2024, 3.45, "KemenPAN-RB", "2025-01-31", ""),
            ("32.75", "liv_hdi", 2024, 82.5, "BPS", "", "angka sementara"),
            ("32.16", "eco_poverty", 2024, 4.8, "BPS", "", ""),
            ("32.16", "gov_audit", 2024, 4.0, "BPK", "", ""),
            ("32.75", "gov_audit", 2024, 3.0, "BPK", "", ""),
            ("32.16", "ctx_population", 2024, 3387601.0, "Dukcapil", "", ""),
        ]
    )
    pd.testing.assert_frame_equal(result.observations, expected)
    assert result.report.counts == {
        "rows_read": 8,
        "rows_valid": 7,
        "rows_missing": 1,
        "regions": 2,
        "indicators": 5,
        "periods": "2023-2024",
        "warnings": 0,
        "errors": 0,
    }


def test_semicolon_decimal_comma_windows_1252_with_names(regions, framework):
    path = GOOD_DIR / "semicolon_decimal_comma_cp1252.csv"
    result = validate_file(path, regions=regions, framework=framework)
    assert result.ok, codes(result)
    expected = frame(
        [
            ("32.16", "liv_hdi", 2023, 74.65, "BPS", "", "angka tetap"),
            ("32.16", "liv_hdi", 2024, 75.10, "BPS", "", "angka sementara – rilis Desember"),
            ("32.16", "ctx_population", 2024, 3387601.0, "Dukcapil", "", ""),
            ("32.75", "eco_unemployment", 2024, 7.5, "BPS", "", ""),
            ("32.15", "brd_tourists", 2024, 1234.0, "Disparbud", "", "perkiraan"),
        ]
    )
    pd.testing.assert_frame_equal(result.observations, expected)


def test_tab_separated_utf8_with_bom_and_english_headers(regions, framework):
    result = validate_file(GOOD_DIR / "tab_utf8_bom.tsv", regions=regions, framework=framework)
    expected = frame(
        [
            ("32.16", "soc_internet", 2024, 78.2, "BPS", "2024-03-01", "Susenas Maret"),
            ("32.16", "env_waste", 2024, 45.0, "KLHK SIPSN", "", ""),
            ("32.75", "soc_imdi", 2024, 52.31, "Komdigi", "", "“indeks” 2024"),
        ]
    )
    pd.testing.assert_frame_equal(result.observations, expected)


def test_wide_xlsx_with_english_headers_and_bps_codes(regions, framework):
    path = GOOD_DIR / "wide_english_bps.xlsx"
    result = validate_file(path, regions=regions, framework=framework)
    assert result.ok
    assert result.layout == "wide"
    unspecified = UNSPECIFIED_SOURCE
    expected = frame(
        [
            ("32.16", "gov_spbe", 2024, 3.45, "BPS", "", ""),
            ("32.75", "gov_spbe", 2024, 3.9, "BPS", "", ""),
            ("32.15", "gov_spbe", 2024, 2.85, unspecified, "", ""),
            ("32.16", "liv_hdi", 2024, 74.123, "BPS", "", ""),  # Excel number, not 74123
            ("32.75", "liv_hdi", 2024, 82.5, "BPS", "", ""),
            ("32.15", "liv_hdi", 2024, 71.4, unspecified, "", ""),
            ("32.16", "eco_poverty", 2024, 4.8, "BPS", "", ""),  # 0.048 formatted as 4.8%
            ("32.15", "eco_poverty", 2024, 8.12, unspecified, "", ""),
        ]
    )
    pd.testing.assert_frame_equal(result.observations, expected)
    assert result.report.counts["rows_missing"] == 1


def test_province_codes_and_names_are_province_level_values(regions, framework):
    path = GOOD_DIR / "province_codes.csv"
    result = validate_file(path, regions=regions, framework=framework)
    expected = frame(
        [
            ("32", "liv_hdi", 2024, 74.92),
            ("31", "liv_hdi", 2024, 83.08),
            ("36", "eco_poverty", 2024, 5.84),
            ("32", "eco_growth", 2024, 4.95),
        ]
    )
    pd.testing.assert_frame_equal(result.observations, expected)


# ------------------------------------------------------------------------------ layouts, keys


def test_wide_csv_with_indonesian_indicator_names_and_context_columns(check):
    result = check(
        "Provinsi,Kode Wilayah,Nama,Tahun,Indeks SPBE,Indeks Pembangunan Manusia\n"
        "Jawa Barat,32.16,Kabupaten Bekasi,2024,3.45,75.1\n"
    )
    assert result.layout == "wide"
    assert result.observations[["indicator_id", "value"]].values.tolist() == [
        ["gov_spbe", 3.45],
        ["liv_hdi", 75.1],
    ]
    assert [p.code for p in result.report.problems] == ["importer.no_source_column"]


def test_codes_mangled_by_excel_are_repaired(check):
    result = check(HEADER + "3216.0,liv_hdi,2024,75.1,BPS\n32.1,liv_hdi,2024,60.2,BPS\n")
    assert result.observations["region_code"].tolist() == ["32.16", "32.10"]


def test_headers_ignore_case_spaces_and_dashes(check):
    result = check(
        " KODE-WILAYAH ;Indicator ID;  Tahun;NILAI;Sumber\n32.16;liv_hdi;2024;75,1;BPS\n"
    )
    assert result.ok, codes(result)
    assert result.observations["value"].tolist() == [75.1]


def test_unknown_columns_in_long_layout_are_ignored_with_a_warning(check):
    result = check(
        "kode_wilayah,indikator,tahun,nilai,sumber,petugas\n32.16,liv_hdi,2024,75.1,BPS,Ani\n"
    )
    assert result.ok
    assert codes(result) == [("importer.ignored_column", None, "petugas")]


def test_missing_source_column_is_a_warning_and_a_clear_default(check):
    result = check("kode_wilayah,indikator,tahun,nilai\n32.16,liv_hdi,2024,75.1\n")
    assert result.ok
    assert codes(result) == [("importer.no_source_column", None, None)]
    assert result.observations["source"].tolist() == [UNSPECIFIED_SOURCE]


def test_single_column_file_names_the_missing_columns_and_the_header_found(check):
    result = check("kode_wilayah\n32.16\n")
    problems = result.report.errors
    assert {p.code for p in problems} == {"importer.missing_column"}
    assert len(problems) == 3  # period, indicator, value
    assert "kode_wilayah" in problems[0].message("en")


def test_ordered_indicator_accepts_labels_long_forms_and_positions(check):
    result = check(
        HEADER
        + "32.16,gov_audit,2021,wtp,BPK\n32.16,gov_audit,2022,Tidak Wajar,BPK\n"
        + "32.16,gov_audit,2023,2,BPK\n32.16,gov_audit,2024, Wajar  tanpa pengecualian ,BPK\n"
    )
    assert result.observations["value"].tolist() == [4.0, 2.0, 2.0, 4.0]


@pytest.mark.parametrize("text", ["5", "2.5", "0", "Baik"])
def test_ordered_indicator_refuses_other_values(check, text):
    result = check(HEADER + f"32.16,gov_audit,2024,{text},BPK\n")
    assert codes(result) == [("importer.bad_category", 2, "nilai")]


def test_periods_accept_excel_floats_and_default_to_next_year(check):
    next_year = date.today().year + 1
    result = check(
        HEADER + f"32.16,liv_hdi,2024.0,75.1,BPS\n32.16,liv_hdi,{next_year},76,BPS\n"
        f"32.16,liv_hdi,{next_year + 1},77,BPS\n"
    )
    assert codes(result) == [("importer.period_out_of_range", 4, "tahun")]


def test_period_limits_are_configurable(check):
    result = check(HEADER + "32.16,liv_hdi,2015,75.1,BPS\n", limits=ImportLimits(min_period=2018))
    assert codes(result) == [("importer.period_out_of_range", 2, "tahun")]


def test_identical_duplicates_warn_and_collapse(check):
    result = check(HEADER + '32.16,liv_hdi,2024,75.1,BPS\n3216,liv_hdi,2024,"75,10",BPS\n')
    assert result.ok
    assert codes(result) == [("importer.duplicate_identical", 3, "nilai")]
    assert len(result.observations) == 1


def test_value_outside_typical_range_is_only_a_warning(check):
    result = check(HEADER + "32.16,liv_hdi,2024,95,BPS\n")
    assert result.ok
    assert codes(result) == [("importer.atypical_value", 2, "nilai")]


def test_rows_without_a_value_are_skipped_unchecked(check):
    result = check(
        HEADER + "32.16,liv_hdi,2024,75.1,BPS\nSumber: BPS,,,,\n32.99,liv_hdi,2024,-,BPS\n"
    )
    assert result.ok
    assert result.report.counts["rows_missing"] == 2


def test_row_numbers_count_blank_lines_and_title_lines(check):
    result = check(
        "Data indikator\n\n" + HEADER + "32.16,liv_hdi,2024,75.1,BPS\n\n\nX,liv_hdi,2024,1,BPS\n"
    )
    assert codes(result) == [("importer.unknown_region", 7, "kode_wilayah")]


def test_quoted_fields_may_hold_delimiters_and_line_breaks(check):
    result = check(
        "kode_wilayah,indikator,tahun,nilai,sumber,catatan\n"
        '32.16,liv_hdi,2024,75.1,BPS,"sementara, revisi\nMaret"\n'
    )
    assert result.observations["note"].tolist() == ["sementara, revisi\nMaret"]


def test_trailing_delimiters_are_harmless(check):
    result = check("kode_wilayah,indikator,tahun,nilai,sumber,\n32.16,liv_hdi,2024,75.1,BPS,\n")
    assert result.ok
    assert result.report.problems == []


# ------------------------------------------------------------------------------ files and limits


def test_problems_of_one_kind_are_capped_but_counted(check):
    rows = "".join(f"Kabupaten Tidak Ada {i},liv_hdi,2024,70,BPS\n" for i in range(1500))
    result = check(HEADER + rows)
    listed = [p for p in result.report.problems if p.code == "importer.unknown_region"]
    assert len(listed) == 1000
    assert result.report.counts["errors"] == 1500
    notice = result.report.problems[-1]
    assert notice.code == "importer.truncated"
    assert "1500" in notice.message("id")
    assert "1000" in notice.message("en")


def test_file_too_large_is_refused_before_reading(check):
    result = check(HEADER + "32.16,liv_hdi,2024,75.1,BPS\n", limits=ImportLimits(max_bytes=10))
    assert codes(result) == [("importer.too_large", None, None)]
    assert result.layout == ""


def test_missing_file_is_a_report_not_an_exception(regions, framework, tmp_path):
    result = validate_file(tmp_path / "absent.csv", regions=regions, framework=framework)
    assert codes(result) == [("importer.unreadable", None, None)]
    assert list(result.observations.columns) == list(OUTPUT_COLUMNS)


def test_display_name_names_the_file_and_its_format(regions, framework, tmp_path):
    path = tmp_path / "upload-3f2a"
    path.write_text(HEADER + "32.16,liv_hdi,2024,75.1,BPS\n", encoding="utf-8")
    result = validate_file(path, regions=regions, framework=framework, display_name="bekasi.csv")
    assert result.ok
    assert result.report.file == "bekasi.csv"


def _workbook(tmp_path: Path, rows_at: dict[int, list[object]], **sheets: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Ringkasan"
    for row, values in rows_at.items():
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    for title, rows in sheets.items():
        extra = book.create_sheet(title)
        for values in rows:
            extra.append(values)
    path = tmp_path / "book.xlsx"
    book.save(path)
    return path


def test_xlsx_rows_are_numbered_as_excel_shows_them(tmp_path, regions, framework):
    path = _workbook(
        tmp_path,
        {
            1: ["Laporan indikator"],
            4: ["kode_wilayah", "indikator", "tahun", "nilai", "sumber"],
            5: [3216, "liv_hdi", 2024, 75.1, "BPS"],
            9: ["Kota Antah", "liv_hdi", 2024, 70, "BPS"],
        },
    )
    frame_, header_row = read_table(path)
    assert header_row == 4
    assert frame_.iloc[0].tolist() == ["3216", "liv_hdi", "2024", "75.1", "BPS"]
    result = validate_file(path, regions=regions, framework=framework)
    assert codes(result) == [("importer.unknown_region", 9, "kode_wilayah")]


def test_xlsx_named_sheet_is_read_case_insensitively(tmp_path, regions, framework):
    rows = [
        ["kode_wilayah", "indikator", "tahun", "nilai", "sumber"],
        ["32.16", "liv_hdi", 2024, 75.1, "BPS"],
    ]
    path = _workbook(tmp_path, {1: ["catatan saja"]}, Data=rows)
    result = validate_file(path, regions=regions, framework=framework, sheet="data")
    assert result.ok
    assert result.observations["value"].tolist() == [75.1]


def test_read_table_gives_text_cells_and_the_header_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("judul\n" + HEADER + "32.16,liv_hdi,2024,0075.10,BPS\n", encoding="utf-8")
    table, header_row = read_table(path)
    assert header_row == 2
    assert list(table.columns) == ["kode_wilayah", "indikator", "tahun", "nilai", "sumber"]
    assert table.iloc[0].tolist() == ["32.16", "liv_hdi", "2024", "0075.10", "BPS"]


# ------------------------------------------------------------------------------ messages


def test_every_importer_message_has_both_languages_with_the_same_placeholders():
    ids, ens = catalogue("id"), catalogue("en")
    messages = {k: {"id": ids[k], "en": ens[k]} for k in ids if k.startswith("importer.")}
    assert len(messages) > 30
    for key, texts in messages.items():
        assert placeholders(texts["id"]) == placeholders(texts["en"]), key
        assert texts["id"] != texts["en"], key


def test_bilingual_parameters_follow_the_message_language():
    label = Bilingual("data biner", "binary data")
    assert t("importer.bad_encoding", "id", detected=label).startswith(
        "berkas tidak dapat dibaca sebagai teks (data biner)"
    )
    assert "(binary data)" in t("importer.bad_encoding", "en", detected=label)
    assert str(label) == "binary data"
