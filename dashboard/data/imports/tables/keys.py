"""Region, indicator and period keys: resolved once per distinct text, failures per row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from dashboard.data.districts import is_district_code, regency_of
from dashboard.data.errors import AmbiguousRegion, DataError, UnknownDistrict, UnknownRegion
from dashboard.data.framework import Framework
from dashboard.data.imports.tables.bilingual import ROLE_NAMES, hint
from dashboard.data.imports.tables.columns import Plan, indicator_lookup, norm_header, suggest
from dashboard.data.imports.tables.contract import ImportLimits
from dashboard.data.imports.tables.problems import Problems
from dashboard.data.regions import RegionIndex, normalise_name

UNKNOWN_KEYS_WITH_HINTS = 50
_EXCEL_FLOAT = re.compile(r"^-?\d+\.0+$")
_EXCEL_SHORT_DOTTED = re.compile(r"^\d{2}\.\d$")


@dataclass
class KeyChecks:
    """Resolves the keys of one file's rows, reporting each failed key on every row using it."""

    regions: RegionIndex
    framework: Framework
    limits: ImportLimits
    problems: Problems
    _unknown_regions: int = 0
    _unknown_indicators: int = 0
    _unchecked: set = field(default_factory=set)

    def _report_keys(
        self,
        long: pd.DataFrame,
        codes: np.ndarray,
        failures: dict[int, tuple[str, dict]],
        *,
        field_name: str,
        column: str,
    ) -> None:
        """Report each row whose key (distinct key number in ``codes``) failed, once per row."""
        by_code: dict[str, list[int]] = {}
        for key, (code, _) in failures.items():
            by_code.setdefault(code, []).append(key)
        for code, keys in by_code.items():
            mask = np.isin(codes, keys)
            rows = long.loc[mask, ["_row", field_name]].assign(_key=codes[mask])
            self.problems.add_rows(
                code,
                rows.drop_duplicates("_row"),
                column=column,
                value=field_name,
                params=lambda record: failures[record["_key"]][1],
            )

    def resolve_regions(self, long: pd.DataFrame, column: str) -> pd.Series:
        codes, keys = pd.factorize(long["region"])
        resolved: list[str | None] = []
        failures: dict[int, tuple[str, dict]] = {}
        for i, raw in enumerate(keys):
            key = region_key(raw)
            code, error = self._resolve_region(key) if key else (None, None)
            resolved.append(code)
            if not key:
                failures[i] = ("importer.missing_key", {"role": ROLE_NAMES["region"]})
            elif isinstance(error, UnknownDistrict):
                failures[i] = self._unknown_district(error)
            elif isinstance(error, AmbiguousRegion):
                listed = "; ".join(f"{c} {n}" for c, n in error.candidates)
                failures[i] = ("importer.ambiguous_region", {"key": key, "candidates": listed})
            elif error is not None:
                names = [f"{c} {n}" for c, n in getattr(error, "suggestions", [])]
                failures[i] = ("importer.unknown_region", {"key": key, "hint": hint(names)})
        self._report_keys(long, codes, failures, field_name="region", column=column)
        self._warn_unchecked(resolved)
        return take_text(resolved, codes)

    def resolve_districts(self, long: pd.DataFrame, region: pd.Series, column: str) -> pd.Series:
        """A ``kecamatan`` column: each row's district (code or name) within the row's regency.

        An empty district cell keeps the row's region (a regency value); a district of a row
        whose region is not a regency is an error.
        """
        pairs = pd.DataFrame({"regency": region.to_numpy(), "district": long["district"]})
        pairs["district"] = pairs["district"].fillna("").astype(str).str.strip()
        codes, keys = pd.factorize(pd.MultiIndex.from_frame(pairs))
        resolved: list[str | None] = []
        failures: dict[int, tuple[str, dict]] = {}
        for i, (regency, district) in enumerate(keys):
            if not district or not isinstance(regency, str) or not regency:
                resolved.append(regency if isinstance(regency, str) and regency else None)
                continue
            if len(regency) != len("32.16"):  # a province or a district, not a regency
                resolved.append(None)
                params = {"key": district, "region": regency}
                failures[i] = ("importer.district_needs_regency", params)
                continue
            try:
                resolved.append(self.regions.resolve_district(regency, region_key(district)))
            except UnknownDistrict as error:
                resolved.append(None)
                failures[i] = self._unknown_district(error)
        self._report_keys(long, codes, failures, field_name="district", column=column)
        self._warn_unchecked(resolved)
        return take_text(resolved, codes)

    def _unknown_district(self, error: UnknownDistrict) -> tuple[str, dict]:
        """Unknown in the regency's district list, or a name where no list is known to check it
        against (a real name would otherwise be called unknown)."""
        if not self.regions.district_checked(error.regency) and not is_district_code(error.key):
            return (
                "importer.district_name_unchecked",
                {"key": error.key, "regency": error.regency},
            )
        names = [f"{c} {n}".strip() for c, n in error.suggestions]
        return ("importer.unknown_district", {"key": error.key, "regency": error.regency,
                                              "hint": hint(names)})  # fmt: skip

    def _warn_unchecked(self, resolved: list[str | None]) -> None:
        """District codes of regencies without a district reference: accepted, said once."""
        found = {regency_of(c) for c in resolved if is_district_code(c)}
        new = sorted(r for r in found - self._unchecked if not self.regions.district_checked(r))
        if new:
            self._unchecked.update(new)
            self.problems.add(
                "importer.districts_unchecked", severity="warning", regencies=", ".join(new)
            )

    def _resolve_region(self, key: str) -> tuple[str | None, DataError | None]:
        """RegionIndex.try_resolve, skipping its slow name suggestions once many keys failed."""
        if self._unknown_regions >= UNKNOWN_KEYS_WITH_HINTS and not self._maybe_region(key):
            return None, UnknownRegion(key)
        code, error = self.regions.try_resolve(key)
        if isinstance(error, UnknownRegion):
            self._unknown_regions += 1
        return code, error

    def _maybe_region(self, key: str) -> bool:
        if re.fullmatch(r"[\d.]+", key):
            return True
        return normalise_name(key) in self._region_names

    @cached_property
    def _region_names(self) -> set[str]:
        names = {normalise_name(n) for n in self.regions.regions["name"]}
        bare = {n.split(" ", 1)[1] for n in names if n.startswith(("kabupaten ", "kota "))}
        return names | bare

    def resolve_indicators(self, long: pd.DataFrame, plan: Plan) -> pd.Series:
        if plan.layout == "wide":
            return long["indicator"]
        lookup = indicator_lookup(self.framework)
        codes, keys = pd.factorize(long["indicator"])
        resolved: list[str | None] = []
        failures: dict[int, tuple[str, dict]] = {}
        for i, raw in enumerate(keys):
            key = str(raw).strip()
            resolved.append(lookup.get(norm_header(key)) if key else None)
            if not key:
                failures[i] = ("importer.missing_key", {"role": ROLE_NAMES["indicator"]})
            elif resolved[-1] is None:
                self._unknown_indicators += 1
                hints = suggest(key, lookup) if self._unknown_indicators <= 50 else []
                failures[i] = ("importer.unknown_indicator", {"key": key, "hint": hint(hints)})
        column = plan.header("indicator")
        self._report_keys(long, codes, failures, field_name="indicator", column=column)
        return take_text(resolved, codes)

    def parse_periods(self, long: pd.DataFrame, column: str) -> np.ndarray:
        """Years as floats (NaN where invalid); whole years in the accepted range only."""
        low, high = self.limits.min_period, self.limits.last_period
        codes, keys = pd.factorize(long["period"])
        years = np.full(len(keys), np.nan)
        failures: dict[int, tuple[str, dict]] = {}
        for i, raw in enumerate(keys):
            text = str(raw).replace("\u00a0", "").strip()
            if not text:
                failures[i] = ("importer.missing_key", {"role": ROLE_NAMES["period"]})
            elif not re.fullmatch(r"\d+(?:[.,]0+)?", text):
                failures[i] = ("importer.period_not_year", {})
            elif not low <= int(re.split(r"[.,]", text)[0]) <= high:
                year = int(re.split(r"[.,]", text)[0])
                failures[i] = (
                    "importer.period_out_of_range",
                    {"period": year, "low": low, "high": high},
                )
            else:
                years[i] = int(re.split(r"[.,]", text)[0])
        self._report_keys(long, codes, failures, field_name="period", column=column)
        return years[codes]


def region_key(text: str) -> str:
    """Undo what Excel does to codes: "3216.0" -> "3216", "32.1" -> "32.10"."""
    value = str(text).replace("\u00a0", " ").strip()
    if _EXCEL_FLOAT.match(value):
        return value.split(".")[0]
    if _EXCEL_SHORT_DOTTED.match(value):
        return value + "0"
    return value


def take_text(uniques: list[str | None], codes: np.ndarray) -> pd.Series:
    """Expand per-distinct-key results to rows without building a million Python strings."""
    table = pd.array([*uniques, None], dtype="str")
    return pd.Series(table.take(np.where(codes < 0, len(uniques), codes)))
