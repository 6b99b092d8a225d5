"""Excel workbooks: the chosen sheet as text, percent cells as shown, formulas checked."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time

import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from dashboard.data.errors import DataError
from dashboard.data.imports.tables.columns import Table, find_header, split_header
from dashboard.data.imports.tables.numbers import AMBIGUOUS
from dashboard.data.imports.tables.template_headers import read_marker

_XML_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"((?:\s[^>]*?)?)(?<!/)>(.*?)</c>', re.DOTALL)
_XML_CACHED = re.compile(rb"<v>[^<]+</v>")


def read_xlsx(raw: bytes, *, name: str, sheet: str | None) -> Table:
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError(
            "importer.bad_xlsx", file=name, detail=str(exc) or type(exc).__name__
        ) from None
    try:
        sheets = ", ".join(book.sheetnames)
        worksheet = _pick_sheet(book, sheet, name=name)
        worksheet.reset_dimensions()  # some writers store a wrong sheet size
        rows = [[_cell_text(cell) for cell in row] for row in worksheet.iter_rows()]
        sheet_path, title = worksheet._worksheet_path, worksheet.title
        template = read_marker(book, title)
    finally:
        book.close()
    header = find_header(rows[:50])
    if header is None:
        raise DataError("importer.empty_sheet", file=name, sheet=title, sheets=sheets)
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    frame = pd.DataFrame(padded[header:], columns=list(range(width)), dtype=str)
    table = split_header(frame, header_row=header + 1)
    table.notes = _formula_notes(raw, sheet_path, header=list(table.frame.columns))
    table.template = template
    return table


def _pick_sheet(book: openpyxl.Workbook, sheet: str | None, *, name: str):
    if sheet is None:
        return book.worksheets[0]
    if sheet in book.sheetnames:
        return book[sheet]
    folded = {s.casefold(): s for s in book.sheetnames}
    if sheet.strip().casefold() in folded:
        return book[folded[sheet.strip().casefold()]]
    raise DataError(
        "importer.unknown_sheet", file=name, sheet=sheet, sheets=", ".join(book.sheetnames)
    )


def _cell_text(cell: object) -> str:
    """A cell as the text a CSV export would hold; numbers stay unambiguous (see module doc)."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if "%" in (getattr(cell, "number_format", "") or ""):
            return _number_text(round(value * 100, 10)) + "%"
        return _number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _number_text(value: float) -> str:
    """Excel numbers have a decimal point: "1.234" gets a trailing 0 so it is never thousands."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if re.fullmatch(AMBIGUOUS, text):
        text += "0"
    return text


def _formula_notes(raw: bytes, sheet_path: str, *, header: list[str]) -> list[tuple[str, dict]]:
    """Formula cells without a stored result (files written by scripts, never opened in Excel)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        xml = archive.read(sheet_path.lstrip("/"))
    if b"<f" not in xml:
        return []
    notes = []
    for match in _XML_CELL.finditer(xml):
        letters, row, attributes = (g.decode() for g in match.groups()[:3])
        inner = match[4]
        if b"<f" not in inner or _XML_CACHED.search(inner) or 't="str"' in attributes:
            continue
        index = openpyxl.utils.column_index_from_string(letters) - 1
        column = header[index] if index < len(header) and header[index] else letters
        cell = f"{letters}{row}"
        notes.append(
            ("importer.formula_no_value", {"row": int(row), "column": column, "cell": cell})
        )
    return notes
