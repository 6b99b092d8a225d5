"""``python -m dashboard db upgrade|status`` and ``migrate --from-dir DIR --to URL``.

``db upgrade`` creates or migrates the PostgreSQL schema of ``DATABASE_URL`` (idempotent: a second
run applies nothing); ``db status`` shows the schema version and what the store holds. ``migrate``
copies a file store (dataset and boundary versions, users, audit log) into an empty PostgreSQL
database, upgrading its schema first and checking every copied dataset version before it commits.
Exit codes: 0 done, 1 refused or unreachable (nothing changed), 2 usage error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboard.cli.context import AddCommand, Cli
from dashboard.data.errors import DataError


def add_db_commands(sub, add: AddCommand, parser_class) -> None:
    group = sub.add_parser("db", help="PostgreSQL store (DATABASE_URL): schema and status")
    db = group.add_subparsers(dest="what", required=True, parser_class=parser_class)
    add("upgrade", cmd_upgrade, "create or migrate the PostgreSQL schema (idempotent)", db)
    add("status", cmd_status, "schema version and what the PostgreSQL store holds", db)
    p = add("migrate", cmd_migrate, "copy a file store (DATA_DIR) into an empty PostgreSQL store")
    p.add_argument("--from-dir", required=True, help="the file store to copy (a DATA_DIR)")
    p.add_argument(
        "--to",
        default="",
        help="postgresql://... of an empty database (default: DATABASE_URL)",
    )
    p.add_argument(
        "--users-file", default="", help="users TOML to copy (default: FROM_DIR/users.toml)"
    )


def _database(cli: Cli, url: str = ""):
    from dashboard.data.store.pg import Database

    url = url or cli.settings.DATABASE_URL
    if not url:
        raise DataError("db.no_database", data_dir=str(cli.settings.DATA_DIR))
    return Database(url)


def cmd_upgrade(cli: Cli) -> int:
    from dashboard.data.store.pg import schema_version, upgrade

    db = _database(cli)
    applied = upgrade(db)
    version = schema_version(db)
    if applied:
        cli.say(
            "db.upgraded", where=db.where, applied=", ".join(map(str, applied)), version=version
        )
    else:
        cli.say("db.up_to_date", where=db.where, version=version)
    return 0


def cmd_status(cli: Cli) -> int:
    from dashboard.data.store.pg import PgStore, schema_version
    from dashboard.data.store.pgschema import LATEST

    db = _database(cli)
    version = schema_version(db)
    if version < LATEST:
        print(cli.text("db.behind", where=db.where, version=version, latest=LATEST))
        return 1
    store = PgStore(cli.settings.DATA_DIR, db.url)
    with db.connection() as conn:
        users = conn.execute("SELECT count(*) FROM users").fetchone()[0]
        audit = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    cli.say(
        "db.status",
        where=db.where,
        version=version,
        latest=LATEST,
        datasets=_span(store.dataset.version_numbers()),
        dataset=store.dataset.current().version or "-",
        boundaries=_span(store.boundaries.version_numbers()),
        boundary_version=store.boundaries.current().version or "-",
        users=users,
        audit=audit,
    )
    return 0


def cmd_migrate(cli: Cli) -> int:
    from dashboard.data.store.migrate import migrate
    from dashboard.data.store.pg import PgStore, upgrade

    source = Path(cli.args.from_dir)
    db = _database(cli, cli.args.to)
    upgrade(db)
    target = PgStore(cli.settings.DATA_DIR, db.url)
    users_file = Path(cli.args.users_file) if cli.args.users_file else source / "users.toml"
    copied = migrate(
        source,
        target,
        copy_users=lambda conn: _copy_users(users_file, conn),
        progress=lambda what: cli.say("migrate.step", what=what),
    )
    cli.say(
        "migrate.done",
        where=target.where,
        datasets=_span(copied.datasets),
        rows=copied.observations,
        boundaries=_span(copied.boundaries),
        users=copied.users,
        audit=copied.audit,
        dataset=copied.pointers.get("dataset"),
        boundary_version=copied.pointers.get("boundaries"),
    )
    return 0


def _copy_users(path: Path, conn: Any) -> int:
    """The accounts of a users file into the ``users`` table (hashes as they are)."""
    from dashboard.security.users import UserStore

    if not path.is_file():
        return 0
    accounts = UserStore(path).accounts()
    for a in accounts.values():
        conn.execute(
            "INSERT INTO users (name, role, password_hash, created) VALUES (%s, %s, %s, %s)",
            (a.name, a.role, a.password_hash, a.created),
        )
    return len(accounts)


def _span(numbers: list[int]) -> str:
    if not numbers:
        return "-"
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"
