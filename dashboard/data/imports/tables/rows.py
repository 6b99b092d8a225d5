"""Columns and rows of a table: unnamed and repeated headers, missing roles, blank rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from dashboard.data.framework import Framework
from dashboard.data.imports.tables.bilingual import ROLE_NAMES, hint
from dashboard.data.imports.tables.columns import (
    ROLE_ALIASES,
    Plan,
    Table,
    indicator_lookup,
    norm_header,
    suggest,
)
from dashboard.data.imports.tables.contract import UNSPECIFIED_SOURCE
from dashboard.data.imports.tables.problems import Problems


def clean_columns(table: Table, problems: Problems) -> pd.DataFrame:
    """Drop empty unnamed columns; report unnamed ones with data and repeated headers."""
    frame, header_row = table.frame, table.header_row
    groups: dict[str, list[int]] = {}
    for i, header in enumerate(frame.columns):
        if header:
            groups.setdefault(norm_header(header), []).append(i)
            continue
        filled = (frame.iloc[:, i].str.strip() != "").to_numpy(dtype=bool)
        if filled.any():
            letter = get_column_letter(i + 1)
            first = header_row + 1 + int(np.argmax(filled))
            problems.add(
                "importer.unnamed_column",
                row=first,
                column=letter,
                letter=letter,
                cells=int(filled.sum()),
            )
    for positions in groups.values():
        if len(positions) > 1:
            problems.add(
                "importer.duplicate_column",
                row=header_row,
                column=frame.columns[positions[0]],
                letters=", ".join(get_column_letter(p + 1) for p in positions),
            )
    return frame.iloc[:, sorted(p[0] for p in groups.values())]


def report_plan(plan: Plan, header_row: int, *, framework: Framework, problems: Problems) -> None:
    """Missing roles and unknown columns are errors; ignored columns and no source, warnings."""
    found = ", ".join(plan.headers) or "-"
    for role in plan.missing:
        problems.add(
            "importer.missing_column",
            row=header_row,
            role=ROLE_NAMES[role],
            accepted=", ".join(ROLE_ALIASES[role]),
            found=found,
        )
    lookup = indicator_lookup(framework)
    for i in plan.unknown:
        header = plan.headers[i]
        suggestion = hint(suggest(header, lookup))
        problems.add(
            "importer.unknown_column", row=header_row, column=header, header=header, hint=suggestion
        )
    for i in plan.ignored if not plan.missing else ():
        header = plan.headers[i]
        problems.add("importer.ignored_column", severity="warning", column=header, header=header)
    if not plan.missing and "source" not in plan.roles:
        problems.add("importer.no_source_column", severity="warning", default=UNSPECIFIED_SOURCE)


def data_rows(
    frame: pd.DataFrame, header_row: int, *, max_rows: int, problems: Problems
) -> tuple[pd.DataFrame | None, int]:
    """Non-blank data rows with their spreadsheet row number in ``_row`` (None if unusable),
    and how many there are."""
    filled = np.zeros(len(frame), dtype=bool)
    for i in range(frame.shape[1]):
        filled |= (frame.iloc[:, i].str.strip() != "").to_numpy(dtype=bool)
    positions = np.flatnonzero(filled)
    if not len(positions):
        problems.add("importer.no_data_rows")
        return None, 0
    if len(positions) > max_rows:
        problems.add("importer.too_many_rows", rows=len(positions), limit=max_rows)
        return None, len(positions)
    rows = frame if filled.all() else frame.iloc[positions].reset_index(drop=True)
    rows = rows.set_axis(range(rows.shape[1]), axis=1)
    rows["_row"] = header_row + 1 + positions
    return rows, len(positions)
