"""The user store (TOML, scrypt hashes, 0600, atomic) and ``python -m dashboard users ...``."""

from __future__ import annotations

import io
import os
import stat
import threading

import pytest

from dashboard.cli import main
from dashboard.security import users as users_module
from dashboard.security.users import UsersFileError, UserStore

PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path) -> UserStore:
    return UserStore(tmp_path / "users.toml")


def test_added_user_is_stored_hashed_with_mode_0600(store):
    account = store.add("Ana", "editor", PASSWORD)
    assert account.name == "ana"  # names are case-insensitive, stored lower-case
    text = store.path.read_text()
    assert PASSWORD not in text
    assert 'password_hash = "scrypt:' in text
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert [p.name for p in store.path.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert UserStore(store.path).get("ANA").role == "editor"  # read back by a fresh store


def test_verify_accepts_only_the_right_password(store):
    store.add("ana", "admin", PASSWORD)
    assert store.verify("ana", PASSWORD).role == "admin"
    assert store.verify(" Ana ", PASSWORD) is not None
    assert store.verify("ana", PASSWORD + "x") is None
    assert store.verify("ana", "") is None
    assert store.verify("nobody", PASSWORD) is None
    assert store.verify("ana", "x" * 10_000) is None


def test_unknown_names_cost_the_same_hash_check(store, monkeypatch):
    store.add("ana", "viewer", PASSWORD)
    checked: list[str] = []
    real = users_module.check_password_hash

    def counting(stored, password):
        checked.append(stored.split("$", 1)[0])
        return real(stored, password)

    monkeypatch.setattr(users_module, "check_password_hash", counting)
    store.verify("ana", "wrong password")
    store.verify("nobody", "wrong password")
    store.verify("bad name!", "wrong password")
    assert checked == ["scrypt:32768:8:1"] * 3


@pytest.mark.parametrize(
    "name", ["", "a b", "-ana", ".ana", "ana/../x", "an\na", "ä", "x" * 41, 'a"b', "[users]"]
)
def test_names_outside_the_whitelist_are_refused(store, name):
    with pytest.raises(UsersFileError, match="invalid user name"):
        store.add(name, "viewer", PASSWORD)
    assert not store.path.exists()


def test_role_and_password_rules(store):
    with pytest.raises(UsersFileError, match="unknown role 'root'"):
        store.add("ana", "root", PASSWORD)
    with pytest.raises(UsersFileError, match="at least 10 characters"):
        store.add("ana", "viewer", "short")
    store.add("ana", "viewer", PASSWORD)
    with pytest.raises(UsersFileError, match="already exists"):
        store.add("ANA", "editor", PASSWORD)


def test_passwd_role_and_remove(store):
    before = store.add("ana", "viewer", PASSWORD)
    after = store.set_password("ana", "another long password")
    assert after.fingerprint != before.fingerprint  # sessions carry it: old logins end
    assert store.verify("ana", PASSWORD) is None
    assert store.set_role("ana", "editor").role == "editor"
    store.remove("ana")
    assert store.accounts() == {}
    with pytest.raises(UsersFileError, match="no user 'ana'"):
        store.remove("ana")


def test_changes_by_another_process_are_seen_at_once(store):
    reader = UserStore(store.path)
    assert reader.accounts() == {}
    store.add("ana", "editor", PASSWORD)
    assert reader.get("ana").role == "editor"
    UserStore(store.path).set_role("ana", "viewer")
    assert reader.get("ana").role == "viewer"
    UserStore(store.path).remove("ana")
    assert reader.get("ana") is None


def test_concurrent_writers_lose_no_account(store):
    names = [f"user{i}" for i in range(6)]
    threads = [
        threading.Thread(target=UserStore(store.path).add, args=(n, "viewer", PASSWORD))
        for n in names
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(UserStore(store.path).accounts()) == names


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('[users."ana"]\nrole = "editor\n', r"users\.toml, line 2: broken user file"),
        (
            '# c\n\n[users."ana"]\nrole = "root"\npassword_hash = "scrypt:1:1:1$a$b"\n',
            r"users\.toml, line 3: invalid user entry 'ana': role must be one of",
        ),
        (
            '[users."ana"]\nrole = "viewer"\npassword_hash = "plain"\n',
            r"line 1: invalid user entry 'ana': password_hash must be",
        ),
        ("users = 3\n", r"invalid user entry 'users'"),
        ('[users."Bad Name"]\nrole = "viewer"\n', r"line 1: invalid user entry 'Bad Name'"),
    ],
)
def test_a_broken_file_is_reported_with_file_and_line(store, text, match):
    store.path.write_text(text)
    with pytest.raises(UsersFileError, match=match):
        store.accounts()
    with pytest.raises(UsersFileError):
        store.add("bob", "viewer", PASSWORD)  # never overwrite a file we cannot read


