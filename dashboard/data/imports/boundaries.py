"""Store processed boundaries as versions: each version holds every level imported so far."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from pathlib import Path

from dashboard.data import observe
from dashboard.data.errors import ValidationError
from dashboard.data.regions import RegionIndex
from dashboard.data.store.backend import Store, Versions
from dashboard.data.store.boundaries import geometry_file
from dashboard.data.store.versions import Manifest, current_user, sha256_file


@observe.timed_call("import", kind="boundaries")
def import_boundaries(
    store: Store,
    path: Path | str,
    *,
    level: str,
    regions: RegionIndex,
    tolerance: float = 0.001,
    code_field: str | None = None,
    name_field: str | None = None,
    who: str | None = None,
    display_name: str | None = None,
    progress: Callable[[str], None] | None = None,
    before_activate: Callable[[], None] | None = None,
    limits=None,
):
    """Process a boundary file; when clean, store it with the other levels as a new version."""
    from dashboard.data.imports.geometry import process_boundaries, to_geojson_bytes

    path = Path(path)
    name = display_name or path.name
    if progress:
        progress("process")
    result = process_boundaries(
        path,
        level=level,
        regions=regions,
        tolerance=tolerance,
        code_field=code_field,
        name_field=name_field,
        display_name=name,
        limits=limits,
    )
    if not result.report.ok:
        raise ValidationError(result.report)
    payload = to_geojson_bytes(result.frame)
    digest = sha256_file(path)
    who = who or current_user()
    if progress:
        progress("store")
    versioned = store.boundaries
    with versioned.lock():
        writers, levels_info = _other_levels(versioned, level)
        writers.update(_level_writers(level, payload))
        levels_info[level] = {
            "source_file": name,
            "source_sha256": digest,
            "features": len(result.frame),
            "tolerance": tolerance,
            "stats": _jsonable(result.stats),
        }
        manifest = versioned.commit(
            writers,
            kind="boundaries",
            who=who,
            source_file=name,
            source_sha256=digest,
            counts={"features": len(result.frame), "level": level},
            info={"levels": levels_info},
            before_activate=before_activate,
        )
        audit = {"action": "import", "kind": "boundaries", "level": level}
        audit |= {"version": manifest.version, "who": who, "file": name, "sha256": digest}
        store.append_audit(audit)  # in the lock: with PostgreSQL, in the same transaction
    return manifest, result


def _other_levels(
    versioned: Versions, level: str
) -> tuple[dict[str, Callable[[Path], None]], dict]:
    """Writers copying the current version's other levels, and their manifest entries."""
    current = versioned.current().version
    if current is None:
        return {}, {}
    old = versioned.manifest(current)
    levels_info = {k: v for k, v in old.info.get("levels", {}).items() if k != level}
    writers: dict[str, Callable[[Path], None]] = {}
    for other in levels_info:
        for file_name in (geometry_file(other), geometry_file(other) + ".gz"):
            source = versioned.version_dir(current) / file_name
            if source.exists():
                writers[file_name] = lambda p, s=source: shutil.copyfile(s, p)
    return writers, levels_info


def _level_writers(level: str, payload: bytes) -> dict[str, Callable[[Path], None]]:
    """The level's GeoJSON, and its gzip made once here so the server never gzips per request."""
    packed = gzip.compress(payload, 9, mtime=0)
    return {
        geometry_file(level): lambda p: p.write_bytes(payload),
        geometry_file(level) + ".gz": lambda p: p.write_bytes(packed),
    }


@observe.timed_call("import", kind="rollback_boundaries")
def rollback_boundaries(store: Store, version: int, *, who: str | None = None) -> Manifest:
    who = who or current_user()
    with store.boundaries.lock():
        previous = store.boundaries.current().version
        manifest = store.boundaries.activate(version, who=who, reason="rollback")
        store.append_audit(
            {
                "action": "rollback",
                "kind": "boundaries",
                "version": version,
                "previous": previous,
                "who": who,
            }
        )
    return manifest


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value
