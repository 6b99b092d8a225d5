"""The dataset and boundary stores as the rest of the app sees them: frames in, frames out."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.data.errors import DataError
from dashboard.data.store.versions import Manifest, VersionedStore, append_audit, read_audit

log = logging.getLogger(__name__)

SYNTHETIC = "sintetis"  # the ``source`` of every made-up value: labelled wherever it is shown
OBSERVATION_COLUMNS = (
    "region_code",
    "indicator_id",
    "period",
    "value",
    "source",
    "reference_date",
    "note",
)
PROGRAMME_COLUMNS = (
    "region_code",
    "cohort_year",
    "mou_date",
    "bimtek_done",
    "masterplan_status",
    "quick_wins",
    "eval_baseline",
    "eval_output",
    "eval_outcome",
    "eval_impact",
    "eval_quick_win",
    "source",
    "note",
)
# The regional development plan's (RPJMD) targets: one value per region, indicator and year.
# ``indicator_id`` is a framework indicator or "composite" (the readiness index).
TARGET_COLUMNS = ("region_code", "indicator_id", "period", "value", "source", "note")
# Dated events on the time axis; ``region_code`` "" is national, ``category`` one of
# :data:`EVENT_CATEGORIES`.
EVENT_COLUMNS = ("date", "title_id", "title_en", "region_code", "category", "source")
EVENT_CATEGORIES = ("programme", "policy", "budget", "data", "other")
OBSERVATIONS_FILE = "observations.parquet"
PROGRAMME_FILE = "programme.parquet"
TARGETS_FILE = "targets.parquet"
EVENTS_FILE = "events.parquet"


def is_synthetic(source: object) -> bool:
    """True when an observation's ``source`` is the synthetic marker (one test for every reader)."""
    return source == SYNTHETIC


def synthetic_mask(sources: pd.Series) -> pd.Series:
    """:func:`is_synthetic` over a column of sources."""
    return sources == SYNTHETIC


