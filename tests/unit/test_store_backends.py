"""Both store backends (files, PostgreSQL) behave the same; PostgreSQL's own guarantees.

Runs against the real PostgreSQL of ``TEST_DATABASE_URL`` in a private database (tests/pg.py).
"""

from __future__ import annotations

import os
import platform
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from dashboard.config import Settings
from dashboard.data.errors import DataError
from dashboard.data.imports.indicators import ensure_seeded, import_indicators, rollback
from dashboard.data.store.backend import open_store
from dashboard.data.store.pg import PgStore, StoreUnavailable, redact

PROJECT_DIR = Path(__file__).resolve().parents[2]
HEADER = "kode_wilayah,indikator,tahun,nilai,sumber,tanggal_referensi,catatan\n"


def _csv(path: Path, value: float) -> Path:
    rows = [f"32.16,gov_spbe,{year},{value},Uji,2025-01-31,\n" for year in range(2019, 2025)]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _frame(n: int, value: float = 1.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_code": ["32.16"] * n,
            "indicator_id": ["x"] * n,
            "period": list(range(n)),
            "value": [value] * n,
        }
    )


def test_seed_import_rollback_and_audit(any_store, regions, framework, tmp_path):
    seeded = ensure_seeded(any_store, regions, framework)
    assert seeded.version == 1
    assert ensure_seeded(any_store, regions, framework) is None  # seeded once
    outcome = import_indicators(
        any_store, _csv(tmp_path / "a.csv", 2.5), regions=regions, framework=framework, who="ana"
    )
    assert outcome.manifest.version == 2
    assert any_store.dataset.current().version == 2
    data = any_store.load()
    spbe = data.observations.query("indicator_id == 'gov_spbe' and region_code == '32.16'")
    assert set(spbe.query("period >= 2019")["value"]) == {2.5}
    rollback(any_store, 1, who="budi")
    assert any_store.dataset.current().version == 1
    assert any_store.dataset.version_numbers() == [1, 2]  # nothing deleted
    assert any_store.load().version == 1
    audit = any_store.read_audit()
    assert [e["action"] for e in audit] == ["seed", "import", "rollback"]
    assert audit[1]["who"] == "ana"
    assert audit[1]["file"] == "a.csv"
    assert all(e["at"] for e in audit)
    manifest = any_store.dataset.manifest(2)
    assert manifest.who == "ana"
    assert manifest.source_file == "a.csv"
    assert manifest.counts["rows_in_file"] == 6


def test_round_trip_keeps_types_order_and_checksums(any_store, regions, framework):
    ensure_seeded(any_store, regions, framework)
    first = any_store.load()
    again = open_store(any_store.data_dir, any_store.database_url).load()
    pd.testing.assert_frame_equal(first.observations, again.observations)
    pd.testing.assert_frame_equal(first.programme, again.programme)
    assert first.observations["period"].dtype == "int64"
    assert len(first.programme) > 0


def test_a_failing_import_changes_nothing(any_store):
    with any_store.dataset.lock():
        any_store.save_dataset(_frame(3), _frame(0), kind="sample")
        any_store.append_audit({"action": "seed", "version": 1})

    def boom() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"), any_store.dataset.lock():
        any_store.save_dataset(_frame(5, 2.0), _frame(0), kind="import", before_activate=boom)
    assert any_store.dataset.current().version == 1
    assert any_store.load().observations["value"].tolist() == [1.0] * 3
    assert [e["action"] for e in any_store.read_audit()] == ["seed"]


def test_concurrent_writers_are_serialised(any_store):
    errors: list[BaseException] = []

    def write(value: float) -> None:
        store = open_store(any_store.data_dir, any_store.database_url)  # another "host"
        try:
            with store.dataset.lock():
                manifest = store.save_dataset(_frame(50, value), _frame(0), kind="import")
                store.append_audit({"action": "import", "version": manifest.version})
        except BaseException as exc:
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=write, args=(float(i),)) for i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert any_store.dataset.version_numbers() == [1, 2, 3, 4, 5]
    assert sorted(e["version"] for e in any_store.read_audit()) == [1, 2, 3, 4, 5]


