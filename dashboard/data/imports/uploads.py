"""Uploads for the admin page: staged on disk, validated, then imported by the CLI's code path.

With PostgreSQL (``DATABASE_URL``) each staged upload (content, state, report) is also kept in
the ``uploads`` table, so a file checked on one app host can be imported on another.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dashboard.data.errors import DataError, Report
from dashboard.data.framework import Framework
from dashboard.data.imports.tables import ImportLimits, validate_file
from dashboard.data.imports.tables.numbers import size_text
from dashboard.data.regions import RegionIndex
from dashboard.data.safe_text import neutralise
from dashboard.data.store.backend import Store
from dashboard.data.store.pg import shared_uploads
from dashboard.data.store.versions import Manifest, now_iso, sha256_file, write_atomic

UPLOADS = "uploads"


META = "meta.json"


REPORT = "report.json"


KINDS = ("indicators", "targets", "events", "boundaries")
DATASET_KINDS = ("indicators", "targets", "events")  # kinds that make a new dataset version


STAGED_MAX_AGE_S = 24 * 3600


_TOKEN = re.compile(r"^[0-9a-f]{32}$")


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


_SUFFIX = re.compile(r"^\.[a-z0-9]{1,10}$")  # kept on the stored copy: the readers look at it


_DATA_URL = re.compile(r"^data:[^,]{0,200},", re.ASCII)


REPORT_FIELDS = ("severity", "file", "row", "column", "value", "code", "reason")


@dataclass
class StagedUpload:
    """One uploaded file waiting for validation or import (``meta.json`` of its folder)."""

    token: str
    name: str  # the file name the user knows (shown, stored in the manifest); text only
    stored: str  # safe file name inside the staging folder
    sha256: str
    size: int
    kind: str  # "indicators" or "boundaries"
    who: str
    level: str | None = None
    sheet: str | None = None
    indicator: str | None = None  # the indicator of a BPS table export
    created_at: str = ""
    ok: bool | None = None  # None: not validated yet
    validated_sha256: str = ""
    counts: dict[str, Any] = field(default_factory=dict)

    def folder(self, data_dir: Path | str) -> Path:
        return uploads_dir(data_dir) / self.token

    def path(self, data_dir: Path | str) -> Path:
        return self.folder(data_dir) / self.stored


def uploads_dir(data_dir: Path | str) -> Path:
    return Path(data_dir) / UPLOADS


def display_name(filename: object) -> str:
    """The original name without any folder part, at most about 200 characters; text only."""
    text = str(filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    text = "".join(ch for ch in text if ch.isprintable())
    if len(text) > 200:
        stem, dot, suffix = text.rpartition(".")
        text = stem[:180] + "…" + dot + suffix if dot and len(suffix) <= 10 else text[:200]
    return text or "upload"


def safe_filename(filename: object) -> str:
    """A name safe on any file system: letters, digits, ``_`` and ``-``, then a short suffix.

    The suffix (lower-cased; ``.bin`` when it is not 1-10 letters or digits) is kept because the
    readers look at it; ``data.csv.gz`` becomes ``data_csv.gz``. The user's own name is kept apart,
    for display only.
    """
    name = display_name(filename)
    stem, dot, suffix = name.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if not dot or not _SUFFIX.match(suffix):
        stem, suffix = name, ".bin"
    stem = _UNSAFE.sub("_", stem).strip("_")[:80] or "upload"
    return stem + suffix


def decode_contents(contents: object) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL (``data:<type>;base64,<payload>``)."""
    if not isinstance(contents, str):
        raise DataError("upload.bad_contents")
    match = _DATA_URL.match(contents)
    if match is None or ";base64" not in match.group(0):
        raise DataError("upload.bad_contents")
    try:
        return base64.b64decode(contents[match.end() :], validate=True)
    except (binascii.Error, ValueError):
        raise DataError("upload.bad_contents") from None


