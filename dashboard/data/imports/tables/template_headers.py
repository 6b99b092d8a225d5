"""Collection templates as the importer sees them: "name (unit)" headers and the header check.

A template (``python -m dashboard template``, the download on ``/data``) heads each value column
with the indicator's name and unit, "Persentase penduduk miskin (%)", and carries a hidden sheet
(:data:`MARKER_SHEET`) listing the header it was written with, column by column. The importer
accepts those headers as indicator names, and a filled template whose header row was changed
gets one specific problem per changed column instead of a generic "unknown column".
"""

from __future__ import annotations

from dashboard.data.framework import Framework, Indicator

MARKER_SHEET = "kc_template"
MARKER_TAG = "kota-cerdas-template"
MARKER_VERSION = "1"
MAX_MARKER_ROWS = 200  # a template has at most 40 indicators plus 6 other columns


def template_header(indicator: Indicator, lang: str) -> str:
    """The header of an indicator's value column: its name in ``lang`` and its unit."""
    return f"{indicator.name(lang)} ({indicator.unit})"


def header_names(framework: Framework) -> dict[str, str]:
    """Every "name (unit)" header (id, Indonesian or English name) -> indicator id."""
    names: dict[str, str] = {}
    for ind in framework.indicators:
        for name in (ind.id, ind.name_id, ind.name_en):
            names.setdefault(f"{name} ({ind.unit})", ind.id)
    return names


def read_marker(book, sheet_title: str) -> list[tuple[int, str]] | None:
    """The (column position, header) pairs the template's data sheet ``sheet_title`` was written
    with; None for other files and other sheets."""
    if MARKER_SHEET not in book.sheetnames:
        return None
    sheet = book[MARKER_SHEET].iter_rows(max_row=MAX_MARKER_ROWS, max_col=3)
    rows = [[c.value for c in row] for row in sheet]
    head = (rows[0] + [None, None, None])[:3] if rows else [None] * 3
    if head[0] != MARKER_TAG or head[2] != sheet_title:
        return None
    expected = []
    for row in rows[1:]:
        position, header = ([*row, None, None])[:2]
        if isinstance(position, int | float) and 0 <= position < 1000 and header is not None:
            expected.append((int(position), str(header)))
    return expected or None


def changed_headers(
    expected: list[tuple[int, str]], headers: list[str], norm
) -> list[tuple[str, dict]]:
    """A problem (code, params) per template column whose header differs from the download,
    and per extra column with a header."""
    from openpyxl.utils import get_column_letter

    problems: list[tuple[str, dict]] = []
    known = {position for position, _ in expected}
    for position, header in expected:
        found = headers[position] if position < len(headers) else ""
        if norm(found) != norm(header):
            letter = get_column_letter(position + 1)
            params = {"letter": letter, "expected": header, "found": found or "-"}
            problems.append(("importer.template_header_changed", params))
    for position, header in enumerate(headers):
        if position not in known and str(header).strip():
            letter = get_column_letter(position + 1)
            problems.append(
                ("importer.template_extra_column", {"letter": letter, "header": header})
            )
    return problems
