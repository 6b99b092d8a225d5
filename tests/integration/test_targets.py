"""Targets and events end to end: CLI imports as new versions (nothing stored on error,
rollback), the sample's labelled targets, and the profile answering with them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.config import Settings
from dashboard.data.imports.indicators import ensure_seeded
from dashboard.data.store.datasets import DataStore
from dashboard.data.store.repository import Repository
from dashboard.data.views.targets import target_table
from tests.integration.conftest import router_body


def tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "audit.jsonl"
    }


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, regions, framework):
    root = tmp_path_factory.mktemp("targets") / "instance"
    ensure_seeded(DataStore(root), regions, framework)
    return root


def run(argv, capsys, root):
    code = main([*argv, "--data-dir", str(root), "--lang", "en"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_sample_has_labelled_illustrative_targets_and_events(seeded):
    snap = Repository(Settings(DATA_DIR=seeded)).snapshot()
    table = target_table(snap, "32.16")
    assert len(table) >= 5
    assert table["target_synthetic"].all()
    assert {"met", "missed", "on_course", "off_course"} <= set(table["status"])
    assert (snap.events["source"] == "sintetis").all()


def test_import_targets_and_events_bad_files_change_nothing(seeded, capsys, tmp_path):
    before = tree(seeded)
    bad = tmp_path / "bad.csv"
    bad.write_text("kode_wilayah,indikator,tahun,target\n32.99,liv_hdi,2026,80\n")
    code, _, err = run(["import", "targets", str(bad)], capsys, seeded)
    assert code == 1
    assert "bad.csv, row 2, column 'A': unknown region '32.99'" in err
    events = tmp_path / "ev.csv"
    events.write_text("tanggal,judul,wilayah,kategori\n2024-02-30,x,32.16,policy\n")
    code, _, err = run(["import", "events", str(events)], capsys, seeded)
    assert code == 1
    assert "ev.csv, row 2, column 'A': the date is not valid" in err
    assert tree(seeded) == before


def test_import_targets_new_version_merge_and_rollback(seeded, capsys, tmp_path):
    store = DataStore(seeded)
    first = store.dataset.current().version
    good = tmp_path / "rpjmd.csv"
    good.write_text(
        "kode_wilayah,indikator,tahun,target,sumber\n"
        "32.16,liv_hdi,2026,78,RPJMD test\n32.71,komposit,2026,75,RPJMD test\n"
    )
    code, out, _ = run(["import", "targets", str(good)], capsys, seeded)
    assert code == 0
    assert f"version {first + 1}" in out
    loaded = store.load()
    assert loaded.manifest.kind == "targets"
    hdi = loaded.targets[(loaded.targets.indicator_id == "liv_hdi")]
    assert list(hdi["value"]) == [78.0]
    assert list(hdi["source"]) == ["RPJMD test"]
    assert len(loaded.targets) == len(store.load(first).targets) + 1  # merged: 32.71 added
    assert len(loaded.observations) == len(store.load(first).observations)
    events = tmp_path / "events.csv"
    events.write_text(
        "tanggal,judul,title_en,wilayah,kategori,sumber\n"
        "2024-02-01,Perbup SPBE,SPBE regulation,32.16,kebijakan,JDIH Bekasi\n"
    )
    code, out, _ = run(["import", "events", str(events)], capsys, seeded)
    assert code == 0
    loaded = store.load()
    assert "Perbup SPBE" in set(loaded.events["title_id"])
    assert len(loaded.targets) == len(store.load(first + 1).targets)  # kept
    code, _, _ = run(["rollback", str(first)], capsys, seeded)
    assert code == 0
    assert store.load().targets.equals(store.load(first).targets)
    code, out, _ = run(["versions", "--json"], capsys, seeded)
    kinds = [v["kind"] for v in json.loads(out)["versions"]]
    assert kinds[-2:] == ["targets", "events"]


def test_profile_shows_targets_timeline_and_event_markers(client):
    response = client.post("/_dash-update-component", json=router_body("/wilayah/32.16"))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert '"id":"profile-targets"' in text.replace(" ", "")
    assert "profile-timeline" in text
    assert "Bimtek 1" in text
    assert "2022-04-21" in text
    assert "Target" in text
    assert "data-status" in text
    assert '"name":"event"' in text.replace(" ", "")  # event annotations on the trend chart


def test_targets_and_events_versioned_in_either_backend(any_store, regions, framework, tmp_path):
    """Both store backends keep targets and events with the version and carry them over."""
    from dashboard.data.imports.events import import_events
    from dashboard.data.imports.targets import import_targets

    ensure_seeded(any_store, regions, framework)
    seeded_version = any_store.dataset.current().version
    sample = any_store.load()
    assert len(sample.targets) >= 5
    assert len(sample.events) >= 5
    path = tmp_path / "t.csv"
    path.write_text("kode_wilayah,indikator,tahun,target,sumber\n32.16,liv_hdi,2030,80,RPJMD\n")
    _, manifest = import_targets(any_store, path, regions=regions, framework=framework)
    loaded = any_store.load()
    assert len(loaded.targets) == len(sample.targets) + 1
    assert loaded.events.equals(sample.events)
    path = tmp_path / "e.csv"
    path.write_text("tanggal,judul,wilayah,kategori\n2024-01-05,Perbup,32.16,policy\n")
    import_events(any_store, path, regions=regions, mode="replace")
    loaded = any_store.load()
    assert list(loaded.events["title_id"]) == ["Perbup"]
    assert len(loaded.targets) == len(sample.targets) + 1
    assert any_store.load(manifest.version).targets.equals(loaded.targets)
    assert any_store.load(seeded_version).targets.equals(sample.targets)


def test_compare_table_has_a_target_column_for_the_home_region(client):
    response = client.post(
        "/_dash-update-component", json=router_body("/bandingkan", "?kode=32.16,32.75")
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Target Kab. Bekasi" in text
    assert "Sesuai jalur" in text


def test_admin_upload_kinds_targets_and_events_check_and_import_in_isolation(
    tmp_path, regions, framework
):
    """The admin page's path: staged upload, check and import in the isolated child process."""
    import base64

    from dashboard.data.imports import isolated, uploads
    from dashboard.data.imports.tables import ImportLimits

    root = tmp_path / "instance"
    store = DataStore(root)
    ensure_seeded(store, regions, framework)
    before = store.dataset.current().version
    good = "kode_wilayah,indikator,tahun,target,sumber\n32.16,liv_hdi,2029,79,RPJMD\n"
    bad = "kode_wilayah,indikator,tahun,target\n32.16,liv_hdi,2029,abc\n"
    run = {"limits": ImportLimits(), "tolerance": 0.0, "memory_mb": 1024, "timeout_s": 120}

    def stage(text: str, kind: str, name: str):
        contents = "data:text/csv;base64," + base64.b64encode(text.encode()).decode()
        return uploads.stage_upload(root, contents, name, who="admin", kind=kind)

    staged = stage(bad, "targets", "bad.csv")
    report = uploads.validate_staged(
        root, staged, regions=regions, framework=framework, limits=ImportLimits(), tolerance=0
    )
    assert not report.ok
    assert "row 2" in report.errors[0].message("en")
    staged = stage(good, "targets", "rpjmd.csv")
    staged = isolated.validate_isolated(root, staged, **run)
    assert staged.ok
    assert staged.counts["targets"] == 1
    done = isolated.import_isolated(store, staged, who="admin", mode="merge", **run)
    assert done.kind == "targets"
    assert done.manifest.version == before + 1
    assert 79.0 in set(store.load().targets["value"])
    events = stage(
        "tanggal,judul,wilayah,kategori\n2024-05-01,Perda SPBE,32.16,kebijakan\n", "events", "e.csv"
    )
    events = isolated.validate_isolated(root, events, **run)
    done = isolated.import_isolated(store, events, who="admin", mode="merge", **run)
    assert done.kind == "events"
    assert "Perda SPBE" in set(store.load().events["title_id"])


