"""``python -m dashboard template --indicators eco_poverty,liv_stunting --regions 32 -o form.xlsx``
(``--regions 32.16 --level district``: one row per kecamatan of Kabupaten Bekasi).

An XLSX collection form for an agency (OPD): the same file as the download on ``/data``
(``/export/coverage/template.xlsx``), in the CLI's language (``--lang en`` for English
instructions). A filled form is imported as it is with ``import indicators`` or on ``/admin``.
Exit codes: 0 written, 1 invalid input (unknown indicator, region or publisher, bad year, an
unwritable output), 2 usage error.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.cli.context import AddCommand, Cli
from dashboard.data.errors import DataError


def add_template_command(add: AddCommand) -> None:
    p = add("template", cmd_template, "an XLSX collection form to fill in and import (per agency)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--indicators", help="indicator ids, comma-separated (or 'all')")
    which.add_argument("--publisher", help="every indicator of one publisher, e.g. BPS")
    p.add_argument(
        "--regions",
        default="home",
        help="home (default), all (514), a province (32), a kab/kota (32.16) or a name",
    )
    p.add_argument(
        "--level",
        choices=("regency", "district"),
        default="regency",
        help="one row per kab/kota (default) or per kecamatan of the regions (--regions 32.16)",
    )
    p.add_argument("--year", help="the data year asked for (default: the app's default year)")
    p.add_argument("--agency", default="", help="the agency (OPD) filling in the form")
    p.add_argument("--output", "-o", help="file to write (default: the form's name here)")


def cmd_template(cli: Cli) -> int:
    from dashboard.data.store.repository import Repository
    from dashboard.exports.template import build_template, template_spec

    args = cli.args
    snap = Repository(cli.settings).snapshot()
    spec = template_spec(
        snap,
        indicators=args.indicators,
        publisher=args.publisher,
        regions=args.regions,
        home=cli.settings.HOME_REGION,
        period=args.year,
        lang=cli.lang,
        agency=args.agency,
        level=args.level,
    )
    content = build_template(snap.framework, snap.regions, spec)
    target = Path(args.output or spec.file_name())
    try:
        target.write_bytes(content)
    except OSError as exc:
        raise DataError("coverage.bad_output", file=str(target), reason=exc.strerror) from None
    cli.say(
        "coverage.template_written_districts"
        if spec.level == "district"
        else "coverage.template_written",
        path=str(target),
        indicators=len(spec.indicators),
        regions=len(spec.regions),
        year=spec.period,
    )
    return 0
