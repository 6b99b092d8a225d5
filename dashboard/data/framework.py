"""The readiness framework: pillars, readiness elements, indicators, weights and levels.

It lives in ``data/framework.toml`` (editable, versioned); loading validates it so a typo in the
file is a clear message at start-up, not a wrong score later.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from dashboard.config import SHIPPED_DATA_DIR
from dashboard.data.errors import DataError

FRAMEWORK_FILE = SHIPPED_DATA_DIR / "framework.toml"
CONTEXT_GROUP = "context"
DIRECTIONS = ("up", "down", "ord")
NORMALISATIONS = ("minmax", "percentile", "target")
WEIGHT_TOLERANCE = 1e-3


@dataclass(frozen=True)
class Group:
    """A pillar or a readiness element: something indicators are averaged into."""

    id: str
    kind: str  # "pillar" or "element"
    name_id: str
    name_en: str
    weight: float
    parts: tuple[str, ...] = ()  # sub-dimensions (pillars) or components (elements)

    def name(self, lang: str = "id") -> str:
        return self.name_en if lang == "en" else self.name_id


@dataclass(frozen=True)
class Indicator:
    id: str
    group: str
    name_id: str
    name_en: str
    unit: str
    direction: str
    source: str
    description_id: str = ""
    description_en: str = ""
    sub_dimension: str = ""
    weight: float = 1.0
    normalisation: str = "minmax"
    typical: tuple[float, float] | None = None
    bounds: tuple[float, float] | None = None
    target: tuple[float, float] | None = None
    categories: tuple[str, ...] = ()
    decimals: int = 1

    @property
    def scored(self) -> bool:
        return self.group != CONTEXT_GROUP

    def name(self, lang: str = "id") -> str:
        return self.name_en if lang == "en" else self.name_id

    def description(self, lang: str = "id") -> str:
        return self.description_en if lang == "en" else self.description_id


@dataclass(frozen=True)
class Level:
    id: str
    name_id: str
    name_en: str
    lower: float

    def name(self, lang: str = "id") -> str:
        return self.name_en if lang == "en" else self.name_id


@dataclass(frozen=True)
class Framework:
    version: str
    name_id: str
    name_en: str
    pillars: tuple[Group, ...]
    elements: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    levels: tuple[Level, ...]
    composite_weights: dict[str, float] = field(default_factory=dict)  # pillars/elements share
    max_missing_share: float = 0.4
    evaluation: dict[str, float | str] = field(default_factory=dict)
    sha256: str = ""

    @cached_property
    def groups(self) -> dict[str, Group]:
        return {g.id: g for g in (*self.pillars, *self.elements)}

    @cached_property
    def by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    @cached_property
    def scored_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.scored)

    def indicator(self, indicator_id: str) -> Indicator:
        return self.by_id[indicator_id]

    def indicators_of(self, group_id: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.group == group_id)

    def level_for(self, score: float | None) -> Level | None:
        """The maturity level of a composite score; None when there is no score."""
        if score is None or (isinstance(score, float) and math.isnan(score)):
            return None
        chosen = self.levels[0]
        for level in self.levels:
            if score >= level.lower:
                chosen = level
        return chosen


def load_framework(path: Path | str = FRAMEWORK_FILE) -> Framework:
    """Read and validate a framework file; every mistake raises DataError naming the file."""
    path = Path(path)
    try:
        raw_bytes = path.read_bytes()
        raw = tomllib.loads(raw_bytes.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError("framework.unreadable", file=str(path), detail=str(exc)) from None
    try:
        framework = _build(raw, sha256=hashlib.sha256(raw_bytes).hexdigest())
    except DataError as exc:
        exc.file = str(path)
        raise
    return framework


def _require(table: dict, name: str, kind: str) -> object:
    if name not in table:
        raise DataError("framework.missing_field", kind=kind, ident=table.get("id", "?"), name=name)
    return table[name]


def _weight(value: object, kind: str, ident: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise DataError("framework.bad_weight", kind=kind, ident=ident, value=value)
    return float(value)


def _range(
    value: object, ident: str, name: str, *, ordered: bool = True
) -> tuple[float, float] | None:
    """A [low, high] pair; ``ordered=False`` for targets, written [worst, best] in either order."""
    if value is None:
        return None
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    )
    if not ok or not (value[0] < value[1] if ordered else value[0] != value[1]):
        raise DataError("framework.bad_range", ident=ident, name=name)
    return float(value[0]), float(value[1])


def _groups(raw: dict, key: str, kind: str, parts_key: str) -> tuple[Group, ...]:
    groups = []
    for table in raw.get(key, []):
        ident = str(_require(table, "id", kind))
        groups.append(
            Group(
                id=ident,
                kind=kind,
                name_id=str(_require(table, "name_id", kind)),
                name_en=str(table.get("name_en", table["name_id"])),
                weight=_weight(_require(table, "weight", kind), kind, ident),
                parts=tuple(table.get(parts_key, [])),
            )
        )
    _check_sum([g.weight for g in groups], 1.0, kind)
    return tuple(groups)


def _check_sum(weights: list[float], expected: float, kind: str) -> None:
    total = sum(weights)
    if abs(total - expected) > WEIGHT_TOLERANCE * max(expected, 1):
        raise DataError("framework.weights_sum", kind=kind, total=total, expected=expected)


def _indicator(table: dict, known_groups: set[str]) -> Indicator:
    kind = "indicator"
    ident = str(_require(table, "id", kind))
    group = str(_require(table, "group", kind))
    if group not in known_groups and group != CONTEXT_GROUP:
        raise DataError(
            "framework.unknown_group",
            ident=ident,
            group=group,
            known=", ".join(sorted(known_groups)),
        )
    direction = str(_require(table, "direction", kind))
    if direction not in DIRECTIONS:
        raise DataError("framework.bad_direction", ident=ident, value=direction)
    categories = tuple(str(c) for c in table.get("categories", []))
    if direction == "ord" and len(categories) < 2:
        raise DataError("framework.ord_categories", ident=ident)
    normalisation = str(table.get("normalisation", "minmax"))
    if normalisation not in NORMALISATIONS:
        raise DataError("framework.bad_normalisation", ident=ident, value=normalisation)
    target = _range(table.get("target"), ident, "target", ordered=False)
    if normalisation == "target" and target is None:
        raise DataError("framework.target_needed", ident=ident)
    return Indicator(
        id=ident,
        group=group,
        name_id=str(_require(table, "name_id", kind)),
        name_en=str(table.get("name_en", table["name_id"])),
        unit=str(_require(table, "unit", kind)),
        direction=direction,
        source=str(_require(table, "source", kind)),
        description_id=str(table.get("description_id", "")),
        description_en=str(table.get("description_en", "")),
        sub_dimension=str(table.get("sub_dimension", "")),
        weight=_weight(table.get("weight", 1.0), kind, ident),
        normalisation=normalisation,
        typical=_range(table.get("typical"), ident, "typical"),
        bounds=_range(table.get("bounds"), ident, "bounds"),
        target=target,
        categories=categories,
        decimals=int(table.get("decimals", 1)),
    )


def _unique(ids: list[str], kind: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise DataError("framework.duplicate_id", ident=ident, kind=kind)
        seen.add(ident)


def _levels(raw: dict) -> tuple[Level, ...]:
    """Readiness levels by rising lower bound, the first starting at 0."""
    levels = tuple(
        Level(
            id=str(_require(t, "id", "level")),
            name_id=str(_require(t, "name_id", "level")),
            name_en=str(t.get("name_en", t["name_id"])),
            lower=float(_require(t, "lower", "level")),
        )
        for t in raw.get("levels", [])
    )
    _unique([lv.id for lv in levels], "level")
    lowers = [lv.lower for lv in levels]
    if not levels or lowers[0] != 0 or any(b <= a for a, b in itertools.pairwise(lowers)):
        raise DataError("framework.levels")
    return levels


def _build(raw: dict, *, sha256: str) -> Framework:
    """A checked framework: unique ids, no empty group, weights and levels that add up."""
    pillars = _groups(raw, "pillars", "pillar", "sub_dimensions")
    elements = _groups(raw, "elements", "element", "components")
    _unique([g.id for g in (*pillars, *elements)], "pillar/element")
    known = {g.id for g in (*pillars, *elements)}
    indicators = tuple(_indicator(t, known) for t in raw.get("indicators", []))
    _unique([i.id for i in indicators], "indicator")
    for group in (*pillars, *elements):
        if not any(i.group == group.id for i in indicators):
            raise DataError("framework.empty_group", kind=group.kind, ident=group.id)
    composite = raw.get("composite", {"pillars": 1.0, "elements": 0.0})
    shares = {k: float(composite.get(k, 0.0)) for k in ("pillars", "elements")}
    _check_sum(list(shares.values()), 1.0, "composite")
    levels = _levels(raw)
    evaluation = dict(raw.get("evaluation", {}))
    if evaluation:
        parts = [v for k, v in evaluation.items() if k != "name"]
        _check_sum([float(v) for v in parts], 100.0, "evaluation")
    share = float(raw.get("max_missing_share", 0.4))
    if not 0 <= share < 1:
        raise DataError("framework.invalid", detail="max_missing_share must be in [0, 1)")
    return Framework(
        version=str(raw.get("version", "0")),
        name_id=str(raw.get("name_id", "Indeks Kesiapan Kota Cerdas")),
        name_en=str(raw.get("name_en", "Smart City Readiness Index")),
        pillars=pillars,
        elements=elements,
        indicators=indicators,
        levels=levels,
        composite_weights=shares,
        max_missing_share=share,
        evaluation=evaluation,
        sha256=sha256,
    )