def stage_upload(
    data_dir: Path | str,
    contents: object,
    filename: object,
    *,
    who: str,
    kind: str,
    level: str | None = None,
    sheet: str | None = None,
    indicator: str | None = None,
) -> StagedUpload:
    """Decode an upload and keep it under a fresh token; old staged files are cleaned first.

    The size is not judged here (the HTTP request limit bounds it): validation reports a file above
    the limit like any other problem, as the CLI does.
    """
    if kind not in KINDS:
        raise DataError("upload.bad_kind", kind=kind)
    clean_staged(data_dir)
    raw = decode_contents(contents)
    name = display_name(filename)
    token = secrets.token_hex(16)
    folder = uploads_dir(data_dir) / token
    folder.mkdir(parents=True)
    staged = StagedUpload(
        token=token,
        name=name,
        stored=safe_filename(name),
        sha256="",
        size=len(raw),
        kind=kind,
        who=who,
        level=level if kind == "boundaries" else None,
        sheet=((sheet or "").strip() or None) if kind in DATASET_KINDS else None,
        indicator=((indicator or "").strip() or None) if kind == "indicators" else None,
        created_at=now_iso(),
    )
    staged.path(data_dir).write_bytes(raw)
    staged.sha256 = sha256_file(staged.path(data_dir))
    save_meta(data_dir, staged, content=raw)
    return staged


def save_meta(data_dir: Path | str, staged: StagedUpload, *, content: bytes | None = None) -> None:
    """Record the upload's state; with PostgreSQL also where every host finds it."""
    write_atomic(staged.folder(data_dir) / META, json.dumps(asdict(staged)).encode("utf-8"))
    publish(data_dir, staged, content=content)


def publish(data_dir: Path | str, staged: StagedUpload, *, content: bytes | None = None) -> None:
    """Share a staged upload's state (and content, when first staged) through PostgreSQL, so a
    file checked on host A imports on host B; nothing to do with the file store."""
    shared = shared_uploads(data_dir)
    if shared is None:
        return
    report_path = staged.folder(data_dir) / REPORT
    report = json.loads(report_path.read_text("utf-8")) if report_path.is_file() else None
    shared.publish_upload(staged.token, asdict(staged), report, content)


def _fetch_shared(data_dir: Path | str, token: str) -> None:
    """Write a staged upload of another host into this host's folder (PostgreSQL only)."""
    shared = shared_uploads(data_dir)
    found = shared.fetch_upload(token) if shared is not None else None
    if found is None:
        return
    meta, report, content = found
    staged = StagedUpload(**meta)
    folder = staged.folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(staged.path(data_dir), content)
    if report is not None:
        write_atomic(folder / REPORT, json.dumps(report).encode("utf-8"))
    write_atomic(folder / META, json.dumps(meta).encode("utf-8"))


