"""Staging of admin uploads: safe names, base64 decoding, tokens, clean-up, checks before import."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import time
from pathlib import Path

import pytest

from dashboard.data.errors import DataError
from dashboard.data.imports import uploads
from dashboard.data.imports.tables import ImportLimits
from dashboard.data.imports.uploads import (
    clean_staged,
    decode_contents,
    display_name,
    import_staged,
    load_staged,
    report_csv,
    safe_filename,
    stage_upload,
    validate_staged,
)
from dashboard.data.store.datasets import DataStore
from dashboard.data.store.versions import Manifest
from dashboard.data.views.versions import audit_frame, versions_frame

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good" / "long_comma_utf8.csv"


def _url(raw: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(raw).decode()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("laporan 2024.CSV", "laporan_2024.csv"),
        ("../../etc/passwd", "passwd.bin"),
        ("C:\\Users\\ani\\data.xlsx", "data.xlsx"),
        ("data.csv.gz", "data_csv.gz"),
        ("<img src=x onerror=alert(1)>.csv", "img_src_x_onerror_alert_1.csv"),
        ("...", "upload.bin"),
        ("", "upload.bin"),
        (None, "upload.bin"),
        ("x.exe;rm -rf", "x_exe_rm_-rf.bin"),
        ("données.geojson", "donn_es.geojson"),
        ("a" * 300 + ".csv", "a" * 80 + ".csv"),
    ],
)
def test_safe_filename(given, expected):
    assert safe_filename(given) == expected


def test_display_name_drops_folders_and_control_characters():
    assert display_name("../x/laporan\x00 2024.csv") == "laporan 2024.csv"
    assert display_name("<i>ok<i>.csv") == "<i>ok<i>.csv"  # kept as text; shown as text
    assert display_name("a" * 300 + ".xlsx") == "a" * 180 + "….xlsx"


@pytest.mark.parametrize(
    "contents",
    [None, 42, "", "hello", "data:text/csv,plain", "data:text/csv;base64,@@@", "data:;base64,YQ"],
)
def test_decode_contents_refuses_what_is_not_a_base64_data_url(contents):
    with pytest.raises(DataError, match="base64"):
        decode_contents(contents)


def test_decode_contents_accepts_empty_and_binary_files():
    assert decode_contents("data:application/octet-stream;base64,") == b""
    assert decode_contents(_url(b"\x00\xff")) == b"\x00\xff"


def test_stage_upload_keeps_the_bytes_under_a_fresh_token(tmp_path):
    raw = GOOD.read_bytes()
    staged = stage_upload(tmp_path, _url(raw), "laporan 2024.csv", who="eddie", kind="indicators")
    assert len(staged.token) == 32
    path = staged.path(tmp_path)
    assert path == tmp_path / "uploads" / staged.token / "laporan_2024.csv"
    assert path.read_bytes() == raw
    assert staged.sha256 == hashlib.sha256(raw).hexdigest()
    assert (staged.name, staged.size, staged.ok) == ("laporan 2024.csv", len(raw), None)
    assert load_staged(tmp_path, staged.token) == staged
    other = stage_upload(tmp_path, _url(raw), "laporan 2024.csv", who="eddie", kind="indicators")
    assert other.token != staged.token


def test_stage_upload_refuses_an_unknown_kind(tmp_path):
    with pytest.raises(DataError, match="unknown upload kind"):
        stage_upload(tmp_path, _url(b"x"), "x.csv", who="eddie", kind="../x")


@pytest.mark.parametrize("token", [None, "", "../../dataset", "0" * 31, "G" * 32, "0" * 32, 7])
def test_load_staged_refuses_unknown_and_malformed_tokens(tmp_path, token):
    with pytest.raises(DataError, match="no longer there"):
        load_staged(tmp_path, token)


def test_clean_staged_removes_only_old_uploads(tmp_path):
    old = stage_upload(tmp_path, _url(b"a"), "a.csv", who="e", kind="indicators")
    new = stage_upload(tmp_path, _url(b"b"), "b.csv", who="e", kind="indicators")
    long_ago = time.time() - uploads.STAGED_MAX_AGE_S - 60
    os.utime(old.folder(tmp_path), (long_ago, long_ago))
    assert clean_staged(tmp_path) == 1
    assert not old.folder(tmp_path).exists()
    assert new.folder(tmp_path).exists()


def _validated(tmp_path, regions, framework, raw=None, who="eddie"):
    staged = stage_upload(
        tmp_path, _url(raw or GOOD.read_bytes()), "baik.csv", who=who, kind="indicators"
    )
    validate_staged(
        tmp_path,
        staged,
        regions=regions,
        framework=framework,
        limits=ImportLimits(),
        tolerance=0.001,
    )
    return staged


def test_import_staged_refuses_unvalidated_changed_and_foreign_files(tmp_path, regions, framework):
    store = DataStore(tmp_path)
    kwargs = {
        "regions": regions,
        "framework": framework,
        "limits": ImportLimits(),
        "tolerance": 0.001,
    }
    bad = _validated(tmp_path, regions, framework, raw=b"kode_wilayah,indikator,tahun,nilai\n")
    assert bad.ok is False
    with pytest.raises(DataError, match="not passed validation"):
        import_staged(store, bad, who="eddie", **kwargs)
    good = _validated(tmp_path, regions, framework)
    with pytest.raises(DataError, match="another user"):
        import_staged(store, good, who="mallory", **kwargs)
    good.path(tmp_path).write_bytes(GOOD.read_bytes() + b"32.16,gov_spbe,2020,1\n")
    with pytest.raises(DataError, match="sha256"):
        import_staged(store, good, who="eddie", **kwargs)
    assert store.dataset.version_numbers() == []
    fresh = _validated(tmp_path, regions, framework)
    done = import_staged(store, fresh, who="eddie", **kwargs)
    assert (done.kind, done.manifest.version, done.manifest.who) == ("indicators", 1, "eddie")
    assert not fresh.path(tmp_path).exists()  # imported once, never twice
    with pytest.raises(DataError, match="no longer there"):
        import_staged(store, fresh, who="eddie", **kwargs)


def test_report_csv_matches_the_cli_columns_and_defuses_formulas():
    rows = [
        {"severity": "error", "file": "f.csv", "row": 3, "column": "nilai", "value": "=1+2",
         "code": "importer.not_a_number", "reason": "bukan angka"},
    ]  # fmt: skip
    text = report_csv(rows)
    assert text.startswith("\ufeff")
    (record,) = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(record) == list(uploads.REPORT_FIELDS)
    assert record["value"] == "'=1+2"
    assert record["row"] == "3"


def _manifest(version: int, **kw) -> Manifest:
    return Manifest(
        version=version,
        created_at=f"2026-11-2{version}T01:00:00+00:00",
        kind="import",
        who="e",
        **kw,
    )


def test_versions_frame_is_newest_first_with_the_active_marked():
    frame = versions_frame(
        [
            _manifest(1, counts={"observations": 10}),
            _manifest(2, source_file="a.csv", source_sha256="ab" * 32, counts={"rows_in_file": 3}),
        ],
        current=1,
    )
    assert frame["version"].tolist() == [2, 1]
    assert frame["active"].tolist() == [False, True]
    assert frame["rows"].tolist() == [3, 10]
    assert frame["sha256"].tolist() == ["ab" * 6, ""]
    assert str(frame["created_at"].iloc[0].tz) == "UTC"
    assert versions_frame([], current=None).empty


def test_audit_frame_is_newest_first():
    events = [
        {"at": "2026-11-28T01:00:00+00:00", "action": "seed", "version": 1, "who": "system"},
        {"at": "2026-11-28T02:00:00+00:00", "action": "import", "kind": "boundaries", "level": "regency",
         "version": 1, "who": "eddie", "file": "b.geojson", "sha256": "cd" * 32},
        {"at": "2026-11-28T03:00:00+00:00", "action": "rollback", "version": 1, "previous": 2, "who": "ada"},
    ]  # fmt: skip
    frame = audit_frame(events)
    assert frame["action"].tolist() == ["rollback", "import", "seed"]
    assert frame["kind"].tolist() == ["dataset", "boundaries", "dataset"]
    assert frame.loc[1, "detail"] == "regency"
    assert frame.loc[0, "previous"] == 2
    assert audit_frame([]).empty
