"""The importer's BPS hook: a BPS table export becomes the long observation form.

:func:`bps_rows` runs first in :mod:`dashboard.data.imports.tables.validate`: for a file with the
BPS layout (:mod:`.table`) it matches the names (:mod:`.names`), drops province and INDONESIA
rows, and hands the normal checks (numbers, bounds, duplicates) one row per region and year with
the indicator the user named. A BPS table does not say which framework indicator it holds, so the
indicator must be given; without it, with an unknown one, or with ``--indicator`` on a file that
is not a BPS table, the file is refused with a message saying so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from dashboard.data.framework import Framework
from dashboard.data.imports.bps.names import NameMatcher
from dashboard.data.imports.bps.table import BpsTable, Entry, read_layout
from dashboard.data.imports.tables.bilingual import hint
from dashboard.data.imports.tables.columns import Plan, Table, indicator_lookup, norm_header
from dashboard.data.imports.tables.columns import suggest as suggest_indicator
from dashboard.data.imports.tables.numbers import missing_mask
from dashboard.data.imports.tables.problems import Problems
from dashboard.data.regions import RegionIndex

DETECT_ROWS = 40
LAYOUT = "bps"
PUBLISHER = "BPS"
_HEADERS = ["", "indikator", "tahun", "nilai", "sumber", "catatan"]


@dataclass
class BpsRows:
    """A BPS table as long rows for the normal checks; ``long`` is None when it was refused."""

    long: pd.DataFrame | None
    plan: Plan
    rows_read: int = 0


def bps_rows(
    table: Table,
    *,
    indicator: str | None,
    regions: RegionIndex,
    framework: Framework,
    problems: Problems,
) -> BpsRows | None:
    """The file's rows in long form when it is a BPS table; None for any other table."""
    if table.template is not None:  # a collection template is never a BPS table
        return _refuse_not_bps(problems) if indicator else None
    head = _raw_rows(table, limit=DETECT_ROWS)
    if read_layout(head) is None:
        return _refuse_not_bps(problems) if indicator else None
    bps = read_layout(_raw_rows(table))
    assert bps is not None  # the same rows start the same way
    plan = Plan(LAYOUT, [bps.region_header or "Kabupaten/Kota", *_HEADERS[1:]])
    plan.roles = {role: i for i, role in enumerate(("region", "indicator", "period", "value"))}
    plan.roles |= {"source": 4, "note": 5}
    if not _one_value_per_year(bps, problems):
        return BpsRows(None, plan, len(bps.entries) + len(bps.orphans))
    ident = _indicator(indicator, framework, problems, title=bps.title)
    if ident is None:
        return BpsRows(None, plan, len(bps.entries) + len(bps.orphans))
    long = _long(bps, ident, NameMatcher(regions), problems)
    problems.add(
        "bps.read_as_table",
        severity="warning",
        title=bps.title or "-",
        var=bps.var or "-",
        regions=int(long["region"].nunique()),
        years=_span(bps.years.values()),
        indicator=ident,
        headings=len(bps.headings),
    )
    return BpsRows(long, plan, len(bps.entries) + len(bps.orphans))


def _raw_rows(table: Table, limit: int | None = None) -> list[tuple[int, list[str]]]:
    """The header row and the rows below it as read: a BPS title row is taken for the header."""
    frame = table.frame if limit is None else table.frame.head(limit)
    rows = [(table.header_row, [str(c) for c in table.frame.columns])]
    first = table.header_row + 1
    values = frame.to_numpy(dtype=object, na_value="")
    rows += [(first + i, [str(c) for c in cells]) for i, cells in enumerate(values)]
    return rows


def _one_value_per_year(bps: BpsTable, problems: Problems) -> bool:
    """A table of several variables or breakdowns (columns per sex, a year twice) is refused:
    which of its columns holds the indicator cannot be known."""
    if bps.repeated_years:
        problems.add("bps.repeated_years", years=", ".join(bps.repeated_years))
    for column, row in sorted(bps.extra_columns.items()):
        letter = get_column_letter(column + 1)
        problems.add("bps.column_without_year", row=row, column=letter, letter=letter)
    return not bps.repeated_years and not bps.extra_columns


def _refuse_not_bps(problems: Problems) -> BpsRows:
    problems.add("bps.not_a_bps_table")
    return BpsRows(None, Plan(LAYOUT, []))


def _indicator(
    given: str | None, framework: Framework, problems: Problems, *, title: str
) -> str | None:
    lookup = indicator_lookup(framework)
    if not given or not given.strip():
        problems.add("bps.indicator_required", title=title or "-")
        return None
    ident = lookup.get(norm_header(given))
    if ident is None:
        problems.add(
            "bps.unknown_indicator", key=given, hint=hint(suggest_indicator(given, lookup))
        )
    return ident


