"""The user store: one TOML file of accounts (name, role, scrypt password hash, creation time).

With ``DATABASE_URL`` the accounts live in PostgreSQL instead (:class:`PgUserStore`, same
checks and hashes), shared by every app host. Only the CLI writes them (``python -m dashboard users ...``); the server re-reads it when its
modification time changes, so removing a user or changing a role takes effect on the next
request. Writes are atomic (temporary file, fsync, ``os.replace``) and the file is mode 0600:
it holds password hashes. A broken file is reported with its path and line; the server then
treats it as having no users (nobody can log in) rather than guessing.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
import threading
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.data.errors import DataError
from dashboard.i18n import t

ROLES = ("viewer", "editor", "admin")
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 256
HASH_METHOD = "scrypt"  # werkzeug's default: scrypt:32768:8:1, salted
_HEADER = (
    "# Users of the Kota Cerdas Command Center: name, role, scrypt password hash.\n"
    "# Managed with `python -m dashboard users add|list|remove|passwd`; do not edit hashes by hand.\n"
)


class UsersFileError(DataError):
    """The user file is broken or an account change is not allowed; the message names the file."""

    def message(self, lang: str = "id") -> str:
        where = [self.file] if self.file else []
        if self.row is not None:
            where.append(t("users.line", lang, row=self.row))
        text = self.reason(lang)
        return f"{', '.join(where)}: {text}" if where else text


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str
    created: str

    @property
    def fingerprint(self) -> str:
        """Changes when the password does: sessions carry it, so a new password ends old logins."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]


def normalise_name(name: str) -> str:
    return name.strip().lower()


