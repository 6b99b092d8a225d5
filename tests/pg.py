"""PostgreSQL for tests: a private database per test session, and a proxy that can "go down".

The server is ``TEST_DATABASE_URL`` (default ``postgresql://postgres@127.0.0.1:5432/test``). Each
session creates its own randomly named database from it (so parallel helpers and CI runs never
share tables), applies the app's migrations and drops it at the end. Unreachable: the tests skip
with the reason, except under ``CI=true`` where they fail.

Fixtures (in ``tests/conftest.py``): ``pg_server`` (session: the server URL), ``pg_database``
(session: URL of the private, migrated database), ``pg_url`` (per test: that database emptied),
``pg_proxy`` (per test: a TCP proxy to the server that the test can stop and start to simulate
an outage; ``pg_proxy.url`` points through it).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
TABLES = (
    "audit_log",
    "uploads",
    "users",
    "current_version",
    "boundary_files",
    "boundary_versions",
    "programme_rows",
    "targets",
    "events",
    "observations",
    "dataset_versions",
)


def server_url() -> str:
    return os.environ.get("TEST_DATABASE_URL") or DEFAULT_URL


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def with_port(url: str, host: str, port: int) -> str:
    parts = urlsplit(url)
    auth = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
    return urlunsplit(parts._replace(netloc=f"{auth}{host}:{port}"))


def unavailable(reason: str) -> None:
    """Skip, or fail under CI=true (CI must run these tests)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}")
    pytest.skip(f"PostgreSQL not reachable: {reason}")


def check_server(url: str) -> None:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - pinned in requirements.txt
        unavailable(str(exc))
    try:
        psycopg.connect(url, connect_timeout=3, autocommit=True).close()
    except psycopg.Error as exc:
        unavailable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def create_database(url: str, *, migrate: bool = True) -> str:
    """A new database ``kc_test_<random>`` on the server of ``url``, migrated unless told not."""
    import psycopg

    from dashboard.data.store.pg import Database, upgrade

    name = f"kc_test_{secrets.token_hex(6)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    created = with_database(url, name)
    if migrate:
        db = Database(created)
        upgrade(db)
        db.close()
    return created


def drop_database(url: str, created: str) -> None:
    import psycopg

    name = urlsplit(created).path.strip("/")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty_database(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE " + ", ".join(TABLES) + " RESTART IDENTITY CASCADE")


class TcpProxy:
    """Forwards a local port to the PostgreSQL server; ``stop()`` drops every connection."""

    def __init__(self, target_url: str) -> None:
        parts = urlsplit(target_url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = with_port(target_url, "127.0.0.1", self.port)
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._running = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._running:
            return
        if self.listener.fileno() < 0:
            self.listener = socket.create_server(("127.0.0.1", self.port))
        self._running = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """The server "goes away": new connections are refused, open ones are cut."""
        self._running = False
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() on Linux
        with contextlib.suppress(OSError):
            self.listener.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
            self._sockets.clear()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _accept(self) -> None:
        while self._running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            target.sendall(chunk)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
