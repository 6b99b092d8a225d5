"""The alert rules file: parsing and validation into :class:`Rule` objects.

One ``[[rule]]`` table per rule. Every rule has ``id``, ``title_id``, ``title_en``, ``kind``,
``indicator`` (an indicator id, a pillar or element id, or ``composite``), ``regions`` (default
``["home"]``: the ``HOME_REGION``; also ``"all"`` for every kab/kota, a province code for its kab/kota,
or kab/kota codes) and ``severity`` (``info``, ``warning``, ``critical``), plus the parameters of its
kind:

- ``threshold``: ``below`` or ``above`` (a number in the indicator's unit);
- ``target``: ``side`` = ``worse`` (default: below the target for indicators where higher is
  better, above it where lower is better), ``below`` or ``above``;
- ``rank_fall``: ``places`` (whole number >= 1) and ``scope`` (``national`` or ``province``);
- ``drop``: ``amount`` (in the unit) or ``percent``, and ``change`` = ``worse`` (default: a fall
  where higher is better, a rise where lower is better), ``fall`` or ``rise``;
- ``missing``: ``period`` (a year) and ``deadline`` (a date): no value for that year after it.

``include_synthetic`` (default true) says whether synthetic values may raise the alert (they are
labelled as such wherever the alert is shown). Unknown keys are errors, so a typo never silently
disables a rule. Any problem rejects the whole file: the rules in use stay as they were.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime

from dashboard.data.framework import Framework
from dashboard.data.regions import RegionIndex
from dashboard.i18n import t

KINDS = ("threshold", "target", "rank_fall", "drop", "missing")
SEVERITIES = ("critical", "warning", "info")  # most severe first
COMPOSITE = "composite"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
COMMON_KEYS = {
    "id", "title_id", "title_en", "kind", "indicator", "regions", "severity", "include_synthetic",
}  # fmt: skip
KIND_KEYS = {
    "threshold": {"below", "above"},
    "target": {"side"},
    "rank_fall": {"places", "scope"},
    "drop": {"amount", "percent", "change"},
    "missing": {"period", "deadline"},
}


@dataclass(frozen=True)
class Rule:
    """One validated rule; ``params`` holds the kind's parameters with defaults filled in."""

    id: str
    title_id: str
    title_en: str
    kind: str
    indicator: str
    regions: tuple[str, ...]  # resolved kab/kota codes
    severity: str = "warning"
    include_synthetic: bool = True
    params: dict = field(default_factory=dict)

    def title(self, lang: str = "id") -> str:
        return self.title_en if lang == "en" else self.title_id


# Bounds of a rules file: a few dozen rules are typical; all of them are evaluated per version.
MAX_RULES_BYTES = 256 * 1024
MAX_RULES = 200


@dataclass(frozen=True)
class RuleProblem:
    """What is wrong with one field of one rule (or with the file as a whole)."""

    file: str
    rule: str  # the rule's id, or "#<n>" (1-based) when it has none
    field: str
    code: str
    params: tuple[tuple[str, object], ...] = ()

    def reason(self, lang: str = "id") -> str:
        return t(f"alerts.err_{self.code}", lang, **dict(self.params))

    def message(self, lang: str = "id") -> str:
        if not self.rule:
            return t("alerts.problem_file", lang, file=self.file, reason=self.reason(lang))
        return t(
            "alerts.problem",
            lang,
            file=self.file,
            rule=self.rule,
            field=self.field,
            reason=self.reason(lang),
        )

    def __str__(self) -> str:
        return self.message("en")


class RulesError(ValueError):
    """The rules file was rejected; ``problems`` says why (every problem found, in file order)."""

    def __init__(self, problems: list[RuleProblem]) -> None:
        super().__init__("; ".join(p.message("en") for p in problems))
        self.problems = problems

    def messages(self, lang: str = "id") -> list[str]:
        return [p.message(lang) for p in self.problems]