def check_name(name: str) -> str:
    """The normalised name, or ``UsersFileError`` when it is not allowed."""
    normal = normalise_name(name)
    if not NAME_PATTERN.fullmatch(normal):
        raise UsersFileError("users.bad_name", name=name[:60])
    return normal


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UsersFileError("users.bad_role", role=role[:40])
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UsersFileError("users.short_password", n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise UsersFileError("users.long_password", n=MAX_PASSWORD)
    return password


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=HASH_METHOD)


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash to check against for unknown names, so they cost as much time as known ones."""
    if not _DUMMY:
        _DUMMY.append(hash_password(os.urandom(16).hex()))
    return _DUMMY[0]


class UserStore:
    """Accounts in one TOML file, cached by the file's identity (inode, size, mtime)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._cache: tuple[tuple[int, int, int] | None, dict[str, Account]] | None = None

    # reading ---------------------------------------------------------------------------------
    def accounts(self) -> dict[str, Account]:
        """Every account, re-read only when the file changed; ``UsersFileError`` if broken."""
        try:
            st = self.path.stat()
            key: tuple[int, int, int] | None = (st.st_ino, st.st_size, st.st_mtime_ns)
        except FileNotFoundError:
            key = None
        with self._lock:
            if self._cache is not None and self._cache[0] == key:
                return self._cache[1]
        accounts = self._read() if key is not None else {}
        with self._lock:
            self._cache = (key, accounts)
        return accounts

    def get(self, name: str) -> Account | None:
        return self.accounts().get(normalise_name(name))

    def verify(self, name: str, password: str) -> Account | None:
        """The account when ``password`` is right; the same scrypt work whether or not it exists."""
        account = self.get(name) if NAME_PATTERN.fullmatch(normalise_name(name)) else None
        if len(password) > MAX_PASSWORD:
            password = password[:MAX_PASSWORD]  # bounded work; such a password never matches
            account = None
        stored = account.password_hash if account else _dummy_hash()
        ok = check_password_hash(stored, password)
        return account if ok and account is not None else None

    def _read(self) -> dict[str, Account]:
        where = str(self.path)
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsersFileError("users.unreadable", file=where, detail=str(exc)) from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line = _error_line(str(exc))
            raise UsersFileError("users.syntax", file=where, row=line, detail=str(exc)) from None
        users = data.get("users", {})
        if not isinstance(users, dict):
            raise UsersFileError(
                "users.bad_entry",
                file=where,
                row=_line_of(text, "users"),
                name="users",
                detail="expected tables [users.NAME]",
            )
        accounts = {}
        for name, entry in users.items():
            accounts[name] = _account(name, entry, where=where, text=text)
        return accounts

    # writing ---------------------------------------------------------------------------------
    def add(self, name: str, role: str, password: str) -> Account:
        name, role = check_name(name), check_role(role)
        check_password(password)
        with self._locked() as accounts:
            if name in accounts:
                raise UsersFileError("users.exists", file=str(self.path), name=name)
            created = datetime.now(UTC).replace(microsecond=0).isoformat()
            account = Account(name, role, hash_password(password), created)
            accounts[name] = account
            self._write(accounts)
        return account

    def set_password(self, name: str, password: str) -> Account:
        check_password(password)
        return self._update(
            name, lambda a: Account(a.name, a.role, hash_password(password), a.created)
        )

    def set_role(self, name: str, role: str) -> Account:
        role = check_role(role)
        return self._update(name, lambda a: Account(a.name, role, a.password_hash, a.created))

    def remove(self, name: str) -> None:
        normal = normalise_name(name)
        with self._locked() as accounts:
            if normal not in accounts:
                raise UsersFileError("users.unknown", file=str(self.path), name=name[:60])
            del accounts[normal]
            self._write(accounts)

    def _update(self, name: str, change) -> Account:
        normal = normalise_name(name)
        with self._locked() as accounts:
            if normal not in accounts:
                raise UsersFileError("users.unknown", file=str(self.path), name=name[:60])
            accounts[normal] = change(accounts[normal])
            self._write(accounts)
            return accounts[normal]

    @contextmanager
    def _locked(self) -> Iterator[dict[str, Account]]:
        """Read-modify-write under an exclusive lock, so two CLI runs cannot lose an account."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield dict(self._read()) if self.path.exists() else {}
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _write(self, accounts: dict[str, Account]) -> None:
        text = render_toml(accounts)
        fd, tmp = tempfile.mkstemp(prefix=".users-", suffix=".tmp", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        with self._lock:
            self._cache = None


class PgUserStore(UserStore):
    """The accounts in PostgreSQL's ``users`` table (``DATABASE_URL``): one set for every host.

    The same names, roles, checks and scrypt hashes as the file; changes run in a transaction
    holding an advisory lock (two hosts cannot lose an account). Reads are cached for a second,
    so a removed account or a new password ends sessions on every host within about a second.
    While the database does not answer, the last accounts read keep serving (sessions survive a
    short outage); with none read yet, nobody can log in and the error names the host.
    """

    CACHE_S = 1.0

    def __init__(self, database_url: str) -> None:
        from dashboard.data.store.pg import Database

        self.db = Database(database_url)
        self.path = f"{self.db.where} (users)"  # shown in messages where the file's path would be
        self._lock = threading.Lock()
        self._cached: tuple[float, dict[str, Account]] | None = None

    def accounts(self) -> dict[str, Account]:
        now = time.monotonic()
        with self._lock:
            if self._cached is not None and now - self._cached[0] < self.CACHE_S:
                return self._cached[1]
        try:
            accounts = self._read()
        except DataError as exc:
            with self._lock:
                if self._cached is not None and not isinstance(exc, UsersFileError):
                    return self._cached[1]
            raise UsersFileError(exc.code, **exc.params) from None
        with self._lock:
            self._cached = (now, accounts)
        return accounts

    def verify(self, name: str, password: str) -> Account | None:
        """As the file store; a refusal is checked once more against the table when the cached
        account is missing or stale (added or changed on another host within the last second)."""
        cached = self.get(name)
        account = super().verify(name, password)
        if account is not None:
            return account
        try:
            fresh = self._read()
        except DataError:  # the database is away: the cached accounts stand
            return None
        with self._lock:
            self._cached = (time.monotonic(), fresh)
        if fresh.get(normalise_name(name)) == cached:
            return None
        return super().verify(name, password)

    def _read(self) -> dict[str, Account]:
        with self.db.connection() as conn:
            rows = conn.execute(
                "SELECT name, role, password_hash, created FROM users ORDER BY name"
            ).fetchall()
        return {name: Account(name, role, pw, created) for name, role, pw, created in rows}

    @contextmanager
    def _locked(self) -> Iterator[dict[str, Account]]:
        try:
            with self.db.locked("users"):
                yield dict(self._read())
        except UsersFileError:
            raise
        except DataError as exc:
            raise UsersFileError(exc.code, **exc.params) from None

    def _write(self, accounts: dict[str, Account]) -> None:
        """Make the table hold exactly ``accounts`` (inside :meth:`_locked`'s transaction)."""
        with self.db.connection() as conn:
            conn.execute("DELETE FROM users WHERE NOT (name = ANY(%s))", (list(accounts),))
            for a in accounts.values():
                conn.execute(
                    "INSERT INTO users (name, role, password_hash, created) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (name) DO UPDATE SET "
                    "role = excluded.role, password_hash = excluded.password_hash, "
                    "created = excluded.created",
                    (a.name, a.role, a.password_hash, a.created),
                )
        with self._lock:
            self._cached = None


def user_store(settings) -> UserStore:
    """The accounts the settings name: PostgreSQL with ``DATABASE_URL``, else ``USERS_FILE``."""
    if settings.DATABASE_URL:
        return PgUserStore(settings.DATABASE_URL)
    return UserStore(settings.users_path)


def _quote(text: str) -> str:
    """A TOML basic string; names, roles, hashes and times are plain ASCII without quotes."""
    if not text.isascii() or any(c in text for c in '"\\\n\r') or not text.isprintable():
        raise ValueError(f"unexpected character in {text!r}")
    return f'"{text}"'


def render_toml(accounts: dict[str, Account]) -> str:
    parts = [_HEADER]
    for name in sorted(accounts):
        a = accounts[name]
        parts.append(
            f"\n[users.{_quote(a.name)}]\n"
            f"role = {_quote(a.role)}\n"
            f"password_hash = {_quote(a.password_hash)}\n"
            f"created = {_quote(a.created)}\n"
        )
    return "".join(parts)


def _account(name: str, entry: object, *, where: str, text: str) -> Account:
    def bad(detail: str) -> UsersFileError:
        return UsersFileError(
            "users.bad_entry", file=where, row=_line_of(text, name), name=name, detail=detail
        )

    if not NAME_PATTERN.fullmatch(name):
        raise bad("the name must be 1-40 lower-case letters, digits, '.', '_' or '-'")
    if not isinstance(entry, dict):
        raise bad("expected a table with role, password_hash and created")
    role = entry.get("role")
    if role not in ROLES:
        raise bad(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    password_hash = entry.get("password_hash")
    if not isinstance(password_hash, str) or not password_hash.startswith(("scrypt:", "pbkdf2:")):
        raise bad("password_hash must be a werkzeug scrypt or pbkdf2 hash")
    created = entry.get("created", "")
    return Account(name, role, password_hash, str(created))


def _error_line(message: str) -> int | None:
    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else None


def _line_of(text: str, name: str) -> int | None:
    """The line of the table header (or first line) mentioning ``name``, for error messages."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("[") and name in line:
            return number
    for number, line in enumerate(text.splitlines(), start=1):
        if name in line:
            return number
    return None
