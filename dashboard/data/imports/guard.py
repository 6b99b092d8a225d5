"""Hostile files refused before any parser sees them: zip bombs, XML entities, giant sheets.

An upload's size limit counts the compressed file only; a 2 MB XLSX can inflate to gigabytes,
declare entities that expand exponentially, or hold millions of rows that a reader would
materialise. :func:`check_archive` judges a zip (XLSX, zipped shapefile) by its directory (parts,
inflated sizes, ratios, encryption, duplicate names) and then streams every XML part once, in
chunks, through cheap byte scans: a DTD or entity declaration anywhere, an encoding other than
UTF-8, a text run longer than a cell may be, and for worksheets the rows holding values, the
cells per row and in total, counted before anything is held in memory. Python's ``zipfile``
never returns more bytes than a part declares (a lying size fails its CRC check), so the
declared sizes bound the work. Each refusal is a :class:`DataError` naming the file and reason.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

import numpy as np

from dashboard.data.errors import DataError

if TYPE_CHECKING:  # the tables package imports this module
    from dashboard.data.imports.tables.contract import ImportLimits

MB = 1024 * 1024
CHUNK = 4 * MB
RATIO_FLOOR = MB  # parts smaller than this may compress as well as they like
XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD = re.compile(rb"<!(?i:doctype|entity|element|attlist|notation)")
_XML_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8_NAMES = {b"utf-8", b"utf8"}
_LT = ord("<")
_SPACE, _GT, _SLASH = ord(" "), ord(">"), ord("/")
_ALLOWED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


@dataclass
class ArchiveFacts:
    """What the scan learnt: the data rows of each worksheet (for messages and tests)."""

    parts: int = 0
    inflated: int = 0
    sheet_rows: dict[str, int] = field(default_factory=dict)


def check_archive(
    source: Path | str | bytes | IO[bytes],
    *,
    name: str,
    limits: ImportLimits,
    xml: bool = True,
) -> ArchiveFacts:
    """Refuse a zip that would cost too much to open; scan its XML parts when ``xml``."""
    try:
        archive = zipfile.ZipFile(source if not isinstance(source, bytes) else _bytes_io(source))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DataError("guard.bad_zip", file=name, detail=str(exc) or type(exc).__name__) from None
    with archive:
        infos = archive.infolist()
        facts = _check_directory(infos, name=name, limits=limits)
        if xml:
            for info in infos:
                if info.filename.lower().endswith(XML_SUFFIXES):
                    _scan_xml(archive, info, name=name, limits=limits, facts=facts)
    return facts


def _bytes_io(raw: bytes) -> IO[bytes]:
    import io

    return io.BytesIO(raw)


def _check_directory(infos: list[zipfile.ZipInfo], *, name: str, limits: ImportLimits):
    if len(infos) > limits.max_parts:
        raise DataError("guard.too_many_parts", file=name, parts=len(infos), limit=limits.max_parts)
    seen: set[str] = set()
    total = 0
    for info in infos:
        part = info.filename
        if part in seen:
            raise DataError("guard.duplicate_part", file=name, part=_short(part))
        seen.add(part)
        if info.flag_bits & 0x1:
            raise DataError("guard.encrypted", file=name, part=_short(part))
        if info.compress_type not in _ALLOWED_METHODS:
            raise DataError("guard.compression", file=name, part=_short(part))
        if info.file_size > limits.max_part_bytes:
            raise DataError(
                "guard.part_too_large",
                file=name,
                part=_short(part),
                size=_mb(info.file_size),
                limit=_mb(limits.max_part_bytes),
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
            raise DataError(
                "guard.ratio",
                file=name,
                part=_short(part),
                ratio=f"{ratio:,.0f}",
                limit=f"{limits.max_ratio:,.0f}",
            )
        total += info.file_size
    if total > limits.max_inflated_bytes:
        raise DataError(
            "guard.inflated_too_large",
            file=name,
            size=_mb(total),
            limit=_mb(limits.max_inflated_bytes),
        )
    return ArchiveFacts(parts=len(infos), inflated=total)


def _scan_xml(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    *,
    name: str,
    limits: ImportLimits,
    facts: ArchiveFacts,
) -> None:
    part = info.filename
    lower = part.lower()
    sheet = lower.startswith("xl/worksheets/") and lower.endswith(".xml")
    texts = sheet or lower.endswith("sharedstrings.xml")
    counter = _SheetCounter(limits) if sheet else None
    # a cell's text is a run without "<" (entities such as &amp; take up to 6 bytes a character)
    max_run = limits.max_cell_chars * 6 + 64
    run = 0
    shared = 0
    tail = carry = b""
    first = True
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                if first:
                    _check_prolog(chunk, name=name, part=part)
                    first = False
                if _DTD.search(tail + chunk):
                    raise DataError("guard.xml_dtd", file=name, part=_short(part))
                tail = chunk[-16:]
                # cut before the last "<" so no tag is split between two scans
                data = carry + chunk
                cut = data.rfind(b"<")
                cut = len(data) if cut <= 0 else cut
                data, carry = data[:cut], data[cut:]
                array = np.frombuffer(data, dtype=np.uint8)
                opens = np.flatnonzero(array == _LT)
                if texts:
                    run = _longest_run(opens, len(data), run, max_run, name=name, part=part)
                if counter is not None:
                    counter.feed(array, opens, name=name, part=part)
                if lower.endswith("sharedstrings.xml"):
                    shared += data.count(b"<si>") + data.count(b"<si ")
                    if shared > limits.max_shared_strings:
                        raise DataError(
                            "guard.too_many_strings",
                            file=name,
                            part=_short(part),
                            limit=f"{limits.max_shared_strings:,}",
                        )
            if carry and counter is not None:
                array = np.frombuffer(carry, dtype=np.uint8)
                counter.feed(array, np.flatnonzero(array == _LT), name=name, part=part)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:  # a lying size, bad data
        raise DataError("guard.bad_zip", file=name, detail=str(exc) or type(exc).__name__) from None
    if counter is not None:
        facts.sheet_rows[part] = counter.rows


def _check_prolog(head: bytes, *, name: str, part: str) -> None:
    """UTF-8 only: other encodings (UTF-16 above all) would hide a DTD from the byte scans."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 1 and head[1:2] == b"\x00"):
        raise DataError("guard.xml_encoding", file=name, part=_short(part), encoding="UTF-16")
    text = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    match = _XML_DECL_ENCODING.match(text.lstrip())
    if match and match[1].lower() not in _UTF8_NAMES:
        encoding = match[1].decode("ascii", "replace")
        raise DataError("guard.xml_encoding", file=name, part=_short(part), encoding=encoding)


