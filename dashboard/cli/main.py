"""Command-line interface: ``python -m dashboard COMMAND``.

Exit codes: 0 success, 1 invalid input (nothing was changed), 2 usage error.
Messages are in Indonesian by default, English with ``--lang en``.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from dashboard.config import SettingError, Settings
from dashboard.data.errors import DataError, Problem, ValidationError
from dashboard.data.messages import define, render
from dashboard.data.safe_text import neutralise

define(
    {
        "cli.valid": {
            "id": "{file}: valid. {rows} nilai, {regions} wilayah, {indicators} indikator, periode {periods}.",
            "en": "{file}: valid. {rows} values, {regions} regions, {indicators} indicators, periods {periods}.",
        },
        "cli.invalid": {
            "id": "{file}: DITOLAK, {errors} kesalahan dan {warnings} peringatan. Tidak ada yang diubah.",
            "en": "{file}: REJECTED, {errors} errors and {warnings} warnings. Nothing was changed.",
        },
        "cli.warnings": {
            "id": "{n} peringatan (tidak menghalangi impor):",
            "en": "{n} warning(s) (do not block the import):",
        },
        "cli.more": {
            "id": "... dan {n} lagi (lihat --report FILE untuk daftar lengkap)",
            "en": "... and {n} more (use --report FILE for the full list)",
        },
        "cli.report_written": {
            "id": "laporan lengkap ditulis ke {path}",
            "en": "full report written to {path}",
        },
        "cli.imported": {
            "id": "Diimpor sebagai versi {version} ({added} baru, {updated} diperbarui, {unchanged} sama). Versi aktif: {version}.",
            "en": "Imported as version {version} ({added} new, {updated} updated, {unchanged} unchanged). Active version: {version}.",
        },
        "cli.rolled_back": {
            "id": "Versi aktif {kind} sekarang {version} (sebelumnya {previous}).",
            "en": "Active {kind} version is now {version} (was {previous}).",
        },
        "cli.no_versions": {"id": "Belum ada versi.", "en": "No versions yet."},
        "cli.sample_written": {
            "id": "Dataset contoh ditulis ke {path} ({rows} baris).",
            "en": "Sample dataset written to {path} ({rows} rows).",
        },
        "cli.sample_imported": {
            "id": "Dataset contoh disimpan sebagai versi {version}.",
            "en": "Sample dataset stored as version {version}.",
        },
        "cli.framework_ok": {
            "id": "{file}: kerangka versi {version} valid: {pillars} pilar, {elements} elemen, {indicators} indikator ({scored} dinilai).",
            "en": "{file}: framework version {version} is valid: {pillars} pillars, {elements} elements, {indicators} indicators ({scored} scored).",
        },
        "cli.boundaries_imported": {
            "id": "Batas wilayah tingkat {level} disimpan sebagai versi batas {version}: {matched} fitur cocok, {missing} wilayah tanpa geometri, {size} KB gzip.",
            "en": "Level {level} boundaries stored as boundary version {version}: {matched} features matched, {missing} regions without geometry, {size} KB gzip.",
        },
        "cli.no_scores": {
            "id": "Tidak ada skor untuk periode {period} (periode tersedia: {periods}).",
            "en": "No scores for period {period} (available periods: {periods}).",
        },
        "cli.unexpected": {
            "id": "Terjadi kesalahan tak terduga ({kind}). Tidak ada data yang diubah. Jalankan dengan --debug untuk rinciannya.",
            "en": "Unexpected error ({kind}). No data was changed. Run with --debug for details.",
        },
        "cli.file_missing": {"id": "berkas tidak ditemukan", "en": "file not found"},
        "cli.tiles_written": {
            "id": "Tata letak peta petak ditulis ke {path}: {n} petak, rata-rata pergeseran {mean} km.",
            "en": "Tile map layout written to {path}: {n} tiles, mean displacement {mean} km.",
        },
        "cli.stage.validate": {"id": "membaca dan memvalidasi", "en": "reading and validating"},
        "cli.stage.store": {"id": "menyimpan versi baru", "en": "storing new version"},
        "cli.stage.process": {"id": "memproses geometri", "en": "processing geometry"},
    }
)

MAX_SHOWN = 50


class UsageError(Exception):
    """Bad command-line usage: exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default exits 2 too; keep its message
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


