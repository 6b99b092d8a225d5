"""Versioned, append-only store under ``DATA_DIR``.

Layout (one store per kind: ``dataset/`` for observations, ``boundaries/`` for geometry)::

    <kind>/versions/000001/      immutable: data files + manifest.json (written last)
    <kind>/current               JSON pointer {"version": N, ...}, replaced atomically
    <kind>/.staging/             work in progress; hidden, removed at the next open
    <kind>/.lock                 flock: one writer at a time, across processes
    audit.jsonl                  one line per import, rollback or seed

A version directory appears only by ``os.rename`` of a fully written, fsynced staging directory, and
the pointer switches only by ``os.replace`` of a fsynced temporary file. A process killed at any
point therefore leaves either the previous version active or the new one complete, never a partial
file in view.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dashboard.data.errors import DataError

MANIFEST = "manifest.json"
POINTER = "current"
AUDIT_LOG = "audit.jsonl"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def current_user() -> str:
    with contextlib.suppress(Exception):
        return getpass.getuser()
    return "unknown"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader sees the old or the new content, never a mix."""
    tmp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex}")
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class Manifest:
    """What a version holds and where it came from; stored as manifest.json in the version."""

    version: int
    created_at: str
    kind: str  # "sample", "import", "boundaries", ...
    who: str
    source_file: str = ""
    source_sha256: str = ""
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    counts: dict[str, Any] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "created_at": self.created_at,
            "kind": self.kind,
            "who": self.who,
            "source_file": self.source_file,
            "source_sha256": self.source_sha256,
            "files": self.files,
            "counts": self.counts,
            "info": self.info,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        return cls(
            version=int(data["version"]),
            created_at=str(data["created_at"]),
            kind=str(data.get("kind", "")),
            who=str(data.get("who", "")),
            source_file=str(data.get("source_file", "")),
            source_sha256=str(data.get("source_sha256", "")),
            files=dict(data.get("files", {})),
            counts=dict(data.get("counts", {})),
            info=dict(data.get("info", {})),
        )


@dataclass(frozen=True)
class Current:
    """The version in use and, when the pointer could not be followed, why (``problem``)."""

    version: int | None
    problem: str | None = None
    pointer: dict[str, Any] = field(default_factory=dict)


Writer = Callable[[Path], None]


