"""Every page and export query key, parsed and defaulted once.

A page reads its URL leniently: a missing or bad value quietly becomes the default (a shared link
must always open). An export reads the same keys strictly: a bad value raises
:class:`ExportError` (HTTP 400, exit 2) with a message saying what to use, because a scheduled
export must never silently show something else. A blank value means the default in both modes.
The year nobody chose is :func:`dashboard.data.views.periods.default_period` everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.data.store.repository import Snapshot
from dashboard.data.views.catalogue import catalogue_table
from dashboard.data.views.compare import MAX_COMPARE
from dashboard.data.views.districts import (
    SUMMARY,
    district_list,
    district_periods,
    regencies_with_districts,
)
from dashboard.data.views.measures import COMPOSITE
from dashboard.data.views.periods import default_period
from dashboard.data.views.programme import programme_table
from dashboard.data.views.regions import RegionChoice, parse_region_keys
from dashboard.i18n import t

ALL = "all"
MODES = ("tile", "geo")
LANGS = ("id", "en")
RESERVED_KEYS = ("lang",)  # accepted by every export besides the chart's own keys
COMPARE_EXAMPLE = ("32.16", "32.75", "32.15")  # Kab. Bekasi, Kota Bekasi, Kab. Karawang


class ExportError(Exception):
    """An export that cannot be made as asked: an HTTP status and a message in the user's language."""

    def __init__(self, status: int, reason: str, /, **params: object) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason  # a key of [error] in locales/<lang>/export.toml
        self.params = params

    def message(self, lang: str) -> str:
        return t(f"export.error.{self.reason}", lang, **self.params)


def shown(value: object, limit: int = 60) -> str:
    """A user's value echoed in a message: printable and short."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_of(raw: object) -> str | None:
    """A URL or dropdown value as text, or None when absent or blank (blank means the default)."""
    if isinstance(raw, list | tuple):
        raw = ",".join(str(v) for v in raw)
    if raw is None or not str(raw).strip():
        return None
    return str(raw).strip()


# ---------------------------------------------------------------- the keys: default and reader
def measure_ids(snap: Snapshot) -> list[str]:
    """The overview's measures: the composite index, each pillar and element, each scored indicator."""
    fw = snap.framework
    return [COMPOSITE, *fw.groups, *(i.id for i in fw.scored_indicators)]


def _measure(snap: Snapshot, text: str, home: str) -> str:
    if text not in measure_ids(snap):
        raise ExportError(400, "bad_indicator", value=shown(text))
    return text


def _period(snap: Snapshot, text: str, home: str) -> int:
    try:
        year = int(text)
    except ValueError:
        year = None
    if year not in snap.periods:
        periods = ", ".join(str(p) for p in snap.periods)
        raise ExportError(400, "bad_period", value=shown(text), periods=periods)
    return year


def _province(snap: Snapshot, text: str, home: str) -> str:
    if text != ALL and text not in set(snap.regions.provinces["code"]):
        raise ExportError(400, "bad_province", value=shown(text))
    return text


def _mode(snap: Snapshot, text: str, home: str) -> str:
    if text not in MODES:
        raise ExportError(400, "bad_mode", value=shown(text))
    if text == "geo" and not snap.boundaries.has("regency"):
        raise ExportError(400, "no_boundaries")
    return text


def _region(snap: Snapshot, text: str, home: str) -> str:
    code, _ = snap.regions.try_resolve(text)
    if code is None or "." not in code:
        raise ExportError(400, "bad_region", value=shown(text))
    return code


def default_compare_codes(home: str) -> list[str]:
    """The home region first, then Kota Bekasi and Kab. Karawang (its neighbours)."""
    return ([home] + [c for c in COMPARE_EXAMPLE if c != home])[: len(COMPARE_EXAMPLE)]


