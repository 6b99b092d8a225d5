"""Every cell of a CSV or XLSX file as text, below the header row that was found."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data.errors import DataError
from dashboard.data.imports.tables.columns import Table, find_header, split_header
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


def read_file(path: Path, *, name: str, sheet: str | None) -> Table:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError("importer.unreadable", file=name, detail=exc.strerror or str(exc)) from None
    if not raw:
        raise DataError("importer.empty_file", file=name)
    if detect_format(raw, suffix=Path(name).suffix.lower(), name=name) == "xlsx":
        return read_xlsx(raw, name=name, sheet=sheet)
    return read_csv(raw, name=name)


def read_csv(raw: bytes, *, name: str) -> Table:
    text, encoding = decode(raw, name=name)
    if not text.strip():
        raise DataError("importer.empty_file", file=name)
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n") + 1]
    delimiter = _sniff_delimiter(sample)
    head = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    header = find_header(head[:50])
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
    return split_header(frame, header_row=header + 1)


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
