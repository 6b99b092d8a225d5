"""Indicator data on the command line: ``validate``, ``import indicators``, ``versions``,
``rollback``, ``scores`` and ``framework``.

Exit codes: 0 done, 1 invalid input (nothing was changed). Each data module is imported inside
its command, so ``python -m dashboard --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.cli.context import AddCommand, Cli, check_file, print_report
from dashboard.data.errors import ValidationError

STORE_KINDS = ("dataset", "boundaries")


def add_validate_command(add: AddCommand) -> None:
    p = add("validate", cmd_validate, "check an indicator file without importing it")
    p.add_argument("file")
    p.add_argument("--sheet", help="XLSX sheet name (default: the first)")
    _indicator_option(p)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--report", metavar="FILE", help="write every problem to a CSV file")


def add_import_command(add: AddCommand, imports) -> None:
    """``import indicators`` on the ``import`` group."""
    p = add("indicators", cmd_import_indicators, "import an indicator table (CSV/XLSX)", imports)
    p.add_argument("file")
    p.add_argument("--sheet")
    _indicator_option(p)
    p.add_argument(
        "--mode",
        choices=("merge", "replace"),
        default="merge",
        help="merge (default) upserts into the current data; replace keeps only this file",
    )
    p.add_argument("--who", help="name recorded in the manifest and audit log")
    p.add_argument("--json", action="store_true")
    p.add_argument("--report", metavar="FILE")


def _indicator_option(p) -> None:
    p.add_argument(
        "--indicator",
        metavar="ID",
        help="for a BPS table export (read as downloaded): the framework indicator it holds",
    )


def add_version_commands(add: AddCommand) -> None:
    """``versions``, ``rollback`` and ``scores``."""
    p = add("versions", cmd_versions, "list stored versions (* = active)")
    p.add_argument("--kind", choices=STORE_KINDS, default="dataset")
    p.add_argument("--json", action="store_true")

    p = add("rollback", cmd_rollback, "make an earlier version active again")
    p.add_argument("version", type=int)
    p.add_argument("--kind", choices=STORE_KINDS, default="dataset")
    p.add_argument("--who")

    p = add("scores", cmd_scores, "readiness scores for one period")
    p.add_argument("--period", type=int, required=True)
    p.add_argument("--level", choices=("regency", "province"), default="regency")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--output", "-o", help="write to a file instead of standard output")


def add_framework_command(add: AddCommand) -> None:
    p = add("framework", cmd_framework, "validate a framework file and summarise it")
    p.add_argument("file", nargs="?")


def cmd_validate(cli: Cli) -> int:
    from dashboard.data.imports.tables import validate_file

    check_file(cli.args.file)
    _, regions, framework = cli.repository_parts()
    result = validate_file(
        cli.args.file,
        regions=regions,
        framework=framework,
        limits=cli.limits(),
        sheet=cli.args.sheet,
        indicator=cli.args.indicator,
    )
    print_report(cli, result.report, as_json=cli.args.json)
    return 0 if result.ok else 1


def cmd_import_indicators(cli: Cli) -> int:
    from dashboard.data.imports.indicators import import_indicators

    check_file(cli.args.file)
    store, regions, framework = cli.repository_parts()
    bar, advance = cli.progress(["validate", "store"])
    try:
        outcome = import_indicators(
            store,
            cli.args.file,
            regions=regions,
            framework=framework,
            limits=cli.limits(),
            sheet=cli.args.sheet,
            who=cli.args.who,
            mode=cli.args.mode,
            progress=advance,
            indicator=cli.args.indicator,
        )
        bar.update(bar.total - bar.n)
    except ValidationError as exc:
        bar.close()
        print_report(cli, exc.report, as_json=cli.args.json)
        return 1
    finally:
        bar.close()
    print_report(cli, outcome.result.report, as_json=cli.args.json)
    say_imported(cli, outcome.manifest)
    return 0


def say_imported(cli: Cli, manifest) -> None:
    counts = manifest.counts
    cli.say(
        "cli.imported",
        version=manifest.version,
        added=counts.get("rows_added", 0),
        updated=counts.get("rows_updated", 0),
        unchanged=counts.get("rows_unchanged", 0),
    )


def cmd_versions(cli: Cli) -> int:
    store, _, _ = cli.repository_parts()
    versioned = store.dataset if cli.args.kind == "dataset" else store.boundaries
    current = versioned.current().version
    manifests = versioned.manifests()
    if cli.args.json:
        document = {"current": current, "versions": [m.to_dict() for m in manifests]}
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    if not manifests:
        cli.say("cli.no_versions")
        return 0
    version = "versi" if cli.lang == "id" else "version"
    header = ("", version, "created_at", "kind", "who", "rows", "file", "sha256")
    print(table([header, *(_version_row(m, current) for m in manifests)]))
    return 0


def _version_row(m, current: int | None) -> tuple[str, ...]:
    return (
        "*" if m.version == current else "",
        str(m.version),
        m.created_at,
        m.kind,
        m.who,
        str(m.counts.get("observations", m.counts.get("features", ""))),
        m.source_file,
        m.source_sha256[:12],
    )


def table(rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell, two spaces apart, no trailing blanks."""
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


def cmd_rollback(cli: Cli) -> int:
    from dashboard.data.imports.indicators import rollback

    store, _, _ = cli.repository_parts()
    if cli.args.kind == "dataset":
        previous = store.dataset.current().version
        manifest = rollback(store, cli.args.version, who=cli.args.who)
    else:
        from dashboard.data.imports.boundaries import rollback_boundaries

        previous = store.boundaries.current().version
        manifest = rollback_boundaries(store, cli.args.version, who=cli.args.who)
    cli.say("cli.rolled_back", kind=cli.args.kind, version=manifest.version, previous=previous)
    return 0


def cmd_scores(cli: Cli) -> int:
    from dashboard.data.store.repository import Repository
    from dashboard.data.views.scores import scores_frame

    snapshot = Repository(cli.settings).snapshot()
    frame = scores_frame(snapshot, period=cli.args.period, level=cli.args.level, lang=cli.lang)
    if frame.empty:
        periods = ", ".join(map(str, snapshot.periods))
        print(cli.text("cli.no_scores", period=cli.args.period, periods=periods), file=sys.stderr)
        return 1
    if cli.args.format == "csv":
        text = frame.to_csv(index=False)
    elif cli.args.format == "json":
        text = frame.to_json(orient="records", force_ascii=False, indent=2) + "\n"
    else:
        text = frame.to_string(index=False, na_rep="data kurang") + "\n"
    if cli.args.output:
        Path(cli.args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_framework(cli: Cli) -> int:
    from dashboard.data.framework import FRAMEWORK_FILE, load_framework

    path = cli.args.file or FRAMEWORK_FILE
    framework = load_framework(path)
    cli.say(
        "cli.framework_ok",
        file=path,
        version=framework.version,
        pillars=len(framework.pillars),
        elements=len(framework.elements),
        indicators=len(framework.indicators),
        scored=len(framework.scored_indicators),
    )
    return 0
