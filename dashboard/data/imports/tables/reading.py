"""Every cell of a CSV or XLSX file as text, below the header row that was found."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from dashboard.data.errors import DataError
from dashboard.data.imports.tables.columns import Table, find_header, split_header
from dashboard.data.imports.tables.contract import ImportLimits
from dashboard.data.imports.tables.sniffing import decode, detect_format
from dashboard.data.imports.tables.xlsx import read_xlsx


def read_table(
    path: Path | str, *, sheet: str | None = None, display_name: str | None = None
) -> tuple[pd.DataFrame, int]:
    """Every cell of a CSV or XLSX file as text, and the header's row number.

    Data row ``i`` (0-based, blank rows kept) is spreadsheet row ``header_row + 1 + i``. Raises
    DataError for files that cannot be read as a table at all.
    """
    path = Path(path)
    table = read_file(path, name=display_name or path.name, sheet=sheet)
    return table.frame, table.header_row


def read_file(
    path: Path, *, name: str, sheet: str | None, limits: ImportLimits | None = None
) -> Table:
    """The file as a table of text cells; ``limits`` bound what reading it may cost."""
    limits = limits or ImportLimits()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError("importer.unreadable", file=name, detail=exc.strerror or str(exc)) from None
    if not raw:
        raise DataError("importer.empty_file", file=name)
    if detect_format(raw, suffix=Path(name).suffix.lower(), name=name) == "xlsx":
        return read_xlsx(raw, name=name, sheet=sheet, limits=limits)
    return read_csv(raw, name=name, limits=limits)


def read_csv(raw: bytes, *, name: str, limits: ImportLimits | None = None) -> Table:
    limits = limits or ImportLimits()
    # the shape is checked before the whole file is decoded (a second copy of it)
    first = _sniff_delimiter(_head(raw[:65536].decode("utf-8", "replace"), len(raw) > 65536))
    _check_csv_shape(raw, first, name=name, limits=limits)
    text, encoding = decode(raw, name=name)
    if not text.strip():
        raise DataError("importer.empty_file", file=name)
    sample = _head(text[:65536], len(text) > 65536)
    delimiter = _sniff_delimiter(sample)
    head = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    header = find_header(head[:50])
    if header is None:
        raise DataError("importer.empty_file", file=name)
    if delimiter != first:
        _check_csv_shape(raw, delimiter, name=name, limits=limits)
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
    _check_cell_lengths(frame, skip=header, name=name, limits=limits)
    return split_header(frame, header_row=header + 1)


CHUNK = 4 * 1024 * 1024


def _check_csv_shape(raw: bytes, delimiter: str, *, name: str, limits: ImportLimits) -> None:
    """Rows, columns, cells and field lengths from the bytes, before pandas holds any of it.

    Read in blocks of whole lines (a few MB of counters at a time). Quoted delimiters and line
    breaks make these counts upper bounds for rows and columns and split a long field's run; the
    columns are then counted properly, and cell lengths are checked exactly after parsing.
    """
    view, size = memoryview(raw), len(raw)
    cells, filled, lines, widest, start = 1, 0, 0, 0, 0
    sep, newline, carriage = ord(delimiter), ord("\n"), ord("\r")
    while start < size:
        end = raw.rfind(b"\n", start, min(start + CHUNK, size)) + 1
        if end <= start:  # a line longer than a block
            found = raw.find(b"\n", start + CHUNK)
            end = found + 1 if found >= 0 else size
        data = np.frombuffer(view[start:end], dtype=np.uint8)
        newlines = np.flatnonzero(data == newline)
        delimiters = np.flatnonzero(data == sep)
        cells += len(newlines) + len(delimiters)
        if cells > limits.max_cells:
            limit = f"{limits.max_cells:,}"
            raise DataError("guard.too_many_cells", file=name, part="CSV", limit=limit)
        separators = np.flatnonzero((data == sep) | (data == newline))
        bounds = np.concatenate(([-1], separators, [len(data)]))
        runs = np.diff(bounds) - 1
        longest = int(np.argmax(runs))
        if runs[longest] > limits.max_cell_chars * 4 + 2:  # UTF-8: up to 4 bytes a character
            row = lines + int(np.searchsorted(newlines, bounds[longest] + 1)) + 1
            limit = f"{limits.max_cell_chars:,}"
            raise DataError("guard.cell_too_long", file=name, row=row, limit=limit)
        starts = np.concatenate(([0], newlines + 1))
        ends = np.append(newlines, len(data))
        keep = starts < ends
        starts, ends = starts[keep], ends[keep]
        in_line = np.searchsorted(delimiters, ends) - np.searchsorted(delimiters, starts)
        returns = data[ends - 1] == carriage
        filled += int((((ends - starts) - in_line - returns) > 0).sum())
        widest = max(widest, int(in_line.max(initial=0)) + 1)
        lines += len(newlines)
        start = end
    if filled > limits.max_rows + 50:  # + title rows and the header
        raise DataError("importer.too_many_rows", rows=f"{filled - 1:,}", limit=limits.max_rows)
    if widest > limits.max_columns and _widest(raw, delimiter, limits.max_columns):
        limit = f"{limits.max_columns:,}"
        raise DataError("guard.too_many_columns", file=name, part="CSV", limit=limit)


def _widest(raw: bytes, delimiter: str, limit: int) -> bool:
    """Whether a row really has more than ``limit`` fields (quoted delimiters not counted)."""
    text = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="replace", newline="")
    return any(len(row) > limit for row in csv.reader(text, delimiter=delimiter))


def _check_cell_lengths(frame: pd.DataFrame, *, skip: int, name: str, limits: ImportLimits) -> None:
    for position in range(frame.shape[1]):
        lengths = frame.iloc[:, position].str.len().to_numpy()
        if len(lengths) and int(lengths.max()) > limits.max_cell_chars:
            row = skip + 1 + int(np.argmax(lengths))
            raise DataError(
                "guard.cell_too_long",
                file=name,
                row=row,
                column=get_column_letter(position + 1),
                limit=f"{limits.max_cell_chars:,}",
            )


def _head(sample: str, cut: bool) -> str:
    """The sample up to its last whole line when the file goes on after it."""
    return sample[: sample.rfind("\n") + 1] if cut and "\n" in sample else sample


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
