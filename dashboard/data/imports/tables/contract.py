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


MB = 1024 * 1024


@dataclass
class ImportLimits:
    """Guards against files that would exhaust memory or hide mistakes.

    The size of an upload is only what it weighs compressed: a zip (XLSX, zipped shapefile) is
    judged by what it inflates to, and every file by rows, cells and text lengths counted while
    streaming, before anything is held in memory (:mod:`dashboard.data.imports.guard`).
    """

    max_bytes: int = 50 * MB
    max_rows: int = 2_000_000
    min_period: int = 2000
    max_period: int | None = None  # default: next calendar year
    max_inflated_bytes: int = 500 * MB  # all parts of a zip, inflated
    max_part_bytes: int = 250 * MB  # one part of a zip, inflated
    max_ratio: float = 250.0  # inflated / compressed, per part above 1 MB
    max_parts: int = 5000
    max_cell_chars: int = 5000
    max_columns: int = 2000
    max_cells: int = 20_000_000
    max_shared_strings: int = 5_000_000
    max_features: int = 100_000  # boundary files

    @classmethod
    def from_settings(cls, settings: object) -> ImportLimits:
        """The limits an operator set (``MAX_UPLOAD_MB``, ``MAX_IMPORT_ROWS``, ...)."""
        return cls(
            max_bytes=int(settings.MAX_UPLOAD_MB * MB),
            max_rows=settings.MAX_IMPORT_ROWS,
            max_inflated_bytes=int(settings.MAX_INFLATED_MB * MB),
            max_part_bytes=int(settings.MAX_PART_MB * MB),
            max_cell_chars=settings.MAX_CELL_CHARS,
        )

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
