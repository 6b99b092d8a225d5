"""A chart's data as an accessible HTML table (``/tabel/<chart>``): the CSV/XLSX table in cells.

The same table as the data exports (:attr:`ChartExport.data`: one row per region, bar or bin,
with year, source and "synthetic" per row where the chart has them), its caption, the chart's
summary (:mod:`dashboard.charts.text`), its provenance and the link back to the page with the same
filters. Numbers are written in the page language; the row header is the region's (or group's)
name. Rendering is the route's (:mod:`dashboard.web.data_table`); this module only decides what
goes in which cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.charts.columns import column
from dashboard.charts.provenance import ChartExport
from dashboard.charts.text import describe
from dashboard.i18n import fmt_number

ROW_HEADERS = ("name", "district", "group", "cohort", "bin_from", "period")  # first one present
MAX_DECIMALS = 4  # as in the exports (columns.rounded)


@dataclass(frozen=True)
class TableView:
    """Everything the table page shows, as text."""

    title: str
    subtitle: str
    summary: str
    columns: tuple[str, ...]
    numeric: tuple[bool, ...]  # per column: right-aligned numbers
    header: int  # the column holding each row's header (<th scope="row">)
    rows: tuple[tuple[str, ...], ...]
    provenance: tuple[tuple[str, str], ...]
    synthetic: bool
    back: str
    lang: str


def table_view(export: ChartExport) -> TableView:
    """The table page of one chart export."""
    data, lang = export.data, export.lang
    numeric = tuple(pd.api.types.is_numeric_dtype(data[c]) for c in data.columns)
    rows = tuple(
        tuple(cell(v, lang) for v in record) for record in data.itertuples(index=False, name=None)
    )
    return TableView(
        title=export.title,
        subtitle=export.subtitle,
        summary=describe(export).summary,
        columns=tuple(str(c) for c in data.columns),
        numeric=numeric,
        header=_header(data, lang),
        rows=rows,
        provenance=tuple(export.provenance.rows(lang)),
        synthetic=export.provenance.synthetic,
        back=export.provenance.url or "/",
        lang=lang,
    )


def _header(data: pd.DataFrame, lang: str) -> int:
    names = list(data.columns)
    for key in ROW_HEADERS:
        if column(key, lang) in names:
            return names.index(column(key, lang))
    return 0


def cell(value: object, lang: str) -> str:
    """One cell: "–" for no value, whole numbers as they are (years, ranks, counts), other
    numbers in the page language with as many decimals as they have (at most four)."""
    if value is None or value is pd.NA:
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return str(value)
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return "–"
        if number.is_integer():
            return str(int(number))
        decimals = len(f"{number:.{MAX_DECIMALS}f}".rstrip("0").split(".")[1])
        return fmt_number(number, lang, decimals)
    return str(value)