def test_plan_template_is_read_back_as_it_is(seeded, capsys, tmp_path):
    """The targets form: unfilled rows are skipped, filled ones imported; a year without a
    target is an error naming the row."""
    from openpyxl import load_workbook

    form = tmp_path / "targets.xlsx"
    code, out, _ = run(["plan-template", "targets", "-o", str(form)], capsys, seeded)
    assert code == 0
    assert form.exists()
    book = load_workbook(form)
    sheet = book.active
    assert sheet["C2"].value == "komposit"
    sheet["F2"], sheet["G2"], sheet["H2"] = 2029, 72, "RPJMD uji"
    sheet["F4"] = 2029
    book.save(form)
    code, _, err = run(["import", "targets", str(form)], capsys, seeded)
    assert code == 1
    assert "row 4, column 'G': a year is given but the target cell is empty" in err
    sheet["G4"] = "5"
    book.save(form)
    code, out, _ = run(["import", "targets", str(form)], capsys, seeded)
    assert code == 0
    assert "2 targets in the file" in out


def test_programme_page_shows_home_milestones_on_a_trend(client):
    response = client.post("/_dash-update-component", json=router_body("/program"))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "programme-home-trend" in text
    assert "programme-timeline" in text
    assert "Bimtek 4" in text
    assert '"name":"event"' in text.replace(" ", "")


def test_trend_data_export_includes_the_composite_target(client):
    response = client.get("/export/data/tren.csv?kode=32.16")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Target" in text
    assert ",62.0" in text or ";62,0" in text or ",62" in text
