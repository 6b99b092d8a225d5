"""Boundaries on the command line: ``import boundaries FILE --level ...`` and
``boundaries download`` (geoBoundaries IDN ADM1/ADM2, needs internet).

Exit codes: 0 stored as a new boundary version, 1 invalid input (nothing was changed).
"""

from __future__ import annotations

from dashboard.cli.context import AddCommand, Cli, check_file, print_report
from dashboard.data.errors import ValidationError


def add_import_command(add: AddCommand, imports) -> None:
    """``import boundaries`` on the ``import`` group."""
    p = add(
        "boundaries",
        cmd_import_boundaries,
        "import boundaries (GeoJSON, Shapefile, zip, GeoPackage)",
        imports,
    )
    p.add_argument("file")
    p.add_argument("--level", required=True, choices=("province", "regency", "district"))
    p.add_argument("--code-field", help="property holding region codes (default: detected)")
    p.add_argument("--name-field", help="property holding region names (default: detected)")
    p.add_argument("--tolerance", type=float, help="simplification tolerance in degrees")
    p.add_argument("--who")
    p.add_argument("--report", metavar="FILE")


def add_boundary_commands(sub, add: AddCommand, parser_class) -> None:
    """The ``boundaries`` command group."""
    group = sub.add_parser("boundaries", help="boundary utilities")
    boundaries = group.add_subparsers(dest="what", required=True, parser_class=parser_class)
    p = add(
        "download",
        cmd_boundaries_download,
        "download geoBoundaries IDN ADM1/ADM2 (CC BY 4.0; needs internet)",
        boundaries,
    )
    p.add_argument("--who")


def cmd_import_boundaries(cli: Cli) -> int:
    from dashboard.data.imports.boundaries import import_boundaries

    check_file(cli.args.file)
    store, regions, _ = cli.repository_parts()
    bar, advance = cli.progress(["process", "store"])
    try:
        manifest, result = import_boundaries(
            store,
            cli.args.file,
            level=cli.args.level,
            regions=regions,
            tolerance=cli.args.tolerance or cli.settings.SIMPLIFY_TOLERANCE,
            code_field=cli.args.code_field,
            name_field=cli.args.name_field,
            who=cli.args.who,
            progress=advance,
            limits=cli.limits(),
        )
    except ValidationError as exc:
        bar.close()
        print_report(cli, exc.report, as_json=False)
        return 1
    finally:
        bar.close()
    cli.warn(result.report.warnings)
    _say_imported(cli, manifest, result.stats)
    return 0


def _say_imported(cli: Cli, manifest, stats: dict) -> None:
    cli.say(
        "cli.boundaries_imported",
        level=cli.args.level,
        version=manifest.version,
        matched=stats.get("matched", 0),
        missing=len(stats.get("regions_without_geometry", []) or []),
        size=round(stats.get("bytes_gzip", 0) / 1024),
    )


def cmd_boundaries_download(cli: Cli) -> int:
    from dashboard.data.imports.boundaries import import_boundaries
    from dashboard.data.imports.geometry import download_geoboundaries

    paths = download_geoboundaries()
    store, regions, _ = cli.repository_parts()
    for level, path in zip(("province", "regency"), paths, strict=False):
        import_boundaries(
            store,
            path,
            level=level,
            regions=regions,
            tolerance=cli.settings.SIMPLIFY_TOLERANCE,
            who=cli.args.who,
        )
    return 0
