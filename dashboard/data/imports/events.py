"""Events on the time axis: dated milestones officials add (a launch, a regulation, a budget).

File (CSV or XLSX; headers ignore case and separators):

* ``tanggal`` (``date``): ``YYYY-MM-DD`` (also ``DD/MM/YYYY``), 2000-2045;
* ``judul`` (``title_id``, ``judul_id``): the Indonesian title; ``title_en`` (``judul_en``,
  ``title``) the English one (the Indonesian one is used when it is empty);
* ``wilayah`` (``region``, ``kode_wilayah``): a region code, BPS code or unambiguous name, or
  ``nasional``/``national`` (or empty) for an event of the whole country;
* ``kategori`` (``category``): ``programme``/``program``, ``policy``/``kebijakan``,
  ``budget``/``anggaran``, ``data``, ``other``/``lainnya``;
* optional ``sumber``/``source``.

Errors (file, row, column, reason; any error changes nothing): a bad date, a missing title, an
unknown region, an unknown category, the same date, region and title twice.
The programme's own milestones (MoU dates) come from the programme data, not from this file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.data import observe
from dashboard.data.errors import DataError, ValidationError
from dashboard.data.imports.small_tables import cell, new_problems, read_rows
from dashboard.data.imports.tables import UNSPECIFIED_SOURCE, ImportLimits
from dashboard.data.imports.tables.problems import Problems
from dashboard.data.regions import RegionIndex
from dashboard.data.store.datasets import EVENT_CATEGORIES, DataStore, tidy_events
from dashboard.data.store.versions import Manifest, current_user, sha256_file

NATIONAL = ("", "nasional", "national", "indonesia", "id", "0")
CATEGORY_NAMES = {
    **{c: c for c in EVENT_CATEGORIES},
    "program": "programme",
    "kebijakan": "policy",
    "regulasi": "policy",
    "anggaran": "budget",
    "lainnya": "other",
    "lain": "other",
}
ROLES = {
    "date": ("tanggal", "date", "tgl"),
    "title_id": ("judul", "title_id", "judul_id", "judul_indonesia"),
    "title_en": ("title_en", "judul_en", "title", "judul_inggris"),
    "region": ("wilayah", "region", "kode_wilayah", "region_code", "kode"),
    "category": ("kategori", "category", "jenis"),
    "source": ("sumber", "source"),
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
FIRST_YEAR, LAST_YEAR = 2000, 2045


class EventResult:
    def __init__(self, report, events: pd.DataFrame) -> None:
        self.report = report
        self.events = events

    @property
    def ok(self) -> bool:
        return self.report.ok


def parse_date(text: str) -> date | None:
    """``YYYY-MM-DD`` (an XLSX date cell reads so, maybe with a time) or ``DD/MM/YYYY``."""
    text = text.strip().split(" ")[0].split("T")[0]
    match = _ISO.match(text)
    parts = (match.group(1), match.group(2), match.group(3)) if match else None
    if parts is None and (match := _DMY.match(text)):
        parts = (match.group(3), match.group(2), match.group(1))
    if parts is None:
        return None
    try:
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def validate_events(
    path: Path | str,
    *,
    regions: RegionIndex,
    limits: ImportLimits | None = None,
    display_name: str | None = None,
    sheet: str | None = None,
) -> EventResult:
    """Check an events file completely; never raises for bad content."""
    path = Path(path)
    name = display_name or path.name
    problems = new_problems(name)
    rows = read_rows(
        path,
        name=name,
        roles=ROLES,
        required=("date", "title_id", "category"),
        problems=problems,
        limits=limits,
        sheet=sheet,
    )
    events = tidy_events(pd.DataFrame())
    if rows is not None:
        events = _checked(rows, regions, problems)
    problems.finish()
    report = problems.report
    report.counts = {
        "rows_read": 0 if rows is None else len(rows.frame),
        "events": len(events),
        "errors": problems.total("error"),
        "warnings": problems.total("warning"),
    }
    return EventResult(report, events if report.ok else events.iloc[:0])


def _checked(rows, regions: RegionIndex, problems: Problems) -> pd.DataFrame:
    out, seen = [], {}
    for record in rows.frame.to_dict("records"):
        row = int(record["_row"])
        ok = True
        text = cell(rows, record, "date")
        day = parse_date(text)
        if day is None:
            problems.add("events.bad_date", row=row, column=rows.letters["date"], value=text)
            ok = False
        title = cell(rows, record, "title_id")
        if not title:
            problems.add("events.no_title", row=row, column=rows.letters["title_id"])
            ok = False
        region = _region(cell(rows, record, "region"), regions, problems, row, rows)
        kind = cell(rows, record, "category")
        category = CATEGORY_NAMES.get(kind.lower())
        if category is None:
            problems.add(
                "events.unknown_category",
                row=row,
                column=rows.letters["category"],
                value=kind,
                known=", ".join(EVENT_CATEGORIES),
            )
            ok = False
        if not ok or region is None:
            continue
        key = (day.isoformat(), region, title.lower())
        if key in seen:
            problems.add("events.duplicate", row=row, first=seen[key], title=title)
            continue
        seen[key] = row
        source = cell(rows, record, "source") or UNSPECIFIED_SOURCE
        title_en = cell(rows, record, "title_en") or title
        out.append((day.isoformat(), title, title_en, region, category, source))
    columns = ["date", "title_id", "title_en", "region_code", "category", "source"]
    return tidy_events(pd.DataFrame(out, columns=columns))


def _region(text: str, regions: RegionIndex, problems: Problems, row: int, rows) -> str | None:
    """The region's code, "" for a national event, None after reporting an unknown one."""
    if text.lower() in NATIONAL:
        return ""
    try:
        return regions.resolve(text)
    except DataError:
        problems.add("events.unknown_region", row=row, column=rows.letters["region"], value=text)
        return None


