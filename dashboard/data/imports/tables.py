"""Read and validate indicator files (SPEC section 3, "Import contract").

Accepted files
--------------
* **CSV** (``.csv``, ``.tsv``, ``.txt``): delimiter comma, semicolon, tab or pipe, sniffed from the
  first lines. Encoding UTF-8, UTF-8 with BOM or Windows-1252, tried in that order. UTF-16, binary
  data and files that mix UTF-8 with Windows-1252 are refused with a message naming the accepted
  encodings.
* **XLSX**, recognised by content (a zip holding ``xl/workbook.xml``), not by name: the first sheet
  or the sheet named with ``sheet``. Numbers in a percent format are read as shown (0.452 shown as
  45,2% gives 45.2). Formulas without a stored result are reported (save the file in Excel first).
* Old ``.xls`` workbooks are refused with "save as .xlsx or CSV"; images, PDF, JSON, HTML and
  other formats are refused as unsupported. Files above ``ImportLimits.max_bytes`` are refused
  before reading.
* Title rows above the header are skipped: the header is the first of the first ten non-empty rows
  holding two or more known column names, otherwise the first non-empty row. Rows are numbered as a
  spreadsheet shows them (CSV: the header on line 1 is row 1; XLSX: the sheet row). Blank rows are
  ignored.

Layouts (header names ignore case, spaces, underscores, dashes and slashes)
--------------------------------------------------------------------------
* **long**, one value per row: region (``kode_wilayah``, ``region_code``, ``kode``, ``code``,
  ``wilayah``, ``region``, ``nama_wilayah``, ``kabupaten_kota``), indicator (``indikator``,
  ``indicator_id``, ``indicator``, ``kode_indikator``), period (``tahun``, ``period``, ``year``,
  ``periode``), value (``nilai``, ``value``); optional ``sumber``/``source``,
  ``tanggal_referensi``/``reference_date``, ``catatan``/``note``/``keterangan``. Other columns are
  ignored with a warning.
* **wide**: region, period and one column per indicator, headed by its id or its Indonesian or
  English name. Context columns (``nama``, ``provinsi``, ``province``, ...) are ignored; any other
  column is an error naming it.

Keys
----
* Regions: dotted Kemendagri codes ("32.16"), BPS codes ("3216"), province codes ("32",
  province-level values) or names ("Kab. Bekasi"); see :mod:`dashboard.data.regions`. Codes that
  Excel turned into numbers are repaired: "3216.0" is 3216, "32.1" is 32.10. Ambiguous names
  ("Bekasi") are errors listing the candidates, never guesses.
* Periods: whole years ("2024", "2024.0") from ``min_period`` to ``max_period`` (next year).

Values
------
Spaces (also non-breaking), a trailing "%" and a Unicode minus are ignored. Missing values ("",
"-", "—", "n/a", "NA", "null", "#N/A", ...) are skipped and counted, not errors; a row or cell
without a value is not checked further. Number format rule, decided per column from all its values:

* with both separators the last one is the decimal mark ("1.234,5" and "1,234.5" are 1234.5);
  a separator repeated is a thousands separator ("1.234.567" and "1,234,567");
  a single separator followed by other than three digits is the decimal mark ("12,5", "0.123");
* "1.234" and "1,234" (one separator, then exactly three digits) are ambiguous. They follow the
  column: if its other values show decimal commas, "1.234" is 1234 and "1,234" is 1.234; if they
  show decimal points, the other way round. A column with no evidence reads the separator as the
  decimal mark (1.234) and says so in a warning; a column mixing both styles makes them errors.

Ordered indicators (``direction = "ord"``, e.g. the BPK audit opinion) accept their category
labels in any case, the long forms ("Wajar Tanpa Pengecualian") or the 1-based position, and are
stored as that position (TMP 1, TW 2, WDP 3, WTP 4).

Outcome
-------
:func:`validate_file` never raises for bad content: every problem goes into the report (at most
1000 of one kind are listed, the total is always given). Errors: values outside the indicator's
hard ``bounds``, unknown or ambiguous keys, duplicate (region, indicator, period) rows with
different values, and the file-level problems above. Warnings: values outside the ``typical``
range, identical duplicate rows (kept once), no source column (values recorded with source
"tidak disebutkan"), ignored columns. A report with any error yields no observations.

``report.counts``: rows_read (non-blank data rows), rows_valid (observations that pass every
check, also when other rows fail), rows_missing (values skipped as missing), regions, indicators,
periods ("2018-2025"), warnings and errors (totals, including those not listed).
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from dashboard.data.errors import AmbiguousRegion, DataError, Problem, Report, UnknownRegion
from dashboard.data.framework import Framework, Indicator
from dashboard.data.regions import RegionIndex, normalise_name
from dashboard.i18n import t

UNSPECIFIED_SOURCE = "tidak disebutkan"
MAX_PROBLEMS_PER_KIND = 1000
OUTPUT_COLUMNS = (
    "region_code",
    "indicator_id",
    "period",
    "value",
    "source",
    "reference_date",
    "note",
)
ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    "region": (
        "kode_wilayah",
        "region_code",
        "kode",
        "code",
        "wilayah",
        "region",
        "nama_wilayah",
        "kabupaten_kota",
        "kab_kota",
        "kode_bps",
        "bps_code",
    ),
    "indicator": ("indikator", "indicator_id", "indicator", "kode_indikator"),
    "period": ("tahun", "period", "year", "periode"),
    "value": ("nilai", "value"),
    "source": ("sumber", "source"),
    "reference_date": ("tanggal_referensi", "reference_date"),
    "note": ("catatan", "note", "keterangan"),
}
CONTEXT_COLUMNS = frozenset(
    {
        "nama",
        "name",
        "provinsi",
        "province",
        "nama_provinsi",
        "province_name",
        "kode_provinsi",
        "province_code",
        "no",
        "nomor",
        "no_urut",
        "satuan",
        "unit",
        "jenis",
        "tipe",
        "type",
    }
)
MISSING_TOKENS = frozenset(
    {"", "-", "--", "–", "—", "n/a", "na", "n.a.", "n.a", "null", "none", "nan", "#n/a", "..."}
)
# Long forms of the BPK audit opinion (and English equivalents), used when the code is a category.
ORD_ALIASES = {
    "wajar tanpa pengecualian": "WTP",
    "unqualified": "WTP",
    "wajar dengan pengecualian": "WDP",
    "qualified": "WDP",
    "tidak wajar": "TW",
    "adverse": "TW",
    "tidak memberikan pendapat": "TMP",
    "tidak menyatakan pendapat": "TMP",
    "disclaimer": "TMP",
}
HEADER_SCAN_ROWS = 10
UNKNOWN_KEYS_WITH_HINTS = 50
TEXT_SUFFIXES = frozenset({"", ".csv", ".tsv", ".tab", ".txt", ".xls", ".xlsx", ".xlsm"})
_MAGIC = (
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"%PDF", "PDF"),
    (b"\x1f\x8b", "GZIP"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7Z"),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f]")
_HEADER_SEPARATORS = re.compile(r"[\s_\-/]+")
_XML_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"((?:\s[^>]*?)?)(?<!/)>(.*?)</c>', re.DOTALL)
_XML_CACHED = re.compile(rb"<v>[^<]+</v>")
_EXCEL_FLOAT = re.compile(r"^-?\d+\.0+$")
_EXCEL_SHORT_DOTTED = re.compile(r"^\d{2}\.\d$")

# Number patterns (applied to text without spaces, "%" and Unicode minus).
_INTEGER = r"[-+]?\d+"
_SCIENTIFIC = r"[-+]?\d+(?:[.,]\d+)?[eE][-+]?\d+"
_COMMA_DECIMAL = r"[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)?(?:,\d+)?"
_DOT_DECIMAL = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?"
_AMBIGUOUS = r"[-+]?[1-9]\d{0,2}[.,]\d{3}"
_LAST_SEPARATOR_COMMA = r".*,[^.]*"


class Bilingual(str):
    """Text that follows the message's language: ``{x:id}`` / ``{x:en}`` pick the translation.

    A message parameter is shared by both languages; this lets a parameter (a hint, a role name)
    be translated too, while staying a plain string (English) for JSON and logs.
    """

    texts: dict[str, str]

    def __new__(cls, id_text: str, en_text: str | None = None) -> Bilingual:
        obj = super().__new__(cls, id_text if en_text is None else en_text)
        obj.texts = {"id": id_text, "en": id_text if en_text is None else en_text}
        return obj

    def __format__(self, spec: str) -> str:
        if spec in self.texts:
            return self.texts[spec]
        return format(str(self), spec)


_ROLE_NAMES = {
    "region": Bilingual("wilayah", "region"),
    "indicator": Bilingual("indikator", "indicator"),
    "period": Bilingual("tahun", "period"),
    "value": Bilingual("nilai", "value"),
}
_NO_HINT = Bilingual("", "")


def _hint(names: list[str]) -> Bilingual:
    """A "did you mean ...?" suffix in both languages, empty when there is nothing to suggest."""
    if not names:
        return _NO_HINT
    listed = " / ".join(names)
    return Bilingual(
        t("hint.did_you_mean", "id", names=listed),
        t("hint.did_you_mean", "en", names=listed),
    )


@dataclass
class ImportLimits:
    """Guards against files that would exhaust memory or hide mistakes."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 2_000_000
    min_period: int = 2000
    max_period: int | None = None  # default: next calendar year

    @property
    def last_period(self) -> int:
        return self.max_period if self.max_period is not None else date.today().year + 1