def test_broken_file_message_in_indonesian(store):
    store.path.write_text("[users\n")
    with pytest.raises(UsersFileError) as caught:
        store.accounts()
    assert caught.value.message("id").startswith(f"{store.path}, baris 1: berkas pengguna rusak")


# CLI -----------------------------------------------------------------------------------------
def run(tmp_path, monkeypatch, *argv: str, stdin: str = "", tty: bool = False) -> int:
    fake = io.StringIO(stdin)
    fake.isatty = lambda: tty  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", fake)
    return main(["--lang", "en", *argv], environ={"DATA_DIR": str(tmp_path)})


def test_cli_add_from_stdin_list_and_remove(tmp_path, monkeypatch, capsys):
    add = ("users", "add", "ana", "--role", "editor", "--password-stdin")
    assert run(tmp_path, monkeypatch, *add, stdin=PASSWORD + "\n") == 0
    assert "User ana (editor) added" in capsys.readouterr().out
    assert UserStore(tmp_path / "users.toml").verify("ana", PASSWORD) is not None
    assert run(tmp_path, monkeypatch, "users", "list") == 0
    assert "ana" in capsys.readouterr().out
    assert run(tmp_path, monkeypatch, "users", "remove", "ana") == 0
    assert run(tmp_path, monkeypatch, "users", "remove", "ana") == 1
    assert "no user 'ana'" in capsys.readouterr().err


def test_cli_asks_twice_without_echo(tmp_path, monkeypatch, capsys):
    answers = iter([PASSWORD, PASSWORD, PASSWORD, "something else entirely"])
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    assert run(tmp_path, monkeypatch, "users", "add", "ana", "--role", "admin", tty=True) == 0
    assert prompts == ["Password for ana: ", "Repeat the password: "]
    assert run(tmp_path, monkeypatch, "users", "passwd", "ana", tty=True) == 1
    assert "the two passwords differ" in capsys.readouterr().err
    assert UserStore(tmp_path / "users.toml").verify("ana", PASSWORD) is not None


def test_cli_exit_codes(tmp_path, monkeypatch, capsys):
    add = ("users", "add", "ana", "--role", "viewer")
    assert run(tmp_path, monkeypatch, *add) == 2  # no terminal and no --password-stdin
    assert "--password-stdin" in capsys.readouterr().err
    assert run(tmp_path, monkeypatch, *add, "--password-stdin", stdin="short\n") == 1
    assert "at least 10" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        run(tmp_path, monkeypatch, "users", "add", "ana", "--role", "root")
    assert usage.value.code == 2
    assert run(tmp_path, monkeypatch, "users", "add", "a b", "--role", "viewer") == 1
    assert run(tmp_path, monkeypatch, *add, "--password-stdin", stdin=PASSWORD) == 0
    assert run(tmp_path, monkeypatch, *add, "--password-stdin", stdin=PASSWORD) == 1
    assert run(tmp_path, monkeypatch, "users", "role", "ana", "admin") == 0
    assert run(tmp_path, monkeypatch, "users", "list", "--json") == 0
    assert '"role": "admin"' in capsys.readouterr().out
    assert run(tmp_path, monkeypatch, "users", "passwd", "zed", "--password-stdin") == 1


def test_cli_never_prints_the_password_or_hash(tmp_path, monkeypatch, capsys):
    add = ("users", "add", "ana", "--role", "viewer", "--password-stdin")
    run(tmp_path, monkeypatch, *add, stdin=PASSWORD)
    run(tmp_path, monkeypatch, "users", "list")
    out = capsys.readouterr()
    assert PASSWORD not in out.out + out.err
    assert "scrypt" not in out.out + out.err
    assert os.stat(tmp_path / "users.toml").st_mode & 0o077 == 0
