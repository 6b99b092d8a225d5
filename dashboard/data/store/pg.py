"""The store in PostgreSQL (``DATABASE_URL=postgresql://...``): shared by every app host.

The same interface as the files under ``DATA_DIR`` (:class:`~dashboard.data.store.datasets.
DataStore`), so imports, rollbacks, the admin page and the CLI run unchanged:

* ``store.dataset.lock()`` opens a transaction on a connection of its own and takes a
  transaction-level advisory lock; everything done under it (the version row, the observations
  by ``COPY``, the pointer switch, the audit entry) uses that connection and commits together when
  the block ends, or not at all: an exception or a killed process rolls it all back.
* Observations and programme rows are plain tables indexed by version (``observations``,
  ``programme_rows``); boundary versions keep each file (GeoJSON and its gzip) as ``bytea`` and
  are written once per host into ``DATA_DIR/pgcache`` for the geometry route to serve.
* ``pointer_stamps()`` reads the two pointers' serial numbers at most every ``poll_s`` seconds
  (0.25 s): a new version reaches every host within about a second, while a request costs one
  clock read. When the database is unreachable the last stamp stays, the loaded snapshot keeps
  serving, and ``unavailable`` says why (health and the page banner show it).

Connections: one shared autocommit connection per process for reads (re-opened after a fork or an
error), one dedicated connection per write transaction. Messages name the host, never the password.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import io
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from dashboard.data.errors import DataError
from dashboard.data.store.datasets import (
    EVENT_COLUMNS,
    OBSERVATION_COLUMNS,
    PROGRAMME_COLUMNS,
    SYNTHETIC,
    TARGET_COLUMNS,
    Dataset,
    empty_events,
    empty_programme,
    empty_targets,
    tidy_events,
    tidy_observations,
    tidy_targets,
)
from dashboard.data.store.pgschema import LATEST, MIGRATIONS
from dashboard.data.store.versions import (
    Current,
    Manifest,
    Writer,
    current_user,
    now_iso,
)

log = logging.getLogger(__name__)

LOCK_NAMESPACE = 0x4B43  # "KC": our advisory locks never collide with another app's
LOCK_KEYS = {"schema": 1, "dataset": 2, "boundaries": 3, "users": 4, "uploads": 5}
CONNECT_TIMEOUT_S = 3
POLL_S = 0.25
RETRY_S = 2.0  # after a failed pointer check, wait this long before trying again
CACHE_DIR = "pgcache"

_TX: contextvars.ContextVar[tuple[Database, Any] | None] = contextvars.ContextVar(
    "kc_pg_transaction", default=None
)


class StoreUnavailable(DataError):
    """PostgreSQL does not answer; the message names the host, never the password."""


class SchemaMissing(DataError):
    """The database has no schema (or an older one): ``python -m dashboard db upgrade``."""


def redact(url: str) -> str:
    """``postgresql://user@host:port/db``: the URL without its password or query."""
    parts = urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    host = parts.hostname or "localhost"
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


def is_database_url(url: str) -> bool:
    return urlsplit(url).scheme in {"postgresql", "postgres"}


