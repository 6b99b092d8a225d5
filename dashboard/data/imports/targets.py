"""RPJMD targets: a region's planned value of an indicator (or of the composite) in a year.

File (CSV or XLSX, read by the import contract's reader; headers ignore case and separators):

* ``kode_wilayah`` (or ``region_code``, ``wilayah``, ...): a regency/city or province code, BPS
  code or unambiguous name;
* ``indikator`` (``indicator_id``, ``indicator``): a framework indicator id or its Indonesian or
  English name, or ``komposit``/``composite`` for the readiness index (0-100);
* ``tahun`` (``year``, ``tahun_target``): the target year, 2000-2045;
* ``target`` (``nilai_target``, ``nilai``, ``value``): the planned value in the indicator's unit
  (number rules of the import contract; an ordered indicator also takes its category label);
* optional ``sumber``/``source`` (the plan document, e.g. "RPJMD Kab. Bekasi 2022-2026") and
  ``catatan``/``note``.

Rows with neither year nor target are skipped (an unfilled row of the form
``python -m dashboard plan-template targets`` writes).

Errors (each naming file, row, column and reason; any error stores nothing): unknown or ambiguous
region, unknown indicator (with a suggestion), a year that is not a whole year in range, a value
that is missing, not a number or outside the indicator's hard bounds, the same region, indicator
and year twice. Warning: no source column (targets recorded with source "tidak disebutkan").
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from dashboard.data import observe
from dashboard.data.errors import AmbiguousRegion, DataError, UnknownRegion, ValidationError
from dashboard.data.framework import Framework
from dashboard.data.imports.small_tables import cell, new_problems, read_rows
from dashboard.data.imports.tables import UNSPECIFIED_SOURCE, ImportLimits, parse_number
from dashboard.data.imports.tables.problems import Problems
from dashboard.data.regions import RegionIndex
from dashboard.data.store.datasets import DataStore, tidy_targets
from dashboard.data.store.versions import Manifest, current_user, sha256_file

COMPOSITE = "composite"
COMPOSITE_NAMES = ("composite", "komposit", "indeks", "indeks_komposit", "index", "skor")
FIRST_YEAR, LAST_YEAR = 2000, 2045
KEY = ["region_code", "indicator_id", "period"]
ROLES = {
    "region": ("kode_wilayah", "region_code", "kode", "code", "wilayah", "region", "kode_bps"),
    "indicator": ("indikator", "indicator_id", "indicator", "kode_indikator"),
    "period": ("tahun", "year", "period", "periode", "tahun_target", "target_year"),
    "value": ("target", "nilai_target", "target_value", "nilai", "value"),
    "source": ("sumber", "source", "dokumen"),
    "note": ("catatan", "note", "keterangan"),
}


class TargetResult:
    """The report and, when it has no errors, the clean targets."""

    def __init__(self, report, targets: pd.DataFrame) -> None:
        self.report = report
        self.targets = targets

    @property
    def ok(self) -> bool:
        return self.report.ok


def validate_targets(
    path: Path | str,
    *,
    regions: RegionIndex,
    framework: Framework,
    limits: ImportLimits | None = None,
    display_name: str | None = None,
    sheet: str | None = None,
) -> TargetResult:
    """Check a targets file completely; never raises for bad content."""
    path = Path(path)
    name = display_name or path.name
    problems = new_problems(name)
    rows = read_rows(
        path,
        name=name,
        roles=ROLES,
        required=("region", "indicator", "period", "value"),
        problems=problems,
        limits=limits,
        sheet=sheet,
    )
    targets = tidy_targets(pd.DataFrame(columns=[*KEY, "value"]))
    if rows is not None:
        if "source" not in rows.columns:
            problems.add("targets.no_source", severity="warning", default=UNSPECIFIED_SOURCE)
        targets = _checked(rows, regions, framework, problems)
    problems.finish()
    report = problems.report
    report.counts = {
        "rows_read": 0 if rows is None else len(rows.frame),
        "targets": len(targets),
        "regions": int(targets["region_code"].nunique()),
        "indicators": int(targets["indicator_id"].nunique()),
        "errors": problems.total("error"),
        "warnings": problems.total("warning"),
    }
    if not report.ok:
        targets = targets.iloc[:0]
    return TargetResult(report, targets)


def _checked(rows, regions: RegionIndex, framework: Framework, problems: Problems) -> pd.DataFrame:
    names = _indicator_names(framework)
    seen: dict[tuple, int] = {}
    known: dict[str, str] = {}  # region texts already resolved (files repeat them)
    out = []
    for record in rows.frame.to_dict("records"):
        row = int(record["_row"])
        if not cell(rows, record, "period") and not cell(rows, record, "value"):
            continue  # a form row left unfilled (no year, no target): not a target
        text = cell(rows, record, "region")
        region = known.get(text) or _region(text, regions, problems, row, rows.letters)
        if region is not None:
            known[text] = region
        indicator = _indicator(cell(rows, record, "indicator"), names, problems, row, rows.letters)
        year = _year(cell(rows, record, "period"), problems, row, rows.letters["period"])
        value = _value(cell(rows, record, "value"), indicator, framework, problems, row, rows)
        if None in (region, indicator, year, value):
            continue
        key = (region, indicator, year)
        if key in seen:
            problems.add(
                "targets.duplicate",
                row=row,
                region=region,
                indicator=indicator,
                year=year,
                first=seen[key],
            )
            continue
        seen[key] = row
        source = cell(rows, record, "source") or UNSPECIFIED_SOURCE
        out.append((region, indicator, year, value, source, cell(rows, record, "note")))
    return tidy_targets(pd.DataFrame(out, columns=[*KEY, "value", "source", "note"]))


def _indicator_names(framework: Framework) -> dict[str, str]:
    names = {name: COMPOSITE for name in COMPOSITE_NAMES}
    for ind in framework.indicators:
        for label in (ind.id, ind.name_id, ind.name_en):
            names[_norm(label)] = ind.id
    return names


def _norm(text: str) -> str:
    return "_".join(str(text).strip().lower().replace("-", " ").split())


def _region(text: str, regions: RegionIndex, problems: Problems, row: int, letters) -> str | None:
    column = letters["region"]
    if not text:
        problems.add("targets.missing_region", row=row, column=column)
        return None
    try:
        code = regions.resolve(text)
    except UnknownRegion as exc:
        hint = " / ".join(f"{c} {n}" for c, n in exc.suggestions)
        code = "targets.unknown_region_hint" if hint else "targets.unknown_region"
        problems.add(code, row=row, column=column, key=text, hint=hint)
        return None
    except AmbiguousRegion as exc:
        problems.add(exc.code, row=row, column=column, **exc.params)
        return None
    except DataError as exc:
        problems.add(exc.code, row=row, column=column, **exc.params)
        return None
    if code.count(".") > 1:  # a kecamatan: the plan is the regency's
        problems.add("targets.district_code", row=row, column=column, key=text)
        return None
    return code


def _indicator(text: str, names: dict, problems: Problems, row: int, letters) -> str | None:
    column = letters["indicator"]
    if not text:
        problems.add("targets.missing_indicator", row=row, column=column)
        return None
    found = names.get(_norm(text))
    if found is None:
        close = difflib.get_close_matches(_norm(text), list(names), n=1, cutoff=0.75)
        code = "targets.unknown_indicator_hint" if close else "targets.unknown_indicator"
        hint = names[close[0]] if close else ""
        problems.add(code, row=row, column=column, key=text, hint=hint)
    return found


def _year(text: str, problems: Problems, row: int, column: str) -> int | None:
    try:
        year = float(text.replace(" ", ""))
    except ValueError:
        year = float("nan")
    if year != year or not year.is_integer() or not FIRST_YEAR <= year <= LAST_YEAR:
        problems.add(
            "targets.bad_year", row=row, column=column, value=text, low=FIRST_YEAR, high=LAST_YEAR
        )
        return None
    return int(year)


_NOT_A_NUMBER = object()


@functools.lru_cache(maxsize=65536)
def _number(text: str) -> object:
    """``parse_number`` once per distinct text (a file repeats its values)."""
    try:
        return parse_number(text)
    except ValueError:
        return _NOT_A_NUMBER


def _value(
    text: str, indicator: str | None, framework: Framework, problems: Problems, row: int, rows
) -> float | None:
    column = rows.letters["value"]
    ind = framework.by_id.get(indicator) if indicator and indicator != COMPOSITE else None
    if ind is not None and ind.categories:
        labels = [c.lower() for c in ind.categories]
        if text.lower() in labels:
            return float(labels.index(text.lower()) + 1)
    value = _number(text)
    if value is _NOT_A_NUMBER:
        problems.add("targets.not_a_number", row=row, column=column, value=text)
        return None
    if value is None:
        problems.add("targets.missing_value", row=row, column=column)
        return None
    low, high = (
        (0.0, 100.0)
        if indicator == COMPOSITE
        else (ind.bounds if ind else None)
        or (
            None,
            None,
        )
    )
    if low is not None and not low <= value <= high:
        problems.add(
            "targets.out_of_bounds", row=row, column=column, value=text, low=low, high=high
        )
        return None
    return value


def merge_targets(base: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Upsert ``new`` into ``base`` on (region, indicator, year), counting what changed."""
    base, new = tidy_targets(base), tidy_targets(new)
    keys = pd.MultiIndex.from_frame(new[KEY])
    old = pd.MultiIndex.from_frame(base[KEY])
    replaced = old.isin(keys)
    counts = {
        "rows_added": int((~keys.isin(old)).sum()),
        "rows_updated": int(replaced.sum()),
        "rows_unchanged": 0,
    }
    return tidy_targets(pd.concat([base[~replaced], new], ignore_index=True)), counts