class VersionedStore:
    """Numbered immutable versions of a set of files with an atomic ``current`` pointer."""

    def __init__(
        self, root: Path | str, *, kind: str, on_lock: Callable[[], None] | None = None
    ) -> None:
        self.root = Path(root)
        self.kind = kind
        self.on_lock = on_lock  # runs first under every lock (the audit log's repair)
        self.versions_dir = self.root / "versions"
        self.staging_dir = self.root / ".staging"
        self._pointer_path = os.fspath(self.root / POINTER)  # stat per request: no Path built
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        self.staging_dir.mkdir(parents=True, exist_ok=True)

    # -- reading -----------------------------------------------------------------------------
    def version_dir(self, version: int) -> Path:
        return self.versions_dir / f"{version:06d}"

    def version_numbers(self) -> list[int]:
        numbers = []
        for child in self.versions_dir.iterdir():
            if child.is_dir() and child.name.isdigit() and (child / MANIFEST).is_file():
                numbers.append(int(child.name))
        return sorted(numbers)

    def is_empty(self) -> bool:
        """Nothing was ever stored: no pointer and no version directory, intact or not.

        Only such a store is seeded with the sample; a store whose versions are all broken or gone
        stays as it is (the app starts degraded and says so; an import repairs it).
        """
        if (self.root / POINTER).exists():
            return False
        return not any(child.name.isdigit() for child in self.versions_dir.iterdir())

    def _next_version(self) -> int:
        """One above every version directory, intact or not, and above the pointer's: a broken or
        lost version's number is never given to other data (the audit log names it)."""
        numbers = [int(c.name) for c in self.versions_dir.iterdir() if c.name.isdigit()]
        with contextlib.suppress(ValueError, KeyError, TypeError, OSError):
            numbers.append(int((self.read_pointer() or {})["version"]))
        return max(numbers, default=0) + 1

    def manifest(self, version: int) -> Manifest:
        path = self.version_dir(version) / MANIFEST
        if not path.is_file():
            known = ", ".join(map(str, self.version_numbers())) or "-"
            raise DataError("store.no_version", version=version, kind=self.kind, known=known)
        try:
            return Manifest.from_dict(json.loads(path.read_text("utf-8")))
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(
                "store.corrupt_version", version=version, kind=self.kind, detail=str(exc)
            ) from None

    def manifests(self) -> list[Manifest]:
        result = []
        for number in self.version_numbers():
            with contextlib.suppress(DataError):
                result.append(self.manifest(number))
        return result

    def verify(self, version: int) -> Manifest:
        """The manifest, after checking every file's sha256 against it (detects corruption)."""
        manifest = self.manifest(version)
        for name, expected in manifest.files.items():
            path = self.version_dir(version) / name
            if not path.is_file():
                raise DataError(
                    "store.corrupt_version",
                    version=version,
                    kind=self.kind,
                    detail=f"missing file {name}",
                )
            if sha256_file(path) != expected:
                raise DataError(
                    "store.corrupt_version",
                    version=version,
                    kind=self.kind,
                    detail=f"checksum mismatch for {name}",
                )
        return manifest

    def read_pointer(self) -> dict[str, Any] | None:
        path = self.root / POINTER
        if not path.exists():
            return None
        return json.loads(path.read_text("utf-8"))

    def serial(self) -> int:
        """How many times the pointer has switched (0 for a pointer written before serials):
        unlike the version number it grows on a rollback too, so "newer" is always "larger"."""
        try:
            return int((self.read_pointer() or {}).get("serial", 0))
        except (ValueError, TypeError, AttributeError, OSError):
            return 0

    def pointer_stamp(self) -> tuple[int, int] | None:
        """Cheap change detector for the pointer (mtime_ns, size); None when absent."""
        try:
            st = os.stat(self._pointer_path)
        except FileNotFoundError:
            return None
        return st.st_mtime_ns, st.st_size

    def current(self, *, verify: bool = False) -> Current:
        """The active version; falls back to the newest good version when the pointer is broken."""
        problem = None
        pointer: dict[str, Any] = {}
        try:
            pointer = self.read_pointer() or {}
            if pointer:
                version = int(pointer["version"])
                if verify:
                    self.verify(version)
                else:
                    self.manifest(version)
                return Current(version, None, pointer)
        except (ValueError, KeyError, TypeError, OSError) as exc:
            problem = f"unreadable pointer: {exc}"
        except DataError as exc:
            problem = exc.message("en")
        for number in reversed(self.version_numbers()):
            try:
                if verify:
                    self.verify(number)
                else:
                    self.manifest(number)
            except DataError:
                continue
            return Current(number, problem, pointer)
        return Current(None, problem, pointer)

    # -- writing -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, *, wait: bool = True) -> Iterator[None]:
        """Serialise writers across threads and processes (an flock on ``.lock``)."""
        handle = (self.root / ".lock").open("a+")
        try:
            flags = fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB
            try:
                fcntl.flock(handle.fileno(), flags)
            except BlockingIOError:
                raise DataError("store.locked") from None
            if self.on_lock is not None:
                self.on_lock()
            yield
        finally:
            handle.close()

    def clean_staging(self) -> int:
        """Remove leftovers of interrupted writes; they were never visible as versions."""
        removed = 0
        for child in self.staging_dir.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
            removed += 1
        for child in self.root.glob(f".{POINTER}.tmp-*"):
            child.unlink(missing_ok=True)
            removed += 1
        return removed

    def commit(
        self,
        writers: dict[str, Writer],
        *,
        kind: str,
        who: str | None = None,
        source_file: str = "",
        source_sha256: str = "",
        counts: dict[str, Any] | None = None,
        info: dict[str, Any] | None = None,
        activate: bool = True,
        before_activate: Callable[[], None] | None = None,
    ) -> Manifest:
        """Write a new version with ``writers`` (file name -> function writing that path).

        The caller must hold :meth:`lock`. ``before_activate`` is a test hook called after the
        version directory exists and before the pointer switches.
        """
        self.clean_staging()
        staging = self.staging_dir / uuid.uuid4().hex
        staging.mkdir()
        try:
            files = _write_files(staging, writers)
            version = self._next_version()
            manifest = Manifest(
                version=version,
                created_at=now_iso(),
                kind=kind,
                who=who or current_user(),
                source_file=source_file,
                source_sha256=source_sha256,
                files=files,
                counts=counts or {},
                info=info or {},
            )
            write_atomic(staging / MANIFEST, _json(manifest.to_dict()))
            _fsync_dir(staging)
            os.rename(staging, self.version_dir(version))
            _fsync_dir(self.versions_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if before_activate is not None:
            before_activate()
        if activate:
            self.activate(version, who=manifest.who, reason=kind)
        return manifest

    def activate(self, version: int, *, who: str | None = None, reason: str = "") -> Manifest:
        """Point ``current`` at an existing, intact version (rollback and roll-forward)."""
        manifest = self.verify(version)
        pointer = {
            "version": version,
            "serial": self.serial() + 1,
            "switched_at": now_iso(),
            "by": who or current_user(),
            "reason": reason,
        }
        write_atomic(self.root / POINTER, _json(pointer))
        return manifest


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def append_audit(data_dir: Path | str, event: dict[str, Any]) -> None:
    """Append one event to the audit log (JSON lines, fsynced): who did what, when, to what."""
    path = Path(data_dir) / AUDIT_LOG
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"at": now_iso(), **event}
    line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def read_audit(data_dir: Path | str) -> list[dict[str, Any]]:
    path = Path(data_dir) / AUDIT_LOG
    if not path.exists():
        return []
    events = []
    for line in path.read_text("utf-8").splitlines():
        with contextlib.suppress(ValueError):
            events.append(json.loads(line))
    return events


def _write_files(folder: Path, writers: dict[str, Writer]) -> dict[str, str]:
    """Run each writer on its file in ``folder``, flushed to disk; file name -> sha256."""
    files = {}
    for name, write in writers.items():
        target = folder / name
        write(target)
        _fsync_file(target)
        files[name] = sha256_file(target)
    return files
