"""The data behind a chart as CSV and XLSX, with its provenance, numbers kept as numbers.

CSV (UTF-8 with a byte-order mark, so Excel shows Indonesian text correctly; comma separated;
decimal point): the provenance comes first, one ``# label,value`` line per item and a ``#`` line
saying how to read the file, then one empty line, then the table with its header row.
``pandas.read_csv(f, comment="#", dtype={"Kode wilayah": str})`` reads the table (region codes
are text: ``32.10`` is not ``32.1``); so does any reader told to skip the lines before the first
empty one. XLSX: sheet "Data" with the table (header row frozen, filter on; codes stored as
text), sheet "Metadata" with the same provenance items.

Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return at
the start) is made literal with a leading apostrophe in both formats (``safe_text.neutralise``);
numbers, including negative ones, stay numeric.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.charts.provenance import ChartExport, Provenance, label
from dashboard.data.safe_text import neutralise
from dashboard.i18n import t

MAX_COLUMN_WIDTH = 60
_AMBER = PatternFill("solid", fgColor="FCD34D")


def cell_value(value: object) -> object:
    """A plain Python value for a spreadsheet cell: None for missing, numbers as numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, bool | int | float):
        return value
    return neutralise(str(value))


def _rows(frame: pd.DataFrame) -> Iterable[list[object]]:
    for record in frame.itertuples(index=False, name=None):
        yield [cell_value(v) for v in record]


def _header(frame: pd.DataFrame) -> list[object]:
    return [cell_value(str(c)) for c in frame.columns]


def _metadata(provenance: Provenance, lang: str) -> list[tuple[str, object]]:
    return [(str(label), cell_value(value)) for label, value in provenance.rows(lang)]


def to_csv(frame: pd.DataFrame, provenance: Provenance, lang: str) -> bytes:
    """Provenance lines, an empty line, then the table (see the module docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for name, value in _metadata(provenance, lang):
        # the label never needs quoting, so every metadata line starts with "#"
        writer.writerow([f"# {name.replace(',', ' ').replace(chr(34), ' ')}", value])
    buffer.write(f"# {t('export.csv_note', lang).replace(',', ' ')}\r\n\r\n")
    writer.writerow(_header(frame))
    for row in _rows(frame):
        writer.writerow(["" if v is None else _csv_number(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_number(value: object) -> object:
    """Whole floats without a trailing ".0" (a year, a count); other values as they are."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def to_xlsx(frame: pd.DataFrame, provenance: Provenance, lang: str) -> bytes:
    """Sheet "Data" (the table) and sheet "Metadata" (provenance), as XLSX bytes."""
    book = Workbook()
    data = book.active
    data.title = t("export.data_sheet", lang)
    header = _header(frame)
    data.append(header)
    for row in _rows(frame):
        data.append(row)
    _force_text(data)
    bold = Font(bold=True)
    for cell in data[1]:
        cell.font = bold
    data.freeze_panes = "A2"
    if len(frame.columns):
        data.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(frame) + 1, 1)}"
    _fit_widths(data)

    meta = book.create_sheet(t("export.metadata_sheet", lang))
    synthetic_label = label("synthetic", lang) if provenance.synthetic else None
    for name, value in _metadata(provenance, lang):
        meta.append([name, value])
        if name == synthetic_label:
            for cell in meta[meta.max_row]:
                cell.fill = _AMBER
    _force_text(meta)
    for cell in meta["A"]:
        cell.font = bold
    _fit_widths(meta)

    book.properties.title = provenance.title[:250]
    book.properties.creator = provenance.app
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _force_text(sheet) -> None:
    """Strings are stored as text, never as formulas, whatever openpyxl guessed."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _fit_widths(sheet) -> None:
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                length = len(str(cell.value))
                widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(
            MAX_COLUMN_WIDTH, max(8, width + 2)
        )


def chart_table(export: ChartExport, fmt: str) -> bytes:
    """CSV or XLSX bytes of the data behind a chart, provenance included."""
    if fmt == "csv":
        return to_csv(export.data, export.provenance, export.lang)
    if fmt == "xlsx":
        return to_xlsx(export.data, export.provenance, export.lang)
    raise ValueError(f"unknown data format {fmt!r}")
