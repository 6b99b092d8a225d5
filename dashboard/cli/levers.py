"""``python -m dashboard levers --region 32.16 --period 2024``: which indicators would raise a
region's composite and national rank most per unit of effort.

Every number is the real scoring re-run with one value replaced (see
:mod:`dashboard.data.scoring.levers`); effort is the gap divided by the indicator's national
interquartile range. Exit codes: 0 printed, 1 unknown region or period (the message says which
ones exist).
"""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.cli.context import AddCommand, Cli

TARGETS = ("median", "province_best", "p75")


def add_levers_command(add: AddCommand) -> None:
    p = add("levers", cmd_levers, "improvement levers of a region: score and rank per target")
    p.add_argument("--region", required=True, help="dotted code (32.16), BPS code (3216) or name")
    p.add_argument("--period", type=int, help="year (default: the dashboard's default year)")
    p.add_argument("--target", choices=TARGETS, help="one target kind (default: all three)")
    p.add_argument("--top", type=int, metavar="N", help="only the N best rows")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--output", "-o", help="write to a file instead of standard output")


def cmd_levers(cli: Cli) -> int:
    from dashboard.data.errors import DataError
    from dashboard.data.store.repository import Repository
    from dashboard.data.views.levers import lever_rows
    from dashboard.data.views.periods import default_period

    snap = Repository(cli.settings).snapshot()
    code = snap.regions.resolve(cli.args.region)
    if "." not in code:
        raise DataError("levers.unknown_region", region=cli.args.region)
    period = default_period(snap) if cli.args.period is None else cli.args.period
    frame = lever_rows(snap, code, period, lang=cli.lang, kind=cli.args.target, n=cli.args.top)
    if cli.args.format == "csv":
        text = frame.to_csv(index=False)
    elif cli.args.format == "json":
        text = frame.to_json(orient="records", force_ascii=False, indent=2) + "\n"
    else:
        text = _table(cli, snap, code, period, frame)
    if cli.args.output:
        Path(cli.args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _table(cli: Cli, snap, code: str, period: int, frame) -> str:
    """A heading (region, year, composite, rank), the rows, and how effort is measured."""
    from dashboard.data.views.levers import state_for

    state = state_for(snap, period)
    composite = state.composite[state.row(code)]
    lines = [
        cli.text(
            "levers.cli_heading",
            region=snap.regions.name(code),
            code=code,
            period=period,
            composite="–" if composite != composite else f"{composite:.2f}",
        )
    ]
    if composite != composite:
        lines.append(cli.text("levers.cli_no_composite"))
    elif frame.empty:
        lines.append(cli.text("levers.cli_none"))
    else:
        shown = frame.drop(columns=["indicator", "unit", "n_ranked"]).copy()
        shown["synthetic"] = shown["synthetic"].map({True: "*", False: ""})
        lines.append(shown.to_string(index=False, na_rep="–"))
    lines.append(cli.text("levers.cli_note"))
    if frame["synthetic"].any() if not frame.empty else False:
        lines.append(cli.text("levers.cli_synthetic"))
    return "\n".join(lines) + "\n"
