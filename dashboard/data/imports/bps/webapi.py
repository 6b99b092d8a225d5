"""The BPS WebAPI (``webapi.bps.go.id``): build the request, fetch it, read the answer.

A ``list/model/data`` answer for one variable looks like::

    {"status": "OK", "data-availability": "available",
     "var": [{"val": 413, "label": "[Metode Baru] Indeks Pembangunan Manusia", ...}],
     "turvar": [{"val": 0, "label": "Tidak ada"}],
     "labelvervar": "Provinsi/Kabupaten/Kota",
     "vervar": [{"val": 1101, "label": "Simeulue"}, {"val": 1100, "label": "ACEH"}, ...],
     "tahun": [{"val": 123, "label": "2023"}, ...],
     "turtahun": [{"val": 0, "label": "Tahun"}],
     "datacontent": {"110141301230": 68.06, ...}}

A value's key is the concatenation vervar + var + turvar + tahun + turtahun. ``vervar`` codes are
four-digit BPS region codes (province rows end in "00", 9999 is INDONESIA); a code the region
list does not know (an old code from before the 2022 Papua split) is matched by its label within
the province its first two digits stood for. The API key goes only into the request URL, never
into a message: errors name the host.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pandas as pd

from dashboard.data.errors import DataError, Report
from dashboard.data.imports.bps.names import PAPUA_GROUPS, NameMatcher
from dashboard.data.imports.bps.table import year_of
from dashboard.data.imports.tables.bilingual import hint
from dashboard.data.imports.tables.numbers import AMBIGUOUS
from dashboard.data.regions import RegionIndex

DEFAULT_URL = "https://webapi.bps.go.id/v1/api"
TIMEOUT_S = 10.0
MAX_RESPONSE_BYTES = 50 * 1024 * 1024
NATIONAL_CODE = "9999"
_DOMAIN = re.compile(r"^\d{4}$")
# BPS province prefixes of codes from before the Papua split -> today's Kemendagri provinces.
OLD_PROVINCE_PREFIXES = {"94": PAPUA_GROUPS["papua"], "91": PAPUA_GROUPS["barat papua"]}


@dataclass(frozen=True)
class Query:
    """What to ask the WebAPI for: a variable, a domain (0000 national) and optional years."""

    var: str
    domain: str = "0000"
    years: tuple[int, ...] = ()
    lang: str = "ind"

    def __post_init__(self) -> None:
        if not str(self.var).isdigit():
            raise DataError("bps.bad_var", var=self.var)
        if not _DOMAIN.match(str(self.domain)):
            raise DataError("bps.bad_domain", domain=self.domain)


def request_url(base_url: str, key: str, query: Query) -> str:
    """The ``list/model/data`` URL; years as BPS year codes (year - 1900), joined with ";"."""
    if not key:
        raise DataError("bps.no_key")
    parts = [base_url.rstrip("/"), "list/model/data", "lang", query.lang]
    parts += ["domain", query.domain, "var", str(query.var)]
    if query.years:
        parts += ["th", ";".join(str(y - 1900) for y in sorted(set(query.years)))]
    parts += ["key", quote(key, safe=""), ""]
    return "/".join(parts)


def fetch(url: str, *, timeout: float = TIMEOUT_S, opener=urllib.request.urlopen) -> bytes:
    """The answer's bytes; DataError naming the host (never the URL: it holds the key)."""
    host = urlsplit(url).hostname or "?"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with opener(request, timeout=timeout) as response:
            raw = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise DataError("bps.http_error", host=host, status=exc.code) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        text = str(reason).replace(url, "<url>") or type(exc).__name__
        raise DataError("bps.unreachable", host=host, seconds=f"{timeout:g}", reason=text) from None
    if len(raw) > MAX_RESPONSE_BYTES:
        raise DataError("bps.bad_response", detail=f"more than {MAX_RESPONSE_BYTES} bytes")
    return raw


def load_response(raw: bytes) -> dict:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DataError("bps.not_json", detail=str(exc)[:200]) from None
    if not isinstance(data, dict):
        raise DataError("bps.not_json", detail="not a JSON object")
    return data


@dataclass
class Parsed:
    """A WebAPI answer read: long rows to import and the problems found (row = None)."""

    rows: pd.DataFrame  # kode_wilayah, indikator, tahun, nilai, sumber, catatan
    report: Report
    var: str
    title: str


