"""What an import produces: limits, the output columns, the validation result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.data.errors import Report

UNSPECIFIED_SOURCE = "tidak disebutkan"
OUTPUT_COLUMNS = (
    "region_code",
    "indicator_id",
    "period",
    "value",
    "source",
    "reference_date",
    "note",
)


@dataclass
class ImportLimits:
    """Guards against files that would exhaust memory or hide mistakes."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 2_000_000
    min_period: int = 2000
    max_period: int | None = None  # default: next calendar year

    @property
    def last_period(self) -> int:
        return self.max_period if self.max_period is not None else date.today().year + 1


@dataclass
class ValidationResult:
    """The report plus, when it has no errors, the clean long observations to store."""

    report: Report
    observations: pd.DataFrame
    layout: str  # "long" or "wide"; "" when the table could not be read

    @property
    def ok(self) -> bool:
        return self.report.ok


def empty_observations() -> pd.DataFrame:
    dtypes = {"period": "int64", "value": "float64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "str")) for c in OUTPUT_COLUMNS})
