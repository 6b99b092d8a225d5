"""Hostile files, generated (never committed): decompression bombs, XML entities, giant sheets.

Each builder writes one file and returns its path. Zips are written by a small raw writer so a
2 GiB whitespace sheet costs a second (one deflate block of spaces repeated, its CRC computed
chunk by chunk) and a 3-million-row sheet is its XML written directly, never a workbook object.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

MIB = 1024 * 1024

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>kode_wilayah</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>indikator</t></is></c>'
    b'<c r="C1" t="inlineStr"><is><t>tahun</t></is></c>'
    b'<c r="D1" t="inlineStr"><is><t>nilai</t></is></c></row>'
)


# ---------------------------------------------------------------------------- raw zip writer


class Entry:
    """One zip part: chunks to deflate, or a deflate block repeated (``repeat``) for bombs."""

    def __init__(
        self,
        name: str,
        chunks: Iterable[bytes] | bytes,
        *,
        repeat: tuple[bytes, int] | None = None,
        flags: int = 0,
        method: int = 8,
    ) -> None:
        self.name = name
        self.chunks = [chunks] if isinstance(chunks, bytes) else chunks
        self.repeat = repeat
        self.flags = flags
        self.method = method


def write_zip(path: Path, entries: Iterable[Entry]) -> Path:
    """A zip of ``entries`` (no zip64: parts stay below 4 GiB)."""
    central = []
    with path.open("wb") as out:
        for entry in entries:
            offset = out.tell()
            name = entry.name.encode()
            out.write(_local_header(name, entry, 0, 0, 0))
            crc, compressed, size = _write_data(out, entry)
            end = out.tell()
            out.seek(offset)
            out.write(_local_header(name, entry, crc, compressed, size))
            out.seek(end)
            central.append((name, entry, crc, compressed, size, offset))
        start = out.tell()
        for name, entry, crc, compressed, size, offset in central:
            out.write(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    20,
                    20,
                    entry.flags,
                    entry.method,
                    0,
                    0,
                    crc,
                    compressed,
                    size,
                    len(name),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + name
            )
        size = out.tell() - start
        out.write(
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), size, start, 0)
        )
    return path


def _local_header(name: bytes, entry: Entry, crc: int, compressed: int, size: int) -> bytes:
    header = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, entry.flags, entry.method, 0, 0,
        crc, compressed, size, len(name), 0,
    )  # fmt: skip
    return header + name


def _write_data(out, entry: Entry) -> tuple[int, int, int]:
    crc = size = compressed = 0
    if entry.repeat is not None:  # one full-flushed deflate block of `chunk`, `times` over
        chunk, times = entry.repeat
        deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
        for _ in range(times):
            out.write(block)
            crc = zlib.crc32(chunk, crc)
        final = deflate.flush(zlib.Z_FINISH)
        out.write(final)
        return crc, len(block) * times + len(final), len(chunk) * times
    deflate = zlib.compressobj(1, zlib.DEFLATED, -15) if entry.method == 8 else None
    for chunk in entry.chunks:
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        data = deflate.compress(chunk) if deflate else chunk
        out.write(data)
        compressed += len(data)
    if deflate:
        data = deflate.flush()
        out.write(data)
        compressed += len(data)
    return crc, compressed, size


def xlsx(path: Path, sheet: Iterable[bytes] | bytes | Entry, *extra: Entry) -> Path:
    """A minimal workbook (one sheet named "data") with ``sheet`` as its worksheet XML."""
    body = sheet if isinstance(sheet, Entry) else Entry("xl/worksheets/sheet1.xml", sheet)
    return write_zip(
        path,
        [
            Entry("[Content_Types].xml", CONTENT_TYPES),
            Entry("_rels/.rels", ROOT_RELS),
            Entry("xl/workbook.xml", WORKBOOK),
            Entry("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            body,
            *extra,
        ],
    )


# ---------------------------------------------------------------------------- the bombs


def whitespace_bomb(path: Path, gib: float = 2.0) -> Path:
    """Issue 17: a ~2 MB .xlsx whose sheet inflates to ``gib`` GiB of whitespace."""
    times = int(gib * 1024)
    sheet = Entry("xl/worksheets/sheet1.xml", b"", repeat=(b" " * MIB, times))
    return xlsx(path, sheet)


def sheet_rows(rows: int, *, first: int = 2, region: bytes = b"32.16") -> Iterator[bytes]:
    """``rows`` data rows of a valid long-layout sheet, written as XML in batches."""
    yield SHEET_HEAD + HEADER_ROW
    batch = []
    for number in range(first, first + rows):
        n = str(number).encode()
        batch.append(
            b'<row r="' + n + b'"><c r="A' + n + b'" t="inlineStr"><is><t>' + region
            + b'</t></is></c><c r="B' + n + b'" t="inlineStr"><is><t>ikm</t></is></c>'
            b'<c r="C' + n + b'"><v>2024</v></c><c r="D' + n + b'"><v>80</v></c></row>'
        )  # fmt: skip
        if len(batch) == 20_000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch) + SHEET_TAIL


def short_rows(rows: int) -> Iterator[bytes]:
    """``rows`` one-cell rows (about 30 bytes each: many rows within the part size limit)."""
    yield SHEET_HEAD + HEADER_ROW
    batch = []
    for number in range(2, rows + 2):
        batch.append(b'<row r="%d"><c><v>%d</v></c></row>' % (number, number))
        if len(batch) == 50_000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch) + SHEET_TAIL


def many_rows(path: Path, rows: int = 3_000_000) -> Path:
    """Issue 17: an .xlsx of 3 million rows."""
    return xlsx(path, short_rows(rows))


def huge_cell(path: Path, mib: int = 320, *, letters: bool = False) -> Path:
    """Issue 17: one cell of ``mib`` MiB of text ("x" repeated: a 0.3 MB file; ``letters``: varied
    text that compresses only about 4:1, so the ratio check does not catch it)."""
    head = SHEET_HEAD + HEADER_ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    tail = b"</t></is></c></row>" + SHEET_TAIL
    if letters:
        import random

        rng = random.Random(17)
        block = bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz ") for _ in range(MIB))
        chunks = [head, *([block] * mib), tail]
        return xlsx(path, chunks)
    return xlsx(path, [head, *([b"x" * MIB] * mib), tail])


def billion_laughs(path: Path) -> Path:
    """Issue 17: nested entities in the sheet's DTD (a classic XML bomb)."""
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10)
    )
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [' + entities + b"]>"
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + HEADER_ROW
        + b'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        + SHEET_TAIL
    )
    return xlsx(path, sheet)


