"""Small hand-kept tables (targets, events): read with the indicator importer's reader, checked row
by row, so every problem names the file, the spreadsheet row, the column and the reason.

The reading rules (CSV/XLSX, encodings, title rows, the guard's limits) are the import contract's
(:mod:`dashboard.data.imports.tables`); the column roles and checks are each kind's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from dashboard.data.errors import DataError, Report
from dashboard.data.imports.tables import ImportLimits
from dashboard.data.imports.tables.columns import norm_header
from dashboard.data.imports.tables.problems import Problems
from dashboard.data.imports.tables.reading import read_file

MAX_ROWS = 100_000  # a plan's targets or an events list: thousands of rows at most


@dataclass(frozen=True)
class Rows:
    """The table's data rows as text (``_row`` = spreadsheet row) and each role's column."""

    frame: pd.DataFrame
    columns: dict[str, str]  # role -> header text
    letters: dict[str, str]  # role -> column letter


def read_rows(
    path: Path,
    *,
    name: str,
    roles: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    problems: Problems,
    limits: ImportLimits | None = None,
    sheet: str | None = None,
) -> Rows | None:
    """The non-blank rows with the columns of ``roles`` found, or None after reporting why not."""
    limits = limits or ImportLimits()
    try:
        if path.stat().st_size > limits.max_bytes:
            problems.add("importer.too_large", size=path.stat().st_size, limit=limits.max_bytes)
            return None
        table = read_file(path, name=name, sheet=sheet, limits=limits)
    except OSError as exc:
        problems.add("importer.unreadable", detail=exc.strerror or str(exc))
        return None
    except DataError as exc:
        problems.add(exc.code, row=exc.row, column=exc.column, **exc.params)
        return None
    headers = list(table.frame.columns)
    found: dict[str, str] = {}
    letters: dict[str, str] = {}
    for position, header in enumerate(headers):
        key = norm_header(header)
        for role, aliases in roles.items():
            if key in aliases and role not in found:
                found[role] = header
                letters[role] = get_column_letter(position + 1)
    missing = [role for role in required if role not in found]
    for role in missing:
        problems.add(
            "targets.missing_column",
            row=table.header_row,
            role=role,
            names=", ".join(roles[role][:3]),
        )
    if missing:
        return None
    frame = table.frame
    filled = pd.Series(False, index=frame.index)
    for header in headers:
        filled |= frame[header].astype(str).str.strip() != ""
    rows = frame[filled].copy()
    if rows.empty:
        problems.add("importer.no_data_rows")
        return None
    if len(rows) > MAX_ROWS:
        problems.add("importer.too_many_rows", rows=len(rows), limit=MAX_ROWS)
        return None
    rows["_row"] = table.header_row + 1 + rows.index.to_numpy()
    return Rows(rows.reset_index(drop=True), found, letters)


def cell(rows: Rows, record: dict, role: str) -> str:
    """A row's trimmed text in a role's column ("" when the role has no column)."""
    header = rows.columns.get(role)
    return "" if header is None else str(record.get(header, "")).strip()


def new_problems(name: str) -> Problems:
    return Problems(Report(file=name))