class Database:
    """Connections to one PostgreSQL database: a shared reader and per-transaction writers."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.where = redact(url)
        self._lock = threading.RLock()
        self._conn: Any = None
        self._pid = os.getpid()

    def _connect(self, *, autocommit: bool) -> Any:
        import psycopg

        try:
            return psycopg.connect(
                self.url,
                autocommit=autocommit,
                connect_timeout=CONNECT_TIMEOUT_S,
                application_name="kota-cerdas",
            )
        except psycopg.Error as exc:
            raise self.unavailable(exc) from None

    def unavailable(self, exc: BaseException) -> StoreUnavailable:
        """The one-line error for ``exc``: names the host, drops anything that could be secret."""
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        password = urlsplit(self.url).password
        if password:
            detail = detail.replace(password, "***")
        return StoreUnavailable("store.unreachable", where=self.where, detail=detail[:200])

    @contextlib.contextmanager
    def connection(self) -> Iterator[Any]:
        """The current transaction's connection, else the shared autocommit one."""
        import psycopg

        active = _TX.get()
        if active is not None and active[0] is self:
            yield active[1]
            return
        with self._lock:
            if self._pid != os.getpid():  # forked (gunicorn preload): never share a socket
                self._conn, self._pid = None, os.getpid()
            if self._conn is None or self._conn.closed:
                self._conn = self._connect(autocommit=True)
            try:
                yield self._conn
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                with contextlib.suppress(Exception):
                    self._conn.close()
                self._conn = None
                raise self.unavailable(exc) from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """A new transaction on its own connection (or the one already open in this context)."""
        import psycopg

        active = _TX.get()
        if active is not None and active[0] is self:
            yield active[1]
            return
        conn = self._connect(autocommit=False)
        token = _TX.set((self, conn))
        try:
            with conn.transaction():
                yield conn
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            raise self.unavailable(exc) from None
        finally:
            _TX.reset(token)
            conn.close()

    @contextlib.contextmanager
    def locked(self, name: str, *, wait: bool = True) -> Iterator[Any]:
        """A transaction holding the advisory lock ``name`` until it commits or rolls back."""
        with self.transaction() as conn:
            key = LOCK_KEYS[name]
            if wait:
                conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_NAMESPACE, key))
            else:
                row = conn.execute(
                    "SELECT pg_try_advisory_xact_lock(%s, %s)", (LOCK_NAMESPACE, key)
                ).fetchone()
                if not row[0]:
                    raise DataError("store.locked")
            yield conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                with contextlib.suppress(Exception):
                    self._conn.close()
            self._conn = None


# -- schema ------------------------------------------------------------------------------------
def schema_version(db: Database) -> int:
    """The newest migration applied (0 for an empty database)."""
    with db.connection() as conn:
        exists = conn.execute("SELECT to_regclass('kc_schema') IS NOT NULL").fetchone()[0]
        if not exists:
            return 0
        return int(conn.execute("SELECT coalesce(max(version), 0) FROM kc_schema").fetchone()[0])


def upgrade(db: Database) -> list[int]:
    """Apply the migrations this database lacks, each in its own transaction; returns them."""
    applied = []
    with db.locked("schema") as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS kc_schema (version integer PRIMARY KEY, "
            "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM kc_schema")}
        for number, name, statements in MIGRATIONS:
            if number in done:
                continue
            with conn.transaction():
                conn.execute(statements)
                conn.execute(
                    "INSERT INTO kc_schema (version, name) VALUES (%s, %s)", (number, name)
                )
            applied.append(number)
    return applied


def check_schema(db: Database) -> None:
    found = schema_version(db)
    if found < LATEST:
        raise SchemaMissing("store.schema_old", where=db.where, found=found, latest=LATEST)


# -- digests -----------------------------------------------------------------------------------
def observations_digest(frame: pd.DataFrame) -> str:
    """A checksum of a dataset version's observations (stored columns and order)."""
    tidy = frame.loc[:, list(OBSERVATION_COLUMNS)]
    hashed = pd.util.hash_pandas_object(tidy, index=False).to_numpy()
    return hashlib.sha256(hashed.tobytes()).hexdigest()


def programme_digest(frame: pd.DataFrame) -> str:
    text = frame.reindex(columns=list(PROGRAMME_COLUMNS)).to_csv(index=False, na_rep="")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return str(value)