@dataclass
class ValidationResult:
    """The report plus, when it has no errors, the clean long observations to store."""

    report: Report
    observations: pd.DataFrame
    layout: str  # "long" or "wide"; "" when the table could not be read

    @property
    def ok(self) -> bool:
        return self.report.ok


# ---------------------------------------------------------------------------------- reading


@dataclass
class _Table:
    frame: pd.DataFrame  # data rows below the header, every cell a str; columns = header texts
    header_row: int  # spreadsheet row of the header
    notes: list[tuple[str, dict]] = field(default_factory=list)  # non-fatal reading problems


def read_table(
    path: Path | str, *, sheet: str | None = None, display_name: str | None = None
) -> tuple[pd.DataFrame, int]:
    """Every cell of a CSV or XLSX file as text, and the header's row number.

    Data row ``i`` (0-based, blank rows kept) is spreadsheet row ``header_row + 1 + i``. Raises
    DataError for files that cannot be read as a table at all.
    """
    path = Path(path)
    table = _read(path, name=display_name or path.name, sheet=sheet)
    return table.frame, table.header_row


def _read(path: Path, *, name: str, sheet: str | None) -> _Table:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError("importer.unreadable", file=name, detail=exc.strerror or str(exc)) from None
    if not raw:
        raise DataError("importer.empty_file", file=name)
    if _detect_format(raw, suffix=Path(name).suffix.lower(), name=name) == "xlsx":
        return _read_xlsx(raw, name=name, sheet=sheet)
    return _read_csv(raw, name=name)