@observe.timed_call("import", kind="targets")
def import_targets(
    store: DataStore,
    path: Path | str,
    *,
    regions: RegionIndex,
    framework: Framework,
    limits: ImportLimits | None = None,
    sheet: str | None = None,
    who: str | None = None,
    mode: str = "merge",
    display_name: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[TargetResult, Manifest]:
    """Validate a targets file and, only when clean, store a new dataset version with them.

    The observations, programme and events of the current version are kept; ``merge`` upserts
    the file's targets into the current ones, ``replace`` keeps only the file's.
    """
    from dashboard.data.imports.indicators import MODES, _current_or_empty

    if mode not in MODES:
        raise DataError("service.bad_mode", mode=mode)
    path = Path(path)
    name = display_name or path.name
    if progress:
        progress("validate")
    result = validate_targets(
        path, regions=regions, framework=framework, limits=limits, display_name=name, sheet=sheet
    )
    if not result.ok:
        raise ValidationError(result.report)
    digest, who = sha256_file(path), who or current_user()
    if progress:
        progress("store")
    with store.dataset.lock():
        base = _current_or_empty(store)
        if mode == "replace":
            targets = result.targets
            counts = {"rows_added": len(targets), "rows_updated": 0, "rows_unchanged": 0}
        else:
            targets, counts = merge_targets(base.targets, result.targets)
        counts["rows_in_file"] = len(result.targets)
        manifest = store.save_dataset(
            base.observations,
            base.programme,
            kind="targets",
            who=who,
            source_file=name,
            source_sha256=digest,
            counts=counts,
            info={"mode": mode, "base_version": base.version},
            targets=targets,
            events=base.events,
        )
        audit = {"action": "import", "kind": "targets", "version": manifest.version, "who": who}
        # in the lock: with PostgreSQL in the same transaction, with files repaired if killed
        store.append_audit(audit | {"file": name, "sha256": digest, "mode": mode})
    return result, manifest
