"""Two imports started at the same moment are serialised by the store lock, never interleaved.

Real CLI processes, as two officials would run them. In merge mode each import builds on the
version that is current when it takes the lock: had they interleaved, the second would merge into
the same base as the first and silently drop the first file's values.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dashboard.data.store.backend import open_store

PROJECT_DIR = Path(__file__).resolve().parents[2]
HEADER = "kode_wilayah,indikator,tahun,nilai,sumber,tanggal_referensi,catatan\n"


def _cli(*args: str, data_dir: Path, database_url: str = "") -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR), "DATA_DIR": str(data_dir)}
    env["DATABASE_URL"] = database_url
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard", *args, "--quiet"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _file(path: Path, region: str, value: float, years: range) -> Path:
    rows = [f"{region},gov_spbe,{year},{value},Uji,2025-01-31,\n" for year in years]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_two_simultaneous_imports_both_land_one_after_the_other(tmp_path, backend):
    """With files (flock) and with PostgreSQL (advisory lock; two hosts: two DATA_DIRs)."""
    data_dir = tmp_path / "instance"
    seed = _cli("sample-data", data_dir=data_dir, database_url=backend)
    assert seed.wait(120) == 0, seed.stderr.read()
    first = _file(tmp_path / "bekasi.csv", "32.16", 1.25, range(2018, 2025))
    second = _file(tmp_path / "karawang.csv", "32.15", 2.5, range(2018, 2025))

    procs = [
        _cli(
            "import",
            "indicators",
            str(path),
            "--who",
            who,
            data_dir=tmp_path / who if backend else data_dir,
            database_url=backend,
        )
        for path, who in ((first, "ana"), (second, "budi"))
    ]
    results = [(p.wait(180), p.stderr.read()) for p in procs]
    assert [code for code, _ in results] == [0, 0], results

    store = open_store(data_dir, backend)
    manifests = store.dataset.manifests()
    assert [m.version for m in manifests] == [1, 2, 3]
    assert sorted(m.who for m in manifests[1:]) == ["ana", "budi"]
    data = store.load()
    assert data.version == 3
    obs = data.observations
    spbe = obs[(obs["indicator_id"] == "gov_spbe") & (obs["period"].between(2018, 2024))]
    by_region = spbe.set_index(["region_code", "period"])["value"]
    # both files are in the final version: the later import merged on top of the earlier one
    assert (by_region.loc["32.16"] == 1.25).all()
    assert (by_region.loc["32.15"] == 2.5).all()
    assert len(by_region.loc["32.16"]) == len(by_region.loc["32.15"]) == 7
