"""Header row and column roles: which layout (long or wide) a table has."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import pandas as pd

from dashboard.data.framework import Framework
from dashboard.data.imports.tables.template_headers import header_names

ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    "region": (
        "kode_wilayah",
        "region_code",
        "kode",
        "code",
        "wilayah",
        "region",
        "nama_wilayah",
        "kabupaten_kota",
        "kab_kota",
        "kode_bps",
        "bps_code",
    ),
    "district": (
        "kecamatan",
        "kode_kecamatan",
        "nama_kecamatan",
        "district",
        "district_code",
        "district_name",
    ),
    "indicator": ("indikator", "indicator_id", "indicator", "kode_indikator"),
    "period": ("tahun", "period", "year", "periode"),
    "value": ("nilai", "value"),
    "source": ("sumber", "source"),
    "reference_date": ("tanggal_referensi", "reference_date"),
    "note": ("catatan", "note", "keterangan"),
}
CONTEXT_COLUMNS = frozenset(
    {
        "nama",
        "name",
        "region_name",
        "provinsi",
        "province",
        "nama_provinsi",
        "province_name",
        "kode_provinsi",
        "province_code",
        "no",
        "nomor",
        "no_urut",
        "satuan",
        "unit",
        "jenis",
        "tipe",
        "type",
    }
)
HEADER_SCAN_ROWS = 10
_HEADER_SEPARATORS = re.compile(r"[\s_\-/]+")


@dataclass
class Table:
    frame: pd.DataFrame  # data rows below the header, every cell a str; columns = header texts
    header_row: int  # spreadsheet row of the header
    notes: list[tuple[str, dict]] = field(default_factory=list)  # non-fatal reading problems
    template: list[tuple[int, str]] | None = None  # a collection template's own header row


def norm_header(text: object) -> str:
    """Header key: lower case, no BOM, spaces/underscores/dashes/slashes as one underscore."""
    value = str(text).replace("\ufeff", "").replace("\u00a0", " ").strip().lower()
    return _HEADER_SEPARATORS.sub("_", value).strip("_")


KNOWN_HEADERS = frozenset(a for aliases in ROLE_ALIASES.values() for a in aliases) | CONTEXT_COLUMNS


def find_header(rows: list[list[str]]) -> int | None:
    """Index of the header row: the first early row naming two known columns, else the first."""
    filled = [i for i, row in enumerate(rows) if any(str(c).strip() for c in row)]
    for i in filled[:HEADER_SCAN_ROWS]:
        if sum(norm_header(c) in KNOWN_HEADERS for c in rows[i]) >= 2:
            return i
    return filled[0] if filled else None


def split_header(frame: pd.DataFrame, *, header_row: int) -> Table:
    header = [str(c).replace("\ufeff", "").strip() for c in frame.iloc[0]]
    data = frame.iloc[1:].reset_index(drop=True)
    data.columns = header
    return Table(data, header_row)


@dataclass
class Plan:
    """Which column plays which role, and the layout that follows."""

    layout: str
    headers: list[str]
    roles: dict[str, int] = field(default_factory=dict)
    indicators: dict[int, str] = field(default_factory=dict)  # wide: position -> indicator id
    ignored: list[int] = field(default_factory=list)  # long: unknown columns (warned)
    unknown: list[int] = field(default_factory=list)  # wide: unknown columns (errors)
    missing: list[str] = field(default_factory=list)  # required roles not found

    def header(self, role: str) -> str:
        return self.headers[self.roles[role]]


def indicator_lookup(framework: Framework) -> dict[str, str]:
    """Normalised id, Indonesian name and English name -> indicator id (ids win on clashes)."""
    lookup = {norm_header(i.id): i.id for i in framework.indicators}
    for indicator in framework.indicators:
        for name in (indicator.name_id, indicator.name_en):
            lookup.setdefault(norm_header(name), indicator.id)
    for header, ident in header_names(framework).items():  # collection templates: "name (unit)"
        lookup.setdefault(norm_header(header), ident)
    return lookup


def plan_columns(headers: list[str], lookup: dict[str, str]) -> Plan:
    keys = [norm_header(h) for h in headers]
    roles: dict[str, int] = {}
    for role, aliases in ROLE_ALIASES.items():
        found = [keys.index(a) for a in aliases if a in keys]
        if found:
            roles[role] = found[0]
    used = set(roles.values())
    free = [i for i in range(len(keys)) if i not in used]
    indicators = {i: lookup[keys[i]] for i in free if keys[i] in lookup}
    others = [i for i in free if i not in indicators and keys[i] not in KNOWN_HEADERS]
    plan = Plan("long", headers, roles)
    plan.missing = [r for r in ("region", "period") if r not in roles]
    if "indicator" in roles or "value" in roles or not (indicators or others):
        plan.missing += [r for r in ("indicator", "value") if r not in roles]
        plan.ignored = sorted(others + list(indicators))
    else:
        plan.layout, plan.indicators, plan.unknown = "wide", indicators, others
    return plan


def suggest(key: str, lookup: dict[str, str]) -> list[str]:
    close = difflib.get_close_matches(norm_header(key), list(lookup), n=3, cutoff=0.75)
    return list(dict.fromkeys(lookup[c] for c in close))


def to_long(rows: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """One row per (row, value column), keeping the spreadsheet row and the value's header."""
    base = {
        role: rows[plan.roles[role]]
        for role in ("region", "district", "period", "source", "reference_date", "note")
        if role in plan.roles
    }
    base["_row"] = rows["_row"]
    if plan.layout == "long":
        long = pd.DataFrame(
            {**base, "indicator": rows[plan.roles["indicator"]], "value": rows[plan.roles["value"]]}
        )
        long["_column"] = plan.header("value")
        return long
    parts = []
    for position, ident in plan.indicators.items():
        part = pd.DataFrame({**base, "value": rows[position]})
        part["indicator"] = ident
        part["_column"] = plan.headers[position]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