def parse_rules(
    text: str, *, file: str, framework: Framework, regions: RegionIndex, home: str
) -> tuple[Rule, ...]:
    """Every rule of a rules file, or :class:`RulesError` naming file, rule and field."""
    size = len(text.encode("utf-8"))
    if size > MAX_RULES_BYTES:  # refused before parsing: evaluation time grows with the rules
        raise RulesError([RuleProblem(file, "", "", "too_large", (("limit", MAX_RULES_BYTES),))])
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError([RuleProblem(file, "", "", "toml", (("detail", str(exc)),))]) from None
    problems: list[RuleProblem] = []
    unknown_top = sorted(set(raw) - {"rule"})
    if unknown_top:
        problems.append(RuleProblem(file, "", "", "top_keys", (("keys", ", ".join(unknown_top)),)))
    tables = raw.get("rule", [])
    if not isinstance(tables, list) or not all(isinstance(x, dict) for x in tables):
        raise RulesError([*problems, RuleProblem(file, "", "", "not_tables")])
    if len(tables) > MAX_RULES:
        raise RulesError(
            [*problems, RuleProblem(file, "", "", "too_many", (("limit", MAX_RULES),))]
        )
    checker = _Checker(file, framework, regions, home)
    rules = []
    seen: set[str] = set()
    for number, table in enumerate(tables, start=1):
        rule = checker.rule(table, number)
        if rule is not None and rule.id in seen:
            checker.problem(rule.id, "id", "duplicate_id")
            rule = None
        if rule is not None:
            seen.add(rule.id)
            rules.append(rule)
    problems += checker.problems
    if problems:
        raise RulesError(problems)
    return tuple(rules)


