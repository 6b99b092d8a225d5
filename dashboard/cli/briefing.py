"""``python -m dashboard export briefing --region 32.16 --format pptx|pdf --period 2024 [-o FILE]``.

The same deck as ``/export/briefing/<code>.<fmt>``, for scripts and scheduled jobs. The language
is the CLI's (``--lang en``). Exit codes: 0 written, 1 invalid input (unknown region, a year not
in the data, an unwritable output) or no Chromium to draw the charts, 2 usage error (argparse).
A progress bar on a terminal names each stage; ``--quiet`` prints only errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.cli.context import AddCommand, Cli
from dashboard.data.errors import DataError


def add_briefing_command(export_subparsers, add: AddCommand) -> argparse.ArgumentParser:
    """Register ``export briefing`` on the ``export`` command group."""
    p = add(
        "briefing",
        cmd_briefing,
        "a region briefing deck as PPTX or PDF (needs Chromium for the charts)",
        export_subparsers,
    )
    p.add_argument("--region", required=True, help="kab/kota: 32.16, 3216 or 'Kabupaten Bekasi'")
    p.add_argument("--format", "-f", choices=("pptx", "pdf"), default="pptx")
    p.add_argument("--period", type=int, help="data year (default: latest year with scores)")
    p.add_argument(
        "--output", "-o", help="file or directory to write (default: the deck's name here)"
    )
    return p


def cmd_briefing(cli: Cli) -> int:
    from dashboard.data.store.repository import Repository
    from dashboard.exports import render as images
    from dashboard.exports.briefing.deck import build_deck

    args = cli.args
    _check_output(cli, args.output)  # say so before minutes of work, not after
    snap = Repository(cli.settings).snapshot()
    images.configure(cli.settings.BROWSER_PATH)
    bar, progress = _progress(cli)
    try:
        deck = build_deck(
            snap, args.region, args.period, fmt=args.format, lang=cli.lang, progress=progress
        )
    except images.RenderUnavailable:
        bar.close()
        print(cli.text("briefing.no_browser"), file=sys.stderr)
        return 1
    finally:
        bar.close()
        images.renderer().close()  # never leave a browser behind
    target = _target(args.output, deck.filename)
    try:
        target.write_bytes(deck.content)
    except OSError as exc:
        raise DataError("briefing.bad_output", file=str(target), reason=exc.strerror) from None
    cli.say(
        "briefing.written",
        path=target,
        slides=len(deck.slides),
        size=max(1, round(len(deck.content) / 1024)),
        seconds=round(deck.seconds, 1),
    )
    return 0


def _check_output(cli: Cli, output: str | None) -> None:
    """Refuse an output path whose folder does not exist."""
    if output and not Path(output).is_dir() and not Path(output).parent.is_dir():
        reason = cli.text("cli.file_missing")
        raise DataError("briefing.bad_output", file=str(Path(output).parent), reason=reason)


def _progress(cli: Cli):
    """A bar over the deck's stages and the ``progress(stage, done, total)`` that advances it."""
    bar, _ = cli.progress(["data", *["chart"] * 8, "write"])
    bar.set_description(cli.text("cli.stage.briefing_data"))
    upcoming = {"data": "chart", "chart": "chart", "write": "write"}

    def progress(stage: str, done: int, total: int) -> None:
        """Count a finished stage and name the one now running."""
        bar.total = total
        following = "write" if done == total - 1 else upcoming[stage]
        bar.set_description(cli.text(f"cli.stage.briefing_{following}"))
        bar.update(1)

    return bar, progress


def _target(output: str | None, filename: str) -> Path:
    if not output:
        return Path(filename)
    path = Path(output)
    return path / filename if path.is_dir() else path
