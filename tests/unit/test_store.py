"""The versioned store: immutable versions, atomic pointer, rollback, killed writers, locking."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data.errors import DataError
from dashboard.data.store.datasets import DataStore
from dashboard.data.store.versions import VersionedStore, read_audit


def _write(text: str):
    return lambda path: path.write_text(text)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def test_commit_creates_numbered_versions_and_moves_pointer(tmp_path):
    store = VersionedStore(tmp_path / "s", kind="test")
    with store.lock():
        first = store.commit({"a.txt": _write("one")}, kind="import", who="ana")
        second = store.commit({"a.txt": _write("two")}, kind="import", who="budi")
    assert (first.version, second.version) == (1, 2)
    assert store.current().version == 2
    assert (store.version_dir(1) / "a.txt").read_text() == "one"
    manifest = json.loads((store.version_dir(2) / "manifest.json").read_text())
    assert manifest["who"] == "budi"
    assert len(manifest["files"]["a.txt"]) == 64


def test_activate_rolls_back_and_forward_without_deleting(tmp_path):
    store = VersionedStore(tmp_path / "s", kind="test")
    with store.lock():
        for text in ("one", "two", "three"):
            store.commit({"a.txt": _write(text)}, kind="import")
    store.activate(1, who="ana", reason="rollback")
    assert store.current().version == 1
    assert store.version_numbers() == [1, 2, 3]
    store.activate(3)
    assert store.current().version == 3


def test_activate_unknown_version_names_the_known_ones(tmp_path):
    store = VersionedStore(tmp_path / "s", kind="test")
    with store.lock():
        store.commit({"a.txt": _write("one")}, kind="import")
    with pytest.raises(DataError, match=r"version 7 does not exist .*available: 1"):
        store.activate(7)


def test_failed_writer_leaves_no_version_and_no_staging(tmp_path):
    store = VersionedStore(tmp_path / "s", kind="test")
    with store.lock():
        store.commit({"a.txt": _write("one")}, kind="import")

    def broken(path: Path) -> None:
        path.write_text("half")
        raise OSError("disk full")

    before = _tree(store.root)
    with store.lock(), pytest.raises(OSError, match="disk full"):
        store.commit({"a.txt": broken}, kind="import")
    assert _tree(store.root) == before
    assert list(store.staging_dir.iterdir()) == []


def test_corrupt_file_is_detected_and_current_falls_back(tmp_path):
    store = VersionedStore(tmp_path / "s", kind="test")
    with store.lock():
        store.commit({"a.txt": _write("one")}, kind="import")
        store.commit({"a.txt": _write("two")}, kind="import")
    (store.version_dir(2) / "a.txt").write_text("tampered")
    with pytest.raises(DataError, match="checksum mismatch"):
        store.verify(2)
    current = store.current(verify=True)
    assert current.version == 1
    assert "checksum mismatch" in current.problem


def test_garbage_pointer_falls_back_to_newest_good_version(tmp_path):
    store = VersionedStore(tmp_path / "s", kind="test")
    with store.lock():
        store.commit({"a.txt": _write("one")}, kind="import")
    (store.root / "current").write_text("{not json")
    current = store.current()
    assert current.version == 1
    assert current.problem.startswith("unreadable pointer")


def test_lock_without_wait_reports_a_running_import(tmp_path):
    store = VersionedStore(tmp_path / "s", kind="test")
    # a second process holds the lock
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import fcntl, sys, time
                h = open({str(store.root / ".lock")!r}, "a+")
                fcntl.flock(h.fileno(), fcntl.LOCK_EX)
                print("locked", flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(DataError, match="another import is running"), store.lock(wait=False):
            pass
    finally:
        holder.kill()
        holder.wait()
    with store.lock(wait=False):
        pass  # released when the holder died


KILL_SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    import pandas as pd
    from dashboard.data.store.datasets import DataStore

    root, stage = sys.argv[1], sys.argv[2]
    store = DataStore(root)
    obs = pd.DataFrame({"region_code": ["32.16"] * 50000, "indicator_id": ["x"] * 50000,
                        "period": list(range(50000)), "value": [1.0] * 50000})

    def hang():
        print("ready", flush=True)
        time.sleep(60)

    if stage == "writing":
        original = pd.DataFrame.to_parquet
        def slow(self, path, **kw):
            original(self, path, **kw)
            hang()
        pd.DataFrame.to_parquet = slow
        hook = None
    else:
        hook = hang
    with store.dataset.lock():
        store.save_dataset(obs, obs.iloc[:0], kind="import", before_activate=hook)
    """
)


@pytest.mark.parametrize("stage", ["writing", "before-pointer-switch"])
def test_process_killed_mid_import_leaves_previous_version(tmp_path, stage):
    root = tmp_path / "instance"
    store = DataStore(root)
    base = pd.DataFrame(
        {"region_code": ["32.16"], "indicator_id": ["x"], "period": [2024], "value": [1.0]}
    )
    with store.dataset.lock():
        store.save_dataset(base, base.iloc[:0], kind="sample")
    pointer_before = (store.dataset.root / "current").read_bytes()
    visible_before = {p.name for p in store.dataset.versions_dir.iterdir()}

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(root), stage],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        line = proc.stdout.readline().strip()
        assert line == "ready", f"import subprocess did not reach {stage}"
        assert time.monotonic() < deadline
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()

    assert (store.dataset.root / "current").read_bytes() == pointer_before
    reopened = DataStore(root)
    assert reopened.load().version == 1
    assert reopened.load().observations["value"].tolist() == [1.0]
    visible = {p.name for p in reopened.dataset.versions_dir.iterdir()}
    if stage == "writing":
        assert visible == visible_before  # the half-written version never appeared
    else:
        assert visible == visible_before | {"000002"}  # complete but never activated
        reopened.dataset.verify(2)
    assert list(reopened.dataset.staging_dir.iterdir()) == []  # cleaned on reopen
    assert not list(reopened.dataset.root.glob(".current.tmp-*"))


def test_audit_log_round_trip(tmp_path):
    from dashboard.data.store.versions import append_audit

    append_audit(tmp_path, {"action": "import", "who": "ana", "file": "x.csv"})
    append_audit(tmp_path, {"action": "rollback", "who": "budi", "version": 1})
    events = read_audit(tmp_path)
    assert [e["action"] for e in events] == ["import", "rollback"]
    assert all("at" in e for e in events)