class Cli:
    """State shared by the commands of one invocation: settings, language, output streams."""

    def __init__(self, args: argparse.Namespace, settings: Settings) -> None:
        self.args = args
        self.settings = settings
        self.lang = args.lang or settings.LANG
        self.quiet = args.quiet

    def say(self, key: str, **params: object) -> None:
        if not self.quiet:
            print(render(key, self.lang, **params))

    def problem_lines(self, problems: list[Problem]) -> list[str]:
        lines = [f"  - {p.message(self.lang)}" for p in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            lines.append("  " + render("cli.more", self.lang, n=len(problems) - MAX_SHOWN))
        return lines

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
            bar.set_description(render(f"cli.stage.{stage}", self.lang))

        return bar, advance

    def repository_parts(self):
        from dashboard.data.framework import load_framework
        from dashboard.data.regions import RegionIndex
        from dashboard.data.store.datasets import DataStore

        return DataStore(self.settings.DATA_DIR), RegionIndex.from_file(), load_framework()

    def limits(self):
        from dashboard.data.imports.tables import ImportLimits

        return ImportLimits(
            max_bytes=self.settings.max_upload_bytes, max_rows=self.settings.MAX_IMPORT_ROWS
        )


def _write_report(path: str, problems: list[Problem], lang: str) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["severity", "file", "row", "column", "value", "code", "reason"]
        )
        writer.writeheader()
        for problem in problems:
            row = problem.to_dict(lang)
            writer.writerow({k: neutralise(row[k]) for k in writer.fieldnames})


