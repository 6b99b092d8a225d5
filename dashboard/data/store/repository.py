"""What pages and commands read: the active dataset and boundaries, loaded once per version.

``Repository.snapshot()`` costs two ``stat`` calls when nothing changed (with PostgreSQL, a clock
read: the pointers are read at most every 0.25 s per process, see :mod:`.pg`). When another process
imports a new dataset or boundary version (CLI, admin page, another gunicorn worker) the next call
loads it, so every worker and every wall picks it up without a restart. A snapshot is one
(dataset version, boundary version) pair: every cache key and geometry URL derived from it carries
both. Derived frames (scores) are computed once per snapshot.
"""

from __future__ import annotations

import ctypes
import logging
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, cached_property
from typing import TypeVar

import numpy as np
import pandas as pd

from dashboard.config import Settings
from dashboard.data import observe
from dashboard.data.alerts.context import AlertContext
from dashboard.data.degraded import FALLBACK_VERSION, NO_DATA, STORE_UNREACHABLE, Degraded
from dashboard.data.districts import district_mask
from dashboard.data.errors import DataError
from dashboard.data.framework import Framework, load_framework
from dashboard.data.imports.indicators import ensure_seeded
from dashboard.data.regions import RegionIndex
from dashboard.data.store.backend import Store, store_for
from dashboard.data.store.boundaries import Boundaries, current_boundaries, district_table
from dashboard.data.store.datasets import SYNTHETIC, Dataset, empty_dataset
from dashboard.data.store.pg import StoreUnavailable
from dashboard.i18n import WIB

log = logging.getLogger(__name__)
RELOAD_RETRY_S = 2.0  # after a reload failed because the store is away

T = TypeVar("T")


def _lock_stripes() -> tuple[threading.Lock, ...]:
    """Locks for :meth:`Snapshot.lru` ``once``, shared by keys with the same hash remainder:
    a bounded number of locks for an unbounded number of keys."""
    return tuple(threading.Lock() for _ in range(32))


_MEMO_HIT = {"cache": "memo", "result": "hit"}
_MEMO_MISS = {"cache": "memo", "result": "miss"}