def load_staged(data_dir: Path | str, token: object) -> StagedUpload:
    """The staged upload ``token`` (a value that came back from the browser: checked first)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise DataError("upload.missing")
    meta = uploads_dir(data_dir) / token / META
    if not meta.is_file():
        _fetch_shared(data_dir, token)
    try:
        data = json.loads(meta.read_text("utf-8"))
        return StagedUpload(**data)
    except (OSError, ValueError, TypeError):
        raise DataError("upload.missing") from None


def discard_staged(data_dir: Path | str, token: str) -> None:
    if _TOKEN.match(token or ""):
        shutil.rmtree(uploads_dir(data_dir) / token, ignore_errors=True)
        shared = shared_uploads(data_dir)
        if shared is not None:
            shared.discard_upload(token)


def clean_staged(data_dir: Path | str, *, max_age_s: float = STAGED_MAX_AGE_S) -> int:
    """Remove staged uploads older than ``max_age_s`` (abandoned after validation)."""
    shared = shared_uploads(data_dir)
    if shared is not None:
        shared.clean_uploads(max_age_s)
    root = uploads_dir(data_dir)
    if not root.is_dir():
        return 0
    removed = 0
    limit = time.time() - max_age_s
    for child in root.iterdir():
        try:
            old = child.stat().st_mtime < limit
        except FileNotFoundError:
            continue
        if old:
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
            removed += 1
    return removed


ORPHAN_GRACE_S = 600  # a folder without meta.json younger than this may still be being written


def clean_orphans(data_dir: Path | str, *, grace_s: float = ORPHAN_GRACE_S) -> dict[str, int]:
    """Remove what killed imports and uploads left behind; run once at start.

    The versioned stores' ``.staging`` folders (only when no import holds the store's lock),
    upload folders that never got their ``meta.json``, temporary files of interrupted atomic
    writes, and staged uploads past their age. Returns counts per kind, for one log line.
    """
    from contextlib import suppress

    from dashboard.data.store.versions import VersionedStore

    counts = {"staging": 0, "uploads": 0, "temporary": 0}
    for kind in ("dataset", "boundaries"):
        root = Path(data_dir) / kind
        if root.is_dir():
            store = VersionedStore(root, kind=kind)
            with suppress(DataError), store.lock(wait=False):
                counts["staging"] += store.clean_staging()
    counts["uploads"] = clean_staged(data_dir)
    root = uploads_dir(data_dir)
    limit = time.time() - grace_s
    for folder in root.iterdir() if root.is_dir() else ():
        try:
            if folder.stat().st_mtime >= limit:
                continue
            if folder.is_dir() and not (folder / META).is_file():
                shutil.rmtree(folder, ignore_errors=True)
                counts["uploads"] += 1
                continue
            for temporary in folder.glob(".*.tmp-*") if folder.is_dir() else ():
                temporary.unlink(missing_ok=True)
                counts["temporary"] += 1
        except FileNotFoundError:
            continue
    return counts


def validate_staged(
    data_dir: Path | str,
    staged: StagedUpload,
    *,
    regions: RegionIndex,
    framework: Framework,
    limits: ImportLimits,
    tolerance: float,
) -> Report:
    """The same checks the CLI runs, recorded in the staged folder (outcome, counts, report)."""
    path = staged.path(data_dir)
    if staged.kind == "targets":
        from dashboard.data.imports.targets import validate_targets

        report = validate_targets(
            path, regions=regions, framework=framework, limits=limits,
            display_name=staged.name, sheet=staged.sheet,
        ).report  # fmt: skip
    elif staged.kind == "events":
        from dashboard.data.imports.events import validate_events

        report = validate_events(
            path, regions=regions, limits=limits, display_name=staged.name, sheet=staged.sheet
        ).report
    elif staged.kind == "indicators":
        report = validate_file(
            path,
            regions=regions,
            framework=framework,
            limits=limits,
            sheet=staged.sheet,
            display_name=staged.name,
            indicator=staged.indicator,
        ).report
    else:
        report = _boundary_report(path, staged, regions=regions, limits=limits, tolerance=tolerance)
    record_report(data_dir, staged, report)
    return report


def record_report(data_dir: Path | str, staged: StagedUpload, report: Report) -> None:
    """Keep a check's outcome, counts and problems in the staged folder (what the page shows)."""
    staged.ok = report.ok
    staged.validated_sha256 = sha256_file(staged.path(data_dir)) if report.ok else ""
    staged.counts = dict(report.counts)
    write_atomic(staged.folder(data_dir) / REPORT, json.dumps(report_rows(report)).encode())
    save_meta(data_dir, staged)


def _boundary_report(
    path: Path,
    staged: StagedUpload,
    *,
    regions: RegionIndex,
    limits: ImportLimits,
    tolerance: float,
) -> Report:
    """The boundary checks of the CLI, with the error and warning totals in the counts."""
    if staged.size > limits.max_bytes:
        report = Report(staged.name)
        report.add(
            "importer.too_large", size=size_text(staged.size), limit=size_text(limits.max_bytes)
        )
    else:
        from dashboard.data.imports.geometry import process_boundaries

        report = process_boundaries(
            path,
            level=staged.level or "regency",
            regions=regions,
            tolerance=tolerance,
            display_name=staged.name,
            limits=limits,
        ).report
    report.counts.update(errors=len(report.errors), warnings=len(report.warnings))
    return report


