"""Generated data on the command line: ``sample-data`` (the sample dataset: real values first,
synthetic fill unless ``--no-fill``) and
``tiles`` (the tile map layout recomputed from ``data/regions.csv``).

The tile layout needs scipy: it is imported inside ``tiles`` only, so no other command pays for it.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.cli.context import AddCommand, Cli


def add_sample_command(add: AddCommand) -> None:
    p = add("sample-data", cmd_sample_data, "generate the sample dataset (real values first)")
    fill = p.add_mutually_exclusive_group()
    fill.add_argument(
        "--fill",
        dest="fill",
        action="store_true",
        default=None,
        help="synthetic values where no real one exists (default: the SAMPLE_FILL setting)",
    )
    fill.add_argument(
        "--no-fill", dest="fill", action="store_false", help="real values only (SAMPLE_FILL=0)"
    )
    p.add_argument(
        "--output", "-o", help="write observations CSV here instead of storing a version"
    )
    p.add_argument("--programme", help="with -o: also write the programme table here")
    p.add_argument("--who")


def add_tiles_command(add: AddCommand) -> None:
    p = add("tiles", cmd_tiles, "recompute the tile map layout from data/regions.csv")
    p.add_argument("--output", "-o")


def cmd_sample_data(cli: Cli) -> int:
    from dashboard.data.sample import generate_sample

    store, regions, framework = cli.repository_parts()
    fill = cli.settings.SAMPLE_FILL if cli.args.fill is None else cli.args.fill
    observations, programme = generate_sample(regions.regions, framework, fill=fill)
    if fill:  # the labelled synthetic kecamatan of the home regency
        from dashboard.data.sample.districts import with_sample_districts

        observations = with_sample_districts(observations, framework)
    if cli.args.output:
        observations.to_csv(cli.args.output, index=False)
        if cli.args.programme:
            programme.to_csv(cli.args.programme, index=False)
        cli.say("cli.sample_written", path=cli.args.output, rows=len(observations))
        return 0
    manifest = _store_sample(cli, store, observations, programme, framework, fill)
    cli.say("cli.sample_imported", version=manifest.version)
    return 0


def _store_sample(cli: Cli, store, observations, programme, framework, fill: bool):
    """Save the sample as a new dataset version and record it in the audit log."""
    from dashboard.data.imports.indicators import sample_label, sample_plans
    from dashboard.data.sample import SAMPLE_SEED

    with store.dataset.lock():
        targets, events = sample_plans(fill)
        manifest = store.save_dataset(
            observations,
            programme,
            targets=targets,
            events=events,
            kind="sample",
            who=cli.args.who or "system",
            source_file=sample_label(fill),
            info={"framework_version": framework.version, "seed": SAMPLE_SEED, "fill": fill},
        )
        store.append_audit({"action": "seed", "version": manifest.version, "who": manifest.who})
    return manifest


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
