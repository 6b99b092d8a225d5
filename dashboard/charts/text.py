"""Text alternatives of charts: an accessible name and a short factual summary.

Plotly draws SVG that a screen reader cannot read, so every chart on a page carries its title and
a one- or two-sentence summary in the page language ("514 wilayah. Tertinggi: Kota Surabaya 78,4;
terendah: ...; median 51,2. 120 nilai sintetis (data contoh). Sumber: ..."). The summary is read
from the table behind the chart (:attr:`ChartExport.data`, the one the CSV/XLSX exports and the
``/tabel/<chart>`` page show), so the text, the table and the figure tell the same numbers. The
figure itself is never drawn here (:class:`ChartExport` draws it lazily). Texts are cached per
snapshot (dataset version), chart, filters, language and home region.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.charts.columns import column, yes_no
from dashboard.charts.provenance import ChartExport, short_publisher
from dashboard.charts.registry import CHARTS
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.measures import COMPOSITE
from dashboard.data.views.targets import status_counts, target_table
from dashboard.i18n import fmt_number, t

TEXT_CACHE = 2048  # recent (chart, filters, language) texts per worker: a few hundred bytes each
# (256 held 85 filter states of the overview's three charts: a user cycling through more states
# missed on every request, 14 ms of CPU each)


@dataclass(frozen=True)
class ChartText:
    """What a screen reader hears for one chart: its name (the export title) and its summary."""

    title: str
    summary: str


def chart_text(
    name: str, snap: Snapshot, values: Mapping[str, object], *, lang: str, home: str
) -> ChartText:
    """The text alternative of registered chart ``name`` for resolved query ``values``."""
    key = ("chart-text", name, _frozen(values), lang, home)
    return snap.lru(
        key, lambda: describe(CHARTS[name].export(snap, values, lang, home)), maxsize=TEXT_CACHE
    )


def _frozen(values: Mapping[str, object]) -> tuple:
    return tuple(
        (k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in sorted(values.items())
    )


def describe(export: ChartExport) -> ChartText:
    """Title and summary of one chart export (its table and provenance)."""
    lang = export.lang
    parts = [_shape(export.data, lang), *_notes(export), *_honesty(export)]
    return ChartText(export.title, " ".join(p for p in parts if p))


def number(value: object, lang: str) -> str:
    """A value as the summary says it: whole numbers without decimals, small ones with two."""
    v = float(value)  # type: ignore[arg-type]
    if math.isfinite(v) and v.is_integer():
        return fmt_number(v, lang, 0)
    return fmt_number(v, lang, 2 if abs(v) < 10 else 1)


def _col(data: pd.DataFrame, lang: str, *keys: str) -> str | None:
    """The first of the columns ``keys`` (export column keys) the table has."""
    for key in keys:
        name = column(key, lang)
        if name in data.columns:
            return name
    return None


def _shape(data: pd.DataFrame, lang: str) -> str:
    """The facts a reader looks for in this kind of chart, chosen by the table's columns."""
    if _col(data, lang, "real_count"):
        return _coverage(data, lang)
    value = _col(data, lang, "value", "composite")
    name = _col(data, lang, "name", "district")
    if value and name:
        return _regions(data[name], data[value], lang)
    group = _col(data, lang, "group")
    if value and group:
        return _groups(data, group, value, lang)
    period = _col(data, lang, "period")
    if value and period:
        return _trend(data[period], data[value], lang)
    if _col(data, lang, "bin_from") and len(data.columns) >= 3:
        return _bins(data, lang)
    participant = _col(data, lang, "participant")
    if participant:
        n = int((data[participant] == yes_no(True, lang)).sum())
        return t("table.summary.participants", lang, n=n, total=len(data))
    if _col(data, lang, "cohort"):
        return _bars(data, lang)
    return t("table.summary.rows", lang, n=len(data))


def _regions(names: pd.Series, values: pd.Series, lang: str) -> str:
    numbers = pd.to_numeric(values, errors="coerce")
    present = numbers.notna()
    if not present.any():
        return t("table.summary.no_values", lang, total=len(numbers))
    high, low = numbers.idxmax(), numbers.idxmin()
    key = "regions" if present.all() else "regions_some"
    return t(
        f"table.summary.{key}",
        lang,
        n=int(present.sum()),
        total=len(numbers),
        high=names[high],
        high_value=number(numbers[high], lang),
        low=names[low],
        low_value=number(numbers[low], lang),
        median=number(numbers.median(), lang),
    )


def _groups(data: pd.DataFrame, group: str, value: str, lang: str) -> str:
    numbers = pd.to_numeric(data[value], errors="coerce")
    if not numbers.notna().any():
        return t("table.summary.no_values", lang, total=len(numbers))
    high, low = numbers.idxmax(), numbers.idxmin()
    text = t(
        "table.summary.groups",
        lang,
        high=data.at[high, group],
        high_value=number(numbers[high], lang),
        low=data.at[low, group],
        low_value=number(numbers[low], lang),
    )
    national = _col(data, lang, "national_mean")
    if national:
        means = pd.to_numeric(data[national], errors="coerce")
        both = numbers.notna() & means.notna()
        above = int((numbers[both] > means[both]).sum())
        text += " " + t("table.summary.above_national", lang, n=above, total=int(both.sum()))
    return text


