"""Where an exported number comes from, stamped into every image, table and deck.

A chart or table leaving the app travels without the dashboard around it: in a PowerPoint, an
e-mail, a printed brief. So each export carries its own title, measure and unit, period, filters,
data source and year, dataset version, region-code vintage, the synthetic-data warning when it
applies, the generation time in WIB and the app name. :func:`chart_provenance` assembles it from
a snapshot; :class:`ChartExport` is one chart ready to be written as an image or a table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dashboard import APP_NAME
from dashboard.data.store.repository import SYNTHETIC, Snapshot
from dashboard.i18n import WIB, fmt_date, t


def short_publisher(source: str) -> str:
    """'BPS — <table>' -> 'BPS'; 'BIG, Desember 2024' -> 'BIG'; 'BPS (via ...)' -> 'BPS'."""
    return source.split(" — ")[0].split(" (")[0].split(",")[0].strip()


def provenance_notes(values: pd.DataFrame, m, lang: str) -> list:
    """One hover note per row of ``measure_values``: a score's official and synthetic input
    counts as a pair ``(3, 30)`` (the map writes the words once in its hovertemplate and sends
    the numbers, P1), an indicator value's publisher or "sintetis" as text."""
    return note_list(
        values["value"].notna().tolist(),
        values["source"].to_numpy(dtype=object).tolist(),
        values["n_real"].tolist(),
        values["n_synthetic"].tolist(),
        m,
        lang,
    )


def note_list(
    present: list[bool], sources: list, n_real: list, n_synthetic: list, m, lang: str
) -> list:
    """:func:`provenance_notes` from plain lists (the map reads arrays, not a frame)."""
    if m.is_score:
        pairs = zip(n_real, n_synthetic, strict=True)
        counts = [(int(r), int(s)) for r, s in pairs]
        return [pair if ok else "" for pair, ok in zip(counts, present, strict=True)]
    texts: dict = {}  # a few hundred rows, a handful of distinct notes: format each once

    def source_note(src: object) -> str:
        return t("real.hover_synthetic", lang) if src == SYNTHETIC else short_publisher(str(src))

    notes = [texts.get(s) or texts.setdefault(s, source_note(s)) for s in sources]
    return [note if ok else "" for note, ok in zip(notes, present, strict=True)]


def synthetic_label(lang: str) -> str:
    """The amber badge's text: "Data contoh (sintetis)" (the same words as on screen)."""
    return t("common.synthetic_badge", lang)


def synthetic_note(lang: str) -> str:
    """The line every export with synthetic values starts its footer or metadata with."""
    return t("export.provenance.synthetic_note", lang)


def label(key: str, lang: str) -> str:
    """The printed label of one provenance item (``"synthetic"`` -> "Data contoh")."""
    return t(f"export.provenance.{key}", lang)


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
            ("synthetic", label("synthetic_yes" if self.synthetic else "synthetic_no", lang)),
            ("generated", fmt_date(self.generated_at.astimezone(WIB), lang, time=True)),
            ("app", self.app),
        ]
        if self.url:
            rows.append(("url", self.url))
        labelled = [(label(key, lang), value) for key, value in rows]
        return labelled + [(name, value) for name, value in self.notes]

    def footer_lines(self, lang: str) -> list[str]:
        """Two or three short lines drawn under an exported chart."""
        d = dict(self.rows(lang))
        first = " · ".join(
            part
            for part in (
                f"{label('sources', lang)}: {d[label('sources', lang)]}",
                f"{label('data_year', lang)} {self.data_year}",
                f"{label('dataset_version', lang)} {d[label('dataset_version', lang)]}",
                f"{label('code_vintage', lang)}: {self.code_vintage}",
            )
        )
        second = " · ".join(
            part
            for part in (
                (f"{label('filters', lang)}: {d[label('filters', lang)]}") if self.filters else "",
                f"{label('generated', lang)} {d[label('generated', lang)]}",
                self.app,
            )
            if part
        )
        lines = [first, second]
        if self.synthetic:
            lines.insert(0, synthetic_note(lang))
        return lines


# ---------------------------------------------------------------- provenance of one chart
EXPORT_TEMPLATE = "print"  # exported charts: the page's figure in the light print template
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class ChartExport:
    """A page's figure in the print template, the table behind it and its provenance.

    ``drawing`` is the figure or a function drawing it: the figure is drawn on first use of
    :attr:`figure`, so a data table or a chart summary never pays for plotly's validation.
    """

    name: str
    drawing: go.Figure | Callable[[], go.Figure] = field(repr=False)
    data: pd.DataFrame
    provenance: Provenance
    subtitle: str
    lang: str
    slug: tuple[str, ...] = ()
    geometry: Path | None = None  # a geographic map: this GeoJSON is drawn in when rendered

    @cached_property
    def figure(self) -> go.Figure:
        """The print-template figure (drawn once, on first use)."""
        return self.drawing if isinstance(self.drawing, go.Figure) else self.drawing()

    @property
    def geographic(self) -> bool:
        return self.geometry is not None

    @property
    def title(self) -> str:
        return self.provenance.title

    def file_name(self, ext: str) -> str:
        """E.g. ``peta-kesiapan_komposit_2024.png``: only letters, digits, ``-`` and ``_``."""
        return safe_file_name("_".join((self.name, *self.slug)), ext)


def safe_file_name(stem: str, ext: str) -> str:
    """A download name from a whitelist of characters (no quotes, slashes, dots or spaces)."""
    clean = _UNSAFE_NAME.sub("-", stem)
    clean = re.sub(r"-{2,}", "-", clean).strip("-_")[:100] or "export"
    extension = _UNSAFE_NAME.sub("", ext)[:8] or "bin"
    return f"{clean}.{extension}"


def code_vintage(snap: Snapshot) -> str:
    """The region list's vintage (regions.csv ``vintage``), e.g. "Kepmendagri 300.2.2-2138/2025"."""
    return snap.memo(
        ("code-vintage",),
        lambda: ", ".join(sorted(set(snap.regions.regions["vintage"].dropna().astype(str)))),
    )


def sources(real: Iterable[str], synthetic: bool, lang: str) -> tuple[str, ...]:
    """Publishers of the values shown, then the synthetic mark; never a publisher on made-up data."""
    out = sorted({s for s in real if s and s != SYNTHETIC})
    if synthetic:
        out.append(t("export.synthetic_source", lang))
    return tuple(out)


def scored_observations(snap: Snapshot, codes: list[str]) -> pd.DataFrame:
    """The values behind the scores of some regions (context values such as area are not)."""
    obs = snap.observations
    scored = [i.id for i in snap.framework.scored_indicators]
    mask = obs["region_code"].isin(codes) & obs["indicator_id"].isin(scored) & obs["value"].notna()
    return obs[mask]


def chart_provenance(
    snap: Snapshot,
    lang: str,
    *,
    title: str,
    measure_label: str,
    unit: str,
    period: object,
    data_year: object,
    sources: tuple[str, ...],
    synthetic: bool,
    url: str,
    filters: Mapping[str, str] | None = None,
    notes: Iterable[tuple[str, str]] = (),
) -> Provenance:
    """The provenance of one chart of this snapshot (dataset version, code vintage, framework)."""
    return Provenance(
        title=title,
        measure=measure_label,
        unit=unit,
        period=str(period),
        sources=sources,
        data_year=str(data_year),
        dataset_version=snap.version,
        code_vintage=code_vintage(snap),
        synthetic=synthetic,
        filters=dict(filters or {}),
        url=url,
        notes=((t("export.note_framework", lang), snap.framework.version), *notes),
    )
