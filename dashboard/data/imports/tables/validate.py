"""The whole check of one file: read, plan the columns, check every row, count."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.data.errors import DataError, Report
from dashboard.data.framework import Framework
from dashboard.data.imports.tables.columns import (
    Plan,
    Table,
    indicator_lookup,
    norm_header,
    plan_columns,
    to_long,
)
from dashboard.data.imports.tables.contract import (
    UNSPECIFIED_SOURCE,
    ImportLimits,
    ValidationResult,
    empty_observations,
)
from dashboard.data.imports.tables.duplicates import check_duplicates
from dashboard.data.imports.tables.keys import KeyChecks
from dashboard.data.imports.tables.numbers import missing_mask, size_text
from dashboard.data.imports.tables.problems import Problems
from dashboard.data.imports.tables.reading import read_file
from dashboard.data.imports.tables.rows import clean_columns, data_rows, report_plan
from dashboard.data.imports.tables.template_headers import changed_headers
from dashboard.data.imports.tables.values import ValueChecks
from dashboard.data.regions import RegionIndex


def validate_file(
    path: Path | str,
    *,
    regions: RegionIndex,
    framework: Framework,
    limits: ImportLimits | None = None,
    sheet: str | None = None,
    display_name: str | None = None,
    indicator: str | None = None,
) -> ValidationResult:
    """Check an indicator file completely and return every problem plus the clean observations.

    Never raises for bad content, unreadable or oversized files: those are problems in the report.
    ``display_name`` is the name the user knows the file by (an upload's original name);
    ``indicator`` is the indicator a BPS table export holds (:mod:`dashboard.data.imports.bps`).
    """
    path = Path(path)
    name = display_name or path.name
    problems = Problems(Report(file=name))
    validation = _Validation(regions, framework, limits or ImportLimits(), problems, indicator)
    table = validation.load(path, name=name, sheet=sheet)
    observations, layout = empty_observations(), ""
    if table is not None:
        observations, layout = validation.check(table)
    problems.finish()
    validation.counts.update(warnings=problems.total("warning"), errors=problems.total("error"))
    problems.report.counts = validation.counts
    if not problems.report.ok:
        observations = empty_observations()
    return ValidationResult(problems.report, observations, layout)


@dataclass
class _Validation:
    """One file's check: the steps in order, the counts of ``report.counts``."""

    regions: RegionIndex
    framework: Framework
    limits: ImportLimits
    problems: Problems
    indicator: str | None = None  # for BPS table exports only
    counts: dict = field(
        default_factory=lambda: {
            "rows_read": 0,
            "rows_valid": 0,
            "rows_missing": 0,
            "regions": 0,
            "indicators": 0,
            "periods": "",
        }
    )

    def load(self, path: Path, *, name: str, sheet: str | None) -> Table | None:
        """The table, or None after reporting why the file cannot be read as one."""
        try:
            size = path.stat().st_size
            if size > self.limits.max_bytes:
                limit = size_text(self.limits.max_bytes)
                raise DataError("importer.too_large", size=size_text(size), limit=limit)
            table = read_file(path, name=name, sheet=sheet, limits=self.limits)
        except OSError as exc:
            self.problems.add("importer.unreadable", detail=exc.strerror or str(exc))
            return None
        except DataError as exc:
            self.problems.add(exc.code, row=exc.row, column=exc.column, **exc.params)
            return None
        for code, params in table.notes:
            self.problems.add(code, **params)
        return table

    def check(self, table: Table) -> tuple[pd.DataFrame, str]:
        from dashboard.data.imports.bps.hook import bps_rows  # (imports this package)

        bps = bps_rows(
            table,
            indicator=self.indicator,
            regions=self.regions,
            framework=self.framework,
            problems=self.problems,
        )
        if bps is not None:  # a BPS table export, read into long rows
            self.counts["rows_read"] = bps.rows_read
            if bps.long is None:
                return empty_observations(), bps.plan.layout
            return self._checked(bps.long, bps.plan)
        if table.template is not None:  # a collection template: its header row must be intact
            changed = changed_headers(table.template, list(table.frame.columns), norm_header)
            for code, params in changed:
                self.problems.add(code, row=table.header_row, column=params["letter"], **params)
            if changed:
                return empty_observations(), ""
        frame = clean_columns(table, self.problems)
        plan = plan_columns(list(frame.columns), indicator_lookup(self.framework))
        report_plan(plan, table.header_row, framework=self.framework, problems=self.problems)
        if plan.missing:
            return empty_observations(), plan.layout
        rows, self.counts["rows_read"] = data_rows(
            frame, table.header_row, max_rows=self.limits.max_rows, problems=self.problems
        )
        if rows is None:
            return empty_observations(), plan.layout
        return self._checked(to_long(rows, plan), plan)

    def _checked(self, long: pd.DataFrame, plan: Plan) -> tuple[pd.DataFrame, str]:
        """Long rows without missing values, checked into observations."""
        missing = missing_mask(long["value"])
        self.counts["rows_missing"] = int(missing.sum())
        if missing.any():  # filtering copies every column: skip it when nothing is missing
            long = long[~missing].reset_index(drop=True)
        if long.empty:
            self.problems.add("importer.no_values", rows=self.counts["rows_read"])
            return empty_observations(), plan.layout
        return self._observations(long, plan), plan.layout

    def _observations(self, long: pd.DataFrame, plan: Plan) -> pd.DataFrame:
        keys = KeyChecks(self.regions, self.framework, self.limits, self.problems)
        region = keys.resolve_regions(long, plan.header("region"))
        if "district" in long:
            region = keys.resolve_districts(long, region, plan.header("district"))
        indicator = keys.resolve_indicators(long, plan)
        period = keys.parse_periods(long, plan.header("period"))
        checks = ValueChecks(self.framework, self.problems)
        values, valid = checks.parse_values(long, indicator)
        valid &= region.notna().to_numpy() & indicator.notna().to_numpy() & ~np.isnan(period)
        valid &= checks.check_ranges(long, indicator, values, valid)
        obs = pd.DataFrame(
            {
                "region_code": region,
                "indicator_id": indicator,
                "period": period,
                "value": values,
                "source": text_or(long, "source", UNSPECIFIED_SOURCE),
                "reference_date": text_or(long, "reference_date", ""),
                "note": text_or(long, "note", ""),
                "_row": long["_row"],
                "_column": long["_column"],
            }
        )
        if not valid.all():
            obs = obs[valid]
        obs["period"] = obs["period"].astype("int64")
        obs = check_duplicates(obs, self.problems)
        self._count(obs)
        return obs.drop(columns=["_row", "_column"]).reset_index(drop=True)

    def _count(self, obs: pd.DataFrame) -> None:
        periods = obs["period"]
        span = "" if obs.empty else f"{periods.min()}-{periods.max()}"
        if not obs.empty and periods.min() == periods.max():
            span = str(periods.min())
        self.counts.update(
            rows_valid=len(obs),
            regions=int(obs["region_code"].nunique()),
            indicators=int(obs["indicator_id"].nunique()),
            periods=span,
        )


def text_or(long: pd.DataFrame, role: str, default: str) -> pd.Series | str:
    """A trimmed optional text column, ``default`` where empty or absent."""
    if role not in long:
        return default
    text = long[role].str.strip()
    return text.where(text != "", default)