def report_rows(report: Report) -> dict[str, list[dict]]:
    """Every problem rendered in both languages (what the grid and the CSV download show)."""
    return {lang: [p.to_dict(lang) for p in report.problems] for lang in ("id", "en")}


def load_report_rows(data_dir: Path | str, staged: StagedUpload, lang: str) -> list[dict]:
    try:
        rows = json.loads((staged.folder(data_dir) / REPORT).read_text("utf-8"))
    except (OSError, ValueError):
        raise DataError("upload.missing") from None
    return rows.get(lang) or rows.get("id") or []


def report_csv(rows: list[dict]) -> str:
    """The problem list as the CLI's ``--report`` CSV, text neutralised against formulas."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(REPORT_FIELDS), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise(row.get(k)) for k in REPORT_FIELDS})
    return "\ufeff" + buffer.getvalue()


@dataclass(frozen=True)
class ImportDone:
    """A finished import from the admin page: the new version and what it holds."""

    kind: str
    manifest: Manifest
    counts: dict[str, Any]


def import_staged(
    store: Store,
    staged: StagedUpload,
    *,
    who: str,
    regions: RegionIndex,
    framework: Framework,
    limits: ImportLimits,
    tolerance: float,
    mode: str = "merge",
) -> ImportDone:
    """Import a staged file that passed validation, by the CLI's code path; then discard it.

    Raises DataError when the file is gone, changed since validation, was never clean, or was
    uploaded by someone else; ValidationError (with the report) if it fails validation now.
    """
    data_dir = store.data_dir
    path = staged.path(data_dir)
    _check_importable(staged, path, who=who)
    if staged.kind in ("targets", "events"):
        from dashboard.data.imports.events import import_events
        from dashboard.data.imports.targets import import_targets

        common = {"regions": regions, "limits": limits, "sheet": staged.sheet, "who": who}
        common |= {"mode": mode, "display_name": staged.name}
        if staged.kind == "targets":
            _, manifest = import_targets(store, path, framework=framework, **common)
        else:
            _, manifest = import_events(store, path, **common)
        done = ImportDone(staged.kind, manifest, dict(manifest.counts))
    elif staged.kind == "indicators":
        from dashboard.data.imports.indicators import import_indicators

        outcome = import_indicators(
            store,
            path,
            regions=regions,
            framework=framework,
            limits=limits,
            sheet=staged.sheet,
            who=who,
            mode=mode,
            display_name=staged.name,
            indicator=staged.indicator,
        )
        done = ImportDone("indicators", outcome.manifest, dict(outcome.manifest.counts))
    else:
        from dashboard.data.imports.boundaries import import_boundaries

        manifest, result = import_boundaries(
            store,
            path,
            level=staged.level or "regency",
            regions=regions,
            tolerance=tolerance,
            who=who,
            display_name=staged.name,
            limits=limits,
        )
        done = ImportDone("boundaries", manifest, {**manifest.counts, **result.stats})
    discard_staged(data_dir, staged.token)
    return done


def _check_importable(staged: StagedUpload, path: Path, *, who: str) -> None:
    """Refuse a file of someone else, never validated clean, gone, or changed since."""
    if staged.who != who:
        raise DataError("upload.other_user")
    if not staged.ok or not staged.validated_sha256:
        raise DataError("upload.not_validated")
    if not path.is_file():
        raise DataError("upload.missing")
    if sha256_file(path) != staged.validated_sha256 or staged.validated_sha256 != staged.sha256:
        raise DataError("upload.changed", file=staged.name)