def _span(years) -> str:
    years = sorted(years)
    if not years:
        return "-"
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"


def _long(bps: BpsTable, ident: str, matcher: NameMatcher, problems: Problems) -> pd.DataFrame:
    """One row per matched region and year; unmatched names and headings are reported."""
    codes: dict[int, str] = {}
    column = bps.region_header
    known_headings: dict[str, tuple[str, ...] | None] = {}
    for row, heading in bps.headings:
        provinces = matcher.province(heading)
        known_headings[heading] = provinces
        if provinces is None:
            names = matcher.province_suggestions(heading)
            problems.add(
                "bps.unknown_heading", row=row, column=bps.region_header, value=heading,
                hint=hint(names),
            )  # fmt: skip
    for entry in bps.entries:
        provinces = known_headings.get(entry.heading)
        if provinces is None:
            continue  # its heading was reported
        if not provinces:
            problems.add(
                "bps.region_under_national", row=entry.row, column=column, value=entry.name
            )
            continue
        _match(entry, provinces, matcher, problems, codes, heading=entry.heading, column=column)
    every = tuple(matcher.regions.provinces["code"])
    for entry in bps.orphans:
        _match(entry, every, matcher, problems, codes, heading="", column=column)
    return _frame(bps, ident, codes)


def _match(
    entry: Entry,
    provinces: tuple[str, ...],
    matcher: NameMatcher,
    problems: Problems,
    codes: dict[int, str],
    *,
    heading: str,
    column: str,
) -> None:
    if heading:
        found = matcher.match(entry.name, provinces)
        if found.code is None and matcher.province(entry.name) is not None:
            return  # a province total written in title case ("Jawa Barat", "Provinsi Bengkulu")
        if found.code is not None:
            codes[entry.row] = found.code
            return
        suggestions = list(found.suggestions)
    else:  # no heading above: any province, but only if the name is unique
        found_codes = {c for p in provinces if (c := matcher.match(entry.name, (p,)).code)}
        if len(found_codes) == 1:
            codes[entry.row] = found_codes.pop()
            return
        if matcher.province(entry.name) is not None:
            return  # the province total of a one-province table
        if found_codes:
            listed = "; ".join(f"{c} {matcher.regions.name(c)}" for c in sorted(found_codes))
            problems.add(
                "bps.ambiguous_name", row=entry.row, column=column, value=entry.name,
                candidates=listed,
            )  # fmt: skip
            return
        suggestions = list(matcher.match(entry.name, provinces).suggestions)
    problems.add(
        "bps.unknown_name",
        row=entry.row,
        column=column,
        value=entry.name,
        heading=heading or "-",
        hint=hint(suggestions),
    )


def _frame(bps: BpsTable, ident: str, codes: dict[int, str]) -> pd.DataFrame:
    rows, regions, periods, values, columns = [], [], [], [], []
    for entry in bps.entries + bps.orphans:
        code = codes.get(entry.row)
        if code is None:
            continue
        for label, year in bps.years.items():
            rows.append(entry.row)
            regions.append(code)
            periods.append(str(year))
            values.append(entry.cells.get(label, ""))
            columns.append(label)
    source = f"{PUBLISHER} — {bps.title}" if bps.title else PUBLISHER
    if bps.var:
        source += f" (var {bps.var})"
    note = ", ".join(p for p in (bps.source_url, bps.access_time) if p)
    long = pd.DataFrame(
        {
            "region": pd.Series(regions, dtype="str"),
            "indicator": ident,
            "period": pd.Series(periods, dtype="str"),
            "value": pd.Series(values, dtype="str"),
            "source": source,
            "note": note,
            "_row": np.asarray(rows, dtype="int64"),
            "_column": pd.Series(columns, dtype="str"),
        }
    )
    return collapse_repeats(long)


def collapse_repeats(long: pd.DataFrame) -> pd.DataFrame:
    """Regions listed twice (old and new Papua headings) count once when they agree.

    A missing cell gives way to a value for the same region and year; equal values collapse to
    the first row. Different values stay and fail the normal duplicate check.
    """
    if long.empty:
        return long
    key = ["region", "period"]
    missing = missing_mask(long["value"])
    has_value = long.loc[~missing, key].drop_duplicates()
    covered = long[key].merge(has_value.assign(_has=True), on=key, how="left")["_has"]
    keep = ~(missing & covered.fillna(False).to_numpy(dtype=bool))
    long = long[keep]
    trimmed = long["value"].str.strip()
    repeated = pd.DataFrame({"r": long["region"], "p": long["period"], "v": trimmed}).duplicated()
    return long[~repeated].reset_index(drop=True)