def _regions(snap: Snapshot, text: str, home: str) -> list[str]:
    keys = [k.strip() for k in text.split(",") if k.strip()]
    choice = parse_region_keys(snap.regions, keys, limit=len(keys) or 1)
    if choice.unknown:
        raise ExportError(400, "bad_regions", values=shown(", ".join(choice.unknown)))
    codes = list(choice.codes)
    if len(codes) > MAX_COMPARE:
        raise ExportError(400, "too_many_regions", max=MAX_COMPARE, n=len(codes))
    if len(codes) < 2:
        raise ExportError(400, "too_few_regions", n=len(codes))
    return codes


def catalogue_ids(snap: Snapshot) -> list[str]:
    """Every indicator of the catalogue, in its order (the first is the default)."""
    return list(catalogue_table(snap)["id"])


def _catalogue_indicator(snap: Snapshot, text: str, home: str) -> str:
    if text not in catalogue_ids(snap):
        raise ExportError(400, "bad_catalogue_indicator", value=shown(text))
    return text


def cohorts(snap: Snapshot) -> list[int]:
    """The programme's cohort years that have participants."""
    table = programme_table(snap)
    return sorted(int(y) for y in table["cohort_year"].dropna().unique())


def _cohort(snap: Snapshot, text: str, home: str) -> str | int:
    if text == ALL:
        return ALL
    known = cohorts(snap)
    if not text.isdigit() or int(text) not in known:
        raise ExportError(400, "bad_cohort", value=shown(text), cohorts=", ".join(map(str, known)))
    return int(text)


def district_regency_default(snap: Snapshot, home: str) -> str:
    """The district view's regency: the home regency, else the first with district data."""
    found = regencies_with_districts(snap)
    return home if home in found or not found else found[0]


def _district_regency(snap: Snapshot, text: str, home: str) -> str:
    found = regencies_with_districts(snap)
    if not found:
        raise ExportError(404, "no_district_data", version=snap.version or "-")
    code, _ = snap.regions.try_resolve(text)
    if code is None or code not in found:
        listed = ", ".join(found)
        raise ExportError(400, "bad_district_regency", value=shown(text), regencies=listed)
    return code


def district_measures(snap: Snapshot) -> list[str]:
    """The district view's measures: the district summary score, then indicators with district
    data in any regency."""
    present = set(snap.district_observations["indicator_id"])
    return [SUMMARY, *(i.id for i in snap.framework.indicators if i.id in present)]


def _district_measure(snap: Snapshot, text: str, home: str) -> str:
    if text not in district_measures(snap):
        listed = ", ".join(district_measures(snap))
        raise ExportError(400, "bad_district_measure", value=shown(text), measures=listed)
    return text


def _all_district_periods(snap: Snapshot) -> list[int]:
    return sorted(int(p) for p in snap.district_observations["period"].unique())


def _district_period_default(snap: Snapshot, home: str) -> int | None:
    periods = district_periods(snap, district_regency_default(snap, home))
    return periods[-1] if periods else None


def _district_period(snap: Snapshot, text: str, home: str) -> int:
    periods = _all_district_periods(snap)
    year = int(text) if text.isdigit() else None
    if year not in periods:
        listed = ", ".join(str(p) for p in periods) or "-"
        raise ExportError(400, "bad_period", value=shown(text), periods=listed)
    return year


def _district(snap: Snapshot, text: str, home: str) -> str:
    if text not in set(district_list(snap)["code"]):
        raise ExportError(400, "bad_district", value=shown(text))
    return text


@dataclass(frozen=True)
class Key:
    """One query key: its name in the URL, its default and its (strict) reader."""

    name: str
    default: Callable[[Snapshot, str], object]  # (snap, home) -> value
    read: Callable[[Snapshot, str, str], object]  # (snap, text, home) -> value or ExportError


