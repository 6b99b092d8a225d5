"""Which store holds the data: files under ``DATA_DIR`` (default) or PostgreSQL (``DATABASE_URL``).

Both implement :class:`Store`; every import, rollback, page and command goes through it, so the
choice is one setting. The files need no server (the README's two commands); PostgreSQL lets
several app hosts share one set of versions, users, uploads and audit log (docs/deploy.md).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from dashboard.data.store.datasets import Dataset, DataStore
from dashboard.data.store.versions import Current, Manifest, Writer


class Versions(Protocol):
    """Numbered immutable versions of one kind with a current pointer (see versions.py)."""

    kind: str

    def version_numbers(self) -> list[int]: ...
    def is_empty(self) -> bool: ...
    def manifest(self, version: int) -> Manifest: ...
    def manifests(self) -> list[Manifest]: ...
    def verify(self, version: int) -> Manifest: ...
    def current(self, *, verify: bool = False) -> Current: ...
    def read_pointer(self) -> dict[str, Any] | None: ...
    def version_dir(self, version: int) -> Path: ...
    def lock(self, *, wait: bool = True) -> AbstractContextManager[None]: ...
    def clean_staging(self) -> int: ...
    def activate(self, version: int, *, who: str | None = None, reason: str = "") -> Manifest: ...
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
    ) -> Manifest: ...


class Store(Protocol):
    """Dataset and boundary versions plus the audit log, whichever backend holds them."""

    backend: str  # "files" or "postgresql"
    data_dir: Path  # local working directory (run files, caches, staged uploads)
    dataset: Versions
    boundaries: Versions
    unavailable: str | None  # why the backend does not answer now (None: it does)
    database_url: str

    @property
    def where(self) -> str: ...
    def pointer_stamps(self, *, fresh: bool = False) -> tuple | None: ...
    def load(self, version: int | None = None) -> Dataset: ...
    def save_dataset(
        self, observations: pd.DataFrame, programme: pd.DataFrame, **kwargs: Any
    ) -> Manifest: ...
    def append_audit(self, event: dict[str, Any]) -> None: ...
    def read_audit(self) -> list[dict[str, Any]]: ...
    def close(self) -> None: ...


def open_store(data_dir: Path | str, database_url: str = "") -> Store:
    """The files under ``data_dir``, or PostgreSQL when ``database_url`` is set.

    Raises :class:`~dashboard.data.store.pg.StoreUnavailable` (names the host, not the password)
    when PostgreSQL does not answer, and ``SchemaMissing`` before ``db upgrade`` was run.
    """
    if database_url:
        from dashboard.data.store.pg import PgStore

        return PgStore(data_dir, database_url)
    return DataStore(data_dir)


def store_for(settings: Any) -> Store:
    """The store the settings name (``DATA_DIR`` and ``DATABASE_URL``)."""
    return open_store(settings.DATA_DIR, getattr(settings, "DATABASE_URL", ""))
