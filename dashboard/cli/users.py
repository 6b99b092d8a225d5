"""``python -m dashboard users add|list|remove|passwd|role``: accounts for the admin pages.

Passwords are typed twice without echo, or read from standard input with ``--password-stdin``
(one line, for scripts: ``printf '%s\\n' "$PW" | python -m dashboard users add ana --role editor
--password-stdin``); they never appear on the command line, where other users could see them.
Exit codes: 0 done, 1 invalid input (nothing changed), 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable

from dashboard.data.errors import DataError
from dashboard.data.messages import define, render
from dashboard.security.users import ROLES, UsersFileError, UserStore

define(
    {
        "users.added": {
            "id": "Pengguna {name} ({role}) ditambahkan ke {file}.",
            "en": "User {name} ({role}) added to {file}.",
        },
        "users.removed": {
            "id": "Pengguna {name} dihapus; sesinya berakhir pada permintaan berikutnya.",
            "en": "User {name} removed; their sessions end on their next request.",
        },
        "users.password_changed": {
            "id": "Kata sandi {name} diganti; sesi lamanya berakhir.",
            "en": "Password of {name} changed; their old sessions end.",
        },
        "users.role_changed": {
            "id": "Peran {name} sekarang {role}.",
            "en": "Role of {name} is now {role}.",
        },
        "users.none": {
            "id": "Belum ada pengguna di {file}. Tambahkan: python -m dashboard users add NAMA --role admin",
            "en": "No users in {file} yet. Add one: python -m dashboard users add NAME --role admin",
        },
        "users.prompt": {"id": "Kata sandi untuk {name}: ", "en": "Password for {name}: "},
        "users.prompt_again": {"id": "Ulangi kata sandi: ", "en": "Repeat the password: "},
        "users.mismatch": {
            "id": "kedua kata sandi tidak sama; tidak ada yang diubah",
            "en": "the two passwords differ; nothing was changed",
        },
        "users.no_terminal": {
            "id": "tidak ada terminal untuk mengetik kata sandi: gunakan --password-stdin",
            "en": "no terminal to type the password on: use --password-stdin",
        },
        "users.empty_stdin": {
            "id": "tidak ada kata sandi di masukan standar",
            "en": "no password on standard input",
        },
    }
)


def add_user_commands(sub, add: Callable[..., argparse.ArgumentParser], parser_class) -> None:
    """Register the ``users`` command group on the top-level subparsers."""
    group = sub.add_parser("users", help="manage login accounts (viewer, editor, admin)")
    users = group.add_subparsers(dest="what", required=True, parser_class=parser_class)

    p = add("add", cmd_add, "add an account; the password is asked twice without echo", users)
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=ROLES)
    _password_option(p)

    p = add("list", cmd_list, "list accounts: name, role, created", users)
    p.add_argument("--json", action="store_true")

    p = add("remove", cmd_remove, "remove an account (its sessions end at once)", users)
    p.add_argument("name")

    p = add("passwd", cmd_passwd, "set a new password (old sessions end)", users)
    p.add_argument("name")
    _password_option(p)

    p = add("role", cmd_role, "change the role of an account", users)
    p.add_argument("name")
    p.add_argument("role", choices=ROLES)


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (for scripts)",
    )


class _Usage(Exception):
    """No way to read a password: exit code 2."""


def read_password(cli, name: str) -> str:
    """From stdin (``--password-stdin``) or typed twice on the terminal without echo."""
    if cli.args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise DataError("users.empty_stdin")
        return password
    if not sys.stdin.isatty():
        raise _Usage(render("users.no_terminal", cli.lang))
    first = getpass.getpass(render("users.prompt", cli.lang, name=name))
    second = getpass.getpass(render("users.prompt_again", cli.lang))
    if first != second:
        raise DataError("users.mismatch")
    return first


def _store(cli) -> UserStore:
    return UserStore(cli.settings.users_path)


def _with_usage(command: Callable[..., int]) -> Callable[..., int]:
    def run(cli) -> int:
        try:
            return command(cli)
        except _Usage as exc:
            print(f"python -m dashboard users: {exc}", file=sys.stderr)
            return 2

    run.__doc__ = command.__doc__
    return run


@_with_usage
def cmd_add(cli) -> int:
    from dashboard.security.users import check_name, check_role

    store = _store(cli)
    name = check_name(cli.args.name)  # refuse a bad name before asking for a password
    check_role(cli.args.role)
    if store.get(name) is not None:
        raise UsersFileError("users.exists", file=str(store.path), name=name)
    account = store.add(name, cli.args.role, read_password(cli, name))
    cli.say("users.added", name=account.name, role=account.role, file=store.path)
    return 0


def cmd_list(cli) -> int:
    store = _store(cli)
    accounts = sorted(store.accounts().values(), key=lambda a: a.name)
    if cli.args.json:
        rows = [{"name": a.name, "role": a.role, "created": a.created} for a in accounts]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not accounts:
        cli.say("users.none", file=store.path)
        return 0
    width = max(len(a.name) for a in accounts)
    for a in accounts:
        print(f"{a.name.ljust(width)}  {a.role.ljust(6)}  {a.created}")
    return 0


def cmd_remove(cli) -> int:
    _store(cli).remove(cli.args.name)
    cli.say("users.removed", name=cli.args.name)
    return 0


@_with_usage
def cmd_passwd(cli) -> int:
    store = _store(cli)
    if store.get(cli.args.name) is None:  # say so before asking for a password
        raise UsersFileError("users.unknown", file=str(store.path), name=cli.args.name[:60])
    account = store.set_password(cli.args.name, read_password(cli, cli.args.name))
    cli.say("users.password_changed", name=account.name)
    return 0


def cmd_role(cli) -> int:
    account = _store(cli).set_role(cli.args.name, cli.args.role)
    cli.say("users.role_changed", name=account.name, role=account.role)
    return 0
