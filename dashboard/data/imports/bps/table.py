"""The layout of a BPS website "statistics table" export (XLSX or CSV, Indonesian or English).

What the BPS website writes when a table "menurut Kabupaten/Kota" is downloaded::

    [Metode Baru] Indeks Pembangunan Manusia Menurut Kabupaten/Kota     <- title rows (optional)
    Provinsi/Kabupaten/Kota | [Metode Baru] Indeks Pembangunan Manusia  <- region column header
                            | 2022 | 2023 | 2024                         <- years (same or next row)
    ACEH                    | 72,80 | ...                               <- province heading
    Simeulue                | 67,41 | ...                               <- regency ("Kota X": city)
    ...
    INDONESIA               | 72,91 | ...
    Sumber: ... / Source Url: https://www.bps.go.id/... / Access Time: ... / Catatan: ...

The region column is recognised by its header ("Kabupaten/Kota", "Provinsi/Kabupaten/Kota",
"Regency/Municipality", ...), the year columns by four-digit years in the header row or in one of
the two rows below it; a table with a period column ("tahun", "year") is an ordinary long table,
not a BPS one. Missing values are "-", "..." or empty (the importer's missing markers). Lines
starting with "Sumber", "Source", "Catatan", "Note", "Keterangan" or "Access Time" end the data.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field

from dashboard.data.imports.tables.columns import ROLE_ALIASES, norm_header

HEADER_SCAN_ROWS = 15
YEAR_ROWS_BELOW = 2
_YEAR = re.compile(r"^((?:19|20)\d{2})(?:\.0+)?\s*(?:\*+|\([a-z]+\))?$")
_REGION_HEADER = re.compile(
    r"^(provinsi_)?(kabupaten|kab)_kota(_provinsi)?(_indonesia)?$"
    r"|^(province_)?(regency|regencies)_(municipality|municipalities|city|cities)(_indonesia)?$"
)
_FOOTER = re.compile(
    r"^\s*(?:(?:sumber|source|catatan|note|notes|keterangan|access time|waktu akses|diakses|"
    r"accessed)\b|\*)",
    re.IGNORECASE,
)
_SOURCE_URL = re.compile(r"https?://\S+")
_VAR_IN_URL = re.compile(r"/indicator/\d+/(\d+)/|/statistics-table/\d+/([A-Za-z0-9=%]+)")
_PERIOD_HEADERS = frozenset(ROLE_ALIASES["period"])


@dataclass
class Entry:
    """One data row: where it is, its name, its heading's text and its cells per year."""

    row: int
    name: str
    heading: str
    cells: dict[str, str]  # year header text -> cell text


@dataclass
class BpsTable:
    """What was read from the layout; names are not matched yet (see :mod:`.names`)."""

    title: str
    region_header: str
    years: dict[str, int]  # year header text -> year
    entries: list[Entry] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)  # (row, text), in order
    footer: list[str] = field(default_factory=list)
    orphans: list[Entry] = field(default_factory=list)  # regency rows before any heading
    repeated_years: list[str] = field(default_factory=list)  # a year heading two columns
    extra_columns: dict[int, int] = field(default_factory=dict)  # column -> first row, no year

    @property
    def source_url(self) -> str:
        for line in self.footer:
            match = _SOURCE_URL.search(line)
            if match:
                return match.group(0).rstrip(".,;")
        return ""

    @property
    def access_time(self) -> str:
        for line in self.footer:
            head, _, rest = line.partition(":")
            if head.strip().lower() in {"access time", "waktu akses", "diakses", "accessed"}:
                return rest.strip()
        return ""

    @property
    def var(self) -> str:
        """The BPS variable number from the source URL ("413"), or ""."""
        match = _VAR_IN_URL.search(self.source_url)
        if not match:
            return ""
        if match.group(1):
            return match.group(1)
        return _table_var(match.group(2))


def _table_var(token: str) -> str:
    """``statistics-table/2/NDEzIzI=`` holds base64 "413#2": the variable is 413."""
    try:
        text = base64.b64decode(token.replace("%3D", "="), validate=True).decode("ascii")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return ""
    number = text.split("#", 1)[0]
    return number if number.isdigit() else ""


def year_of(text: str) -> int | None:
    match = _YEAR.match(str(text).strip().lower())
    return int(match.group(1)) if match else None


def find_layout(rows: list[tuple[int, list[str]]]) -> tuple[int, int, int, dict[int, int]] | None:
    """(index of the header row, the region column, index of the year row, column -> year).

    None when the rows do not have the BPS layout.
    """
    filled = [i for i, (_, cells) in enumerate(rows) if any(c.strip() for c in cells)]
    for i in filled[:HEADER_SCAN_ROWS]:
        keys = [norm_header(c) for c in rows[i][1]]
        if any(k in _PERIOD_HEADERS for k in keys):
            return None
        region = next((j for j, k in enumerate(keys) if _REGION_HEADER.match(k)), None)
        if region is None:
            continue
        for below in range(i, min(i + YEAR_ROWS_BELOW + 1, len(rows))):
            years = {
                j: year
                for j, cell in enumerate(rows[below][1])
                if j != region and (year := year_of(cell)) is not None
            }
            if years:
                return i, region, below, years
    return None


def read_layout(rows: list[tuple[int, list[str]]]) -> BpsTable | None:
    """The BPS table in ``rows`` ((spreadsheet row, cells) in file order), or None."""
    layout = find_layout(rows)
    if layout is None:
        return None
    header, region, year_row, columns = layout
    title_rows = [" ".join(c.strip() for c in cells if c.strip()) for _, cells in rows[:header]]
    header_cells = rows[header][1]
    value_header = next(
        (cell.strip() for _, cells in rows[header:year_row + 1] for j, cell in enumerate(cells)
         if j != region and cell.strip() and year_of(cell) is None), ""
    )  # fmt: skip
    title = " ".join(t for t in title_rows if t) or value_header
    labels = {j: rows[year_row][1][j].strip() for j in columns}
    table = BpsTable(
        title=title,
        region_header=header_cells[region].strip(),
        years={labels[j]: year for j, year in columns.items()},
    )
    seen: dict[int, int] = {}
    for year in columns.values():
        seen[year] = seen.get(year, 0) + 1
    table.repeated_years = [str(y) for y, n in seen.items() if n > 1]
    heading = ""
    for number, cells in rows[year_row + 1 :]:
        name = cells[region].strip() if region < len(cells) else ""
        first = next((c.strip() for c in cells if c.strip()), "")
        if not first:
            continue
        filled = any(cells[j].strip() for j in columns if j < len(cells))
        if table.footer or (_FOOTER.match(first) and not filled):
            table.footer.append(" ".join(c.strip() for c in cells if c.strip()))
            continue
        if not name:
            continue
        for j in range(region + 1, len(cells)):  # values without a year above them
            if j not in columns and cells[j].strip() and j not in table.extra_columns:
                table.extra_columns[j] = number
        values = {labels[j]: (cells[j] if j < len(cells) else "") for j in columns}
        if _is_heading(name):
            heading = name
            table.headings.append((number, name))
            continue
        entry = Entry(number, name, heading, values)
        (table.entries if heading else table.orphans).append(entry)
    return table


def _is_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)