def _print_report(cli: Cli, report, *, as_json: bool) -> None:
    if as_json:
        print(
            json.dumps(
                {
                    "file": report.file,
                    "ok": report.ok,
                    "counts": report.counts,
                    "problems": [p.to_dict(cli.lang) for p in report.problems],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    counts = report.counts
    if report.ok:
        cli.say(
            "cli.valid",
            file=report.file,
            rows=counts.get("rows_valid", 0),
            regions=counts.get("regions", 0),
            indicators=counts.get("indicators", 0),
            periods=counts.get("periods", "-"),
        )
    else:
        print(
            render(
                "cli.invalid",
                cli.lang,
                file=report.file,
                errors=len(report.errors),
                warnings=len(report.warnings),
            ),
            file=sys.stderr,
        )
        print("\n".join(cli.problem_lines(report.errors)), file=sys.stderr)
    if report.warnings and not cli.quiet:
        print(render("cli.warnings", cli.lang, n=len(report.warnings)))
        print("\n".join(cli.problem_lines(report.warnings)))
    if cli.args.report:
        _write_report(cli.args.report, report.problems, cli.lang)
        cli.say("cli.report_written", path=cli.args.report)


def _check_file(path: str) -> None:
    if not Path(path).is_file():
        raise DataError("cli.file_missing", file=path)


def cmd_validate(cli: Cli) -> int:
    from dashboard.data.imports.tables import validate_file

    _check_file(cli.args.file)
    _, regions, framework = cli.repository_parts()
    result = validate_file(
        cli.args.file,
        regions=regions,
        framework=framework,
        limits=cli.limits(),
        sheet=cli.args.sheet,
    )
    _print_report(cli, result.report, as_json=cli.args.json)
    return 0 if result.ok else 1


def cmd_import_indicators(cli: Cli) -> int:
    from dashboard.data.imports.indicators import import_indicators

    _check_file(cli.args.file)
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
        )
        bar.update(bar.total - bar.n)
    except ValidationError as exc:
        bar.close()
        _print_report(cli, exc.report, as_json=cli.args.json)
        return 1
    finally:
        bar.close()
    _print_report(cli, outcome.result.report, as_json=cli.args.json)
    counts = outcome.manifest.counts
    cli.say(
        "cli.imported",
        version=outcome.manifest.version,
        added=counts.get("rows_added", 0),
        updated=counts.get("rows_updated", 0),
        unchanged=counts.get("rows_unchanged", 0),
    )
    return 0


def cmd_import_boundaries(cli: Cli) -> int:
    from dashboard.data.imports.boundaries import import_boundaries

    _check_file(cli.args.file)
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
        )
    except ValidationError as exc:
        bar.close()
        _print_report(cli, exc.report, as_json=False)
        return 1
    finally:
        bar.close()
    if result.report.warnings and not cli.quiet:
        print(render("cli.warnings", cli.lang, n=len(result.report.warnings)))
        print("\n".join(cli.problem_lines(result.report.warnings)))
    stats = result.stats
    cli.say(
        "cli.boundaries_imported",
        level=cli.args.level,
        version=manifest.version,
        matched=stats.get("matched", 0),
        missing=len(stats.get("regions_without_geometry", []) or []),
        size=round(stats.get("bytes_gzip", 0) / 1024),
    )
    return 0


def cmd_boundaries_download(cli: Cli) -> int:
    from dashboard.data.imports.geometry import download_geoboundaries

    paths = download_geoboundaries()
    store, regions, _ = cli.repository_parts()
    from dashboard.data.imports.boundaries import import_boundaries

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


def cmd_versions(cli: Cli) -> int:
    store, _, _ = cli.repository_parts()
    versioned = store.dataset if cli.args.kind == "dataset" else store.boundaries
    current = versioned.current().version
    manifests = versioned.manifests()
    if cli.args.json:
        print(
            json.dumps(
                {"current": current, "versions": [m.to_dict() for m in manifests]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not manifests:
        cli.say("cli.no_versions")
        return 0
    header = (
        "",
        "versi" if cli.lang == "id" else "version",
        "created_at",
        "kind",
        "who",
        "rows",
        "file",
        "sha256",
    )
    rows = [
        (
            "*" if m.version == current else "",
            str(m.version),
            m.created_at,
            m.kind,
            m.who,
            str(m.counts.get("observations", m.counts.get("features", ""))),
            m.source_file,
            m.source_sha256[:12],
        )
        for m in manifests
    ]
    print(_table([header, *rows]))
    return 0


def _table(rows: Sequence[Sequence[str]]) -> str:
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

    repo = Repository(cli.settings)
    snapshot = repo.snapshot()
    frame = scores_frame(snapshot, period=cli.args.period, level=cli.args.level, lang=cli.lang)
    if frame.empty:
        print(
            render(
                "cli.no_scores",
                cli.lang,
                period=cli.args.period,
                periods=", ".join(map(str, snapshot.periods)),
            ),
            file=sys.stderr,
        )
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


def cmd_sample_data(cli: Cli) -> int:
    from dashboard.data.sample import generate_sample

    store, regions, framework = cli.repository_parts()
    observations, programme = generate_sample(regions.regions, framework)
    if cli.args.output:
        observations.to_csv(cli.args.output, index=False)
        if cli.args.programme:
            programme.to_csv(cli.args.programme, index=False)
        cli.say("cli.sample_written", path=cli.args.output, rows=len(observations))
        return 0
    from dashboard.data.sample import SAMPLE_SEED
    from dashboard.data.store.versions import append_audit

    with store.dataset.lock():
        manifest = store.save_dataset(
            observations,
            programme,
            kind="sample",
            who=cli.args.who or "system",
            source_file=f"sample generator (seed {SAMPLE_SEED})",
            info={"framework_version": framework.version, "seed": SAMPLE_SEED},
        )
    append_audit(
        store.data_dir, {"action": "seed", "version": manifest.version, "who": manifest.who}
    )
    cli.say("cli.sample_imported", version=manifest.version)
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


def cmd_tiles(cli: Cli) -> int:
    from dashboard.data.tiles import TILE_LAYOUT_FILE, load_tile_layout, write_tile_layout

    path = Path(cli.args.output or TILE_LAYOUT_FILE)
    layout = load_tile_layout(write_tile_layout(path))
    cli.say(
        "cli.tiles_written",
        path=path,
        n=len(layout),
        mean=round(float(layout["displacement_km"].mean())),
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dashboard", description=__doc__.splitlines()[0])
    _global_options(parser, defaults=True)
    # the same options after the command name ("validate FILE --lang en") without overriding
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, defaults=False)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def add(name: str, func, help: str, into=sub) -> argparse.ArgumentParser:
        p = into.add_parser(name, help=help, description=help, parents=[common])
        p.set_defaults(func=func)
        return p

    p = add("validate", cmd_validate, "check an indicator file without importing it")
    p.add_argument("file")
    p.add_argument("--sheet", help="XLSX sheet name (default: the first)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--report", metavar="FILE", help="write every problem to a CSV file")

    imp = sub.add_parser("import", help="import indicators or boundaries as a new version")
    imp_sub = imp.add_subparsers(dest="what", required=True, parser_class=_Parser)
    p = add("indicators", cmd_import_indicators, "import an indicator table (CSV/XLSX)", imp_sub)
    p.add_argument("file")
    p.add_argument("--sheet")
    p.add_argument(
        "--mode",
        choices=("merge", "replace"),
        default="merge",
        help="merge (default) upserts into the current data; replace keeps only this file",
    )
    p.add_argument("--who", help="name recorded in the manifest and audit log")
    p.add_argument("--json", action="store_true")
    p.add_argument("--report", metavar="FILE")
    p = add(
        "boundaries",
        cmd_import_boundaries,
        "import boundaries (GeoJSON, Shapefile, zip, GeoPackage)",
        imp_sub,
    )
    p.add_argument("file")
    p.add_argument("--level", required=True, choices=("province", "regency", "district"))
    p.add_argument("--code-field", help="property holding region codes (default: detected)")
    p.add_argument("--name-field", help="property holding region names (default: detected)")
    p.add_argument("--tolerance", type=float, help="simplification tolerance in degrees")
    p.add_argument("--who")
    p.add_argument("--report", metavar="FILE")

    bnd = sub.add_parser("boundaries", help="boundary utilities")
    bnd_sub = bnd.add_subparsers(dest="what", required=True, parser_class=_Parser)
    p = add(
        "download",
        cmd_boundaries_download,
        "download geoBoundaries IDN ADM1/ADM2 (CC BY 4.0; needs internet)",
        bnd_sub,
    )
    p.add_argument("--who")

    p = add("versions", cmd_versions, "list stored versions (* = active)")
    p.add_argument("--kind", choices=("dataset", "boundaries"), default="dataset")
    p.add_argument("--json", action="store_true")

    p = add("rollback", cmd_rollback, "make an earlier version active again")
    p.add_argument("version", type=int)
    p.add_argument("--kind", choices=("dataset", "boundaries"), default="dataset")
    p.add_argument("--who")

    p = add("scores", cmd_scores, "readiness scores for one period")
    p.add_argument("--period", type=int, required=True)
    p.add_argument("--level", choices=("regency", "province"), default="regency")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--output", "-o", help="write to a file instead of standard output")

    p = add("sample-data", cmd_sample_data, "generate the synthetic sample dataset")
    p.add_argument(
        "--output", "-o", help="write observations CSV here instead of storing a version"
    )
    p.add_argument("--programme", help="with -o: also write the programme table here")
    p.add_argument("--who")

    p = add("framework", cmd_framework, "validate a framework file and summarise it")
    p.add_argument("file", nargs="?")

    p = add("tiles", cmd_tiles, "recompute the tile map layout from data/regions.csv")
    p.add_argument("--output", "-o")

    from dashboard.cli.export import add_export_commands
    from dashboard.cli.users import add_user_commands

    add_export_commands(sub, add, _Parser)
    add_user_commands(sub, add, _Parser)
    return parser


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
    cli = Cli(args, settings)
    try:
        return int(args.func(cli) or 0)
    except ValidationError as exc:
        _print_report(cli, exc.report, as_json=getattr(args, "json", False))
        return 1
    except DataError as exc:
        print(exc.message(cli.lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        print(render("cli.unexpected", cli.lang, kind=type(exc).__name__), file=sys.stderr)
        return 1


__all__ = ["build_parser", "main"]