def _longest_run(
    opens: np.ndarray, length: int, run: int, max_run: int, *, name: str, part: str
) -> int:
    """The run without "<" still open at the chunk's end; refuses one longer than ``max_run``."""
    if not len(opens):
        run += length
    else:
        longest = max(run + int(opens[0]), int(np.diff(opens).max(initial=1)) - 1)
        run = length - int(opens[-1]) - 1
        if longest > max_run:
            run = longest
    if run > max_run:
        raise DataError(
            "guard.long_text", file=name, part=_short(part), limit=f"{(max_run - 64) // 6:,}"
        )
    return run


class _SheetCounter:
    """Rows holding a value, cells per row and in total, from a worksheet's bytes.

    Tags are recognised by the bytes after "<": ``<row`` then space or ">", ``<c`` then space,
    ">" or "/", a value ``<v>`` or an inline string ``<is>``. A tag cut by a chunk boundary is
    rare and only ever makes a count smaller by one; the reader counts again while parsing.
    """

    def __init__(self, limits: ImportLimits) -> None:
        self.limits = limits
        self.rows = 0  # rows with at least one value
        self.cells = 0
        self.row_cells = 0  # cells of the row still open at the end of the last chunk
        self.row_counted = True  # that row's value already counted (True: no row open yet)

    def feed(self, array: np.ndarray, opens: np.ndarray, *, name: str, part: str) -> None:
        after = [_at(array, opens + k) for k in (1, 2, 3, 4)]
        rows = opens[
            (after[0] == ord("r"))
            & (after[1] == ord("o"))
            & (after[2] == ord("w"))
            & ((after[3] == _SPACE) | (after[3] == _GT))
        ]
        cells = opens[
            (after[0] == ord("c"))
            & ((after[1] == _SPACE) | (after[1] == _GT) | (after[1] == _SLASH))
        ]
        values = opens[
            ((after[0] == ord("v")) & (after[1] == _GT))
            | ((after[0] == ord("i")) & (after[1] == ord("s")) & (after[2] == _GT))
        ]
        self.cells += len(cells)
        if self.cells > self.limits.max_cells:
            raise DataError(
                "guard.too_many_cells",
                file=name,
                part=_short(part),
                limit=f"{self.limits.max_cells:,}",
            )
        self._count_rows(rows, values)
        self._count_columns(rows, cells, name=name, part=part)
        if self.rows > self.limits.max_rows:
            raise DataError(
                "guard.too_many_rows",
                file=name,
                part=_short(part),
                limit=f"{self.limits.max_rows:,}",
            )

    def _count_rows(self, rows: np.ndarray, values: np.ndarray) -> None:
        owner = np.searchsorted(rows, values, side="right") - 1  # -1: the row left open before
        if not self.row_counted and (owner == -1).any():
            self.rows += 1
        if len(rows):
            found = owner[owner >= 0]  # sorted: values and rows both come in file order
            self.rows += int(np.count_nonzero(np.diff(found))) + 1 if len(found) else 0
            self.row_counted = bool(len(found)) and int(found[-1]) == len(rows) - 1
        elif (owner == -1).any():
            self.row_counted = True

    def _count_columns(self, rows: np.ndarray, cells: np.ndarray, *, name: str, part: str) -> None:
        owner = np.searchsorted(rows, cells, side="right") - 1
        widths = np.bincount(owner + 1, minlength=len(rows) + 1)
        widths[0] += self.row_cells
        widest = int(widths.max(initial=0))
        self.row_cells = int(widths[-1]) if len(rows) else int(widths[0])
        if widest > self.limits.max_columns:
            raise DataError(
                "guard.too_many_columns",
                file=name,
                part=_short(part),
                limit=f"{self.limits.max_columns:,}",
            )


def _at(array: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """The bytes at ``positions`` (0 past the end)."""
    inside = positions < len(array)
    out = np.zeros(len(positions), dtype=np.uint8)
    out[inside] = array[positions[inside]]
    return out


def _short(part: str) -> str:
    text = "".join(ch for ch in part if ch.isprintable())
    return text if len(text) <= 120 else text[:117] + "..."


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB"