def _stamp(text: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return datetime.now(UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class PgVersioned:
    """One kind of version (``dataset`` or ``boundaries``) as :class:`VersionedStore` offers it."""

    def __init__(self, db: Database, kind: str, cache_dir: Path) -> None:
        self.db = db
        self.kind = kind
        self.table = "dataset_versions" if kind == "dataset" else "boundary_versions"
        self.cache_dir = cache_dir / kind

    # -- reading ---------------------------------------------------------------------------
    def version_numbers(self) -> list[int]:
        with self.db.connection() as conn:
            rows = conn.execute(f"SELECT version FROM {self.table} ORDER BY version").fetchall()
        return [int(r[0]) for r in rows]

    def is_empty(self) -> bool:
        """Nothing was ever stored (no version, no pointer): only then is the sample seeded."""
        with self.db.connection() as conn:
            row = conn.execute(
                f"SELECT NOT EXISTS (SELECT 1 FROM {self.table}) AND NOT EXISTS "
                "(SELECT 1 FROM current_version WHERE store = %s)",
                (self.kind,),
            ).fetchone()
        return bool(row[0])

    def _manifest(self, row: tuple) -> Manifest:
        version, created_at, kind, who, source_file, source_sha256, checksums, counts, info = row
        return Manifest(
            version=int(version),
            created_at=_iso(created_at),
            kind=kind,
            who=who,
            source_file=source_file,
            source_sha256=source_sha256,
            files=dict(checksums or {}),
            counts=dict(counts or {}),
            info=dict(info or {}),
        )

    _COLUMNS = "version, created_at, kind, who, source_file, source_sha256, checksums, counts, info"

    def manifest(self, version: int) -> Manifest:
        with self.db.connection() as conn:
            row = conn.execute(
                f"SELECT {self._COLUMNS} FROM {self.table} WHERE version = %s", (int(version),)
            ).fetchone()
        if row is None:
            known = ", ".join(map(str, self.version_numbers())) or "-"
            raise DataError("store.no_version", version=version, kind=self.kind, known=known)
        return self._manifest(row)

    def manifests(self) -> list[Manifest]:
        with self.db.connection() as conn:
            rows = conn.execute(f"SELECT {self._COLUMNS} FROM {self.table} ORDER BY version")
            return [self._manifest(r) for r in rows.fetchall()]

    def verify(self, version: int) -> Manifest:
        """The manifest (rows are checked against its checksums when they are read)."""
        return self.manifest(version)

    def read_pointer(self) -> dict[str, Any] | None:
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT version, switched_at, switched_by, reason, serial FROM current_version "
                "WHERE store = %s",
                (self.kind,),
            ).fetchone()
        if row is None:
            return None
        version, at, by, reason, serial = row
        return {"version": version, "switched_at": _iso(at), "by": by, "reason": reason} | {
            "serial": serial
        }

    def current(self, *, verify: bool = False) -> Current:
        """The active version; the newest one when no pointer was ever written."""
        pointer = self.read_pointer() or {}
        if pointer:
            return Current(int(pointer["version"]), None, pointer)
        numbers = self.version_numbers()
        return Current(numbers[-1] if numbers else None, None, pointer)

    def version_dir(self, version: int) -> Path:
        """A local copy of a version's files (written once per host, checked by checksum)."""
        folder = self.cache_dir / f"{int(version):06d}"
        if folder.is_dir():
            return folder
        manifest = self.manifest(version)
        staging = self.cache_dir / f".tmp-{uuid.uuid4().hex}"
        staging.mkdir(parents=True)
        try:
            with self.db.connection() as conn:
                rows = conn.execute(
                    "SELECT name, sha256, data FROM boundary_files WHERE version = %s",
                    (int(version),),
                ).fetchall()
            for name, digest, data in rows:
                if hashlib.sha256(data).hexdigest() != digest or manifest.files.get(name) != digest:
                    raise DataError(
                        "store.corrupt_version",
                        version=version,
                        kind=self.kind,
                        detail=f"checksum mismatch for {name}",
                    )
                (staging / name).write_bytes(data)
            with contextlib.suppress(OSError):
                os.rename(staging, folder)  # another worker may have written it first
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return folder

    # -- writing ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, *, wait: bool = True) -> Iterator[None]:
        """One writer at a time on every host: a transaction holding an advisory lock."""
        with self.db.locked(self.kind, wait=wait):
            yield

    def clean_staging(self) -> int:
        return 0  # an interrupted transaction leaves nothing behind

    def next_version(self, conn: Any) -> int:
        row = conn.execute(f"SELECT coalesce(max(version), 0) + 1 FROM {self.table}").fetchone()
        return int(row[0])

    def insert_manifest(self, conn: Any, manifest: Manifest) -> None:
        conn.execute(
            f"INSERT INTO {self.table} ({self._COLUMNS}) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                manifest.version,
                _stamp(manifest.created_at),
                manifest.kind,
                manifest.who,
                manifest.source_file,
                manifest.source_sha256,
                _jsonb(manifest.files),
                _jsonb(manifest.counts),
                _jsonb(manifest.info),
            ),
        )

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
        """A new version of files (boundaries): written to a scratch folder, stored as bytea."""
        scratch = self.cache_dir / f".tmp-{uuid.uuid4().hex}"
        scratch.mkdir(parents=True)
        try:
            files: dict[str, bytes] = {}
            for name, write in writers.items():
                write(scratch / name)
                files[name] = (scratch / name).read_bytes()
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        checksums = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
        with self.db.transaction() as conn:
            manifest = Manifest(
                version=self.next_version(conn),
                created_at=now_iso(),
                kind=kind,
                who=who or current_user(),
                source_file=source_file,
                source_sha256=source_sha256,
                files=checksums,
                counts=counts or {},
                info=info or {},
            )
            self.insert_manifest(conn, manifest)
            insert_boundary_files(conn, manifest.version, files, checksums)
            if before_activate is not None:
                before_activate()
            if activate:
                self.activate(manifest.version, who=manifest.who, reason=kind)
        return manifest

    def activate(self, version: int, *, who: str | None = None, reason: str = "") -> Manifest:
        """Point the store at an existing version; every host sees it at its next check."""
        with self.db.transaction() as conn:
            manifest = self.verify(version)
            conn.execute(
                "INSERT INTO current_version (store, version, switched_at, switched_by, reason) "
                "VALUES (%s, %s, now(), %s, %s) ON CONFLICT (store) DO UPDATE SET "
                "version = excluded.version, switched_at = excluded.switched_at, "
                "switched_by = excluded.switched_by, reason = excluded.reason, "
                "serial = current_version.serial + 1",
                (self.kind, int(version), who or current_user(), reason),
            )
            conn.execute("SELECT pg_notify('kc_versions', %s)", (f"{self.kind}:{version}",))
        return manifest