@observe.timed_call("import", kind="events")
def import_events(
    store: DataStore,
    path: Path | str,
    *,
    regions: RegionIndex,
    limits: ImportLimits | None = None,
    sheet: str | None = None,
    who: str | None = None,
    mode: str = "merge",
    display_name: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[EventResult, Manifest]:
    """Validate an events file and, only when clean, store a new dataset version with them.

    ``merge`` adds the file's events to the current ones (an event with the same date, region
    and title is replaced); ``replace`` keeps only the file's.
    """
    from dashboard.data.imports.indicators import MODES, _current_or_empty

    if mode not in MODES:
        raise DataError("service.bad_mode", mode=mode)
    path = Path(path)
    name = display_name or path.name
    if progress:
        progress("validate")
    result = validate_events(path, regions=regions, limits=limits, display_name=name, sheet=sheet)
    if not result.ok:
        raise ValidationError(result.report)
    digest, who = sha256_file(path), who or current_user()
    if progress:
        progress("store")
    with store.dataset.lock():
        base = _current_or_empty(store)
        events = result.events
        if mode == "merge":
            key = ["date", "region_code", "title_id"]
            old = pd.MultiIndex.from_frame(base.events[key])
            kept = base.events[~old.isin(pd.MultiIndex.from_frame(events[key]))]
            events = pd.concat([kept, events], ignore_index=True)
        manifest = store.save_dataset(
            base.observations,
            base.programme,
            kind="events",
            who=who,
            source_file=name,
            source_sha256=digest,
            counts={"rows_in_file": len(result.events)},
            info={"mode": mode, "base_version": base.version},
            targets=base.targets,
            events=events,
        )
        audit = {"action": "import", "kind": "events", "version": manifest.version, "who": who}
        # in the lock: with PostgreSQL in the same transaction, with files repaired if killed
        store.append_audit(audit | {"file": name, "sha256": digest, "mode": mode})
    return result, manifest
