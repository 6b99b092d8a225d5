"""Values: numbers per column, ordered categories, hard bounds and typical ranges."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.data.framework import Framework, Indicator
from dashboard.data.imports.tables.numbers import parse_numbers, plain_number
from dashboard.data.imports.tables.problems import Problems

# Long forms of the BPK audit opinion (and English equivalents), used when the code is a category.
ORD_ALIASES = {
    "wajar tanpa pengecualian": "WTP",
    "unqualified": "WTP",
    "wajar dengan pengecualian": "WDP",
    "qualified": "WDP",
    "tidak wajar": "TW",
    "adverse": "TW",
    "tidak memberikan pendapat": "TMP",
    "tidak menyatakan pendapat": "TMP",
    "disclaimer": "TMP",
}


@dataclass
class ValueChecks:
    """Parses and range-checks the values of one file's rows, reporting into ``problems``."""

    framework: Framework
    problems: Problems

    def parse_values(
        self, long: pd.DataFrame, indicator: pd.Series
    ) -> tuple[np.ndarray, np.ndarray]:
        """Values per row and the mask of rows whose value is usable."""
        values = np.full(len(long), np.nan)
        status = np.zeros(len(long), dtype=np.int8)
        for column, positions in long.groupby("_column", sort=False).indices.items():
            codes, texts = pd.factorize(long["value"].iloc[positions])
            parsed, state, assumed = parse_numbers(pd.Series(texts, dtype="str"))
            values[positions] = parsed[codes]
            status[positions] = state[codes]
            if assumed.any():
                self._warn_assumed(long, positions, codes, texts, parsed, assumed, column)
        self._parse_ordered(long, indicator, values, status)
        labels = {1: "importer.not_a_number", 2: "importer.ambiguous_number"}
        for state, code in labels.items():
            self.problems.add_rows(code, long[status == state])
        self._report_categories(long[status == 3], indicator[status == 3])
        return values, status == 0

    def _warn_assumed(
        self,
        long: pd.DataFrame,
        positions: np.ndarray,
        codes: np.ndarray,
        texts: pd.Index,
        parsed: np.ndarray,
        assumed: np.ndarray,
        column: str,
    ) -> None:
        """One warning per column where "1.234"-like values were read by the default rule."""
        rows = assumed[codes]
        first = int(np.argmax(assumed))
        self.problems.add(
            "importer.ambiguous_number_assumed",
            severity="warning",
            row=int(long["_row"].iloc[positions[np.argmax(rows)]]),
            column=column,
            count=int(rows.sum()),
            example=str(texts[first]),
            parsed=plain_number(parsed[first]),
        )

    def _parse_ordered(
        self, long: pd.DataFrame, indicator: pd.Series, values: np.ndarray, status: np.ndarray
    ) -> None:
        """Replace values of ordered indicators by category positions; status 3 when unknown."""
        ordered = {i.id: i for i in self.framework.indicators if i.direction == "ord"}
        mask = indicator.isin(list(ordered)).to_numpy(dtype=bool)
        if not mask.any():
            return
        where = np.flatnonzero(mask)
        pairs = pd.DataFrame(
            {
                "indicator": indicator.iloc[where].to_numpy(),
                "text": long["value"].iloc[where].to_numpy(),
            }
        )
        for (ident, text), group in pairs.groupby(["indicator", "text"]).indices.items():
            rows = where[group]
            value = ord_value(ordered[ident], text, values[rows[0]])
            values[rows] = np.nan if value is None else value
            status[rows] = 3 if value is None else 0

    def _report_categories(self, rows: pd.DataFrame, indicator: pd.Series) -> None:
        by_id = self.framework.by_id
        self.problems.add_rows(
            "importer.bad_category",
            rows.assign(_indicator=indicator.to_numpy()),
            params=lambda r: {
                "indicator": r["_indicator"],
                "categories": ", ".join(by_id[r["_indicator"]].categories),
                "n": len(by_id[r["_indicator"]].categories),
            },
        )

    def check_ranges(
        self, long: pd.DataFrame, indicator: pd.Series, values: np.ndarray, valid: np.ndarray
    ) -> np.ndarray:
        """Errors outside hard bounds, warnings outside the typical range; the in-bounds mask."""
        codes, ids = pd.factorize(indicator)
        by_id = self.framework.by_id
        limits = {}
        for name in ("bounds", "typical"):
            for side, index in (("low", 0), ("high", 1)):
                per_id = [
                    getattr(by_id[i], name)[index]
                    if i in by_id and getattr(by_id[i], name)
                    else np.nan
                    for i in ids
                ]
                # codes are -1 for rows without an indicator: they pick the appended NaN.
                limits[f"{name}_{side}"] = np.append(np.asarray(per_id, dtype=float), np.nan)[codes]
        outside = valid & ((values < limits["bounds_low"]) | (values > limits["bounds_high"]))
        unusual = valid & ~outside
        unusual &= (values < limits["typical_low"]) | (values > limits["typical_high"])
        for code, mask, name, severity in (
            ("importer.out_of_bounds", outside, "bounds", "error"),
            ("importer.atypical_value", unusual, "typical", "warning"),
        ):
            self._report_range(code, long, indicator, values, mask, name, severity)
        return ~outside

    def _report_range(
        self,
        code: str,
        long: pd.DataFrame,
        indicator: pd.Series,
        values: np.ndarray,
        mask: np.ndarray,
        name: str,
        severity: str,
    ) -> None:
        by_id = self.framework.by_id

        def params(record: dict) -> dict:
            ind = by_id[record["_indicator"]]
            low, high = getattr(ind, name)
            return {
                "number": plain_number(record["_number"]),
                "low": plain_number(low),
                "high": plain_number(high),
                "unit_text": ind.unit,
                "indicator": ind.id,
            }

        where = np.flatnonzero(mask)
        rows = long.iloc[where].assign(
            _indicator=indicator.iloc[where].to_numpy(), _number=values[where]
        )
        self.problems.add_rows(code, rows, severity=severity, params=params)


def ord_value(indicator: Indicator, text: str, number: float) -> float | None:
    """1-based category position of an ordered value given as label, long form or number."""
    categories = [c.upper() for c in indicator.categories]
    spoken = " ".join(str(text).split()).lower()
    label = ORD_ALIASES.get(spoken, spoken).upper()
    if label in categories:
        return float(categories.index(label) + 1)
    if np.isfinite(number) and float(number).is_integer() and 1 <= number <= len(categories):
        return float(number)
    return None