def _trend(periods: pd.Series, values: pd.Series, lang: str) -> str:
    numbers = pd.to_numeric(values, errors="coerce")
    known = [(int(p), float(v)) for p, v in zip(periods, numbers, strict=True) if pd.notna(v)]
    if not known:
        return t("table.summary.no_values", lang, total=len(numbers))
    (first, a), (last, b) = known[0], known[-1]
    if first == last:
        return t("table.summary.trend_one", lang, period=first, value=number(a, lang))
    change = fmt_number(b - a, lang, 1)
    sign = "+" if b - a > 0 else ""
    return t(
        "table.summary.trend",
        lang,
        first=first,
        first_value=number(a, lang),
        last=last,
        last_value=number(b, lang),
        change=sign + change,
    )


def _bins(data: pd.DataFrame, lang: str) -> str:
    lows, highs, counts = (data[c] for c in data.columns[:3])
    if counts.sum() == 0:
        return t("table.summary.no_values", lang, total=0)
    top = counts.astype(int).idxmax()
    return t(
        "table.summary.bins",
        lang,
        n=int(counts.sum()),
        bins=len(data),
        low=number(lows[top], lang),
        high=number(highs[top], lang),
        count=int(counts[top]),
    )


def _bars(data: pd.DataFrame, lang: str) -> str:
    """A bar chart per cohort: each bar when there is one series, else each series' total."""
    category, *series = data.columns
    if len(series) == 1 or (len(series) == 2 and series[1] == column("fact", lang)):
        items = ", ".join(
            f"{c}: {number(v, lang)}"
            for c, v in zip(data[category], data[series[0]], strict=True)
            if pd.notna(v)
        )
        return t("table.summary.bars", lang, category=category, items=items)
    items = "; ".join(f"{s} {number(pd.to_numeric(data[s]).sum(), lang)}" for s in series)
    return t("table.summary.totals", lang, items=items)


def _coverage(data: pd.DataFrame, lang: str) -> str:
    """The coverage heatmap: in its latest year, the share of official, synthetic and missing
    values and how many indicators every kab/kota has officially."""
    period, real, synthetic, missing = (
        column(k, lang) for k in ("period", "real_count", "synthetic_count", "missing_count")
    )
    year = int(data[period].max())
    latest = data[data[period] == year]
    cells = int(latest[[real, synthetic, missing]].to_numpy().sum())
    if not cells:
        return t("table.summary.rows", lang, n=len(data))

    def share(col: str) -> str:
        return fmt_number(100 * latest[col].sum() / cells, lang, 0) + "%"

    return t(
        "table.summary.coverage",
        lang,
        year=year,
        real=share(real),
        synthetic=share(synthetic),
        missing=share(missing),
        complete=int(((latest[synthetic] == 0) & (latest[missing] == 0)).sum()),
        n=len(latest),
    )


def _notes(export: ChartExport) -> list[str]:
    """A histogram's mean and home value (the provenance notes it was drawn with)."""
    if not _col(export.data, export.lang, "bin_from"):
        return []
    framework = t("export.note_framework", export.lang)
    notes = [f"{k}: {v}" for k, v in export.provenance.notes if k != framework]
    return ["; ".join(notes) + "."] if notes else []


def _honesty(export: ChartExport) -> list[str]:
    """How many values are made up (or that some are), then where the rest come from."""
    lang, data, provenance = export.lang, export.data, export.provenance
    out = []
    synthetic = _col(data, lang, "synthetic")
    count = int((data[synthetic] == yes_no(True, lang)).sum()) if synthetic else 0
    if count:
        out.append(t("table.summary.synthetic_values", lang, n=count))
    elif provenance.synthetic:
        out.append(t("table.summary.synthetic", lang))
    made_up = t("export.synthetic_source", lang)  # the synthetic mark stays whole
    publishers = dict.fromkeys(
        s if s == made_up else short_publisher(s) for s in provenance.sources
    )
    if publishers:
        out.append(t("table.summary.sources", lang, sources=", ".join(publishers)))
    return out


def targets_text(snap: Snapshot, code: str, period: int, lang: str) -> ChartText:
    """The profile's target panels (not an exported chart): which indicators have a panel and
    how their targets stand; the table beside them holds the numbers."""
    table = target_table(snap, code, period)
    names = [
        snap.framework.indicator(i).name(lang)
        for i in pd.unique(table["indicator_id"])
        if i != COMPOSITE and i in snap.framework.by_id
    ]
    parts = [
        t("table.summary.targets", lang, counts=t("targets.summary", lang, **status_counts(table)),
          names=", ".join(names) or "–"),
        t("table.summary.synthetic", lang) if table["target_synthetic"].any() else "",
    ]  # fmt: skip
    title = t("table.targets_title", lang, region=snap.regions.name(code))
    return ChartText(title, " ".join(p for p in parts if p))
