"""What a file is (CSV, XLSX or refused) and which text encoding it uses."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from dashboard.data.errors import DataError
from dashboard.data.imports.tables.bilingual import Bilingual

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


def detect_format(raw: bytes, *, suffix: str, name: str) -> str:
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


def decode(raw: bytes, *, name: str) -> tuple[str, str]:
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
