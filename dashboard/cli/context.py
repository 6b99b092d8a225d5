"""What every command gets: the settings, the message language and helpers to print and report.

Messages come from ``dashboard/locales/<lang>/cli.toml`` (``cli.*`` keys) through
:func:`dashboard.i18n.t`; problems are listed up to :data:`MAX_SHOWN` with a count of the rest.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path

from dashboard.config import Settings
from dashboard.data.errors import DataError, Problem
from dashboard.data.safe_text import neutralise
from dashboard.i18n import t

MAX_SHOWN = 50
REPORT_FIELDS = ["severity", "file", "row", "column", "value", "code", "reason"]


class Cli:
    """State shared by the commands of one invocation: settings, language, output streams."""

    def __init__(self, args: argparse.Namespace, settings: Settings) -> None:
        self.args = args
        self.settings = settings
        self.lang = args.lang or settings.LANG
        self.quiet = args.quiet

    def text(self, key: str, **params: object) -> str:
        """The message ``key`` in the invocation's language."""
        return t(key, self.lang, **params)

    def say(self, key: str, **params: object) -> None:
        """Print a message on standard output unless ``--quiet``."""
        if not self.quiet:
            print(self.text(key, **params))

    def problem_lines(self, problems: list[Problem]) -> list[str]:
        lines = [f"  - {p.message(self.lang)}" for p in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            lines.append("  " + self.text("cli.more", n=len(problems) - MAX_SHOWN))
        return lines

    def warn(self, warnings: list[Problem]) -> None:
        """The count and the list of warnings on standard output (they never block an import)."""
        if warnings and not self.quiet:
            print(self.text("cli.warnings", n=len(warnings)))
            print("\n".join(self.problem_lines(warnings)))

    def progress(self, stages: list[str]):
        """A tqdm bar over named stages, or a no-op with --quiet or when stderr is not a TTY."""
        from tqdm import tqdm

        bar = tqdm(
            total=len(stages),
            disable=self.quiet or not sys.stderr.isatty(),
            file=sys.stderr,
            bar_format="{desc}: {bar} {n}/{total} [{elapsed}]",
        )

        def advance(stage: str) -> None:
            if bar.n:
                bar.update(1)
            bar.set_description(self.text(f"cli.stage.{stage}"))

        return bar, advance

    def repository_parts(self):
        from dashboard.data.framework import load_framework
        from dashboard.data.regions import RegionIndex
        from dashboard.data.store.backend import store_for
        from dashboard.data.store.boundaries import current_districts

        store = store_for(self.settings)
        regions = RegionIndex.from_file().with_districts(current_districts(store))
        return store, regions, load_framework()

    def limits(self):
        from dashboard.data.imports.tables import ImportLimits

        return ImportLimits.from_settings(self.settings)


Command = Callable[[Cli], int]
AddCommand = Callable[..., argparse.ArgumentParser]  # add(name, func, help, into=subparsers)


def check_file(path: str) -> None:
    """Refuse a missing input file before any work (exit code 1)."""
    if not Path(path).is_file():
        raise DataError("cli.file_missing", file=path)


def write_report(path: str, problems: list[Problem], lang: str) -> None:
    """Every problem as a CSV row (opens in Excel; cells that look like formulas neutralised)."""
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=REPORT_FIELDS)
        writer.writeheader()
        for problem in problems:
            row = problem.to_dict(lang)
            writer.writerow({k: neutralise(row[k]) for k in writer.fieldnames})


def print_report(cli: Cli, report, *, as_json: bool) -> None:
    """A validation report: a summary line, the problems, and the CSV file with ``--report``."""
    if as_json:
        _print_json_report(cli, report)
        return
    if report.ok:
        counts = report.counts
        cli.say(
            "cli.valid",
            file=report.file,
            rows=counts.get("rows_valid", 0),
            regions=counts.get("regions", 0),
            indicators=counts.get("indicators", 0),
            periods=counts.get("periods", "-"),
        )
    else:
        errors, warnings = len(report.errors), len(report.warnings)
        summary = cli.text("cli.invalid", file=report.file, errors=errors, warnings=warnings)
        print(summary, file=sys.stderr)
        print("\n".join(cli.problem_lines(report.errors)), file=sys.stderr)
    cli.warn(report.warnings)
    if cli.args.report:
        write_report(cli.args.report, report.problems, cli.lang)
        cli.say("cli.report_written", path=cli.args.report)


def _print_json_report(cli: Cli, report) -> None:
    problems = [p.to_dict(cli.lang) for p in report.problems]
    document = {"file": report.file, "ok": report.ok, "counts": report.counts, "problems": problems}
    print(json.dumps(document, ensure_ascii=False, indent=2))