@dataclass
class Snapshot:
    """One consistent view of the data; never mutated after creation (hand out copies)."""

    dataset: Dataset
    regions: RegionIndex
    framework: Framework
    problem: str | None = None  # why we are on a fallback version or hold no data (for admins)
    boundaries: Boundaries = field(default_factory=Boundaries)
    skipped: tuple[int, ...] = ()  # broken dataset versions passed over to reach this one
    dataset_serial: int = 0  # the dataset pointer's switch count (VersionedStore.serial)
    alerts: AlertContext | None = None  # the rules file and alert history (None: no alerts)
    _memo: dict = field(default_factory=dict, repr=False)
    _key_locks: dict = field(default_factory=dict, repr=False)
    _guard: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _stripes: tuple = field(default_factory=lambda: _lock_stripes(), repr=False)

    def memo(self, key: tuple, compute: Callable[[], T]) -> T:
        """Derived data computed once per snapshot (i.e. per dataset version) and shared.

        Thread-safe (gunicorn gthread workers): one computation per key, other keys not blocked.
        """
        try:
            value = self._memo[key]
        except KeyError:
            pass
        else:
            if observe.watched():
                observe.emit("cache", _MEMO_HIT)
            return value
        if observe.watched():
            observe.emit("cache", _MEMO_MISS)
        with self._guard:
            key_lock = self._key_locks.setdefault(key, threading.RLock())
        with key_lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]

    def lru(
        self, key: tuple, compute: Callable[[], T], *, maxsize: int = 256, once: bool = False
    ) -> T:
        """Like :meth:`memo` for many small variants (filters x language): keeps the recent ones.

        Each kind of value (the key's first item) has its own ``maxsize`` recent entries, so
        frequent small Patches never evict the panels that are slower to rebuild. The cache is
        updated under a lock; ``compute`` runs outside it (two threads may both compute a miss),
        unless ``once``: then threads missing the same key wait for the first one's value (for
        values that many clients ask for at the same moment, like every wall after an import).
        """
        if once:
            with self._stripes[hash(key) % len(self._stripes)]:
                return self.lru(key, compute, maxsize=maxsize)
        with self._guard:
            cache = self._memo.setdefault(("__lru__", key[0]), OrderedDict())
            if key in cache:
                cache.move_to_end(key)
                if observe.watched():
                    observe.emit("cache", {"cache": "lru", "result": "hit"})
                return cache[key]
        if observe.watched():
            observe.emit("cache", {"cache": "lru", "result": "miss"})
        value = compute()
        with self._guard:
            cache[key] = value
            while len(cache) > maxsize:
                cache.popitem(last=False)
        return value

    @property
    def version(self) -> int | None:
        return self.dataset.version

    @property
    def has_data(self) -> bool:
        """False when no intact dataset version exists: pages show their "no data" state."""
        return self.dataset.manifest is not None

    def degradations(self) -> list[Degraded]:
        """Why this snapshot is not the store's intended version, if it is not (banners, health)."""
        if not self.has_data:
            return [Degraded(NO_DATA, {}, self.problem or "", public=True)]
        if self.problem:
            params = {"version": self.version, "skipped": ", ".join(map(str, self.skipped))}
            return [Degraded(FALLBACK_VERSION, params, self.problem, public=False)]
        return []

    @property
    def boundary_version(self) -> int | None:
        return self.boundaries.version

    @cached_property
    def _district_rows(self) -> np.ndarray:
        return district_mask(self.dataset.observations["region_code"])

    @cached_property
    def observations(self) -> pd.DataFrame:
        """Province and regency observations (what every national view reads)."""
        rows = self._district_rows
        obs = self.dataset.observations
        return obs[~rows].reset_index(drop=True) if rows.any() else obs

    @cached_property
    def district_observations(self) -> pd.DataFrame:
        """Kecamatan observations (dotted district codes in ``region_code``)."""
        obs = self.dataset.observations
        return obs[self._district_rows].reset_index(drop=True)

    @cached_property
    def districts(self) -> pd.DataFrame:
        """Every known district (code, name, regency_code): the boundary version's district level
        plus any district the data holds (named by code when the boundaries do not name it)."""
        table = district_table(self.boundaries)
        codes = pd.unique(self.district_observations["region_code"].to_numpy())
        extra = [c for c in codes if c not in set(table["code"])]
        if extra:
            more = pd.DataFrame({"code": extra, "name": "", "regency_code": [c[:5] for c in extra]})
            table = pd.concat([table, more], ignore_index=True)
        return table.sort_values("code").reset_index(drop=True)

    @property
    def programme(self) -> pd.DataFrame:
        return self.dataset.programme

    @property
    def targets(self) -> pd.DataFrame:
        """The RPJMD targets of this version (read them through ``data.views.targets``)."""
        return self.dataset.targets

    @property
    def events(self) -> pd.DataFrame:
        """The events file of this version (read them through ``data.views.events``)."""
        return self.dataset.events

    @cached_property
    def scores(self) -> pd.DataFrame:
        """Regency scores for every period (see scoring.score_table)."""
        from dashboard.data.scoring import score_table

        return score_table(self.observations, self.framework, self.regions.regions)

    @cached_property
    def province_scores(self) -> pd.DataFrame:
        from dashboard.data.scoring import province_scores

        return province_scores(self.scores, self.regions.regions, self.framework)

    @cached_property
    def periods(self) -> list[int]:
        return sorted(int(p) for p in self.observations["period"].unique())

    @cached_property
    def data_as_of(self) -> dict[str, int]:
        """Latest period with a value, per indicator ("data per <tahun>" in the UI)."""
        latest = self.observations.groupby("indicator_id")["period"].max()
        return {k: int(v) for k, v in latest.items()}

    @cached_property
    def synthetic_share(self) -> float:
        obs = self.observations
        return float((obs["source"] == SYNTHETIC).mean()) if len(obs) else 0.0

    @property
    def is_synthetic(self) -> bool:
        return self.synthetic_share > 0