def _jsonb(value: Any) -> Any:
    from psycopg.types.json import Jsonb

    return Jsonb(json.loads(json.dumps(value, default=str)))


class PgStore:
    """Dataset and boundary versions, audit log and uploads in PostgreSQL (see the module)."""

    backend = "postgresql"

    def __init__(self, data_dir: Path | str, url: str, *, poll_s: float = POLL_S) -> None:
        self.data_dir = Path(data_dir)
        self.db = Database(url)
        self._poll = Database(url)  # its own connection: pointer checks never queue behind a load
        self.database_url = url
        self.where = self.db.where
        cache = self.data_dir / CACHE_DIR
        self.dataset = PgVersioned(self.db, "dataset", cache)
        self.boundaries = PgVersioned(self.db, "boundaries", cache)
        self.poll_s = poll_s
        self.unavailable: str | None = None
        self._stamp: tuple | None = None
        self._next_check = 0.0
        self._check_lock = threading.Lock()
        SHARED_UPLOADS[_dir_key(self.data_dir)] = self  # uploads.py stages through it
        try:
            check_schema(self.db)
        except StoreUnavailable as exc:  # start degraded; the next pointer check retries
            self.unavailable = exc.message("en")
            log.error("%s", self.unavailable)

    # -- change detection ------------------------------------------------------------------
    def pointer_stamps(self, *, fresh: bool = False) -> tuple | None:
        """Both pointers' serial numbers, read at most every ``poll_s`` seconds per process;
        ``fresh``: read now (after this process switched a pointer itself)."""
        now = time.monotonic()
        if fresh:
            self._check_lock.acquire()
        elif now < self._next_check or not self._check_lock.acquire(blocking=False):
            return self._stamp
        try:
            with self._poll.connection() as conn:  # never waits behind a version being read
                rows = conn.execute("SELECT store, serial FROM current_version").fetchall()
            serials = dict(rows)
            self._stamp = (serials.get("dataset"), serials.get("boundaries"))
            if self.unavailable:
                log.warning("PostgreSQL at %s answers again", self.where)
            self.unavailable = None
            self._next_check = now + self.poll_s
        except DataError as exc:
            if not self.unavailable:
                log.error("%s; serving the loaded version", exc.message("en"))
            self.unavailable = exc.message("en")
            self._next_check = now + RETRY_S
        finally:
            self._check_lock.release()
        return self._stamp

    # -- datasets --------------------------------------------------------------------------
    def load(self, version: int | None = None) -> Dataset:
        """A dataset version's rows (default: the active one), checked against its checksums."""
        if version is None:
            version = self.dataset.current().version
            if version is None:
                raise DataError("store.empty", kind="dataset")
        manifest = self.dataset.verify(version)
        observations = self._observations(version)
        programme = self._programme(version)
        expected = manifest.files
        for name, frame, digest in (
            ("observations", observations, observations_digest),
            ("programme", programme, programme_digest),
        ):
            if name in expected and digest(frame) != expected[name]:
                raise DataError(
                    "store.corrupt_version",
                    version=version,
                    kind="dataset",
                    detail=f"checksum mismatch for {name}",
                )
        targets, events = self._plans(version)
        return Dataset(manifest, observations, programme, targets, events)

    def _plans(self, version: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        """A version's RPJMD targets and events (empty before migration 2's versions)."""
        with self.db.connection() as conn:
            targets = conn.execute(
                f"SELECT {', '.join(TARGET_COLUMNS)} FROM targets WHERE version = %s",
                (int(version),),
            ).fetchall()
            events = conn.execute(
                f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE version = %s "
                "ORDER BY row_number",
                (int(version),),
            ).fetchall()
        return (
            tidy_targets(pd.DataFrame(targets, columns=list(TARGET_COLUMNS))),
            tidy_events(pd.DataFrame(events, columns=list(EVENT_COLUMNS))),
        )

    def _observations(self, version: int) -> pd.DataFrame:
        from psycopg import sql

        query = sql.SQL(
            "COPY (SELECT region_code, indicator_id, period, value, source, reference_date, note "
            "FROM observations WHERE version = {} ORDER BY indicator_id, period, region_code) "
            "TO STDOUT (FORMAT csv, HEADER)"
        ).format(sql.Literal(int(version)))
        buffer = io.BytesIO()
        with self.db.connection() as conn, conn.cursor() as cur, cur.copy(query) as copy:
            for chunk in copy:
                buffer.write(chunk)
        buffer.seek(0)
        text_columns = ("region_code", "indicator_id", "source", "reference_date", "note")
        frame = pd.read_csv(
            buffer,
            dtype={**dict.fromkeys(text_columns, "str"), "period": "int64", "value": "float64"},
            keep_default_na=False,
            na_values={"value": ["", "NaN"]},
        )
        return frame.loc[:, list(OBSERVATION_COLUMNS)]

    def _programme(self, version: int) -> pd.DataFrame:
        columns = ", ".join(PROGRAMME_COLUMNS)
        with self.db.connection() as conn:
            rows = conn.execute(
                f"SELECT {columns} FROM programme_rows WHERE version = %s ORDER BY row_number",
                (int(version),),
            ).fetchall()
        if not rows:
            return empty_programme()
        frame = pd.DataFrame(rows, columns=list(PROGRAMME_COLUMNS))
        for column in PROGRAMME_COLUMNS:
            if column in _PROGRAMME_INTS and frame[column].notna().all():
                frame[column] = frame[column].astype("int64")
            elif column in _PROGRAMME_FLOATS or column in _PROGRAMME_INTS:
                frame[column] = frame[column].astype("float64")
            else:
                frame[column] = frame[column].astype("str")
        return frame

    def save_dataset(
        self,
        observations: pd.DataFrame,
        programme: pd.DataFrame,
        *,
        kind: str,
        who: str | None = None,
        source_file: str = "",
        source_sha256: str = "",
        counts: dict | None = None,
        info: dict | None = None,
        before_activate: Callable[[], None] | None = None,
        created_at: str | None = None,
        activate: bool = True,
        targets: pd.DataFrame | None = None,
        events: pd.DataFrame | None = None,
    ) -> Manifest:
        """A new dataset version and the pointer switch, in the caller's lock transaction.

        ``targets`` and ``events`` left out (None) are the current version's, carried over.
        """
        observations = tidy_observations(observations)
        if targets is None or events is None:
            current = self.dataset.current().version
            kept = self._plans(current) if current is not None else (None, None)
            targets = kept[0] if targets is None else targets
            events = kept[1] if events is None else events
        targets = tidy_targets(targets) if targets is not None else empty_targets()
        events = tidy_events(events) if events is not None else empty_events()
        programme = programme.reindex(columns=list(PROGRAMME_COLUMNS))
        all_counts = dataset_counts(observations, programme, counts)
        checksums = {
            "observations": observations_digest(observations),
            "programme": programme_digest(programme),
        }
        with self.db.transaction() as conn:
            manifest = Manifest(
                version=self.dataset.next_version(conn),
                created_at=created_at or now_iso(),
                kind=kind,
                who=who or current_user(),
                source_file=source_file,
                source_sha256=source_sha256,
                files=checksums,
                counts=all_counts,
                info=info or {},
            )
            self.dataset.insert_manifest(conn, manifest)
            copy_observations(conn, manifest.version, observations)
            insert_programme(conn, manifest.version, programme)
            insert_plans(conn, manifest.version, targets, events)
            if before_activate is not None:
                before_activate()
            if activate:
                self.dataset.activate(manifest.version, who=manifest.who, reason=kind)
        return manifest

    # -- audit -----------------------------------------------------------------------------
    def append_audit(self, event: dict[str, Any], *, at: str | None = None) -> None:
        """One audit entry, in the open import transaction when there is one."""
        record = {"at": at or now_iso(), **event}
        version = event.get("version")
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO audit_log (at, action, who, version, event) "
                "VALUES (%s, %s, %s, %s, %s)",
                (
                    _stamp(record["at"]),
                    str(event.get("action", "")),
                    str(event.get("who", "")),
                    int(version) if isinstance(version, int) else None,
                    _jsonb(record),
                ),
            )

    def read_audit(self) -> list[dict[str, Any]]:
        with self.db.connection() as conn:
            rows = conn.execute("SELECT event FROM audit_log ORDER BY id").fetchall()
        return [dict(r[0]) for r in rows]

    # -- staged uploads (checked on one host, imported on another) ---------------------------
    def publish_upload(
        self, token: str, meta: dict, report: dict | None, content: bytes | None
    ) -> None:
        """Keep a staged upload where every host finds it (content only when first staged)."""
        with self.db.connection() as conn:
            if content is not None:
                conn.execute(
                    "INSERT INTO uploads (token, meta, report, content) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (token) DO UPDATE SET meta = excluded.meta, "
                    "report = excluded.report, content = excluded.content",
                    (token, _jsonb(meta), _jsonb(report) if report else None, content),
                )
            else:
                conn.execute(
                    "UPDATE uploads SET meta = %s, report = coalesce(%s, report) WHERE token = %s",
                    (_jsonb(meta), _jsonb(report) if report else None, token),
                )

    def fetch_upload(self, token: str) -> tuple[dict, dict | None, bytes] | None:
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT meta, report, content FROM uploads WHERE token = %s", (token,)
            ).fetchone()
        return None if row is None else (dict(row[0]), row[1], bytes(row[2]))

    def discard_upload(self, token: str) -> None:
        with self.db.connection() as conn:
            conn.execute("DELETE FROM uploads WHERE token = %s", (token,))

    def clean_uploads(self, max_age_s: float) -> int:
        with self.db.connection() as conn:
            cur = conn.execute(
                "DELETE FROM uploads WHERE created_at < now() - make_interval(secs => %s)",
                (float(max_age_s),),
            )
            return cur.rowcount

    def close(self) -> None:
        self.db.close()
        self._poll.close()
        SHARED_UPLOADS.pop(_dir_key(self.data_dir), None)


