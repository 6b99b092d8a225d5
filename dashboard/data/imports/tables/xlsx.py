"""Excel workbooks: the chosen sheet as text, percent cells as shown, formulas checked."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time

import openpyxl
import pandas as pd
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser

from dashboard.data.errors import DataError
from dashboard.data.imports.guard import check_archive
from dashboard.data.imports.tables.columns import Table, find_header, split_header
from dashboard.data.imports.tables.contract import ImportLimits
from dashboard.data.imports.tables.numbers import AMBIGUOUS
from dashboard.data.imports.tables.template_headers import read_marker

_XML_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"((?:\s[^>]*?)?)(?<!/)>(.*?)</c>', re.DOTALL)
_XML_CACHED = re.compile(rb"<v>[^<]+</v>")
CHUNK = 4 * 1024 * 1024


EXCEL_MAX_ROW = 1_048_576


def read_xlsx(
    raw: bytes, *, name: str, sheet: str | None, limits: ImportLimits | None = None
) -> Table:
    """The sheet's cells as text; a hostile workbook is refused before and while it is read."""
    limits = limits or ImportLimits()
    check_archive(raw, name=name, limits=limits)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError(
            "importer.bad_xlsx", file=name, detail=str(exc) or type(exc).__name__
        ) from None
    except SyntaxError as exc:  # xml ParseError: malformed XML the scan let through
        raise DataError("guard.bad_xml", file=name, detail=str(exc)[:200]) from None
    try:
        sheets = ", ".join(book.sheetnames)
        worksheet = _pick_sheet(book, sheet, name=name)
        rows = _sheet_rows(worksheet, name=name, limits=limits)
        sheet_path, title = worksheet._worksheet_path, worksheet.title
        template = read_marker(book, title)
    except SyntaxError as exc:
        raise DataError("guard.bad_xml", file=name, detail=str(exc)[:200]) from None
    finally:
        book.close()
    header = find_header(rows[:50])
    if header is None:
        raise DataError("importer.empty_sheet", file=name, sheet=title, sheets=sheets)
    width = max(len(row) for row in rows)
    if width * len(rows) > limits.max_cells:
        raise DataError("guard.sheet_area", file=name, limit=f"{limits.max_cells:,}")
    padded = [row + [""] * (width - len(row)) for row in rows]
    frame = pd.DataFrame(padded[header:], columns=list(range(width)), dtype=str)
    table = split_header(frame, header_row=header + 1)
    table.notes = _formula_notes(raw, sheet_path, header=list(table.frame.columns))
    table.template = template
    return table


def _sheet_rows(worksheet, *, name: str, limits: ImportLimits) -> list[list[str]]:
    """Every row as text, blank rows kept (row i is sheet row i + 1), counted while streaming.

    openpyxl's own iterator fills row-number gaps one empty row at a time and trusts the sheet's
    dimension element; here row numbers, data rows, columns and cell lengths are checked as each
    row arrives, so a refused sheet is never held in memory.
    """
    book = worksheet.parent
    rows: list[list[str]] = []
    data_rows = 0
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            if number > EXCEL_MAX_ROW or number < len(rows) + 1:
                raise DataError("guard.row_number", file=name, number=number)
            if not cells:
                continue
            last = max(cell["column"] for cell in cells)
            if last > limits.max_columns:
                limit = f"{limits.max_columns:,}"
                raise DataError(
                    "guard.too_many_columns", file=name, part=worksheet.title, limit=limit
                )
            texts = [""] * last
            for cell in cells:
                text = _cell_text(ReadOnlyCell(worksheet, **cell))
                if len(text) > limits.max_cell_chars:
                    raise DataError(
                        "guard.cell_too_long",
                        file=name,
                        row=number,
                        column=get_column_letter(cell["column"]),
                        limit=f"{limits.max_cell_chars:,}",
                    )
                texts[cell["column"] - 1] = text
            if any(text.strip() for text in texts):
                data_rows += 1
                if data_rows > limits.max_rows + 50:  # + title rows above the header
                    raise DataError(
                        "importer.too_many_rows",
                        rows=f"> {limits.max_rows:,}",
                        limit=limits.max_rows,
                    )
            rows.extend([] for _ in range(number - 1 - len(rows)))
            rows.append(texts)
    return rows


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
    """Formula cells without a stored result (files written by scripts, never opened in Excel).

    The sheet is read in chunks cut after a closing ``</c>``, never whole.
    """
    notes = []
    with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open(sheet_path.lstrip("/")) as xml:
        rest = b""
        while True:
            chunk = xml.read(CHUNK)
            data = rest + chunk
            cut = data.rfind(b"</c>") + 4 if chunk else len(data)
            if cut < 4:
                cut = 0 if chunk else len(data)
            part, rest = data[:cut], data[cut:]
            if b"<f" in part:
                notes.extend(_notes_in(part, header))
            if not chunk:
                return notes


def _notes_in(xml: bytes, header: list[str]) -> list[tuple[str, dict]]:
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
