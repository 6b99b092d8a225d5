"""Copy a file store (``DATA_DIR``) into an empty PostgreSQL store, verified, in one transaction.

Every dataset version (same numbers, dates, authors, sources, counts), every boundary version with
its files, both pointers and the audit log are copied; each dataset version is read back from
PostgreSQL and compared with the file version by row count and checksum before anything commits.
A target that already holds versions, users or audit entries is refused (nothing is merged).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.data.errors import DataError
from dashboard.data.store.datasets import DataStore, tidy_observations
from dashboard.data.store.pg import (
    PgStore,
    copy_observations,
    insert_boundary_files,
    insert_plans,
    insert_programme,
    observations_digest,
    programme_digest,
)
from dashboard.data.store.versions import Manifest

TABLES = ("dataset_versions", "boundary_versions", "users", "audit_log", "uploads")


@dataclass
class Copied:
    """What a migration copied (printed by the CLI)."""

    datasets: list[int] = field(default_factory=list)
    boundaries: list[int] = field(default_factory=list)
    observations: int = 0
    audit: int = 0
    users: int = 0
    pointers: dict[str, int | None] = field(default_factory=dict)


def target_rows(target: PgStore) -> dict[str, int]:
    """Rows per table that a migration would collide with."""
    with target.db.connection() as conn:
        return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}


def migrate(
    source_dir: Path | str,
    target: PgStore,
    *,
    copy_users: Callable[[Any], int] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Copied:
    """Copy ``source_dir`` into ``target``; raises DataError (nothing written) when it cannot."""
    source_dir = Path(source_dir)
    if not (source_dir / "dataset").is_dir() and not (source_dir / "boundaries").is_dir():
        raise DataError("migrate.no_store", dir=str(source_dir))
    source = DataStore(source_dir)
    busy = {t: n for t, n in target_rows(target).items() if n}
    if busy:
        listed = ", ".join(f"{t} ({n})" for t, n in busy.items())
        raise DataError("migrate.not_empty", where=target.where, tables=listed)
    copied = Copied()
    with target.db.locked("dataset"), target.db.locked("boundaries") as conn:
        for manifest in source.dataset.manifests():
            _say(progress, f"dataset {manifest.version}")
            dataset = source.load(manifest.version)
            observations = tidy_observations(dataset.observations)
            checksums = {
                "observations": observations_digest(observations),
                "programme": programme_digest(dataset.programme),
            }
            target.dataset.insert_manifest(conn, _with_files(manifest, checksums))
            copy_observations(conn, manifest.version, observations)
            insert_programme(conn, manifest.version, dataset.programme)
            insert_plans(conn, manifest.version, dataset.targets, dataset.events)
            back = target.load(manifest.version)  # same transaction: verified before commit
            if len(back.observations) != len(observations) or (
                observations_digest(back.observations) != checksums["observations"]
            ):
                raise DataError("migrate.mismatch", version=manifest.version, kind="dataset")
            copied.datasets.append(manifest.version)
            copied.observations += len(observations)
        for manifest in source.boundaries.manifests():
            _say(progress, f"boundaries {manifest.version}")
            source.boundaries.verify(manifest.version)
            folder = source.boundaries.version_dir(manifest.version)
            files = {name: (folder / name).read_bytes() for name in manifest.files}
            target.boundaries.insert_manifest(conn, manifest)
            insert_boundary_files(conn, manifest.version, files, manifest.files)
            copied.boundaries.append(manifest.version)
        for kind, versioned in (("dataset", source.dataset), ("boundaries", source.boundaries)):
            current = versioned.current(verify=False).version
            copied.pointers[kind] = current
            if current is not None:
                pointer = versioned.read_pointer() or {}
                target_versioned = getattr(target, kind)
                target_versioned.activate(
                    current, who=str(pointer.get("by", "migrate")), reason="migrate"
                )
        for event in source.read_audit():
            event = dict(event)
            at = str(event.pop("at", ""))
            target.append_audit(event, at=at or None)
            copied.audit += 1
        if copy_users is not None:
            copied.users = copy_users(conn)  # same transaction
    return copied


def _with_files(manifest: Manifest, checksums: dict[str, str]) -> Manifest:
    data: dict[str, Any] = manifest.to_dict()
    data["files"] = checksums
    return Manifest.from_dict(data)


def _say(progress: Callable[[str], None] | None, text: str) -> None:
    if progress is not None:
        progress(text)
