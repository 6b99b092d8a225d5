"""XLSX forms for RPJMD targets and events, read back as they are by ``import targets`` and
``import events`` (first sheet: the header row and, for targets, one row per indicator of the
region with the year and target left blank; second sheet: how to fill it in)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from dashboard.data.framework import Framework
from dashboard.data.regions import RegionIndex
from dashboard.i18n import t

TARGET_HEADER = (
    "kode_wilayah",
    "nama_wilayah",
    "indikator",
    "nama_indikator",
    "satuan",
    "tahun",
    "target",
    "sumber",
    "catatan",
)
EVENT_HEADER = ("tanggal", "judul", "title_en", "wilayah", "kategori", "sumber")
KINDS = ("targets", "events")


def plan_template(
    kind: str, framework: Framework, regions: RegionIndex, region: str, lang: str
) -> bytes:
    """The form of ``kind`` ("targets" or "events") for ``region`` as XLSX bytes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "target" if kind == "targets" else "peristiwa"
    header = TARGET_HEADER if kind == "targets" else EVENT_HEADER
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
    if kind == "targets":
        name = regions.name(region)
        sheet.append([region, name, "komposit", t("targets.composite", lang), "0-100"])
        for ind in framework.scored_indicators:
            sheet.append([region, name, ind.id, ind.name(lang), ind.unit])
    for column, width in zip("ABCDEFGHI", (14, 24, 22, 44, 12, 8, 10, 30, 30), strict=False):
        sheet.column_dimensions[column].width = width
    notes = book.create_sheet("petunjuk")
    for line in t(f"targets.template_help_{kind}", lang).split("\n"):
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
