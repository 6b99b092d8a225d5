"""CSV and XLSX writers: provenance travels with the table, numbers stay numbers, formulas stay text."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import openpyxl
import pandas as pd
import pytest

from dashboard.charts.provenance import Provenance
from dashboard.exports.tables import to_csv, to_xlsx
from dashboard.i18n import WIB

DANGEROUS = ["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture
def provenance() -> Provenance:
    return Provenance(
        title="Peringkat: Indeks Kesiapan Kota Cerdas, 2024",
        measure="Indeks Kesiapan Kota Cerdas",
        unit="skor 0-100",
        period="2024",
        sources=("BPS", "data contoh (sintetis)"),
        data_year="2024",
        dataset_version=7,
        code_vintage="Kepmendagri 300.2.2-2138/2025",
        synthetic=True,
        filters={"Provinsi": "Jawa Barat"},
        generated_at=datetime(2026, 11, 28, 19, 30, tzinfo=WIB),
        url="http://kc.example/?period=2024",
        notes=(("Versi kerangka", "=2026.1"),),
    )


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Kode wilayah": ["32.16", "32.10", "32.75"],
            "Nama wilayah": ["Kabupaten Bekasi", "Kabupaten Majalengka", "=HYPERLINK(1)"],
            "Nilai": [63.7, float("nan"), -6.25],
            "Peringkat": pd.array([1, None, 3], dtype="Int64"),
        }
    )


def _csv_parts(data: bytes) -> tuple[list[str], str]:
    text = data.decode("utf-8-sig")
    head, _, table = text.partition("\r\n\r\n")
    return head.split("\r\n"), table


def test_csv_starts_with_provenance_lines_then_a_blank_line_then_the_table(frame, provenance):
    data = to_csv(frame, provenance, "id")
    assert data.startswith(b"\xef\xbb\xbf#")  # BOM for Excel, then metadata
    head, table = _csv_parts(data)
    assert all(line.startswith("# ") for line in head)
    text = "\n".join(head)
    for expected in (
        provenance.title,
        "skor 0-100",
        "Provinsi: Jawa Barat",
        "BPS, data contoh (sintetis)",
        "Kepmendagri 300.2.2-2138/2025",
        "ya, sintetis",
        "28 November 2026 19.30 WIB",
        "Kota Cerdas Command Center",
        "http://kc.example/?period=2024",
    ):
        assert expected in text
    rows = list(csv.reader(io.StringIO(table)))
    assert rows[0] == list(frame.columns)
    assert len(rows) == 1 + len(frame)


def test_csv_reads_back_with_pandas_numbers_numeric_and_missing_empty(frame, provenance):
    data = to_csv(frame, provenance, "en")
    back = pd.read_csv(io.BytesIO(data), comment="#", dtype={"Kode wilayah": str})
    assert list(back.columns) == list(frame.columns)
    assert back["Kode wilayah"].tolist() == ["32.16", "32.10", "32.75"]  # text, never 32.1
    assert back["Nilai"].iloc[0] == pytest.approx(63.7)
    assert back["Nilai"].iloc[2] == pytest.approx(-6.25)  # a negative number is data
    assert pd.isna(back["Nilai"].iloc[1])
    assert back["Peringkat"].iloc[0] == 1


def test_formula_injection_is_neutralised_in_csv(provenance):
    frame = pd.DataFrame({"text": DANGEROUS, "number": [-1.5] * len(DANGEROUS)})
    _, table = _csv_parts(to_csv(frame, provenance, "id"))
    rows = list(csv.reader(io.StringIO(table, newline="")))[1:]
    for (text, number), original in zip(rows, DANGEROUS, strict=True):
        assert text == "'" + original
        assert number == "-1.5"
    head, _ = _csv_parts(to_csv(frame, provenance, "id"))
    assert any(line.endswith(",'=2026.1") for line in head)  # metadata values too


def test_formula_injection_is_neutralised_in_xlsx(provenance):
    frame = pd.DataFrame({"text": DANGEROUS, "number": [-1.5] * len(DANGEROUS)})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, provenance, "id")))
    sheet = book["Data"]
    for row, original in zip(sheet.iter_rows(min_row=2), DANGEROUS, strict=True):
        text, number = row
        assert text.data_type == "s"
        assert text.value == "'" + original
        assert number.data_type == "n"
        assert number.value == -1.5
    formulas = [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]
    assert formulas == []
    meta = {r[0].value: r[1] for r in book["Metadata"].iter_rows()}
    assert meta["Versi kerangka"].value == "'=2026.1"
    assert meta["Versi kerangka"].data_type == "s"


def test_xlsx_has_the_data_and_a_metadata_sheet(frame, provenance):
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, provenance, "en")))
    assert book.sheetnames == ["Data", "Metadata"]
    data = list(book["Data"].iter_rows(values_only=True))
    assert data[0] == tuple(frame.columns)
    assert data[1] == ("32.16", "Kabupaten Bekasi", 63.7, 1)
    assert data[2][2] is None
    assert data[2][3] is None
    assert book["Data"].freeze_panes == "A2"
    meta = dict(book["Metadata"].iter_rows(values_only=True))
    assert meta["Title"] == provenance.title
    assert meta["Dataset version"] == "7"
    assert meta["Region codes"] == "Kepmendagri 300.2.2-2138/2025"
    assert meta["Sample data"] == "yes, synthetic"
    assert meta["Generated"] == "28 November 2026 19:30 WIB"
    assert meta["Application"] == "Kota Cerdas Command Center"
    synthetic_row = next(r for r in book["Metadata"].iter_rows() if r[0].value == "Sample data")
    assert synthetic_row[0].fill.fgColor.rgb.endswith("FCD34D")


def test_control_characters_do_not_break_the_workbook(provenance):
    frame = pd.DataFrame({"text": ["bell\x07name", "ok"]})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, provenance, "id")))
    assert book["Data"]["A2"].value == "bellname"


def test_an_empty_table_still_carries_its_provenance(provenance):
    frame = pd.DataFrame(columns=["Dari", "Sampai", "Jumlah wilayah"])
    head, table = _csv_parts(to_csv(frame, provenance, "id"))
    assert any(provenance.title in line for line in head)
    assert table.strip() == "Dari,Sampai,Jumlah wilayah"
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, provenance, "id")))
    assert book["Data"].max_row == 1
