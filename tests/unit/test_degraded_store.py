"""The store and repository with broken or missing versions: degraded, never refused (SPEC R2)."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from dashboard.config import Settings
from dashboard.data.degraded import FALLBACK_VERSION, NO_DATA
from dashboard.data.imports.indicators import ensure_seeded
from dashboard.data.store.datasets import DataStore
from dashboard.data.store.repository import Repository
from dashboard.data.store.versions import sha256_file

OBS = pd.DataFrame(
    {"region_code": ["32.16"], "indicator_id": ["x"], "period": [2024], "value": [1.0]}
)


def _save(store: DataStore, value: float) -> int:
    with store.dataset.lock():
        return store.save_dataset(OBS.assign(value=value), OBS.iloc[:0], kind="import").version


@pytest.fixture
def repo_of(tmp_path):
    def make(seed: bool = False) -> Repository:
        return Repository(Settings(DATA_DIR=tmp_path / "instance"), seed=seed)

    return make


def test_a_store_with_broken_versions_is_not_empty_and_is_never_seeded(tmp_path, repo_of):
    store = DataStore(tmp_path / "instance")
    assert store.dataset.is_empty()
    _save(store, 1.0)
    shutil.rmtree(store.dataset.version_dir(1))  # gone, but the pointer remembers it
    assert not store.dataset.is_empty()
    repo = repo_of(seed=True)
    snap = repo.snapshot()
    assert not snap.has_data
    assert list(store.dataset.versions_dir.iterdir()) == []  # no sample over lost data
    assert [d.code for d in snap.degradations()] == [NO_DATA]
    assert snap.skipped == (1,)


def test_new_versions_never_reuse_a_broken_or_lost_number(tmp_path):
    store = DataStore(tmp_path / "instance")
    _save(store, 1.0)
    _save(store, 2.0)
    (store.dataset.version_dir(2) / "manifest.json").unlink()  # a broken directory, no manifest
    assert _save(store, 3.0) == 3
    shutil.rmtree(store.dataset.version_dir(3))
    shutil.rmtree(store.dataset.version_dir(2))
    assert _save(store, 4.0) == 4  # above the pointer's (lost) version 3


def test_unreadable_files_with_good_checksums_fall_back_to_an_older_version(tmp_path, repo_of):
    store = DataStore(tmp_path / "instance")
    _save(store, 1.0)
    _save(store, 2.0)
    folder = store.dataset.version_dir(2)
    # a file that matches its (rewritten) checksum but is no parquet: verify passes, load fails
    (folder / "observations.parquet").write_bytes(b"no parquet")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["observations.parquet"] = sha256_file(folder / "observations.parquet")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    snap = repo_of().snapshot()
    assert snap.version == 1
    assert snap.skipped == (2,)
    (reason,) = snap.degradations()
    assert reason.code == FALLBACK_VERSION
    assert not reason.public
    assert reason.params["version"] == 1
    assert "corrupt" in reason.detail


def test_a_repaired_store_is_picked_up_by_the_next_snapshot(tmp_path, repo_of):
    store = DataStore(tmp_path / "instance")
    _save(store, 1.0)
    (store.dataset.version_dir(1) / "observations.parquet").write_bytes(b"x")
    repo = repo_of()
    assert not repo.snapshot().has_data
    assert _save(store, 5.0) == 2
    snap = repo.snapshot()
    assert snap.has_data
    assert snap.version == 2
    assert snap.degradations() == []
    assert snap.observations["value"].tolist() == [5.0]


def test_seeding_an_empty_store_still_works(tmp_path):
    from dashboard.data.framework import load_framework
    from dashboard.data.regions import RegionIndex

    store = DataStore(tmp_path / "instance")
    manifest = ensure_seeded(store, RegionIndex.from_file(), load_framework())
    assert manifest is not None
    assert manifest.version == 1
