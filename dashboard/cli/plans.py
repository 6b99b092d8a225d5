"""RPJMD targets and events on the command line: ``import targets`` and ``import events``.

Exit codes: 0 stored as a new dataset version, 1 invalid file (nothing was changed).
"""

from __future__ import annotations

from dashboard.cli.context import AddCommand, Cli, check_file, print_report
from dashboard.data.errors import ValidationError


def add_import_commands(add: AddCommand, imports) -> None:
    """``import targets`` and ``import events`` on the ``import`` group."""
    for name, func, help in (
        ("targets", cmd_import_targets, "import RPJMD targets (region, indicator, year, target)"),
        ("events", cmd_import_events, "import events (date, title, region, category)"),
    ):
        p = add(name, func, help, imports)
        p.add_argument("file")
        p.add_argument("--sheet", help="XLSX sheet name (default: the first)")
        p.add_argument(
            "--mode",
            choices=("merge", "replace"),
            default="merge",
            help="merge (default) adds to the current ones; replace keeps only this file's",
        )
        p.add_argument("--who", help="name recorded in the manifest and audit log")
        p.add_argument("--json", action="store_true", help="print the report as JSON")
        p.add_argument("--report", metavar="FILE", help="write every problem to a CSV file")


def add_template_command(add: AddCommand) -> None:
    """``plan-template targets|events``: the XLSX form the imports read back as it is."""
    p = add("plan-template", cmd_plan_template, "an XLSX form for RPJMD targets or events")
    p.add_argument("kind", choices=("targets", "events"))
    p.add_argument("--region", default="home", help="kab/kota of the targets (default: home)")
    p.add_argument("--output", "-o", help="file to write (default: <kind>.xlsx here)")


def cmd_plan_template(cli: Cli) -> int:
    from pathlib import Path

    from dashboard.data.errors import DataError
    from dashboard.exports.plan_template import plan_template

    _, regions, framework = cli.repository_parts()
    region = cli.settings.HOME_REGION if cli.args.region == "home" else cli.args.region
    region = regions.resolve(region)
    content = plan_template(cli.args.kind, framework, regions, region, cli.lang)
    target = Path(cli.args.output or f"{cli.args.kind}.xlsx")
    try:
        target.write_bytes(content)
    except OSError as exc:
        raise DataError("coverage.bad_output", file=str(target), reason=exc.strerror) from None
    cli.say("targets.template_written", kind=cli.args.kind, path=target)
    return 0


def cmd_import_targets(cli: Cli) -> int:
    from dashboard.data.imports.targets import import_targets

    check_file(cli.args.file)
    store, regions, framework = cli.repository_parts()
    try:
        result, manifest = import_targets(
            store,
            cli.args.file,
            regions=regions,
            framework=framework,
            limits=cli.limits(),
            sheet=cli.args.sheet,
            who=cli.args.who,
            mode=cli.args.mode,
        )
    except ValidationError as exc:
        print_report(cli, exc.report, as_json=cli.args.json)
        return 1
    cli.warn(result.report.warnings)
    cli.say("targets.imported", version=manifest.version, targets=len(result.targets))
    return 0


def cmd_import_events(cli: Cli) -> int:
    from dashboard.data.imports.events import import_events

    check_file(cli.args.file)
    store, regions, _ = cli.repository_parts()
    try:
        result, manifest = import_events(
            store,
            cli.args.file,
            regions=regions,
            limits=cli.limits(),
            sheet=cli.args.sheet,
            who=cli.args.who,
            mode=cli.args.mode,
        )
    except ValidationError as exc:
        print_report(cli, exc.report, as_json=cli.args.json)
        return 1
    cli.warn(result.report.warnings)
    cli.say("events.imported", version=manifest.version, events=len(result.events))
    return 0