def _detect_format(raw: bytes, *, suffix: str, name: str) -> str:
    """'xlsx' or 'csv', judged by content first; raises for anything else."""
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        return _check_zip(raw, name=name)
    if raw.startswith(_OLE_MAGIC):
        raise DataError("importer.xls_format", file=name)
    for magic, label in _MAGIC:
        if raw.startswith(magic):
            raise DataError("importer.unsupported_format", file=name, detected=Bilingual(label))
    start = raw[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start[:1] == b"<":
        raise DataError("importer.unsupported_format", file=name, detected=Bilingual("HTML/XML"))
    if start[:1] == b"{":
        raise DataError("importer.unsupported_format", file=name, detected=Bilingual("JSON"))
    if suffix not in TEXT_SUFFIXES:
        raise DataError("importer.unsupported_format", file=name, detected=Bilingual(suffix))
    return "csv"


def _check_zip(raw: bytes, *, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise DataError("importer.bad_xlsx", file=name, detail=str(exc)) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    label = "ZIP"
    if "content.xml" in names:
        label = "ODS/OpenDocument"
    elif "word/document.xml" in names:
        label = "DOCX"
    raise DataError("importer.unsupported_format", file=name, detected=Bilingual(label))


def _decode(raw: bytes, *, name: str) -> tuple[str, str]:
    """The text and the encoding it was read with: UTF-8 (BOM or not), else Windows-1252."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        _refuse_encoding(name, "UTF-32")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _refuse_encoding(name, "UTF-16")
    if b"\x00" in raw:
        head = raw[:2000]
        utf16 = head.count(b"\x00") > len(head) // 3
        _refuse_encoding(name, "UTF-16" if utf16 else None)
    try:
        text, encoding = raw.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(raw):
            row = raw.count(b"\n", 0, exc.start) + 1
            raise DataError("importer.mixed_encoding", file=name, row=row) from None
        try:
            text, encoding = raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            _refuse_encoding(name, None)
    if _CONTROL_CHARS.search(text, 0, 65536):
        _refuse_encoding(name, None)
    return text, encoding


def _refuse_encoding(name: str, detected: str | None) -> None:
    label = Bilingual(detected) if detected else Bilingual("data biner", "binary data")
    raise DataError("importer.bad_encoding", file=name, detected=label)


def _read_csv(raw: bytes, *, name: str) -> _Table:
    text, encoding = _decode(raw, name=name)
    if not text.strip():
        raise DataError("importer.empty_file", file=name)
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n") + 1]
    delimiter = _sniff_delimiter(sample)
    head = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    header = _find_header(head[:50])
    if header is None:
        raise DataError("importer.empty_file", file=name)
    width = max(len(head[header]), _max_fields(raw, delimiter))
    try:
        frame = _parse_csv(raw, delimiter, encoding, skip=header, width=width)
    except pd.errors.ParserError:
        # A quoted field spanning lines defeated the quick field count: count properly.
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        width = max(len(r) for r in rows)
        try:
            frame = _parse_csv(raw, delimiter, encoding, skip=header, width=width)
        except pd.errors.ParserError as exc:
            raise DataError("importer.unreadable", file=name, detail=str(exc).strip()) from None
    return _split_header(frame, header_row=header + 1)


def _parse_csv(raw: bytes, delimiter: str, encoding: str, *, skip: int, width: int) -> pd.DataFrame:
    return pd.read_csv(
        io.BytesIO(raw),
        sep=delimiter,
        header=None,
        names=list(range(width)),
        index_col=False,
        dtype=str,
        na_filter=False,
        skip_blank_lines=False,
        skiprows=skip,
        encoding=encoding,
        engine="c",
    )


def _sniff_delimiter(sample: str) -> str:
    """The delimiter giving the most lines with the same number (>= 2) of fields."""
    lines = [line for line in sample.splitlines() if line.strip()][:50]
    best, best_score = ",", (False, 0.0, 0)
    for delimiter in (",", ";", "\t", "|"):
        counts = [len(fields) for fields in csv.reader(lines, delimiter=delimiter)]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = (mode >= 2, counts.count(mode) / len(counts), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _max_fields(raw: bytes, delimiter: str) -> int:
    """Most fields on any line (an upper bound: quoted delimiters count too), vectorised."""
    data = np.frombuffer(raw, dtype=np.uint8)
    delimiters = np.flatnonzero(data == ord(delimiter))
    if not len(delimiters):
        return 1
    line_ends = np.append(np.flatnonzero(data == ord("\n")), len(data))
    before_end = np.searchsorted(delimiters, line_ends)
    per_line = np.diff(before_end, prepend=0)
    return int(per_line.max()) + 1


def _norm(text: object) -> str:
    """Header key: lower case, no BOM, spaces/underscores/dashes/slashes as one underscore."""
    value = str(text).replace("\ufeff", "").replace("\u00a0", " ").strip().lower()
    return _HEADER_SEPARATORS.sub("_", value).strip("_")


_KNOWN_HEADERS = (
    frozenset(a for aliases in ROLE_ALIASES.values() for a in aliases) | CONTEXT_COLUMNS
)


def _find_header(rows: list[list[str]]) -> int | None:
    """Index of the header row: the first early row naming two known columns, else the first."""
    filled = [i for i, row in enumerate(rows) if any(str(c).strip() for c in row)]
    for i in filled[:HEADER_SCAN_ROWS]:
        if sum(_norm(c) in _KNOWN_HEADERS for c in rows[i]) >= 2:
            return i
    return filled[0] if filled else None


def _split_header(frame: pd.DataFrame, *, header_row: int) -> _Table:
    header = [str(c).replace("\ufeff", "").strip() for c in frame.iloc[0]]
    data = frame.iloc[1:].reset_index(drop=True)
    data.columns = header
    return _Table(data, header_row)


def _read_xlsx(raw: bytes, *, name: str, sheet: str | None) -> _Table:
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
    finally:
        book.close()
    header = _find_header(rows[:50])
    if header is None:
        raise DataError("importer.empty_sheet", file=name, sheet=title, sheets=sheets)
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    frame = pd.DataFrame(padded[header:], columns=list(range(width)), dtype=str)
    table = _split_header(frame, header_row=header + 1)
    table.notes = _formula_notes(raw, sheet_path, header=list(table.frame.columns))
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
    if re.fullmatch(_AMBIGUOUS, text):
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


# ---------------------------------------------------------------------------------- numbers


def parse_number(text: str, *, style: str | None = None) -> float | None:
    """One value as a float; None when it means "missing"; ValueError when it is not a number.

    ``style`` ("comma" or "dot") is the column's decimal mark when known; without it an
    ambiguous "1.234" or "1,234" reads the separator as the decimal mark (see module doc).
    """
    if str(text).strip().lower() in MISSING_TOKENS:
        return None
    values, status, _ = _parse_numbers(pd.Series([str(text)], dtype="str"), style=style)
    if status[0]:
        raise ValueError(f"not a number: {text!r}")
    return float(values[0])


def _parse_numbers(
    texts: pd.Series, *, style: str | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values, status (0 ok, 1 not a number, 2 ambiguous) and "ambiguity resolved by default".

    ``texts`` are the distinct non-missing texts of one column, so the column's style can be
    judged from all of them at once.
    """
    clean = (
        texts.str.replace(r"[\s\u00a0\u2007\u202f]+", "", regex=True)
        .str.replace("\u2212", "-", regex=False)
        .str.removesuffix("%")
    )
    styles = _number_styles(clean)
    ambiguous = clean.str.fullmatch(_AMBIGUOUS).to_numpy(dtype=bool)
    separated = ~ambiguous & np.isin(styles, ["comma", "dot"])
    evidence = {style} if style else set(styles[separated].tolist())
    status = np.zeros(len(clean), dtype=np.int8)
    assumed = np.zeros(len(clean), dtype=bool)
    if len(evidence) == 1:
        styles[ambiguous] = evidence.pop()
    elif evidence:
        status[ambiguous] = 2
    else:
        assumed = ambiguous
    values = _convert_numbers(clean, styles)
    status[(status == 0) & ~np.isfinite(values)] = 1
    return values, status, assumed


def _number_styles(clean: pd.Series) -> np.ndarray:
    """Per text: "int", "sci", "comma" (decimal comma), "dot" (decimal point) or "other"."""
    dots = clean.str.count(r"\.").to_numpy()
    commas = clean.str.count(",").to_numpy()
    both = (dots > 0) & (commas > 0)
    last_comma = clean.str.fullmatch(_LAST_SEPARATOR_COMMA).to_numpy(dtype=bool)
    conditions = [
        clean.str.fullmatch(_INTEGER).to_numpy(dtype=bool),
        clean.str.fullmatch(_SCIENTIFIC).to_numpy(dtype=bool),
        both & last_comma,
        both,
        (commas == 1) | (dots > 1),
        (dots == 1) | (commas > 1),
    ]
    return np.select(conditions, ["int", "sci", "comma", "dot", "comma", "dot"], default="other")


def _convert_numbers(clean: pd.Series, styles: np.ndarray) -> np.ndarray:
    values = np.full(len(clean), np.nan)
    rules: dict[str, tuple[str | None, Callable[[pd.Series], pd.Series]]] = {
        "int": (None, lambda s: s),
        "sci": (None, lambda s: s.str.replace(",", ".", regex=False)),
        "comma": (
            _COMMA_DECIMAL,
            lambda s: s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
        ),
        "dot": (_DOT_DECIMAL, lambda s: s.str.replace(",", "", regex=False)),
    }
    for style, (pattern, to_plain) in rules.items():
        positions = np.flatnonzero(styles == style)
        if not len(positions):
            continue
        part = clean.iloc[positions]
        if pattern is not None:
            valid = part.str.fullmatch(pattern).to_numpy(dtype=bool)
            positions, part = positions[valid], part[valid]
        numbers = pd.to_numeric(to_plain(part), errors="coerce")
        values[positions] = np.asarray(numbers, dtype=float)
    return values


def _ord_value(indicator: Indicator, text: str, number: float) -> float | None:
    """1-based category position of an ordered value given as label, long form or number."""
    categories = [c.upper() for c in indicator.categories]
    spoken = " ".join(str(text).split()).lower()
    label = ORD_ALIASES.get(spoken, spoken).upper()
    if label in categories:
        return float(categories.index(label) + 1)
    if np.isfinite(number) and float(number).is_integer() and 1 <= number <= len(categories):
        return float(number)
    return None


def _size_text(size: int) -> str:
    """Bytes as a person reads them: "12.3 MB", "4.0 KB", "180 B"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} B"


def _fmt(number: float) -> str:
    """A number for a message: whole numbers without ".0", others to six decimals at most."""
    if float(number).is_integer():
        return str(int(number))
    return str(round(float(number), 6))


# ---------------------------------------------------------------------------------- problems


class _Problems:
    """Adds problems to a report, listing at most ``cap`` of one kind but counting all of them."""

    def __init__(self, report: Report, cap: int = MAX_PROBLEMS_PER_KIND) -> None:
        self.report = report
        self.cap = cap
        self.totals: dict[str, int] = {}
        self.severity: dict[str, str] = {}

    def _room(self, code: str, severity: str, n: int) -> int:
        before = self.totals.get(code, 0)
        self.totals[code] = before + n
        self.severity[code] = severity
        return max(0, min(n, self.cap - before))

    def add(self, code: str, *, severity: str = "error", **kwargs: object) -> None:
        if self._room(code, severity, 1):
            self.report.add(code, severity=severity, **kwargs)

    def add_rows(
        self,
        code: str,
        rows: pd.DataFrame,
        *,
        column: str | None = None,
        value: str | None = "value",
        severity: str = "error",
        params: Callable[[dict], dict] | None = None,
    ) -> None:
        """One problem per row of ``rows`` (which carry ``_row`` and ``_column``)."""
        if not len(rows):
            return
        room = self._room(code, severity, len(rows))
        for record in rows.head(room).to_dict("records"):
            self.report.add(
                code,
                row=int(record["_row"]),
                column=column or record["_column"],
                value=record[value] if value else None,
                severity=severity,
                **(params(record) if params else {}),
            )

    def total(self, severity: str) -> int:
        return sum(n for code, n in self.totals.items() if self.severity[code] == severity)

    def finish(self) -> None:
        """Note the kinds that were cut short, and order problems as the user reads the file."""
        for code, total in self.totals.items():
            if total > self.cap:
                severity = self.severity[code]
                self.report.add(
                    "importer.truncated", severity=severity, kind=code, shown=self.cap, total=total
                )
        self.report.problems.sort(key=_problem_order)


def _problem_order(problem: Problem) -> tuple[int, int]:
    if problem.code == "importer.truncated":
        return (2, 0)
    return (0, 0) if problem.row is None else (1, problem.row)


# ---------------------------------------------------------------------------------- columns


@dataclass
class _Plan:
    """Which column plays which role, and the layout that follows."""

    layout: str
    headers: list[str]
    roles: dict[str, int] = field(default_factory=dict)
    indicators: dict[int, str] = field(default_factory=dict)  # wide: position -> indicator id
    ignored: list[int] = field(default_factory=list)  # long: unknown columns (warned)
    unknown: list[int] = field(default_factory=list)  # wide: unknown columns (errors)
    missing: list[str] = field(default_factory=list)  # required roles not found

    def header(self, role: str) -> str:
        return self.headers[self.roles[role]]


def _indicator_lookup(framework: Framework) -> dict[str, str]:
    """Normalised id, Indonesian name and English name -> indicator id (ids win on clashes)."""
    lookup = {_norm(i.id): i.id for i in framework.indicators}
    for indicator in framework.indicators:
        for name in (indicator.name_id, indicator.name_en):
            lookup.setdefault(_norm(name), indicator.id)
    return lookup


def _plan_columns(headers: list[str], lookup: dict[str, str]) -> _Plan:
    keys = [_norm(h) for h in headers]
    roles: dict[str, int] = {}
    for role, aliases in ROLE_ALIASES.items():
        found = [keys.index(a) for a in aliases if a in keys]
        if found:
            roles[role] = found[0]
    used = set(roles.values())
    free = [i for i in range(len(keys)) if i not in used]
    indicators = {i: lookup[keys[i]] for i in free if keys[i] in lookup}
    others = [i for i in free if i not in indicators and keys[i] not in _KNOWN_HEADERS]
    plan = _Plan("long", headers, roles)
    plan.missing = [r for r in ("region", "period") if r not in roles]
    if "indicator" in roles or "value" in roles or not (indicators or others):
        plan.missing += [r for r in ("indicator", "value") if r not in roles]
        plan.ignored = sorted(others + list(indicators))
    else:
        plan.layout, plan.indicators, plan.unknown = "wide", indicators, others
    return plan


def _suggest(key: str, lookup: dict[str, str]) -> list[str]:
    close = difflib.get_close_matches(_norm(key), list(lookup), n=3, cutoff=0.75)
    return list(dict.fromkeys(lookup[c] for c in close))


def _region_key(text: str) -> str:
    """Undo what Excel does to codes: "3216.0" -> "3216", "32.1" -> "32.10"."""
    value = str(text).replace("\u00a0", " ").strip()
    if _EXCEL_FLOAT.match(value):
        return value.split(".")[0]
    if _EXCEL_SHORT_DOTTED.match(value):
        return value + "0"
    return value


def _empty_observations() -> pd.DataFrame:
    dtypes = {"period": "int64", "value": "float64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "str")) for c in OUTPUT_COLUMNS})


# ---------------------------------------------------------------------------------- validation


def validate_file(
    path: Path | str,
    *,
    regions: RegionIndex,
    framework: Framework,
    limits: ImportLimits | None = None,
    sheet: str | None = None,
    display_name: str | None = None,
) -> ValidationResult:
    """Check an indicator file completely and return every problem plus the clean observations.

    Never raises for bad content, unreadable or oversized files: those are problems in the report.
    ``display_name`` is the name the user knows the file by (an upload's original name).
    """
    path = Path(path)
    name = display_name or path.name
    problems = _Problems(Report(file=name))
    validation = _Validation(regions, framework, limits or ImportLimits(), problems)
    table = validation.load(path, name=name, sheet=sheet)
    observations, layout = _empty_observations(), ""
    if table is not None:
        observations, layout = validation.check(table)
    problems.finish()
    validation.counts.update(warnings=problems.total("warning"), errors=problems.total("error"))
    problems.report.counts = validation.counts
    if not problems.report.ok:
        observations = _empty_observations()
    return ValidationResult(problems.report, observations, layout)


@dataclass
class _Validation:
    regions: RegionIndex
    framework: Framework
    limits: ImportLimits
    problems: _Problems
    counts: dict = field(
        default_factory=lambda: {
            "rows_read": 0,
            "rows_valid": 0,
            "rows_missing": 0,
            "regions": 0,
            "indicators": 0,
            "periods": "",
        }
    )
    _unknown_regions: int = 0
    _unknown_indicators: int = 0

    def load(self, path: Path, *, name: str, sheet: str | None) -> _Table | None:
        """The table, or None after reporting why the file cannot be read as one."""
        try:
            size = path.stat().st_size
            if size > self.limits.max_bytes:
                limit = _size_text(self.limits.max_bytes)
                raise DataError("importer.too_large", size=_size_text(size), limit=limit)
            table = _read(path, name=name, sheet=sheet)
        except OSError as exc:
            self.problems.add("importer.unreadable", detail=exc.strerror or str(exc))
            return None
        except DataError as exc:
            self.problems.add(exc.code, row=exc.row, column=exc.column, **exc.params)
            return None
        for code, params in table.notes:
            self.problems.add(code, **params)
        return table

    def check(self, table: _Table) -> tuple[pd.DataFrame, str]:
        frame = self._clean_columns(table)
        plan = _plan_columns(list(frame.columns), _indicator_lookup(self.framework))
        self._report_plan(plan, table.header_row)
        if plan.missing:
            return _empty_observations(), plan.layout
        rows = self._data_rows(frame, table.header_row)
        if rows is None:
            return _empty_observations(), plan.layout
        long = _to_long(rows, plan)
        missing = _missing_mask(long["value"])
        self.counts["rows_missing"] = int(missing.sum())
        if missing.any():  # filtering copies every column: skip it when nothing is missing
            long = long[~missing].reset_index(drop=True)
        if long.empty:
            self.problems.add("importer.no_values", rows=self.counts["rows_read"])
            return _empty_observations(), plan.layout
        return self._observations(long, plan), plan.layout

    def _observations(self, long: pd.DataFrame, plan: _Plan) -> pd.DataFrame:
        region = self._resolve_regions(long, plan.header("region"))
        indicator = self._resolve_indicators(long, plan)
        period = self._parse_periods(long, plan.header("period"))
        values, valid = self._parse_values(long, indicator)
        valid &= region.notna().to_numpy() & indicator.notna().to_numpy() & ~np.isnan(period)
        valid &= self._check_ranges(long, indicator, values, valid)
        obs = pd.DataFrame(
            {
                "region_code": region,
                "indicator_id": indicator,
                "period": period,
                "value": values,
                "source": _text_or(long, "source", UNSPECIFIED_SOURCE),
                "reference_date": _text_or(long, "reference_date", ""),
                "note": _text_or(long, "note", ""),
                "_row": long["_row"],
                "_column": long["_column"],
            }
        )
        if not valid.all():
            obs = obs[valid]
        obs["period"] = obs["period"].astype("int64")
        obs = self._check_duplicates(obs)
        self._count(obs)
        return obs.drop(columns=["_row", "_column"]).reset_index(drop=True)

    def _count(self, obs: pd.DataFrame) -> None:
        periods = obs["period"]
        span = "" if obs.empty else f"{periods.min()}-{periods.max()}"
        if not obs.empty and periods.min() == periods.max():
            span = str(periods.min())
        self.counts.update(
            rows_valid=len(obs),
            regions=int(obs["region_code"].nunique()),
            indicators=int(obs["indicator_id"].nunique()),
            periods=span,
        )

    # ------------------------------------------------------------------ columns and rows

    def _clean_columns(self, table: _Table) -> pd.DataFrame:
        """Drop empty unnamed columns; report unnamed ones with data and repeated headers."""
        frame, header_row = table.frame, table.header_row
        groups: dict[str, list[int]] = {}
        for i, header in enumerate(frame.columns):
            if header:
                groups.setdefault(_norm(header), []).append(i)
                continue
            filled = (frame.iloc[:, i].str.strip() != "").to_numpy(dtype=bool)
            if filled.any():
                letter = get_column_letter(i + 1)
                first = header_row + 1 + int(np.argmax(filled))
                self.problems.add(
                    "importer.unnamed_column",
                    row=first,
                    column=letter,
                    letter=letter,
                    cells=int(filled.sum()),
                )
        for positions in groups.values():
            if len(positions) > 1:
                self.problems.add(
                    "importer.duplicate_column",
                    row=header_row,
                    column=frame.columns[positions[0]],
                    letters=", ".join(get_column_letter(p + 1) for p in positions),
                )
        return frame.iloc[:, sorted(p[0] for p in groups.values())]

    def _report_plan(self, plan: _Plan, header_row: int) -> None:
        found = ", ".join(plan.headers) or "-"
        for role in plan.missing:
            self.problems.add(
                "importer.missing_column",
                row=header_row,
                role=_ROLE_NAMES[role],
                accepted=", ".join(ROLE_ALIASES[role]),
                found=found,
            )
        lookup = _indicator_lookup(self.framework)
        for i in plan.unknown:
            header = plan.headers[i]
            hint = _hint(_suggest(header, lookup))
            self.problems.add(
                "importer.unknown_column", row=header_row, column=header, header=header, hint=hint
            )
        for i in plan.ignored if not plan.missing else ():
            header = plan.headers[i]
            self.problems.add(
                "importer.ignored_column", severity="warning", column=header, header=header
            )
        if not plan.missing and "source" not in plan.roles:
            self.problems.add(
                "importer.no_source_column", severity="warning", default=UNSPECIFIED_SOURCE
            )

    def _data_rows(self, frame: pd.DataFrame, header_row: int) -> pd.DataFrame | None:
        """Non-blank data rows with their spreadsheet row number in ``_row``; None if unusable."""
        filled = np.zeros(len(frame), dtype=bool)
        for i in range(frame.shape[1]):
            filled |= (frame.iloc[:, i].str.strip() != "").to_numpy(dtype=bool)
        positions = np.flatnonzero(filled)
        self.counts["rows_read"] = len(positions)
        if not len(positions):
            self.problems.add("importer.no_data_rows")
            return None
        if len(positions) > self.limits.max_rows:
            self.problems.add(
                "importer.too_many_rows", rows=len(positions), limit=self.limits.max_rows
            )
            return None
        rows = frame if filled.all() else frame.iloc[positions].reset_index(drop=True)
        rows = rows.set_axis(range(rows.shape[1]), axis=1)
        rows["_row"] = header_row + 1 + positions
        return rows

    # ------------------------------------------------------------------ keys

    def _report_keys(
        self,
        long: pd.DataFrame,
        codes: np.ndarray,
        failures: dict[int, tuple[str, dict]],
        *,
        field_name: str,
        column: str,
    ) -> None:
        """Report each row whose key (distinct key number in ``codes``) failed, once per row."""
        by_code: dict[str, list[int]] = {}
        for key, (code, _) in failures.items():
            by_code.setdefault(code, []).append(key)
        for code, keys in by_code.items():
            mask = np.isin(codes, keys)
            rows = long.loc[mask, ["_row", field_name]].assign(_key=codes[mask])
            self.problems.add_rows(
                code,
                rows.drop_duplicates("_row"),
                column=column,
                value=field_name,
                params=lambda record: failures[record["_key"]][1],
            )

    def _resolve_regions(self, long: pd.DataFrame, column: str) -> pd.Series:
        codes, keys = pd.factorize(long["region"])
        resolved: list[str | None] = []
        failures: dict[int, tuple[str, dict]] = {}
        for i, raw in enumerate(keys):
            key = _region_key(raw)
            code, error = self._resolve_region(key) if key else (None, None)
            resolved.append(code)
            if not key:
                failures[i] = ("importer.missing_key", {"role": _ROLE_NAMES["region"]})
            elif isinstance(error, AmbiguousRegion):
                listed = "; ".join(f"{c} {n}" for c, n in error.candidates)
                failures[i] = ("importer.ambiguous_region", {"key": key, "candidates": listed})
            elif error is not None:
                names = [f"{c} {n}" for c, n in getattr(error, "suggestions", [])]
                failures[i] = ("importer.unknown_region", {"key": key, "hint": _hint(names)})
        self._report_keys(long, codes, failures, field_name="region", column=column)
        return _take_text(resolved, codes)

    def _resolve_region(self, key: str) -> tuple[str | None, DataError | None]:
        """RegionIndex.try_resolve, skipping its slow name suggestions once many keys failed."""
        if self._unknown_regions >= UNKNOWN_KEYS_WITH_HINTS and not self._maybe_region(key):
            return None, UnknownRegion(key)
        code, error = self.regions.try_resolve(key)
        if isinstance(error, UnknownRegion):
            self._unknown_regions += 1
        return code, error

    def _maybe_region(self, key: str) -> bool:
        if re.fullmatch(r"[\d.]+", key):
            return True
        return normalise_name(key) in self._region_names

    @cached_property
    def _region_names(self) -> set[str]:
        names = {normalise_name(n) for n in self.regions.regions["name"]}
        bare = {n.split(" ", 1)[1] for n in names if n.startswith(("kabupaten ", "kota "))}
        return names | bare

    def _resolve_indicators(self, long: pd.DataFrame, plan: _Plan) -> pd.Series:
        if plan.layout == "wide":
            return long["indicator"]
        lookup = _indicator_lookup(self.framework)
        codes, keys = pd.factorize(long["indicator"])
        resolved: list[str | None] = []
        failures: dict[int, tuple[str, dict]] = {}
        for i, raw in enumerate(keys):
            key = str(raw).strip()
            resolved.append(lookup.get(_norm(key)) if key else None)
            if not key:
                failures[i] = ("importer.missing_key", {"role": _ROLE_NAMES["indicator"]})
            elif resolved[-1] is None:
                self._unknown_indicators += 1
                hints = _suggest(key, lookup) if self._unknown_indicators <= 50 else []
                failures[i] = ("importer.unknown_indicator", {"key": key, "hint": _hint(hints)})
        column = plan.header("indicator")
        self._report_keys(long, codes, failures, field_name="indicator", column=column)
        return _take_text(resolved, codes)

    def _parse_periods(self, long: pd.DataFrame, column: str) -> np.ndarray:
        """Years as floats (NaN where invalid); whole years in the accepted range only."""
        low, high = self.limits.min_period, self.limits.last_period
        codes, keys = pd.factorize(long["period"])
        years = np.full(len(keys), np.nan)
        failures: dict[int, tuple[str, dict]] = {}
        for i, raw in enumerate(keys):
            text = str(raw).replace("\u00a0", "").strip()
            if not text:
                failures[i] = ("importer.missing_key", {"role": _ROLE_NAMES["period"]})
            elif not re.fullmatch(r"\d+(?:[.,]0+)?", text):
                failures[i] = ("importer.period_not_year", {})
            elif not low <= int(re.split(r"[.,]", text)[0]) <= high:
                year = int(re.split(r"[.,]", text)[0])
                failures[i] = (
                    "importer.period_out_of_range",
                    {"period": year, "low": low, "high": high},
                )
            else:
                years[i] = int(re.split(r"[.,]", text)[0])
        self._report_keys(long, codes, failures, field_name="period", column=column)
        return years[codes]

    # ------------------------------------------------------------------ values

    def _parse_values(
        self, long: pd.DataFrame, indicator: pd.Series
    ) -> tuple[np.ndarray, np.ndarray]:
        """Values per row and the mask of rows whose value is usable."""
        values = np.full(len(long), np.nan)
        status = np.zeros(len(long), dtype=np.int8)
        for column, positions in long.groupby("_column", sort=False).indices.items():
            codes, texts = pd.factorize(long["value"].iloc[positions])
            parsed, state, assumed = _parse_numbers(pd.Series(texts, dtype="str"))
            values[positions] = parsed[codes]
            status[positions] = state[codes]
            if assumed.any():
                self._warn_assumed(long, positions, codes, texts, parsed, assumed, column)
        self._parse_ordered(long, indicator, values, status)
        labels = {1: "importer.not_a_number", 2: "importer.ambiguous_number"}
        for state, code in labels.items():
            self.problems.add_rows(code, long[status == state])
        self._report_categories(long[status == 3], indicator[status == 3])
        return values, status == 0

    def _warn_assumed(
        self,
        long: pd.DataFrame,
        positions: np.ndarray,
        codes: np.ndarray,
        texts: pd.Index,
        parsed: np.ndarray,
        assumed: np.ndarray,
        column: str,
    ) -> None:
        """One warning per column where "1.234"-like values were read by the default rule."""
        rows = assumed[codes]
        first = int(np.argmax(assumed))
        self.problems.add(
            "importer.ambiguous_number_assumed",
            severity="warning",
            row=int(long["_row"].iloc[positions[np.argmax(rows)]]),
            column=column,
            count=int(rows.sum()),
            example=str(texts[first]),
            parsed=_fmt(parsed[first]),
        )

    def _parse_ordered(
        self, long: pd.DataFrame, indicator: pd.Series, values: np.ndarray, status: np.ndarray
    ) -> None:
        """Replace values of ordered indicators by category positions; status 3 when unknown."""
        ordered = {i.id: i for i in self.framework.indicators if i.direction == "ord"}
        mask = indicator.isin(list(ordered)).to_numpy(dtype=bool)
        if not mask.any():
            return
        where = np.flatnonzero(mask)
        pairs = pd.DataFrame(
            {
                "indicator": indicator.iloc[where].to_numpy(),
                "text": long["value"].iloc[where].to_numpy(),
            }
        )
        for (ident, text), group in pairs.groupby(["indicator", "text"]).indices.items():
            rows = where[group]
            value = _ord_value(ordered[ident], text, values[rows[0]])
            values[rows] = np.nan if value is None else value
            status[rows] = 3 if value is None else 0

    def _report_categories(self, rows: pd.DataFrame, indicator: pd.Series) -> None:
        by_id = self.framework.by_id
        self.problems.add_rows(
            "importer.bad_category",
            rows.assign(_indicator=indicator.to_numpy()),
            params=lambda r: {
                "indicator": r["_indicator"],
                "categories": ", ".join(by_id[r["_indicator"]].categories),
                "n": len(by_id[r["_indicator"]].categories),
            },
        )

    def _check_ranges(
        self, long: pd.DataFrame, indicator: pd.Series, values: np.ndarray, valid: np.ndarray
    ) -> np.ndarray:
        """Errors outside hard bounds, warnings outside the typical range; the in-bounds mask."""
        codes, ids = pd.factorize(indicator)
        by_id = self.framework.by_id
        limits = {}
        for name in ("bounds", "typical"):
            for side, index in (("low", 0), ("high", 1)):
                per_id = [
                    getattr(by_id[i], name)[index]
                    if i in by_id and getattr(by_id[i], name)
                    else np.nan
                    for i in ids
                ]
                # codes are -1 for rows without an indicator: they pick the appended NaN.
                limits[f"{name}_{side}"] = np.append(np.asarray(per_id, dtype=float), np.nan)[codes]
        outside = valid & ((values < limits["bounds_low"]) | (values > limits["bounds_high"]))
        unusual = valid & ~outside
        unusual &= (values < limits["typical_low"]) | (values > limits["typical_high"])
        for code, mask, name, severity in (
            ("importer.out_of_bounds", outside, "bounds", "error"),
            ("importer.atypical_value", unusual, "typical", "warning"),
        ):
            self._report_range(code, long, indicator, values, mask, name, severity)
        return ~outside

    def _report_range(
        self,
        code: str,
        long: pd.DataFrame,
        indicator: pd.Series,
        values: np.ndarray,
        mask: np.ndarray,
        name: str,
        severity: str,
    ) -> None:
        by_id = self.framework.by_id

        def params(record: dict) -> dict:
            ind = by_id[record["_indicator"]]
            low, high = getattr(ind, name)
            return {
                "number": _fmt(record["_number"]),
                "low": _fmt(low),
                "high": _fmt(high),
                "unit_text": ind.unit,
                "indicator": ind.id,
            }

        where = np.flatnonzero(mask)
        rows = long.iloc[where].assign(
            _indicator=indicator.iloc[where].to_numpy(), _number=values[where]
        )
        self.problems.add_rows(code, rows, severity=severity, params=params)

    # ------------------------------------------------------------------ duplicates

    def _check_duplicates(self, obs: pd.DataFrame) -> pd.DataFrame:
        """Conflicting duplicates are errors; identical ones a warning and kept once."""
        key = _observation_key(obs)
        repeated = np.flatnonzero(pd.Series(key).duplicated(keep=False).to_numpy(dtype=bool))
        if not len(repeated):
            return obs
        rows = obs["_row"].to_numpy()[repeated]
        values = obs["value"].to_numpy()[repeated]
        order = np.lexsort((rows, key[repeated]))  # by key, then by row: the first comes first
        repeated, rows, values, key = (
            repeated[order],
            rows[order],
            values[order],
            key[repeated][order],
        )
        starts = np.r_[True, key[1:] != key[:-1]]
        first = np.maximum.accumulate(np.where(starts, np.arange(len(key)), 0))
        later, same = ~starts, values == values[first]
        group = obs.iloc[repeated].assign(_first_row=rows[first], _first_value=values[first])

        def params(record: dict) -> dict:
            return {
                "first_row": int(record["_first_row"]),
                "region": record["region_code"],
                "indicator": record["indicator_id"],
                "period": int(record["period"]),
                "first_number": _fmt(record["_first_value"]),
                "number": _fmt(record["value"]),
            }

        identical = group[later & same]
        self.problems.add_rows(
            "importer.duplicate_identical", identical, value=None, severity="warning", params=params
        )
        conflicts = group[later & ~same]
        conflicts = conflicts.assign(_text=conflicts["value"].map(_fmt))
        self.problems.add_rows(
            "importer.duplicate_conflict", conflicts, value="_text", params=params
        )
        return obs.drop(index=identical.index)


def _observation_key(obs: pd.DataFrame) -> np.ndarray:
    """One int64 per (region, indicator, period), so duplicates are found on integers."""
    regions, _ = pd.factorize(obs["region_code"])
    indicators, ids = pd.factorize(obs["indicator_id"])
    periods = obs["period"].to_numpy(dtype=np.int64)
    span = int(periods.max() - periods.min()) + 1 if len(periods) else 1
    combined = regions.astype(np.int64) * len(ids) + indicators
    return combined * span + (periods - (periods.min() if len(periods) else 0))


def _to_long(rows: pd.DataFrame, plan: _Plan) -> pd.DataFrame:
    """One row per (row, value column), keeping the spreadsheet row and the value's header."""
    base = {
        role: rows[plan.roles[role]]
        for role in ("region", "period", "source", "reference_date", "note")
        if role in plan.roles
    }
    base["_row"] = rows["_row"]
    if plan.layout == "long":
        long = pd.DataFrame(
            {**base, "indicator": rows[plan.roles["indicator"]], "value": rows[plan.roles["value"]]}
        )
        long["_column"] = plan.header("value")
        return long
    parts = []
    for position, ident in plan.indicators.items():
        part = pd.DataFrame({**base, "value": rows[position]})
        part["indicator"] = ident
        part["_column"] = plan.headers[position]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _take_text(uniques: list[str | None], codes: np.ndarray) -> pd.Series:
    """Expand per-distinct-key results to rows without building a million Python strings."""
    table = pd.array([*uniques, None], dtype="str")
    return pd.Series(table.take(np.where(codes < 0, len(uniques), codes)))


def _missing_mask(values: pd.Series) -> np.ndarray:
    """Rows whose value text means "no value" (empty, "-", "n/a", ...)."""
    codes, texts = pd.factorize(values)
    normalised = pd.Series(texts, dtype="str").str.strip().str.lower()
    return normalised.isin(list(MISSING_TOKENS)).to_numpy(dtype=bool)[codes]


def _text_or(long: pd.DataFrame, role: str, default: str) -> pd.Series | str:
    """A trimmed optional text column, ``default`` where empty or absent."""
    if role not in long:
        return default
    text = long[role].str.strip()
    return text.where(text != "", default)
