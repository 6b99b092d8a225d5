"""Which attribute column holds the region key (codes or names), and how its values read."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from dashboard.data.errors import AmbiguousRegion, DataError
from dashboard.data.regions import RegionIndex

_CODE_PATTERN = {
    "province": re.compile(r"^\d{2}$"),
    "regency": re.compile(r"^(\d{2}\.\d{2}|\d{4})$"),
    "district": re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
}
_CODE_FIELDS = (
    "code", "kode", "kode_wilayah", "kd_wilayah", "kode_kab", "kode_kabkota", "kode_prov",
    "kode_kec", "kdpkab", "kdppum", "kdcpum", "kdbbps", "kdpbps", "kdcbps", "adm1_pcode",
    "adm2_pcode", "adm3_pcode", "pcode", "bps_code", "kode_bps", "id",
)  # fmt: skip
_NAME_FIELDS = (
    "name", "nama", "namobj", "wadmkk", "wadmpr", "wadmkc", "shapename", "adm1_en", "adm2_en",
    "adm3_en", "name_1", "name_2", "name_3", "nama_kab", "nama_kabkota", "nama_prov",
    "nama_kec", "kabupaten", "kab_kota", "provinsi", "kecamatan", "wilayah", "region",
)  # fmt: skip
_CODE_SHARE = 0.8  # share of a column's values that must be codes for it to be the code column
_NAME_SHARE = 0.5  # same for a name column (names are messier)
_NAME_SAMPLE = 200
Issue = tuple[str, dict]  # message key and its parameters


def resolve_code(text: str, level: str, regions: RegionIndex) -> tuple[str | None, Issue | None]:
    code = _code_text(text)
    if level == "district":
        if not _CODE_PATTERN["district"].match(code):
            return None, ("boundaries.bad_district_code", {"key": text})
        if code[:5] not in regions:
            return None, ("boundaries.district_unknown_regency", {"key": text, "prefix": code[:5]})
        return code, None
    if not re.fullmatch(r"\d{2}(\.\d{2})?|\d{4}", code):
        return None, ("boundaries.unknown_region", {"key": text})
    found, error = regions.try_resolve(code)
    if error is not None:
        return None, ("boundaries.unknown_region", {"key": text})
    return level_checked(text, found, level, regions)


def level_checked(
    text: str, code: str, level: str, regions: RegionIndex
) -> tuple[str | None, Issue | None]:
    if level_of(code) == level:
        return code, None
    params = {"key": text, "name": regions.name(code), "region": code}
    return None, (f"boundaries.not_{level}", params)


def display_name(
    code: str | None,
    level: str,
    regions: RegionIndex,
    table: pd.DataFrame,
    label: str | None,
    i: int,
) -> str | None:
    if code is None:
        return None
    if level != "district":
        return regions.name(code)
    text = cell_text(table[label].iloc[i]) if label else ""
    return text or code


def district_name_field(table: pd.DataFrame, code_column: str) -> str | None:
    by_lower = {str(c).lower(): c for c in table.columns if c != code_column}
    for candidate in _NAME_FIELDS:
        column = by_lower.get(candidate)
        if column is not None and table[column].map(lambda v: isinstance(v, str)).any():
            return column
    return None


def key_field(
    table: pd.DataFrame,
    level: str,
    regions: RegionIndex,
    code_field: str | None,
    name_field: str | None,
) -> tuple[str, str]:
    """The column to match on and whether it holds codes or names."""
    columns = ", ".join(map(str, table.columns)) or "-"
    for given, mode in ((code_field, "code"), (name_field, "name")):
        if given is not None:
            if given not in table.columns:
                raise DataError("boundaries.field_missing", field=given, columns=columns)
            return given, mode
    found = _best_column(table, _CODE_FIELDS, _CODE_SHARE, lambda v: _code_ok(v, level, regions))
    if found is not None:
        return found, "code"
    if level == "district":
        raise DataError("boundaries.district_needs_code", columns=columns)
    found = _best_column(table, _NAME_FIELDS, _NAME_SHARE, lambda v: _name_ok(v, level, regions))
    if found is not None:
        return found, "name"
    raise DataError("boundaries.no_key_field", columns=columns)


def _best_column(table: pd.DataFrame, preferred: tuple[str, ...], share: float, ok) -> str | None:
    """The column whose non-empty values most often pass ``ok``; preferred names win ties."""
    best: tuple[float, int, int] | None = None
    chosen = None
    for position, column in enumerate(table.columns):
        values = [t for t in map(cell_text, table[column].tolist()) if t][:_NAME_SAMPLE]
        if not values:
            continue
        score = sum(map(ok, values)) / len(values)
        rank = (score, int(str(column).lower() in preferred), -position)
        if score >= share and (best is None or rank > best):
            best, chosen = rank, column
    return chosen


def cell_text(value: object) -> str:
    """A cell as text: integral floats lose '.0', NaN/None become ''."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _code_text(value: object) -> str:
    """A code cell without the OCHA 'ID'/'IDN' prefix ('ID3216' -> '3216')."""
    return re.sub(r"^IDN?(?=\d)", "", cell_text(value), flags=re.IGNORECASE)


def level_of(code: str) -> str:
    return ("province", "regency", "district")[code.count(".")]


def _code_ok(value: str, level: str, regions: RegionIndex) -> bool:
    """Does this look like a code of ``level``? Districts: the pattern is enough."""
    if level == "district":
        return bool(_CODE_PATTERN["district"].match(_code_text(value)))
    return resolve_code(value, level, regions)[1] is None


def _name_ok(value: str, level: str, regions: RegionIndex) -> bool:
    code, error = regions.try_resolve(value)
    if isinstance(error, AmbiguousRegion):
        return any(level_of(c) == level for c, _ in error.candidates)
    return code is not None and level_of(code) == level
