"""Accounts behave the same in the users file and in PostgreSQL (``DATABASE_URL``)."""

from __future__ import annotations

import io
import threading

import pytest

from dashboard.cli import main
from dashboard.config import Settings
from dashboard.security.users import PgUserStore, UsersFileError, user_store

PASSWORD = "correct horse battery"


@pytest.fixture
def users(backend, tmp_path, monkeypatch):
    monkeypatch.setattr(PgUserStore, "CACHE_S", 0.0)  # see other writers at once
    return user_store(Settings(DATA_DIR=tmp_path, DATABASE_URL=backend))


def test_add_verify_passwd_role_remove(users):
    before = users.add("Ana", "editor", PASSWORD)
    assert users.verify("ana", PASSWORD).role == "editor"
    assert users.verify("ana", PASSWORD + "x") is None
    assert users.verify("nobody", PASSWORD) is None
    with pytest.raises(UsersFileError, match="already exists"):
        users.add("ANA", "viewer", PASSWORD)
    with pytest.raises(UsersFileError, match="unknown role"):
        users.add("budi", "root", PASSWORD)
    after = users.set_password("ana", "another long password")
    assert after.fingerprint != before.fingerprint
    assert users.set_role("ana", "admin").role == "admin"
    users.remove("ana")
    assert users.accounts() == {}
    with pytest.raises(UsersFileError, match="no user 'ana'"):
        users.remove("ana")


def test_another_host_sees_changes_and_concurrent_writers_lose_nothing(users, backend, tmp_path):
    def other():
        return user_store(Settings(DATA_DIR=tmp_path, DATABASE_URL=backend))

    names = [f"user{i}" for i in range(5)]
    threads = [threading.Thread(target=other().add, args=(n, "viewer", PASSWORD)) for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(users.accounts()) == names
    other().remove("user0")
    assert users.get("user0") is None


def test_pg_accounts_use_the_same_scrypt_hashes(pg_url):
    store = PgUserStore(pg_url)
    store.add("ana", "viewer", PASSWORD)
    with store.db.connection() as conn:
        stored = conn.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("scrypt:32768:8:1$")
    assert PASSWORD not in stored


def test_cli_users_against_postgresql(pg_url, tmp_path, monkeypatch, capsys):
    env = {"DATA_DIR": str(tmp_path), "DATABASE_URL": pg_url}
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert (
        main(["--lang", "en", "users", "add", "ana", "--role", "admin", "--password-stdin"], env)
        == 0
    )
    out = capsys.readouterr().out
    assert "User ana (admin) added" in out
    assert "kc_test_" in out
    assert main(["users", "list", "--json"], env) == 0
    assert '"name": "ana"' in capsys.readouterr().out
    assert not (tmp_path / "users.toml").exists()  # nothing in the file store
    assert PgUserStore(pg_url).verify("ana", PASSWORD) is not None


def test_a_user_added_on_another_host_signs_in_at_once(pg_url):
    """Host A's account cache (one second) must not refuse someone host B has just added."""
    host_a, host_b = PgUserStore(pg_url), PgUserStore(pg_url)
    assert host_a.get("baru") is None  # host A has read (and cached) the accounts
    host_b.add("baru", "viewer", PASSWORD)
    assert host_a.verify("baru", PASSWORD) is not None
    assert host_a.verify("baru", "wrong password 123") is None