class _Checker:
    """Collects the problems of every rule while building the valid ones."""

    def __init__(self, file: str, framework: Framework, regions: RegionIndex, home: str) -> None:
        self.file = file
        self.framework = framework
        self.regions = regions
        self.home = home
        self.problems: list[RuleProblem] = []

    def problem(self, rule: str, name: str, code: str, **params: object) -> None:
        self.problems.append(RuleProblem(self.file, rule, name, code, tuple(params.items())))

    def rule(self, table: dict, number: int) -> Rule | None:
        before = len(self.problems)
        raw_id = table.get("id")
        label = raw_id if isinstance(raw_id, str) and raw_id else f"#{number}"
        ident = self._text(table, label, "id")
        if ident is not None and not ID_PATTERN.match(ident):
            self.problem(label, "id", "bad_id")
        titles = [self._text(table, label, key) for key in ("title_id", "title_en")]
        kind = self._choice(table, label, "kind", KINDS, None)
        if kind is not None:
            extra = sorted(set(table) - COMMON_KEYS - KIND_KEYS[kind])
            for key in extra:
                self.problem(label, key, "unknown_key", kind=kind)
        indicator = self._indicator(table, label, kind)
        regions = self._regions(table, label)
        severity = self._choice(table, label, "severity", SEVERITIES, "warning")
        synthetic = table.get("include_synthetic", True)
        if not isinstance(synthetic, bool):
            self.problem(label, "include_synthetic", "not_bool")
        params = self._params(table, label, kind) if kind is not None else None
        if len(self.problems) > before:
            return None
        return Rule(
            str(ident), str(titles[0]), str(titles[1]), str(kind), str(indicator),
            tuple(regions or ()), str(severity), bool(synthetic), dict(params or {}),
        )  # fmt: skip

    # -- fields ------------------------------------------------------------------------------
    def _text(self, table: dict, label: str, key: str) -> str | None:
        value = table.get(key)
        if value is None:
            self.problem(label, key, "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(label, key, "not_text")
            return None
        return value.strip()

    def _choice(self, table, label, key, choices, default) -> str | None:
        value = table.get(key, default)
        if value is None:
            self.problem(label, key, "missing")
            return None
        if value not in choices:
            self.problem(label, key, "not_choice", value=value, choices=", ".join(choices))
            return None
        return str(value)

    def _indicator(self, table: dict, label: str, kind: str | None) -> str | None:
        default = COMPOSITE if kind == "rank_fall" else None
        value = table.get("indicator", default)
        if value is None:
            self.problem(label, "indicator", "missing")
            return None
        fw = self.framework
        known = value == COMPOSITE or value in fw.by_id or value in fw.groups
        if not isinstance(value, str) or not known:
            self.problem(label, "indicator", "unknown_indicator", value=value)
            return None
        if kind in ("target", "missing") and value not in fw.by_id:
            self.problem(label, "indicator", "indicator_only", value=value, kind=kind)
            return None
        return value

    def _regions(self, table: dict, label: str) -> list[str] | None:
        value = table.get("regions", ["home"])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            self.problem(label, "regions", "bad_regions")
            return None
        regencies = self.regions.regencies
        out: list[str] = []
        for item in value:
            key = str(item).strip()
            if key == "home":
                out.append(self.home)
            elif key == "all":
                out.extend(regencies["code"].astype(str))
            elif key in set(regencies["province_code"]):
                out.extend(regencies.loc[regencies["province_code"] == key, "code"].astype(str))
            elif key in set(regencies["code"]):
                out.append(key)
            else:
                self.problem(label, "regions", "unknown_region", value=key)
                return None
        return list(dict.fromkeys(out))

    def _number(self, table, label, key, *, positive=True, whole=False) -> float | None:
        value = table.get(key)
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok and whole and not isinstance(value, int):
            ok = False
        if not ok or value != value or (positive and value <= 0):
            code = "not_whole" if whole else ("not_positive" if positive else "not_number")
            self.problem(label, key, code, value=value)
            return None
        return float(value)

    def _one_of(self, table, label, keys: tuple[str, str]) -> str | None:
        given = [k for k in keys if k in table]
        if len(given) != 1:
            self.problem(label, "/".join(keys), "one_of", keys=" / ".join(keys))
            return None
        return given[0]

    def _params(self, table: dict, label: str, kind: str) -> dict | None:
        if kind == "threshold":
            key = self._one_of(table, label, ("below", "above"))
            if key is None:
                return None
            value = self._number(table, label, key, positive=False)
            return None if value is None else {"side": key, "threshold": value}
        if kind == "target":
            side = self._choice(table, label, "side", ("worse", "below", "above"), "worse")
            return None if side is None else {"side": side}
        if kind == "rank_fall":
            places = self._number(table, label, "places", whole=True)
            scope = self._choice(table, label, "scope", ("national", "province"), "national")
            return None if places is None or scope is None else {"places": int(places), "scope": scope}  # fmt: skip
        if kind == "drop":
            key = self._one_of(table, label, ("amount", "percent"))
            value = None if key is None else self._number(table, label, key)
            change = self._choice(table, label, "change", ("worse", "fall", "rise"), "worse")
            if value is None or change is None:
                return None
            return {"by": key, "threshold": value, "change": change}
        return self._missing_params(table, label)

    def _missing_params(self, table: dict, label: str) -> dict | None:
        period = self._number(table, label, "period", whole=True)
        if period is not None and not 1900 <= period <= 2200:
            self.problem(label, "period", "bad_year", value=int(period))
            period = None
        deadline = table.get("deadline")
        if isinstance(deadline, datetime):
            deadline = deadline.date()
        if not isinstance(deadline, date):
            if isinstance(deadline, str):
                try:
                    deadline = date.fromisoformat(deadline)
                except ValueError:
                    deadline = None
            else:
                deadline = None
        if deadline is None:
            self.problem(label, "deadline", "not_date", value=table.get("deadline"))
        if period is None or deadline is None:
            return None
        return {"period": int(period), "deadline": deadline.isoformat()}