SHARED_UPLOADS: dict[str, PgStore] = {}


def _dir_key(data_dir: Path | str) -> str:
    return os.path.abspath(str(data_dir))


def shared_uploads(data_dir: Path | str) -> PgStore | None:
    """The PostgreSQL store staging this ``DATA_DIR``'s uploads for every host, if any."""
    return SHARED_UPLOADS.get(_dir_key(data_dir))


_PROGRAMME_INTS = {"cohort_year", "bimtek_done", "quick_wins"}
_PROGRAMME_FLOATS = {
    "eval_baseline",
    "eval_output",
    "eval_outcome",
    "eval_impact",
    "eval_quick_win",
}
_TEXT_COLUMNS = ("region_code", "indicator_id", "source", "reference_date", "note")
COPY_CHUNK = 200_000


def dataset_counts(
    observations: pd.DataFrame, programme: pd.DataFrame, extra: dict | None
) -> dict[str, Any]:
    """The manifest's counts of a dataset version (the same for both backends)."""
    return {
        "observations": len(observations),
        "regions": int(observations["region_code"].nunique()),
        "indicators": int(observations["indicator_id"].nunique()),
        "period_min": int(observations["period"].min()) if len(observations) else None,
        "period_max": int(observations["period"].max()) if len(observations) else None,
        "synthetic": int((observations["source"] == SYNTHETIC).sum()),
        "programme": len(programme),
        **(extra or {}),
    }