class Repository:
    """Loads the active dataset version once and reloads only when the pointer changes."""

    def __init__(
        self,
        settings: Settings,
        *,
        regions: RegionIndex | None = None,
        framework: Framework | None = None,
        seed: bool = True,
    ) -> None:
        self.settings = settings
        self.store: Store = store_for(settings)
        self.regions = regions or RegionIndex.from_file()
        self.framework = framework or load_framework()
        self._seed = seed
        self._lock = threading.Lock()
        self._stamp: object = object()
        self._snapshot: Snapshot | None = None
        self._loaded_at: str | None = None
        self._retry_at = 0.0
        self.alerts = AlertContext.for_settings(
            settings, self.framework, self.regions, lambda: self.store.dataset.current().version
        )

    def snapshot(self) -> Snapshot:
        stamp = self.store.pointer_stamps()
        if self._snapshot is not None and (stamp == self._stamp or self._retry_later()):
            return self._snapshot
        with self._lock:
            stamp = self.store.pointer_stamps()
            if self._snapshot is None or stamp != self._stamp:
                try:
                    if self._seed_empty_store():
                        # the seed moved the pointer: without the new stamp every process
                        # (each gunicorn worker after --preload's fork) read the data again
                        stamp = self.store.pointer_stamps(fresh=True)
                    previous, self._snapshot = self._snapshot, self._load()
                    trim_heap()  # the load's freed buffers back to the OS (P7)
                    if previous is not None:
                        # and the old version's caches once the last request holding it ends
                        weakref.finalize(previous, trim_heap)
                    del previous
                    self._loaded_at = datetime.now(WIB).strftime("%H:%M WIB")
                except StoreUnavailable as exc:
                    if self._snapshot is not None:
                        # the database went away mid-switch: keep what we have, retry in a while
                        self._retry_at = time.monotonic() + RELOAD_RETRY_S
                        return self._snapshot
                    # down at start: no data until it answers (the next pointer check retries)
                    self._snapshot = Snapshot(
                        empty_dataset(), self.regions, self.framework, problem=exc.message("en")
                    )
                self._stamp = stamp
            return self._snapshot

    def _retry_later(self) -> bool:
        """A reload failed moments ago (store away): requests keep the loaded snapshot meanwhile
        instead of each waiting for the database."""
        return time.monotonic() < self._retry_at

    @property
    def store_unavailable(self) -> str | None:
        """Why the store does not answer now (PostgreSQL down), or None; health shows it."""
        return self.store.unavailable

    def store_degradations(self) -> list[Degraded]:
        """The degraded-state probe of the store (``state.add_degraded_probe``): PostgreSQL away,
        with the version still served and when it was loaded. Costs an attribute read."""
        problem = self.store.unavailable
        if not problem:
            return []
        snap = self._snapshot
        version = snap.version if snap is not None and snap.version is not None else "-"
        params = {"version": version, "loaded_at": self._loaded_at or "-"}
        return [Degraded(STORE_UNREACHABLE, params, problem, public=True)]

    def _seed_empty_store(self) -> bool:
        """The bundled sample into an empty store (unless told not); True when it was written."""
        if not self._seed:
            return False
        fill = self.settings.SAMPLE_FILL
        return ensure_seeded(self.store, self.regions, self.framework, fill=fill) is not None

    def _load(self) -> Snapshot:
        """The newest intact version from the pointer down; with none, an empty snapshot.

        Never raises for broken data: the app starts and serves degraded (SPEC R2), ``/healthz``
        says why, and the next import (which builds on what is intact) repairs the store.
        """
        current = self.store.dataset.current(verify=True)
        problems = [current.problem] if current.problem else []
        skipped = _pointed_version(current.pointer, current.version)
        dataset = None
        version = current.version
        previous = self._snapshot
        while version is not None:
            if previous is not None and previous.version == version and previous.has_data:
                dataset = previous.dataset  # only the boundaries changed: no need to read it again
                break
            try:
                dataset = self.store.load(version)
                log.info("loaded dataset version %s", dataset.version)
                break
            except DataError as exc:  # intact checksums but unreadable files
                problems.append(exc.message("en"))
                skipped.append(version)
                version = _older_intact(self.store, version)
        if dataset is None:
            dataset = empty_dataset()
            problems.append(DataError("store.no_intact", kind="dataset").message("en"))
        problem = "; ".join(problems) or None
        if problem:
            log.error("dataset store problem: %s", problem)
        boundaries = current_boundaries(self.store)
        return Snapshot(
            dataset,
            self.regions,
            self.framework,
            problem=problem,
            boundaries=boundaries,
            skipped=tuple(skipped),
            dataset_serial=_serial(current.pointer),
            alerts=self.alerts,
        )


def trim_heap() -> bool:
    """Hand the C heap's free pages back to the operating system (glibc's ``malloc_trim``).

    Reading a dataset version leaves its transient buffers freed but mapped: about 50 MB for the
    national sample read from PostgreSQL (COPY text, CSV parse, checksums), which the --preload
    master then hands to every worker it forks (P7; ``bench/bench_load.py``). False where the C
    library has no such call (not glibc); a few milliseconds, once per loaded version.
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def _serial(pointer: dict) -> int:
    try:
        return int(pointer.get("serial", 0))
    except (TypeError, ValueError, AttributeError):
        return 0


def _pointed_version(pointer: dict, used: int | None) -> list[int]:
    """The pointer's version when it is not the one in use (it was skipped as broken)."""
    try:
        pointed = int(pointer["version"])
    except (KeyError, TypeError, ValueError):
        return []
    return [] if pointed == used else [pointed]


def _older_intact(store: Store, below: int) -> int | None:
    for number in reversed(store.dataset.version_numbers()):
        if number >= below:
            continue
        try:
            store.dataset.verify(number)
        except DataError:
            continue
        return number
    return None
