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

from dashboard.cli.context import AddCommand, Cli
from dashboard.data.errors import DataError
from dashboard.security.users import ROLES, UsersFileError, UserStore, user_store


def add_user_commands(sub, add: AddCommand, parser_class) -> None:
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


def read_password(cli: Cli, name: str) -> str:
    """From stdin (``--password-stdin``) or typed twice on the terminal without echo."""
    if cli.args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise DataError("users.empty_stdin")
        return password
    if not sys.stdin.isatty():
        raise _Usage(cli.text("users.no_terminal"))
    first = getpass.getpass(cli.text("users.prompt", name=name))
    second = getpass.getpass(cli.text("users.prompt_again"))
    if first != second:
        raise DataError("users.mismatch")
    return first


def _store(cli: Cli) -> UserStore:
    return user_store(cli.settings)


def _with_usage(command: Callable[..., int]) -> Callable[..., int]:
    def run(cli: Cli) -> int:
        try:
            return command(cli)
        except _Usage as exc:
            print(f"python -m dashboard users: {exc}", file=sys.stderr)
            return 2

    run.__doc__ = command.__doc__
    return run


@_with_usage
def cmd_add(cli: Cli) -> int:
    from dashboard.security.users import check_name, check_role

    store = _store(cli)
    name = check_name(cli.args.name)  # refuse a bad name before asking for a password
    check_role(cli.args.role)
    if store.get(name) is not None:
        raise UsersFileError("users.exists", file=str(store.path), name=name)
    account = store.add(name, cli.args.role, read_password(cli, name))
    cli.say("users.added", name=account.name, role=account.role, file=store.path)
    return 0


def cmd_list(cli: Cli) -> int:
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


def cmd_remove(cli: Cli) -> int:
    _store(cli).remove(cli.args.name)
    cli.say("users.removed", name=cli.args.name)
    return 0


@_with_usage
def cmd_passwd(cli: Cli) -> int:
    store = _store(cli)
    if store.get(cli.args.name) is None:  # say so before asking for a password
        raise UsersFileError("users.unknown", file=str(store.path), name=cli.args.name[:60])
    account = store.set_password(cli.args.name, read_password(cli, cli.args.name))
    cli.say("users.password_changed", name=account.name)
    return 0


def cmd_role(cli: Cli) -> int:
    account = _store(cli).set_role(cli.args.name, cli.args.role)
    cli.say("users.role_changed", name=account.name, role=account.role)
    return 0