def external_entity(path: Path, target: str = "file:///etc/passwd") -> Path:
    """Issue 17: an external entity (XXE) in the shared strings... here in the sheet itself."""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "' + target.encode() + b'">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + HEADER_ROW
        + b'<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        + SHEET_TAIL
    )
    return xlsx(path, sheet)


def many_parts(path: Path, parts: int = 6000) -> Path:
    extra = [Entry(f"xl/media/p{i}.bin", b"x") for i in range(parts)]
    return xlsx(path, SHEET_HEAD + HEADER_ROW + SHEET_TAIL, *extra)


def encrypted_part(path: Path) -> Path:
    sheet = Entry("xl/worksheets/sheet1.xml", SHEET_HEAD + HEADER_ROW + SHEET_TAIL, flags=1)
    return xlsx(path, sheet)


def duplicate_part(path: Path) -> Path:
    second = Entry("xl/worksheets/sheet1.xml", SHEET_HEAD + SHEET_TAIL)
    return xlsx(path, SHEET_HEAD + HEADER_ROW + SHEET_TAIL, second)


def utf16_sheet(path: Path) -> Path:
    text = (SHEET_HEAD + HEADER_ROW + SHEET_TAIL).decode().replace("UTF-8", "UTF-16")
    return xlsx(path, text.encode("utf-16"))


def wide_row(path: Path, columns: int = 3000) -> Path:
    cells = b"".join(b"<c><v>%d</v></c>" % i for i in range(columns))
    return xlsx(path, SHEET_HEAD + HEADER_ROW + b'<row r="2">' + cells + b"</row>" + SHEET_TAIL)


def row_number_jump(path: Path) -> Path:
    row = b'<row r="5000000000"><c r="A5000000000"><v>1</v></c></row>'
    return xlsx(path, SHEET_HEAD + HEADER_ROW + row + SHEET_TAIL)


def long_cell_small(path: Path, chars: int = 6000) -> Path:
    """A cell just above ``MAX_CELL_CHARS`` (5000) in an otherwise ordinary sheet."""
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"a" * chars + b"</t></is></c></row>"
    return xlsx(path, SHEET_HEAD + HEADER_ROW + row + SHEET_TAIL)


def csv_long_field(path: Path, chars: int = 50_000) -> Path:
    path.write_text("kode_wilayah,indikator,tahun,nilai\n32.16,ikm,2024," + "9" * chars + "\n")
    return path


def csv_many_rows(path: Path, rows: int) -> Path:
    with path.open("w") as out:
        out.write("kode_wilayah,indikator,tahun,nilai\n")
        out.write("32.16,ikm,2024,80\n" * rows)
    return path


def csv_wide(path: Path, columns: int = 3000) -> Path:
    path.write_text("kode_wilayah,indikator,tahun,nilai\n" + ",".join("1" * columns) + "\n")
    return path


def shapefile_zip_bomb(path: Path, gib: float = 1.0) -> Path:
    """A zipped "shapefile" whose .shp inflates to ``gib`` GiB of zeros."""
    times = int(gib * 1024)
    return write_zip(path, [Entry("kab.shp", b"", repeat=(b"\0" * MIB, times))])


def geojson_many_features(path: Path, features: int) -> Path:
    ring = [[106.9, -6.3], [107.0, -6.3], [107.0, -6.2], [106.9, -6.3]]
    feature = {
        "type": "Feature",
        "properties": {"kode": "32.16"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature] * features}))
    return path


ALL_XLSX = {
    "whitespace_2gib": whitespace_bomb,
    "rows_3m": many_rows,
    "cell_320mib": huge_cell,
    "billion_laughs": billion_laughs,
    "external_entity": external_entity,
    "parts_6000": many_parts,
    "encrypted": encrypted_part,
    "duplicate_part": duplicate_part,
    "utf16": utf16_sheet,
    "wide_row": wide_row,
    "row_jump": row_number_jump,
    "long_cell": long_cell_small,
}
