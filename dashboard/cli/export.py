"""``python -m dashboard export chart|data|list``: the same exports as the HTTP endpoints.

``export chart NAME --format png|svg|pdf [--scale 2] [--query "indicator=eco_poverty&period=2024"]
[-o FILE]`` and ``export data NAME --format csv|xlsx [--query ...] [-o FILE]`` take the chart
names and the page query of ``/export/chart/<name>.<fmt>?<query>``; ``export list`` prints them.
Without ``-o`` the file gets its export name (``peta-kesiapan_komposit_2024.png``) in the current
directory; ``-o -`` writes to standard output. Exit codes: 0 written, 1 the image could not be
drawn (no Chromium), 2 unknown chart, format or query value (the message says what to use).

``export briefing`` (a region deck) joins the group from :mod:`dashboard.cli.briefing`.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl

from dashboard.charts.formats import DATA_FORMATS, IMAGE_FORMATS
from dashboard.cli.briefing import add_briefing_command
from dashboard.cli.context import AddCommand, Cli
from dashboard.i18n import t


def add_export_commands(sub, add: AddCommand, parser_class) -> None:
    """Register the ``export`` command group on the top-level subparsers."""
    group = sub.add_parser("export", help="export a chart (PNG/SVG/PDF) or its data (CSV/XLSX)")
    export_sub = group.add_subparsers(dest="what", required=True, parser_class=parser_class)

    p = add(
        "chart",
        cmd_export_chart,
        "a chart as PNG, SVG or PDF with title and provenance (needs Chromium)",
        export_sub,
    )
    _common_arguments(p, IMAGE_FORMATS)
    p.add_argument(
        "--scale", type=int, choices=(1, 2), default=1, help="PNG only: 2 gives 3840x2160"
    )

    p = add("data", cmd_export_data, "the data behind a chart as CSV or XLSX", export_sub)
    _common_arguments(p, DATA_FORMATS)

    add("list", cmd_export_list, "list the charts and the query keys each takes", export_sub)

    add_briefing_command(export_sub, add)


def _common_arguments(p: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    p.add_argument("name", help="chart name, e.g. peta-kesiapan (see: export list)")
    p.add_argument("--format", "-f", choices=formats, default=formats[0])
    p.add_argument(
        "--query",
        default="",
        help='the page query, e.g. "indicator=eco_poverty&period=2024&province=32"',
    )
    p.add_argument(
        "--output", "-o", help="file to write (default: the export's name here; - for stdout)"
    )


def cmd_export_chart(cli: Cli) -> int:
    return _export(cli, "chart")


def cmd_export_data(cli: Cli) -> int:
    return _export(cli, "data")


def cmd_export_list(cli: Cli) -> int:
    from dashboard.charts.query import RESERVED_KEYS
    from dashboard.charts.registry import CHARTS

    print(cli.text("export.list_header"))
    for chart in CHARTS.values():
        keys = ", ".join((*chart.keys, *RESERVED_KEYS))
        print(f"  {chart.name:<20} {chart.page:<18} {keys}")
    return 0


def _export(cli: Cli, kind: str) -> int:
    query = _read_query(cli, kind)
    if query is None:
        return 2
    started = time.perf_counter()
    made = _build(cli, kind, query)
    if isinstance(made, int):
        return made
    body, file_name = made
    return _write(cli, body, cli.args.output or file_name, started=started)


def _read_query(cli: Cli, kind: str) -> dict[str, str] | None:
    """The ``--query`` pairs, or None after saying why the arguments cannot be used."""
    args = cli.args
    try:
        query = _parse_query(args.query)
    except ValueError as exc:
        print(cli.text("export.bad_query", reason=exc), file=sys.stderr)
        return None
    if kind == "chart" and args.scale != 1 and args.format != "png":
        print(t("export.error.scale_png_only", cli.lang), file=sys.stderr)
        return None
    return query


def _build(cli: Cli, kind: str, query: dict[str, str]) -> tuple[bytes, str] | int:
    """The file's bytes and export name, or the exit code after saying what went wrong."""
    from dashboard.charts.query import ExportError, read_lang
    from dashboard.charts.registry import build_chart
    from dashboard.data.store.repository import Repository
    from dashboard.exports import render as images
    from dashboard.exports import tables

    args = cli.args
    # closing the browser at exit can log a harmless half-read message with a traceback
    logging.getLogger("choreographer").setLevel(logging.CRITICAL)
    images.configure(cli.settings.BROWSER_PATH)
    try:
        lang = read_lang(query.get("lang"), cli.lang)
        snap = Repository(cli.settings).snapshot()
        export = build_chart(args.name, query, snap=snap, lang=lang, home=cli.settings.HOME_REGION)
        if kind == "chart":
            body = images.chart_image(export, args.format, scale=args.scale)
        else:
            body = tables.chart_table(export, args.format)
    except ExportError as exc:
        print(exc.message(cli.lang), file=sys.stderr)
        return 2
    except images.RenderUnavailable:
        key = "render_failed" if images.available() else "chromium_missing"
        print(t(f"export.error.{key}", cli.lang), file=sys.stderr)
        return 1
    finally:
        images.renderer().close()  # never leave a browser behind
    return body, export.file_name(args.format)


def _write(cli: Cli, body: bytes, target: str, *, started: float) -> int:
    """Write the export to ``target`` (``-``: standard output) and say how big it is."""
    if target == "-":
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return 0
    Path(target).write_bytes(body)
    cli.say(
        "export.written",
        path=target,
        size=max(1, round(len(body) / 1024)),
        seconds=round(time.perf_counter() - started, 1),
    )
    return 0


def _parse_query(text: str) -> dict[str, str]:
    """``"a=1&b=2"`` (a leading ``?`` allowed) -> dict; a key given twice is an error."""
    pairs = parse_qsl(text.strip().lstrip("?"), keep_blank_values=True, strict_parsing=False)
    out: dict[str, str] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"{key!r} given twice")
        out[key] = value
    if text.strip().lstrip("?") and not pairs:
        raise ValueError(f"no key=value pairs in {text!r}")
    return out
