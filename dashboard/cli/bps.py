"""``import bps``: values of one BPS WebAPI variable, fetched now or from a saved response.

The WebAPI needs ``BPS_API_KEY`` (never printed); without it, or without network (a short
timeout), the command stops at once with a message and exit 1, and ``--from-file`` imports a
response saved earlier (``--save-response`` keeps one). BPS *table exports* (XLSX/CSV from the
website) go through ``import indicators FILE --indicator ID`` instead.
"""

from __future__ import annotations

import argparse

from dashboard.cli.context import AddCommand, Cli, check_file, print_report
from dashboard.cli.data import say_imported
from dashboard.data.errors import ValidationError


def _years(text: str) -> list[int]:
    try:
        years = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError:
        message = f"expected years such as 2023 or 2020,2021: {text!r}"
        raise argparse.ArgumentTypeError(message) from None
    if not years or any(not 2000 <= y <= 2100 for y in years):
        raise argparse.ArgumentTypeError(f"expected years from 2000 to 2100: {text!r}")
    return years


def add_import_command(add: AddCommand, imports) -> None:
    """``import bps`` on the ``import`` group."""
    p = add("bps", cmd_import_bps, "import one BPS WebAPI variable (needs BPS_API_KEY)", imports)
    p.add_argument("--var", required=True, help="BPS variable number, e.g. 413 (IPM)")
    p.add_argument("--indicator", required=True, metavar="ID", help="framework indicator id")
    p.add_argument(
        "--year", type=_years, action="append", help="only these years (2023 or 2020,2021)"
    )
    p.add_argument("--domain", default="0000", help="BPS domain: 0000 national (default)")
    p.add_argument("--from-file", metavar="JSON", help="import a saved WebAPI response")
    p.add_argument("--save-response", metavar="JSON", help="also keep the fetched response")
    p.add_argument("--mode", choices=("merge", "replace"), default="merge")
    p.add_argument("--who", help="name recorded in the manifest and audit log")
    p.add_argument("--json", action="store_true")
    p.add_argument("--report", metavar="FILE", help="write every problem to a CSV file")


def cmd_import_bps(cli: Cli) -> int:
    from pathlib import Path

    from dashboard.data.imports.bps.service import Access, import_bps
    from dashboard.data.imports.bps.webapi import DEFAULT_URL, Query

    args = cli.args
    query = Query(
        var=args.var,
        domain=args.domain,
        years=tuple(sorted({y for group in args.year or [] for y in group})),
    )
    from_file = Path(args.from_file) if args.from_file else None
    if from_file is not None:
        check_file(args.from_file)
    else:
        cli.say("bps.fetching", var=query.var, domain=query.domain)
    store, regions, framework = cli.repository_parts()
    access = Access(url=cli.settings.BPS_API_URL or DEFAULT_URL, key=cli.settings.BPS_API_KEY)
    save_to = Path(args.save_response) if args.save_response else None
    try:
        outcome = import_bps(
            store,
            query,
            indicator=args.indicator,
            regions=regions,
            framework=framework,
            access=access,
            from_file=from_file,
            save_to=save_to,
            who=args.who,
            mode=args.mode,
            limits=cli.limits(),
        )
    except ValidationError as exc:
        print_report(cli, exc.report, as_json=args.json)
        return 1
    if save_to is not None:
        cli.say("bps.saved_response", file=str(save_to))
    print_report(cli, outcome.result.report, as_json=args.json)
    say_imported(cli, outcome.manifest)
    return 0