INDICATOR = Key("indicator", lambda snap, home: COMPOSITE, _measure)
PERIOD = Key("period", lambda snap, home: default_period(snap), _period)
PROVINCE = Key("province", lambda snap, home: ALL, _province)
MODE = Key("mode", lambda snap, home: "tile", _mode)
REGION = Key("kode", lambda snap, home: _region(snap, home, home), _region)
REGIONS = Key("kode", lambda snap, home: default_compare_codes(home), _regions)
CATALOGUE_INDICATOR = Key(
    "indikator", lambda snap, home: catalogue_ids(snap)[0], _catalogue_indicator
)
COHORT = Key("kohort", lambda snap, home: ALL, _cohort)
DISTRICT_REGENCY = Key("kode", district_regency_default, _district_regency)
DISTRICT_MEASURE = Key("indicator", lambda snap, home: SUMMARY, _district_measure)
DISTRICT_PERIOD = Key("period", _district_period_default, _district_period)
DISTRICT = Key("kecamatan", lambda snap, home: "", _district)

OVERVIEW_KEYS = (INDICATOR, PERIOD, PROVINCE, MODE)
REGION_KEYS = (REGION, PERIOD)
DISTRICT_KEYS = (DISTRICT_REGENCY, DISTRICT_MEASURE, DISTRICT_PERIOD)
COMPARE_KEYS = (REGIONS, PERIOD)
CATALOGUE_KEYS = (CATALOGUE_INDICATOR,)
PROGRAMME_KEYS = (COHORT,)


@dataclass(frozen=True)
class Resolved:
    """The values a query stands for, and which given values were replaced by their default."""

    values: dict[str, object]
    rejected: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> object:
        return self.values[name]

    def ok(self, name: str) -> bool:
        return name not in self.rejected


def resolve(
    snap: Snapshot,
    keys: Iterable[Key],
    raw: Mapping[str, object],
    *,
    home: str,
    strict: bool = False,
) -> Resolved:
    """The value of every key: lenient (bad values become the default) or strict (ExportError)."""
    values: dict[str, object] = {}
    rejected = []
    for key in keys:
        text = text_of(raw.get(key.name))
        if text is None:
            values[key.name] = key.default(snap, home)
            continue
        try:
            values[key.name] = key.read(snap, text, home)
        except ExportError:
            if strict:
                raise
            values[key.name] = key.default(snap, home)
            rejected.append(key.name)
    return Resolved(values, tuple(rejected))


def period_of(snap: Snapshot, raw: object) -> int:
    """A page's year: the one asked for when the data has it, else the default year."""
    return resolve(snap, (PERIOD,), {"period": raw}, home="")["period"]  # type: ignore[return-value]


def compare_choice(snap: Snapshot, raw: object, home: str) -> RegionChoice:
    """The compare page's regions: absent means the default three, an emptied selection none.

    Unlike exports, the page keeps what it can (known regions, the first six) and says what it
    dropped.
    """
    if raw is None:
        raw = ",".join(default_compare_codes(home))
    return parse_region_keys(snap.regions, raw if isinstance(raw, list | tuple | str) else [])


def read_lang(raw: object, default: str) -> str:
    """An export's ``lang``: the configured language when absent, an ExportError when unknown."""
    text = text_of(raw)
    if text is None:
        return default
    if text not in LANGS:
        raise ExportError(400, "bad_lang", value=shown(raw))
    return text


def href(path: str, lang: str, **query: object) -> str:
    """A link that keeps the language (Indonesian is the default and needs no parameter)."""
    params = {k: v for k, v in query.items() if v not in (None, "", [])}
    if lang != "id":
        params = {"lang": lang, **params}
    return f"{path}?{urlencode(params, safe=',.')}" if params else path


def defaults(snap: Snapshot, keys: Iterable[Key], *, home: str) -> dict[str, object]:
    """Each key's default as it appears in a URL (the page script leaves these out of links)."""
    out: dict[str, object] = {}
    for key in keys:
        value = key.default(snap, home)
        out[key.name] = ",".join(value) if isinstance(value, list | tuple) else value
    return out