def copy_observations(conn: Any, version: int, observations: pd.DataFrame) -> None:
    """Observations into ``observations`` by ``COPY`` (CSV in chunks: about 1 s per 400,000 rows)."""
    statement = (
        "COPY observations (version, region_code, indicator_id, period, value, source, "
        "reference_date, note) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ("
        + ", ".join(_TEXT_COLUMNS)
        + "))"
    )
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for start in range(0, len(observations), COPY_CHUNK):
            part = observations.iloc[start : start + COPY_CHUNK].copy()
            part.insert(0, "version", int(version))
            copy.write(part.to_csv(index=False, header=False, na_rep="", lineterminator="\n"))


def insert_plans(conn: Any, version: int, targets: pd.DataFrame, events: pd.DataFrame) -> None:
    """A version's targets and events rows."""
    if len(targets):
        rows = [(version, *r) for r in targets[list(TARGET_COLUMNS)].itertuples(index=False)]
        with conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO targets (version, {', '.join(TARGET_COLUMNS)}) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [(v, a, b, int(c), float(d), e, f) for v, a, b, c, d, e, f in rows],
            )
    if len(events):
        rows = [
            (version, i, *r)
            for i, r in enumerate(events[list(EVENT_COLUMNS)].itertuples(index=False))
        ]
        with conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO events (version, row_number, {', '.join(EVENT_COLUMNS)}) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )


def insert_programme(conn: Any, version: int, programme: pd.DataFrame) -> None:
    if programme.empty:
        return
    records = programme.astype(object).where(programme.notna(), None).to_numpy().tolist()
    columns = ", ".join(("version", "row_number", *PROGRAMME_COLUMNS))
    marks = ", ".join(["%s"] * (len(PROGRAMME_COLUMNS) + 2))
    with conn.cursor() as cur:
        cur.executemany(
            f"INSERT INTO programme_rows ({columns}) VALUES ({marks})",
            [(int(version), n, *_plain(row)) for n, row in enumerate(records)],
        )


def insert_boundary_files(
    conn: Any, version: int, files: dict[str, bytes], checksums: dict[str, str]
) -> None:
    """A boundary version's files as rows of ``boundary_files`` (checked against ``checksums``)."""
    rows = []
    for name, data in files.items():
        digest = hashlib.sha256(data).hexdigest()
        if checksums.get(name) != digest:
            raise DataError(
                "store.corrupt_version",
                version=version,
                kind="boundaries",
                detail=f"checksum mismatch for {name}",
            )
        rows.append((int(version), name, digest, data))
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO boundary_files (version, name, sha256, data) VALUES (%s, %s, %s, %s)",
            rows,
        )


def _plain(row: list) -> list:
    """numpy scalars as Python values (psycopg adapts those)."""
    return [v.item() if hasattr(v, "item") else v for v in row]
