"""Use cases over the store: seed, validate, import, roll back. One code path for CLI and admin UI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.data import observe
from dashboard.data.errors import DataError, ValidationError
from dashboard.data.framework import Framework
from dashboard.data.regions import RegionIndex
from dashboard.data.store.backend import Store
from dashboard.data.store.datasets import Dataset, empty_dataset, tidy_observations
from dashboard.data.store.versions import Manifest, current_user, sha256_file

KEY = ["region_code", "indicator_id", "period"]
MODES = ("merge", "replace")


@dataclass(frozen=True)
class ImportOutcome:
    """A successful import: the validation result and the new version's manifest."""

    result: object  # importer.ValidationResult
    manifest: Manifest


def ensure_seeded(
    store: Store, regions: RegionIndex, framework: Framework, *, fill: bool = True
) -> Manifest | None:
    """Fill an empty store with the bundled sample dataset; None when it already had data.

    ``fill`` (the ``SAMPLE_FILL`` setting): synthetic values where no real one exists, or none.
    """
    if not store.dataset.is_empty():
        return None
    from dashboard.data.sample import SAMPLE_SEED, generate_sample

    with store.dataset.lock():
        if not store.dataset.is_empty():
            return None
        observations, programme = generate_sample(regions.regions, framework, fill=fill)
        if fill:  # the labelled synthetic kecamatan of the home regency
            from dashboard.data.sample.districts import with_sample_districts

            observations = with_sample_districts(observations, framework)
        targets, events = sample_plans(fill)
        manifest = store.save_dataset(
            observations,
            programme,
            targets=targets,
            events=events,
            kind="sample",
            who="system",
            source_file=sample_label(fill),
            info={"framework_version": framework.version, "seed": SAMPLE_SEED, "fill": fill},
        )
        store.append_audit({"action": "seed", "version": manifest.version, "who": "system"})
    return manifest


def sample_plans(fill: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sample's labelled illustrative targets and events of the home region (none without
    synthetic fill: they are not real)."""
    from dashboard.data.sample.targets import sample_events, sample_targets
    from dashboard.data.store.datasets import empty_events, empty_targets

    if not fill:
        return empty_targets(), empty_events()
    return sample_targets(), sample_events()


def sample_label(fill: bool) -> str:
    """The manifest's ``source_file`` of a seeded sample (says whether synthetic values fill gaps)."""
    from dashboard.data.sample import SAMPLE_SEED

    if fill:
        return f"sample generator (seed {SAMPLE_SEED}): real values first, synthetic fill"
    return "sample generator: real values only (SAMPLE_FILL=0)"


def merge_observations(base: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Upsert ``new`` into ``base`` on (region, indicator, period); counts what changed."""
    base = tidy_observations(base)
    new = tidy_observations(new)
    base_keys = pd.MultiIndex.from_frame(base[KEY])
    new_keys = pd.MultiIndex.from_frame(new[KEY])
    replaced = base_keys.isin(new_keys)
    old = base.loc[replaced].set_index(KEY)["value"]
    incoming = new.set_index(KEY)["value"]
    common = incoming.reindex(old.index)
    changed = int((~((common == old) | (common.isna() & old.isna()))).sum())
    merged = pd.concat([base.loc[~replaced], new], ignore_index=True)
    counts = {
        "rows_added": int((~new_keys.isin(base_keys)).sum()),
        "rows_updated": changed,
        "rows_unchanged": int(replaced.sum()) - changed,
    }
    return tidy_observations(merged), counts


@observe.timed_call("import", kind="indicators")
def import_indicators(
    store: Store,
    path: Path | str,
    *,
    regions: RegionIndex,
    framework: Framework,
    limits: object | None = None,
    sheet: str | None = None,
    who: str | None = None,
    mode: str = "merge",
    display_name: str | None = None,
    progress: Callable[[str], None] | None = None,
    before_activate: Callable[[], None] | None = None,
    indicator: str | None = None,
) -> ImportOutcome:
    """Validate a file and, only when it is clean, store it as the new current version.

    Raises ValidationError (carrying the full report) when anything is wrong; the store is then
    untouched. ``merge`` upserts into the current data; ``replace`` keeps only the file's rows.
    ``indicator`` names the indicator of a BPS table export (see :mod:`.bps`).
    """
    from dashboard.data.imports.tables import ImportLimits, validate_file

    if mode not in MODES:
        raise DataError("service.bad_mode", mode=mode)
    path = Path(path)
    name = display_name or path.name
    if regions.districts is None:  # district codes and names are checked against the boundaries
        from dashboard.data.store.boundaries import current_districts

        regions = regions.with_districts(current_districts(store))
    _step(progress, "validate")
    result = validate_file(
        path,
        regions=regions,
        framework=framework,
        limits=limits or ImportLimits(),
        sheet=sheet,
        display_name=name,
        indicator=indicator,
    )
    if not result.ok:
        raise ValidationError(result.report)
    digest = sha256_file(path)
    who = who or current_user()
    _step(progress, "store")
    with store.dataset.lock():
        base = _current_or_empty(store)
        merged, counts = _combined(base, result.observations, mode=mode)
        counts["rows_in_file"] = len(result.observations)
        counts["warnings"] = len(result.report.warnings)
        info = {
            "mode": mode,
            "base_version": base.manifest.version if base.manifest else None,
            "framework_version": framework.version,
            "layout": result.layout,
        }
        manifest = store.save_dataset(
            merged,
            base.programme,
            kind="import",
            who=who,
            source_file=name,
            source_sha256=digest,
            counts=counts,
            info=info,
            before_activate=before_activate,
        )
        audit = {"action": "import", "kind": "indicators", "version": manifest.version}
        audit |= {"who": who, "file": name, "sha256": digest, "mode": mode}
        store.append_audit(audit | {"rows": counts["rows_in_file"]})  # in the lock: one commit
    return ImportOutcome(result, manifest)


def _combined(base: Dataset, new: pd.DataFrame, *, mode: str) -> tuple[pd.DataFrame, dict]:
    """The new version's observations: the file's alone (replace) or upserted (merge)."""
    if mode == "replace":
        merged = tidy_observations(new)
        return merged, {"rows_added": len(merged), "rows_updated": 0, "rows_unchanged": 0}
    return merge_observations(base.observations, new)


def _current_or_empty(store: Store) -> Dataset:
    """The intact version a merge builds on (what the app shows), or nothing when none is left:
    an import into a store whose versions are all broken repairs it."""
    version = store.dataset.current(verify=True).version
    if version is None:
        return empty_dataset()
    try:
        return store.load(version)
    except DataError:
        return empty_dataset()


@observe.timed_call("import", kind="rollback")
def rollback(store: Store, version: int, *, who: str | None = None) -> Manifest:
    """Make an earlier (or later) intact version current again; nothing is deleted."""
    who = who or current_user()
    with store.dataset.lock():
        previous = store.dataset.current().version
        manifest = store.dataset.activate(version, who=who, reason="rollback")
        store.append_audit(
            {"action": "rollback", "version": version, "previous": previous, "who": who}
        )
    return manifest


def _step(progress: Callable[[str], None] | None, name: str) -> None:
    if progress is not None:
        progress(name)