def parse_response(
    data: dict, *, indicator: str, regions: RegionIndex, name: str, var: str | None = None
) -> Parsed:
    """Every regency value of the answer, as long rows; unknown codes and years are reported."""
    status = data.get("status")
    availability = data.get("data-availability", "available")
    if status not in (None, "OK") or availability != "available":
        raise DataError("bps.no_data", var=var or "?", status=f"{status}, {availability}")
    for part in ("var", "vervar", "tahun", "datacontent"):
        if not isinstance(data.get(part), list | dict) or not data.get(part):
            raise DataError("bps.bad_response", detail=f"'{part}' is missing or empty")
    variable = _first(data["var"])
    var_code = str(variable.get("val", var or ""))
    if var is not None and var_code != str(var):
        raise DataError("bps.bad_response", detail=f"var {var_code} answered, {var} asked")
    turvar = [t for t in data.get("turvar") or [{"val": 0}] if isinstance(t, dict)]
    if len(turvar) > 1:
        options = ", ".join(f"{t.get('val')} {t.get('label', '')}".strip() for t in turvar)
        raise DataError("bps.several_turvar", var=var_code, options=options)
    turtahun = [t for t in data.get("turtahun") or [{"val": 0}] if isinstance(t, dict)]
    annual = next((t for t in turtahun if str(t.get("val")) == "0"), turtahun[0])
    report = Report(file=name)
    years = _years(data["tahun"], report)
    codes = _regions(data["vervar"], regions, report)
    title = str(variable.get("label", "")).strip()
    source = f"BPS — {title} (var {var_code})" if title else f"BPS (var {var_code})"
    note = "WebAPI BPS" + (f", {data['last_update']}" if data.get("last_update") else "")
    content = data["datacontent"]
    suffix = str(turvar[0].get("val", 0))
    rows = []
    for vervar, code in codes.items():
        for year_code, year in years.items():
            key = f"{vervar}{var_code}{suffix}{year_code}{annual.get('val', 0)}"
            value = content.get(key) if isinstance(content, dict) else None
            if value is None or value == "":
                continue
            rows.append((code, indicator, year, _number_text(value), source, note))
    columns = ["kode_wilayah", "indikator", "tahun", "nilai", "sumber", "catatan"]
    return Parsed(pd.DataFrame(rows, columns=columns), report, var_code, title)


def _first(items) -> dict:
    item = items[0] if isinstance(items, list) else items
    if not isinstance(item, dict):
        raise DataError("bps.bad_response", detail="'var' holds no variable")
    return item


def _years(items: list, report: Report) -> dict[str, int]:
    years = {}
    for item in items:
        label = str(item.get("label", "")) if isinstance(item, dict) else str(item)
        year = year_of(label)
        if year is None:
            report.add("bps.bad_year", column="tahun", value=label, label=label)
            continue
        years[str(item.get("val"))] = year
    return years


def _regions(items: list, regions: RegionIndex, report: Report) -> dict[str, str]:
    """vervar code -> Kemendagri code of every regency; provinces and INDONESIA left out."""
    matcher = NameMatcher(regions)
    by_bps = dict(zip(regions.regencies["bps_code"], regions.regencies["code"], strict=True))
    prefixes = {b[:2]: c[:2] for b, c in by_bps.items()}
    out = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        code, label = str(item.get("val", "")).strip(), str(item.get("label", "")).strip()
        if code == NATIONAL_CODE or label.upper() == "INDONESIA" or len(code) != 4:
            continue
        if code.endswith("00"):
            continue  # a province row
        if code in by_bps:
            out[code] = by_bps[code]
            continue
        prefix = code[:2]
        provinces = OLD_PROVINCE_PREFIXES.get(prefix) or (
            (prefixes[prefix],) if prefix in prefixes else tuple(regions.provinces["code"])
        )
        found = matcher.match(label, provinces)
        if found.code is not None:
            out[code] = found.code
            continue
        report.add(
            "bps.unknown_vervar",
            column="vervar",
            value=f"{code} {label}",
            bps_code=code,
            label=label,
            hint=hint(list(found.suggestions)),
        )
    return out


def _number_text(value: object) -> str:
    """A JSON number as text the importer reads unambiguously ("1.234" gets a trailing 0)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        text = repr(float(value)) if isinstance(value, float) else str(value)
        if re.fullmatch(AMBIGUOUS, text):
            text += "0"
        return text
    return str(value).strip()
