"""Where an exported number comes from, stamped into every image, table and deck.

A chart or table leaving the app travels without the dashboard around it: in a PowerPoint, an
e-mail, a printed brief. So each export carries its own title, measure and unit, period, filters,
data source and year, dataset version, region-code vintage, the synthetic-data warning when it
applies, the generation time in WIB and the app name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from dashboard import APP_NAME
from dashboard.i18n import WIB, fmt_date

SYNTHETIC_LABEL = {"id": "Data contoh (sintetis)", "en": "Sample data (synthetic)"}
SYNTHETIC_NOTE = {
    "id": "Data contoh (sintetis): nilai indikator dibuat untuk demonstrasi, bukan data resmi.",
    "en": "Sample data (synthetic): indicator values are made up for demonstration, not official.",
}
_LABELS = {
    "title": {"id": "Judul", "en": "Title"},
    "measure": {"id": "Ukuran", "en": "Measure"},
    "unit": {"id": "Satuan", "en": "Unit"},
    "period": {"id": "Periode", "en": "Period"},
    "filters": {"id": "Filter", "en": "Filters"},
    "sources": {"id": "Sumber data", "en": "Data source"},
    "data_year": {"id": "Tahun data", "en": "Data year"},
    "dataset_version": {"id": "Versi dataset", "en": "Dataset version"},
    "code_vintage": {"id": "Kode wilayah", "en": "Region codes"},
    "synthetic": {"id": "Data contoh", "en": "Sample data"},
    "generated": {"id": "Dibuat", "en": "Generated"},
    "app": {"id": "Aplikasi", "en": "Application"},
    "url": {"id": "Tautan", "en": "Link"},
}
_YES_NO = {"id": ("ya, sintetis", "tidak"), "en": ("yes, synthetic", "no")}


def label(key: str, lang: str) -> str:
    """The printed label of one provenance item (``"synthetic"`` -> "Data contoh")."""
    return _LABELS[key][lang]


def now_wib() -> datetime:
    return datetime.now(WIB)


@dataclass(frozen=True)
class Provenance:
    """Everything a reader of an exported chart or table needs to judge its numbers."""

    title: str
    measure: str
    unit: str
    period: str
    sources: tuple[str, ...]
    data_year: str
    dataset_version: int | None
    code_vintage: str
    synthetic: bool
    filters: Mapping[str, str] = field(default_factory=dict)
    generated_at: datetime = field(default_factory=now_wib)
    url: str = ""
    app: str = APP_NAME
    notes: tuple[tuple[str, str], ...] = ()  # (label, value) facts behind one chart (means, ...)

    def rows(self, lang: str) -> list[tuple[str, str]]:
        """(label, value) pairs in reading order: the XLSX metadata sheet, CSV header, slides."""
        filters = "; ".join(f"{k}: {v}" for k, v in self.filters.items()) or "—"
        rows = [
            ("title", self.title),
            ("measure", self.measure),
            ("unit", self.unit or "—"),
            ("period", self.period),
            ("filters", filters),
            ("sources", ", ".join(self.sources) or "—"),
            ("data_year", self.data_year),
            ("dataset_version", str(self.dataset_version) if self.dataset_version else "—"),
            ("code_vintage", self.code_vintage),
            ("synthetic", _YES_NO[lang][0] if self.synthetic else _YES_NO[lang][1]),
            ("generated", fmt_date(self.generated_at.astimezone(WIB), lang, time=True)),
            ("app", self.app),
        ]
        if self.url:
            rows.append(("url", self.url))
        labelled = [(_LABELS[key][lang], value) for key, value in rows]
        return labelled + [(name, value) for name, value in self.notes]

    def footer_lines(self, lang: str) -> list[str]:
        """Two or three short lines drawn under an exported chart."""
        d = dict(self.rows(lang))
        first = " · ".join(
            part
            for part in (
                f"{_LABELS['sources'][lang]}: {d[_LABELS['sources'][lang]]}",
                f"{_LABELS['data_year'][lang]} {self.data_year}",
                f"{_LABELS['dataset_version'][lang]} {d[_LABELS['dataset_version'][lang]]}",
                f"{_LABELS['code_vintage'][lang]}: {self.code_vintage}",
            )
        )
        second = " · ".join(
            part
            for part in (
                (f"{_LABELS['filters'][lang]}: {d[_LABELS['filters'][lang]]}")
                if self.filters
                else "",
                f"{_LABELS['generated'][lang]} {d[_LABELS['generated'][lang]]}",
                self.app,
            )
            if part
        )
        lines = [first, second]
        if self.synthetic:
            lines.insert(0, SYNTHETIC_NOTE[lang])
        return lines
