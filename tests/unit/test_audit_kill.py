"""The audit log and the pointer agree even when an import is SIGKILLed (SPEC R3, files backend).

The entry is appended under the import's lock right after the pointer switch; a process killed
between the two leaves a pointer the log does not mention, and the next lock (any import, rollback
or simply opening the store) appends the missing entry, marked ``recovered``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dashboard.data.framework import load_framework
from dashboard.data.imports.indicators import ensure_seeded, import_indicators
from dashboard.data.regions import RegionIndex
from dashboard.data.store.datasets import DataStore

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good" / "long_comma_utf8.csv"
PROJECT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import sys, time
    from dashboard.data.framework import load_framework
    from dashboard.data.imports.indicators import import_indicators
    from dashboard.data.regions import RegionIndex
    from dashboard.data.store.datasets import DataStore

    root, stage, path = sys.argv[1], sys.argv[2], sys.argv[3]

    def hang(*_args, **_kwargs):
        print("ready", flush=True)
        time.sleep(120)

    hook = None
    if stage == "after-pointer":  # the pointer switched, the audit entry not yet written
        DataStore.append_audit = hang
    else:  # the version is complete, the pointer not yet switched
        hook = hang
    store = DataStore(root)
    import_indicators(store, path, regions=RegionIndex.from_file(),
                      framework=load_framework(), who="killed", before_activate=hook)
    """
)


def _dataset_entries(store: DataStore) -> list[dict]:
    return [e for e in store.read_audit() if e.get("kind") != "boundaries" and "version" in e]


def _kill_at(root: Path, stage: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(root), stage, str(GOOD)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout.readline().strip() == "ready", f"the import never reached {stage}"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()


@pytest.fixture
def seeded(tmp_path):
    store = DataStore(tmp_path / "instance")
    ensure_seeded(store, RegionIndex.from_file(), load_framework())
    return store


def test_killed_after_the_pointer_switch_the_next_lock_logs_the_import(seeded):
    _kill_at(seeded.data_dir, "after-pointer")
    assert seeded.dataset.current().version == 2  # the import is in effect ...
    assert [e["version"] for e in _dataset_entries(seeded)] == [1]  # ... and not yet in the log
    reopened = DataStore(seeded.data_dir)  # opening the store takes the lock: repaired
    entries = _dataset_entries(reopened)
    assert [e["version"] for e in entries] == [1, 2]
    recovered = entries[-1]
    assert recovered["recovered"] is True
    assert (recovered["action"], recovered["who"], recovered["file"]) == (
        "import",
        "killed",
        GOOD.name,
    )
    assert recovered["serial"] == reopened.dataset.serial()
    DataStore(seeded.data_dir)  # and only once
    assert len(_dataset_entries(DataStore(seeded.data_dir))) == 2


def test_killed_before_the_pointer_switch_neither_moves(seeded):
    _kill_at(seeded.data_dir, "before-pointer")
    reopened = DataStore(seeded.data_dir)
    assert reopened.dataset.current().version == 1
    assert [e["version"] for e in _dataset_entries(reopened)] == [1]


def test_every_entry_of_a_switch_carries_its_store_and_serial(seeded):
    repo_regions, framework = RegionIndex.from_file(), load_framework()
    import_indicators(seeded, GOOD, regions=repo_regions, framework=framework)
    from dashboard.data.imports.indicators import rollback

    rollback(seeded, 1)
    entries = _dataset_entries(seeded)
    assert [(e["action"], e["serial"]) for e in entries] == [
        ("seed", 1),
        ("import", 2),
        ("rollback", 3),
    ]
    assert {e["store"] for e in entries} == {"dataset"}
    assert not any(e.get("recovered") for e in entries)
