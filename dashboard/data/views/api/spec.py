"""The read-only API declared once: endpoints, their parameters and their fields.

Validation (:mod:`.query`), rows (:mod:`.rows`), paging and encoding (:mod:`.answer`) and the
OpenAPI document (:mod:`.openapi`) are all derived from :data:`ENDPOINTS`, so the document cannot
drift from what the server accepts and answers. Allowed values that depend on the data (indicator
ids, years, region codes) come from the snapshot: the document is per dataset version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.data.store.repository import Snapshot

PREFIX = "/api/v1"
DEFAULT_LIMIT = 1000
MAX_LIMIT = 20000
MAX_OFFSET = 1_000_000_000
FORMATS = ("json", "csv")
LANGS = ("id", "en")
LEVELS = ("regency", "province")


@dataclass(frozen=True)
class Param:
    """A query parameter: ``kind`` is ``choice`` (a closed list) or ``int`` (a range)."""

    name: str
    kind: str
    choices: Callable[[Snapshot], list[str]] | None = None
    low: int = 0
    high: int = 0
    see: str = ""  # where a client finds the valid values (an endpoint path)
    integer: bool = False  # a choice of whole numbers (years): typed as integers in the document

    def allowed(self, snap: Snapshot) -> list[str]:
        return self.choices(snap) if self.choices else []


@dataclass(frozen=True)
class Field:
    """A column of an answer: JSON type and whether it may be null."""

    name: str
    type: str  # string | integer | number | boolean
    nullable: bool = False


@dataclass(frozen=True)
class Endpoint:
    name: str
    params: tuple[Param, ...]
    fields: Callable[[Snapshot], tuple[Field, ...]]
    route: str = ""  # when the path is not PREFIX/name

    @property
    def path(self) -> str:
        return self.route or f"{PREFIX}/{self.name}"

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def _indicator_ids(snap: Snapshot) -> list[str]:
    return [i.id for i in snap.framework.indicators]


def _periods(snap: Snapshot) -> list[str]:
    return [str(p) for p in snap.periods]


def _region_codes(snap: Snapshot) -> list[str]:
    """Provinces, kab/kota and known kecamatan (observations of a district: ``region=32.16.01``)."""
    return [str(c) for c in snap.regions.regions["code"]] + list(snap.districts["code"])


def _province_codes(snap: Snapshot) -> list[str]:
    return [str(c) for c in snap.regions.provinces["code"]]


INDICATOR = Param("indicator", "choice", _indicator_ids, see=f"{PREFIX}/indicators")
PERIOD = Param("period", "choice", _periods, integer=True)
REGION = Param("region", "choice", _region_codes, see=f"{PREFIX}/regions")
PROVINCE = Param("province", "choice", _province_codes, see=f"{PREFIX}/regions?level=province")
LEVEL = Param("level", "choice", lambda _snap: list(LEVELS))
FORMAT = Param("format", "choice", lambda _snap: list(FORMATS))
LANG = Param("lang", "choice", lambda _snap: list(LANGS))
LIMIT = Param("limit", "int", low=1, high=MAX_LIMIT)
OFFSET = Param("offset", "int", low=0, high=MAX_OFFSET)
COMMON = (FORMAT, LANG, LIMIT, OFFSET)
STATUS = Param("status", "choice", lambda _snap: ["active", "ended"])
SEVERITY = Param("severity", "choice", lambda _snap: ["critical", "warning", "info"])


def _fields(*spec: str) -> tuple[Field, ...]:
    """``"name:type"`` with a trailing ``?`` for nullable: a compact column list."""
    out = []
    for item in spec:
        name, kind = item.split(":")
        out.append(Field(name, kind.rstrip("?"), kind.endswith("?")))
    return tuple(out)


REGION_FIELDS = _fields(
    "code:string",
    "bps_code:string",
    "name:string",
    "type:string",
    "province_code:string",
    "province_name:string",
    "lat:number?",
    "lon:number?",
    "area_km2:number?",
    "population_2024:integer?",
    "vintage:string",
)
INDICATOR_FIELDS = _fields(
    "id:string",
    "name:string",
    "name_id:string",
    "name_en:string",
    "definition:string",
    "unit:string",
    "frequency:string",
    "publisher:string",
    "level:string",
    "source:string",
    "direction:string",
    "group:string",
    "group_name:string",
    "scored:boolean",
    "weight:number",
    "first_period:integer?",
    "last_period:integer?",
    "coverage_period:integer?",
    "real_regions:integer",
    "synthetic_regions:integer",
    "missing_regions:integer",
    "latest_real_period:integer?",
)
OBSERVATION_FIELDS = _fields(
    "region_code:string",
    "indicator_id:string",
    "period:integer",
    "value:number?",
    "source:string",
    "synthetic:boolean",
    "reference_date:string",
    "note:string",
    "dataset_version:integer?",
)


def score_fields(snap: Snapshot) -> tuple[Field, ...]:
    """Scores carry one column per pillar and element of the framework in use."""
    groups = [g.id for g in (*snap.framework.pillars, *snap.framework.elements)]
    return (
        *_fields(
            "region_code:string",
            "name:string",
            "period:integer",
            "composite:number?",
            "maturity_level:string?",
            "maturity_level_name:string?",
            "rank_national:integer?",
            "rank_province:integer?",
            "coverage:number?",
        ),
        *(Field(g, "number", True) for g in groups),
        *_fields(
            "real_inputs:integer?",
            "synthetic_inputs:integer?",
            "synthetic_share:number?",
            "synthetic:boolean",
            "framework_version:string",
            "dataset_version:integer?",
        ),
    )


ALERT_FIELDS = _fields(
    "status:string",
    "severity:string",
    "rule_id:string",
    "rule:string",
    "region_code:string",
    "region:string",
    "indicator_id:string",
    "indicator:string",
    "unit:string",
    "period:integer?",
    "value:number?",
    "threshold:number?",
    "reference:number?",
    "reference_period:integer?",
    "change:number?",
    "message:string",
    "source:string",
    "synthetic:boolean",
    "started_at:string",
    "started_version:integer?",
    "ended_at:string?",
    "ended_version:integer?",
    "rules_version:string",
    "dataset_version:integer?",
)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("regions", (LEVEL, PROVINCE, *COMMON), lambda _snap: REGION_FIELDS),
    Endpoint("indicators", (PERIOD, *COMMON), lambda _snap: INDICATOR_FIELDS),
    Endpoint(
        "observations",
        (INDICATOR, PERIOD, REGION, PROVINCE, *COMMON),
        lambda _snap: OBSERVATION_FIELDS,
    ),
    Endpoint("scores", (PERIOD, LEVEL, PROVINCE, *COMMON), score_fields),
    Endpoint("alerts", (STATUS, SEVERITY, REGION, *COMMON), lambda _snap: ALERT_FIELDS),
)
BY_NAME = {e.name: e for e in ENDPOINTS}
OPENAPI = Endpoint("openapi", (LANG,), lambda _snap: (), route=f"{PREFIX}/openapi.json")
