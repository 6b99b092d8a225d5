"""Command-line interface: ``python -m dashboard COMMAND``.

Exit codes: 0 success, 1 invalid input (nothing was changed), 2 usage error.
Messages are in Indonesian by default, English with ``--lang en``.

One module per concern registers its commands here: :mod:`~dashboard.cli.data` (validate,
import indicators, versions, rollback, scores, framework), :mod:`~dashboard.cli.bps` (import bps), :mod:`~dashboard.cli.plans` (import targets, events), :mod:`~dashboard.cli.boundaries`,
:mod:`~dashboard.cli.sample` (sample-data, tiles), :mod:`~dashboard.cli.export` (with
:mod:`~dashboard.cli.briefing`), :mod:`~dashboard.cli.template` (collection forms), :mod:`~dashboard.cli.levers`, :mod:`~dashboard.cli.users` and
:mod:`~dashboard.cli.db` (PostgreSQL schema, ``migrate``), :mod:`~dashboard.cli.worker` (export workers); :mod:`~dashboard.cli.context`
holds what they share.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from dashboard.cli import (
    boundaries,
    bps,
    data,
    db,
    export,
    levers,
    plans,
    sample,
    template,
    users,
    worker,
)
from dashboard.cli.context import AddCommand, Cli, Command, print_report
from dashboard.config import SettingError, Settings
from dashboard.data.errors import DataError, ValidationError
from dashboard.i18n import t

PROG = "python -m dashboard"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default exits 2 too; keep its message
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """Every command, in the order ``--help`` lists them."""
    parser = _Parser(prog=PROG, description=__doc__.splitlines()[0])
    _global_options(parser, defaults=True)
    # the same options after the command name ("validate FILE --lang en") without overriding
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, defaults=False)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    add = _adder(sub, common)

    data.add_validate_command(add)
    group = sub.add_parser("import", help="import indicators or boundaries as a new version")
    imports = group.add_subparsers(dest="what", required=True, parser_class=_Parser)
    data.add_import_command(add, imports)
    bps.add_import_command(add, imports)
    plans.add_import_commands(add, imports)
    boundaries.add_import_command(add, imports)
    boundaries.add_boundary_commands(sub, add, _Parser)
    data.add_version_commands(add)
    sample.add_sample_command(add)
    data.add_framework_command(add)
    levers.add_levers_command(add)
    sample.add_tiles_command(add)
    export.add_export_commands(sub, add, _Parser)
    template.add_template_command(add)
    plans.add_template_command(add)
    users.add_user_commands(sub, add, _Parser)
    db.add_db_commands(sub, add, _Parser)
    worker.add_worker_command(add)
    return parser


def _adder(sub, common: argparse.ArgumentParser) -> AddCommand:
    """``add(name, func, help, into=sub)``: a subparser with the global options that runs ``func``."""

    def add(name: str, func: Command, help: str, into=sub) -> argparse.ArgumentParser:
        p = into.add_parser(name, help=help, description=help, parents=[common])
        p.set_defaults(func=func)
        return p

    return add


def _global_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    kw = {} if defaults else {"default": argparse.SUPPRESS}
    parser.add_argument(
        "--lang", choices=("id", "en"), help="bahasa pesan / message language", **kw
    )
    flag = {"action": "store_true", **kw}
    parser.add_argument("--quiet", "-q", help="only errors", **flag)
    parser.add_argument("--data-dir", help="store directory (default: DATA_DIR or instance/)", **kw)
    parser.add_argument("--debug", help="show tracebacks of unexpected errors", **flag)


def main(argv: Sequence[str] | None = None, environ: dict[str, str] | None = None) -> int:
    """Run one command; the exit code says how it went (see the module docstring)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    env = dict(os.environ if environ is None else environ)
    if args.data_dir:
        env["DATA_DIR"] = args.data_dir
    try:
        settings = Settings.from_env(env)
    except SettingError as exc:
        print(f"{parser.prog}: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return _run(Cli(args, settings))


def _run(cli: Cli) -> int:
    """The command's exit code; domain errors become messages, anything else a short notice."""
    args = cli.args
    try:
        return int(args.func(cli) or 0)
    except ValidationError as exc:
        print_report(cli, exc.report, as_json=getattr(args, "json", False))
        return 1
    except DataError as exc:
        print(exc.message(cli.lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        print(t("cli.unexpected", cli.lang, kind=type(exc).__name__), file=sys.stderr)
        return 1


__all__ = ["build_parser", "main"]