def test_boundary_versions_keep_their_files(any_store):
    with any_store.boundaries.lock():
        any_store.boundaries.commit(
            {"regency.geojson": lambda p: p.write_text('{"type": "FeatureCollection"}')},
            kind="boundaries",
            who="ana",
            counts={"features": 0, "level": "regency"},
        )
    current = any_store.boundaries.current()
    assert current.version == 1
    folder = any_store.boundaries.version_dir(1)
    assert (folder / "regency.geojson").read_text() == '{"type": "FeatureCollection"}'
    assert len(any_store.boundaries.manifest(1).files["regency.geojson"]) == 64


# -- PostgreSQL only ---------------------------------------------------------------------------
def test_lock_without_wait_reports_an_import_on_another_host(pg_url, tmp_path):
    holder = PgStore(tmp_path / "a", pg_url)
    other = PgStore(tmp_path / "b", pg_url)
    busy = pytest.raises(DataError, match="another import is running")
    with holder.dataset.lock(), busy, other.dataset.lock(wait=False):
        pass
    with other.dataset.lock(wait=False):
        pass  # released at the holder's commit


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    import pandas as pd
    from dashboard.data.store import pg
    from dashboard.data.store.pg import PgStore

    root, url, stage = sys.argv[1], sys.argv[2], sys.argv[3]
    store = PgStore(root, url)
    obs = pd.DataFrame({"region_code": ["32.16"] * 50000, "indicator_id": ["x"] * 50000,
                        "period": list(range(50000)), "value": [2.0] * 50000})

    def hang():
        print("ready", flush=True)
        time.sleep(60)

    hook = None
    if stage == "copying":
        original = pg.copy_observations
        def slow(conn, version, frame):
            original(conn, version, frame)
            hang()
        pg.copy_observations = slow
    else:
        hook = hang
    with store.dataset.lock():
        manifest = store.save_dataset(obs, obs.iloc[:0], kind="import", before_activate=hook)
        store.append_audit({"action": "import", "version": manifest.version})
    """
)


@pytest.mark.parametrize("stage", ["copying", "before-pointer-switch"])
def test_sigkill_mid_import_leaves_the_previous_version_everywhere(pg_url, tmp_path, stage):
    store = PgStore(tmp_path / "instance", pg_url)
    with store.dataset.lock():
        store.save_dataset(_frame(1), _frame(0), kind="sample")
        store.append_audit({"action": "seed", "version": 1})
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(tmp_path / "killed"), pg_url, stage],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout.readline().strip() == "ready", f"import did not reach {stage}"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    other_host = PgStore(tmp_path / "other", pg_url)
    assert other_host.dataset.version_numbers() == [1]
    assert other_host.load().observations["value"].tolist() == [1.0]
    with other_host.db.connection() as conn:
        rows = conn.execute("SELECT count(*) FROM observations WHERE version <> 1").fetchone()
    assert rows[0] == 0  # no partial rows
    assert [e["action"] for e in other_host.read_audit()] == ["seed"]
    with other_host.dataset.lock(wait=False):  # the killed import's lock went with it
        pass


def test_a_seeded_store_is_not_read_again_by_the_process_that_seeded_it(backend, tmp_path):
    """The first snapshot seeds an empty store and keeps the pointer as it is after the seed.

    It kept the stamp from before the seed, so every process (each gunicorn worker forked from
    the --preload master) read the whole dataset again on its first request: a second copy per
    worker (P7) and its per-snapshot caches built twice."""
    from dashboard.data.store.repository import Repository

    repo = Repository(Settings(DATA_DIR=tmp_path / "a", DATABASE_URL=backend))
    first = repo.snapshot()
    assert first.version == 1
    if backend:
        repo.store.poll_s = 0  # the next call reads the pointers again
        time.sleep(0.01)
    assert repo.snapshot() is first


def test_a_loaded_version_hands_its_freed_heap_back(backend, tmp_path, monkeypatch):
    """After reading a version (PostgreSQL: about 50 MB of COPY text and parse buffers freed but
    kept by glibc, inherited by every forked worker) the heap is trimmed, once per load."""
    from dashboard.data.store import repository
    from dashboard.data.store.repository import Repository

    if platform.libc_ver()[0] == "glibc":
        assert repository.trim_heap()
    trims = []
    monkeypatch.setattr(repository, "trim_heap", lambda: trims.append(1) or True)
    repo = Repository(Settings(DATA_DIR=tmp_path / "a", DATABASE_URL=backend))
    repo.snapshot()
    repo.snapshot()
    assert len(trims) == 1


def test_another_host_sees_a_new_version_within_two_seconds(pg_url, tmp_path, regions, framework):
    from dashboard.data.store.repository import Repository

    a = Repository(Settings(DATA_DIR=tmp_path / "a", DATABASE_URL=pg_url))
    b = Repository(Settings(DATA_DIR=tmp_path / "b", DATABASE_URL=pg_url))
    assert a.snapshot().version == b.snapshot().version == 1
    import_indicators(a.store, _csv(tmp_path / "x.csv", 3.0), regions=regions, framework=framework)
    started = time.monotonic()
    while b.snapshot().version != 2:
        assert time.monotonic() - started < 2.0, "host B did not see version 2 within 2 s"
        time.sleep(0.05)
    snap = b.snapshot()
    assert snap is b.snapshot()  # loaded once per version
    rollback(a.store, 1)
    started = time.monotonic()
    while b.snapshot().version != 1:  # a rollback is seen the same way
        assert time.monotonic() - started < 2.0
        time.sleep(0.05)


def test_database_down_after_start_keeps_serving_and_says_so(pg_proxy, tmp_path):
    from dashboard.data.store.repository import Repository
    from dashboard.web.health import health

    repo = Repository(Settings(DATA_DIR=tmp_path / "a", DATABASE_URL=pg_proxy.url))
    repo.store.poll_s = 0.05
    repo.snapshot()  # seeds version 1
    time.sleep(0.1)
    snap = repo.snapshot()

    def health_now() -> dict:
        return health(repo, reasons=repo.snapshot().degradations() + repo.store_degradations())

    assert health_now()["status"] == "ok"
    pg_proxy.stop()
    time.sleep(0.1)
    assert repo.snapshot() is snap  # the loaded version keeps serving
    assert repo.store_unavailable
    assert "is unreachable" in repo.store_unavailable
    body = health_now()
    assert (body["status"], body["reason"]) == ("degraded", "store_unreachable")
    assert body["dataset_version"] == 1
    (reason,) = repo.store_degradations()
    assert reason.params["version"] == 1
    assert reason.public
    pg_proxy.start()
    deadline = time.monotonic() + 5
    while repo.store_unavailable:
        assert time.monotonic() < deadline, "the store did not come back"
        time.sleep(0.1)
        repo.snapshot()
    assert health_now()["status"] == "ok"


def test_database_down_at_start_names_the_host_not_the_password(tmp_path):
    url = "postgresql://kc:s3cret-pass@127.0.0.1:1/kotacerdas"
    store = open_store(tmp_path, url)
    assert store.unavailable.startswith(
        "the PostgreSQL database at postgresql://kc@127.0.0.1:1/kotacerdas is unreachable"
    )
    assert "s3cret" not in store.unavailable
    with pytest.raises(StoreUnavailable) as caught:
        store.load()
    assert "s3cret" not in caught.value.message("en")
    from dashboard.data.store.repository import Repository

    repo = Repository(Settings(DATA_DIR=tmp_path / "r", DATABASE_URL=url))
    snap = repo.snapshot()  # starts without data instead of failing
    assert not snap.has_data
    assert [r.code for r in snap.degradations() + repo.store_degradations()] == [
        "no_data",
        "store_unreachable",
    ]
    assert redact(url) == "postgresql://kc@127.0.0.1:1/kotacerdas"


def test_schema_is_created_idempotently(pg_server, tmp_path):
    from dashboard.data.store.pg import Database, SchemaMissing, schema_version, upgrade
    from dashboard.data.store.pgschema import LATEST, MIGRATIONS
    from tests import pg

    created = pg.create_database(pg_server, migrate=False)
    try:
        with pytest.raises(SchemaMissing, match="db upgrade"):
            PgStore(tmp_path, created)
        db = Database(created)
        assert schema_version(db) == 0
        assert upgrade(db) == [number for number, _, _ in MIGRATIONS]
        assert upgrade(db) == []  # nothing left to apply
        assert schema_version(db) == LATEST
        db.close()
    finally:
        pg.drop_database(pg_server, created)


def test_migrate_copies_a_file_store_and_refuses_a_full_target(
    pg_url, tmp_path, regions, framework, capsys
):
    from dashboard.cli import main
    from dashboard.security.users import PgUserStore, UserStore

    source = tmp_path / "files"
    files = open_store(source)
    ensure_seeded(files, regions, framework)
    import_indicators(files, _csv(tmp_path / "a.csv", 4.0), regions=regions, framework=framework)
    rollback(files, 1, who="ana")
    with files.boundaries.lock():
        files.boundaries.commit({"regency.geojson": lambda p: p.write_text("{}")}, kind="b")
        # logged in the lock like every import (an unlogged switch gets a 'recovered' entry)
        files.append_audit({"action": "import", "kind": "boundaries", "version": 1, "who": "b"})
    UserStore(source / "users.toml").add("ana", "admin", "correct horse battery")

    env = {"DATA_DIR": str(tmp_path / "host")}
    argv = ["--lang", "en", "migrate", "--from-dir", str(source), "--to", pg_url]
    assert main(argv, env) == 0
    out = capsys.readouterr().out
    assert "dataset versions 1-2" in out
    assert "1 users, 4 audit entries; active dataset version 1, boundary version 1" in out

    target = PgStore(tmp_path / "host", pg_url)
    assert target.dataset.version_numbers() == [1, 2]
    assert target.dataset.current().version == 1  # the pointer came along
    for version in (1, 2):
        mine, theirs = files.load(version), target.load(version)
        pd.testing.assert_frame_equal(mine.observations, theirs.observations)
        assert target.dataset.manifest(version).who == files.dataset.manifest(version).who
        assert target.dataset.manifest(version).created_at == mine.manifest.created_at
    actions = [e["action"] for e in target.read_audit()]
    assert actions == ["seed", "import", "rollback", "import"]
    assert target.read_audit() == files.read_audit()
    assert (target.boundaries.version_dir(1) / "regency.geojson").read_text() == "{}"
    assert PgUserStore(pg_url).verify("ana", "correct horse battery") is not None

    assert main(argv, env) == 1  # a second run would duplicate: refused, nothing changed
    assert "is not empty" in capsys.readouterr().err
    assert target.dataset.version_numbers() == [1, 2]


def test_an_upload_checked_on_one_host_imports_on_another(pg_url, tmp_path, regions, framework):
    import base64

    from dashboard.data.imports import uploads
    from dashboard.data.imports.tables import ImportLimits

    host_a, host_b = PgStore(tmp_path / "a", pg_url), PgStore(tmp_path / "b", pg_url)
    raw = _csv(tmp_path / "x.csv", 5.0).read_bytes()
    url = "data:text/csv;base64," + base64.b64encode(raw).decode()
    staged = uploads.stage_upload(host_a.data_dir, url, "x.csv", who="ana", kind="indicators")
    checks = {"regions": regions, "framework": framework, "limits": ImportLimits()}
    report = uploads.validate_staged(host_a.data_dir, staged, tolerance=0.001, **checks)
    assert report.ok

    on_b = uploads.load_staged(host_b.data_dir, staged.token)  # not on B's disk: from PostgreSQL
    assert (on_b.ok, on_b.sha256) == (True, staged.sha256)
    rows = uploads.load_report_rows(host_b.data_dir, on_b, "en")  # the warnings came along
    assert rows == uploads.load_report_rows(host_a.data_dir, staged, "en")
    done = uploads.import_staged(host_b, on_b, who="ana", tolerance=0.001, **checks)
    assert done.manifest.version == 1
    assert host_a.load().version == 1
    assert host_a.fetch_upload(staged.token) is None  # imported once: gone for every host
    host_a.close()
    host_b.close()


def test_db_commands_and_versions_cli_against_postgresql(pg_url, tmp_path, capsys):
    from dashboard.cli import main
    from dashboard.data.store.pgschema import LATEST

    env = {"DATA_DIR": str(tmp_path), "DATABASE_URL": pg_url}
    assert main(["--lang", "en", "db", "upgrade"], env) == 0
    assert f"schema version {LATEST}, up to date" in capsys.readouterr().out
    assert main(["--lang", "en", "sample-data"], env) == 0
    assert (
        main(["--lang", "en", "import", "indicators", str(_csv(tmp_path / "a.csv", 2.0))], env) == 0
    )
    assert main(["--lang", "en", "rollback", "1"], env) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "versions", "--json"], env) == 0
    listed = capsys.readouterr().out
    assert '"current": 1' in listed
    assert '"version": 2' in listed
    assert main(["--lang", "en", "db", "status"], env) == 0
    out = capsys.readouterr().out
    assert f"schema version {LATEST} of {LATEST}; dataset versions 1-2 (active 1)" in out
    assert main(["--lang", "en", "db", "upgrade"], {"DATA_DIR": str(tmp_path)}) == 1
    assert "DATABASE_URL is not set" in capsys.readouterr().err


@pytest.mark.parametrize(
    "value",
    [
        "mysql://u@h/db",
        "postgresql://",
        "postgresql://host",
        "postgresql://u:p@host:port/db",
        "host=db dbname=x",
    ],
)
def test_database_url_setting_refuses_garbage_without_showing_it(value):
    from dashboard.config import SettingError

    with pytest.raises(SettingError, match="DATABASE_URL: expected a PostgreSQL URL") as caught:
        Settings.from_env({"DATABASE_URL": value})
    assert "hidden" in str(caught.value)
    assert "p@" not in str(caught.value)


def test_database_url_setting_accepts_postgresql_urls():
    for url in (
        "postgresql://kc:secret@db.example.go.id:5432/kotacerdas",
        "postgres://kc@10.0.0.5/kc?sslmode=require",
        "postgresql:///kotacerdas?host=/var/run/postgresql",
    ):
        assert url == Settings.from_env({"DATABASE_URL": url}).DATABASE_URL
    assert Settings.from_env({}).DATABASE_URL == ""


def test_boundary_import_and_rollback_on_both_backends(any_store, regions, tmp_path):
    from dashboard.data.imports.boundaries import import_boundaries, rollback_boundaries
    from dashboard.data.store.boundaries import current_boundaries
    from tests.boundary_files import squares_file

    first = squares_file(regions, ["32.16", "32.15"], tmp_path / "kab.geojson")
    import_boundaries(any_store, first, level="regency", regions=regions, who="ana")
    second = squares_file(regions, ["32.16", "32.15", "32.75"], tmp_path / "kab2.geojson")
    manifest, _ = import_boundaries(any_store, second, level="regency", regions=regions, who="ana")
    assert manifest.version == 2
    found = current_boundaries(any_store)
    assert found.version == 2
    assert found.has("regency")
    assert '"32.75"' in found.files["regency"].read_text()  # served from this host's copy
    rollback_boundaries(any_store, 1, who="budi")
    assert current_boundaries(any_store).version == 1
    actions = [(e["action"], e.get("kind")) for e in any_store.read_audit()]
    assert actions == [("import", "boundaries")] * 2 + [("rollback", "boundaries")]