def tidy_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Observations with exactly the stored columns and types, sorted for stable files."""
    out = pd.DataFrame(
        {
            "region_code": frame["region_code"].astype(str),
            "indicator_id": frame["indicator_id"].astype(str),
            "period": frame["period"].astype("int64"),
            "value": frame["value"].astype("float64"),
        }
    )
    for column in ("source", "reference_date", "note"):
        values = frame[column] if column in frame.columns else pd.Series("", index=frame.index)
        out[column] = values.fillna("").astype(str)
    out = out.sort_values(["indicator_id", "period", "region_code"], kind="stable")
    return out.reset_index(drop=True)


def tidy_targets(frame: pd.DataFrame) -> pd.DataFrame:
    """Targets with exactly the stored columns and types, sorted for stable files."""
    out = pd.DataFrame(
        {
            "region_code": frame["region_code"].astype(str),
            "indicator_id": frame["indicator_id"].astype(str),
            "period": frame["period"].astype("int64"),
            "value": frame["value"].astype("float64"),
        }
    )
    for column in ("source", "note"):
        values = frame[column] if column in frame.columns else pd.Series("", index=frame.index)
        out[column] = values.fillna("").astype(str)
    out = out.sort_values(["region_code", "indicator_id", "period"], kind="stable")
    return out.reset_index(drop=True)


def tidy_events(frame: pd.DataFrame) -> pd.DataFrame:
    """Events with exactly the stored columns (all text; dates ISO ``YYYY-MM-DD``), sorted."""
    out = pd.DataFrame(
        {
            c: (frame[c] if c in frame.columns else pd.Series("", index=frame.index))
            .fillna("")
            .astype(str)
            for c in EVENT_COLUMNS
        }
    )
    out = out.sort_values(["date", "region_code", "title_id"], kind="stable")
    return out.reset_index(drop=True)


def empty_targets() -> pd.DataFrame:
    return tidy_targets(pd.DataFrame({c: [] for c in TARGET_COLUMNS[:4]}))


def empty_events() -> pd.DataFrame:
    return tidy_events(pd.DataFrame({c: [] for c in EVENT_COLUMNS}))


def empty_programme() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in PROGRAMME_COLUMNS})


def empty_observations() -> pd.DataFrame:
    return tidy_observations(pd.DataFrame({c: [] for c in OBSERVATION_COLUMNS[:4]}))


def empty_dataset() -> Dataset:
    """No version at all: what the app holds when no intact version is left (it starts degraded)."""
    return Dataset(None, empty_observations(), empty_programme())


@dataclass(frozen=True)
class Dataset:
    """One stored dataset version, loaded (``manifest`` is None for the empty store)."""

    manifest: Manifest | None
    observations: pd.DataFrame
    programme: pd.DataFrame
    targets: pd.DataFrame = field(default_factory=empty_targets)
    events: pd.DataFrame = field(default_factory=empty_events)

    @property
    def version(self) -> int | None:
        return self.manifest.version if self.manifest else None


class DataStore:
    """Both versioned stores under one ``DATA_DIR`` (the embedded backend: files, no server)."""

    backend = "files"
    unavailable: str | None = None  # files never go away; PgStore sets it when PostgreSQL does
    database_url = ""

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.dataset = VersionedStore(
            self.data_dir / "dataset", kind="dataset", on_lock=lambda: self._reconcile(self.dataset)
        )
        self.boundaries = VersionedStore(
            self.data_dir / "boundaries",
            kind="boundaries",
            on_lock=lambda: self._reconcile(self.boundaries),
        )
        for store in (self.dataset, self.boundaries):
            with contextlib.suppress(DataError), store.lock(wait=False):
                store.clean_staging()

    @property
    def where(self) -> str:
        return str(self.data_dir)

    def pointer_stamps(self, *, fresh: bool = False) -> tuple:
        """Cheap change detector of both pointers: one ``stat`` each (always fresh)."""
        return self.dataset.pointer_stamp(), self.boundaries.pointer_stamp()

    def append_audit(self, event: dict[str, Any]) -> None:
        """One audit entry, under the import's lock right after the pointer switched: it carries
        the store and the pointer's serial, so a process killed between the two is repaired by
        the next lock (:meth:`_reconcile`) and the log and the pointer always agree."""
        if "version" in event:
            store = self.boundaries if event.get("kind") == "boundaries" else self.dataset
            event = {**event, "store": store.kind, "serial": store.serial()}
        append_audit(self.data_dir, event)

    def _reconcile(self, store: VersionedStore) -> None:
        """Append the entry of a pointer switch whose process died before logging it.

        Runs under ``store``'s lock (every import, rollback and open). A log written before
        entries carried serials is left alone; the recovered entry says ``recovered`` and takes
        who, when, why and the file from the pointer and the version's manifest.
        """
        serial = store.serial()
        if serial <= 0:
            return
        events = read_audit(self.data_dir)
        serials = [e["serial"] for e in events if e.get("store") == store.kind and "serial" in e]
        if (events and not any("serial" in e for e in events)) or serial <= max(serials, default=0):
            return
        pointer = store.read_pointer() or {}
        reason = str(pointer.get("reason", ""))
        action = {"rollback": "rollback", "sample": "seed"}.get(reason, "import")
        event = {"action": action, "version": pointer.get("version"), "who": pointer.get("by", "")}
        event |= {"store": store.kind, "serial": serial, "recovered": True, "reason": reason}
        if store.kind == "boundaries":
            event["kind"] = "boundaries"
        with contextlib.suppress(DataError, TypeError, ValueError):
            manifest = store.manifest(int(pointer["version"]))
            event |= {"file": manifest.source_file, "sha256": manifest.source_sha256}
        append_audit(self.data_dir, {**event, "at": pointer.get("switched_at", "")})
        log.warning("audit log repaired: %s", event)

    def read_audit(self) -> list[dict[str, Any]]:
        return read_audit(self.data_dir)

    def close(self) -> None:
        """Nothing to release (PgStore closes its connection)."""

    def load(self, version: int | None = None) -> Dataset:
        """Read a dataset version (default: the active one), checking file checksums."""
        if version is None:
            version = self.dataset.current(verify=True).version
            if version is None:
                raise DataError("store.empty", kind=self.dataset.kind)
        manifest = self.dataset.verify(version)
        folder = self.dataset.version_dir(version)
        try:
            observations = pd.read_parquet(folder / OBSERVATIONS_FILE)
            programme = (
                pd.read_parquet(folder / PROGRAMME_FILE)
                if PROGRAMME_FILE in manifest.files
                else empty_programme()
            )
            targets = (
                tidy_targets(pd.read_parquet(folder / TARGETS_FILE))
                if TARGETS_FILE in manifest.files
                else empty_targets()
            )
            events = (
                tidy_events(pd.read_parquet(folder / EVENTS_FILE))
                if EVENTS_FILE in manifest.files
                else empty_events()
            )
        except (OSError, ValueError) as exc:
            raise DataError(
                "store.corrupt_version", version=version, kind="dataset", detail=str(exc)
            ) from None
        return Dataset(manifest, observations, programme, targets, events)

    def _carried(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The current intact version's targets and events (empty when there is none): a new
        version made by a path that does not name them keeps them."""
        version = self.dataset.current(verify=True).version
        if version is None:
            return empty_targets(), empty_events()
        try:
            current = self.load(version)
        except DataError:
            return empty_targets(), empty_events()
        return current.targets, current.events

    def save_dataset(
        self,
        observations: pd.DataFrame,
        programme: pd.DataFrame,
        *,
        kind: str,
        who: str | None = None,
        source_file: str = "",
        source_sha256: str = "",
        counts: dict | None = None,
        info: dict | None = None,
        before_activate=None,
        targets: pd.DataFrame | None = None,
        events: pd.DataFrame | None = None,
    ) -> Manifest:
        """Store a new dataset version and make it current; the caller holds ``dataset.lock()``.

        ``targets`` and ``events`` left out (None) are the current version's, carried over.
        """
        observations = tidy_observations(observations)
        if targets is None or events is None:
            kept_targets, kept_events = self._carried()
            targets = kept_targets if targets is None else targets
            events = kept_events if events is None else events
        targets, events = tidy_targets(targets), tidy_events(events)
        synthetic = int((observations["source"] == SYNTHETIC).sum())
        all_counts = {
            "observations": len(observations),
            "regions": int(observations["region_code"].nunique()),
            "indicators": int(observations["indicator_id"].nunique()),
            "period_min": int(observations["period"].min()) if len(observations) else None,
            "period_max": int(observations["period"].max()) if len(observations) else None,
            "synthetic": synthetic,
            "programme": len(programme),
            "targets": len(targets),
            "events": len(events),
            **(counts or {}),
        }
        writers = {
            OBSERVATIONS_FILE: lambda p: observations.to_parquet(p, index=False),
            PROGRAMME_FILE: lambda p: programme.to_parquet(p, index=False),
            TARGETS_FILE: lambda p: targets.to_parquet(p, index=False),
            EVENTS_FILE: lambda p: events.to_parquet(p, index=False),
        }
        return self.dataset.commit(
            writers,
            kind=kind,
            who=who,
            source_file=source_file,
            source_sha256=source_sha256,
            counts=all_counts,
            info=info,
            before_activate=before_activate,
        )
