"""The command line end to end: exit codes, messages, versions, rollback, and the bad corpus
leaving the store byte-for-byte unchanged (SPEC R4)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.data.errors import ValidationError
from dashboard.data.imports.indicators import ensure_seeded, import_indicators
from dashboard.data.imports.tables import ImportLimits
from dashboard.data.store.datasets import DataStore
from tests.unit.test_bad_corpus import BAD_DIR, case_options, expected_problems

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"


def _snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file under the store (the lock file's content never changes)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, regions, framework):
    root = tmp_path_factory.mktemp("cli") / "instance"
    ensure_seeded(DataStore(root), regions, framework)
    return root


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv, environ={})
    out, err = capsys.readouterr()
    return code, out, err


def test_versions_lists_the_seeded_sample(seeded, capsys):
    code, out, _ = run(["--data-dir", str(seeded), "versions"], capsys)
    assert code == 0
    assert "sample generator" in out
    assert out.splitlines()[1].startswith("*")


def test_validate_good_file_exits_0_and_changes_nothing(seeded, capsys):
    before = _snapshot(seeded)
    code, out, _ = run(
        ["--data-dir", str(seeded), "validate", str(GOOD / "long_comma_utf8.csv")], capsys
    )
    assert code == 0
    assert "valid" in out
    assert _snapshot(seeded) == before


def test_validate_bad_file_exits_1_with_row_and_column(seeded, capsys, tmp_path):
    report = tmp_path / "problems.csv"
    code, _, err = run(
        [
            "--data-dir",
            str(seeded),
            "validate",
            str(BAD_DIR / "semicolon_unknown_indicator.csv"),
            "--report",
            str(report),
        ],
        capsys,
    )
    assert code == 1
    assert "DITOLAK" in err
    assert "baris 3" in err
    assert "indikator" in err
    assert "unknown_indicator" in report.read_text(encoding="utf-8-sig")


def test_messages_in_english_with_lang_after_the_command(seeded, capsys):
    code, _, err = run(
        [
            "--data-dir",
            str(seeded),
            "validate",
            str(BAD_DIR / "semicolon_unknown_indicator.csv"),
            "--lang",
            "en",
        ],
        capsys,
    )
    assert code == 1
    assert "REJECTED" in err
    assert "row 3" in err


def test_usage_errors_exit_2(seeded, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--data-dir", str(seeded), "scores"], environ={})
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"], environ={})
    assert exc.value.code == 2
    assert main(["versions"], environ={"PORT": "x"}) == 2


def test_missing_file_is_invalid_input(seeded, capsys):
    code, _, err = run(["--data-dir", str(seeded), "validate", "/no/such/file.csv"], capsys)
    assert code == 1
    assert "tidak ditemukan" in err


def test_import_rollback_and_roll_forward(tmp_path, capsys, regions, framework):
    root = tmp_path / "instance"
    ensure_seeded(DataStore(root), regions, framework)
    code, out, _ = run(
        [
            "--data-dir",
            str(root),
            "import",
            "indicators",
            str(GOOD / "long_comma_utf8.csv"),
            "--who",
            "ana",
        ],
        capsys,
    )
    assert code == 0, out
    assert "versi 2" in out
    code, out, _ = run(["--data-dir", str(root), "versions", "--json"], capsys)
    listing = json.loads(out)
    assert listing["current"] == 2
    assert [v["who"] for v in listing["versions"]] == ["system", "ana"]
    assert listing["versions"][1]["source_file"] == "long_comma_utf8.csv"
    assert len(listing["versions"][1]["source_sha256"]) == 64
    code, out, _ = run(["--data-dir", str(root), "rollback", "1"], capsys)
    assert code == 0
    assert DataStore(root).dataset.current().version == 1
    code, _, err = run(["--data-dir", str(root), "rollback", "9"], capsys)
    assert code == 1
    assert "9" in err
    code, _, _ = run(["--data-dir", str(root), "rollback", "2"], capsys)
    assert DataStore(root).dataset.current().version == 2
    audit = [json.loads(line) for line in (root / "audit.jsonl").read_text().splitlines()]
    assert [e["action"] for e in audit] == ["seed", "import", "rollback", "rollback"]


def test_scores_table_csv_and_json(seeded, capsys, tmp_path):
    code, out, _ = run(
        ["--data-dir", str(seeded), "scores", "--period", "2024", "--format", "csv"], capsys
    )
    assert code == 0
    header = out.splitlines()[0].split(",")
    assert header[:2] == ["code", "name"]
    assert {
        "governance",
        "struktur",
        "composite",
        "level",
        "rank_national",
        "rank_province",
    } <= set(header)
    assert len(out.splitlines()) == 515
    target = tmp_path / "prov.json"
    code, _, _ = run(
        [
            "--data-dir",
            str(seeded),
            "scores",
            "--period",
            "2024",
            "--level",
            "province",
            "--format",
            "json",
            "-o",
            str(target),
        ],
        capsys,
    )
    rows = json.loads(target.read_text())
    assert len(rows) == 38
    code, _, err = run(["--data-dir", str(seeded), "scores", "--period", "1990"], capsys)
    assert code == 1
    assert "2018" in err


def test_framework_command_validates_the_shipped_file(capsys):
    code, out, _ = run(["framework"], capsys)
    assert code == 0
    assert "33" in out


def test_sample_data_to_csv(tmp_path, capsys):
    target = tmp_path / "sample.csv"
    code, _, _ = run(["--data-dir", str(tmp_path / "i"), "sample-data", "-o", str(target)], capsys)
    assert code == 0
    assert target.read_text().startswith("region_code,indicator_id,period,value,source")


def test_boundaries_download_fails_fast_offline(tmp_path, capsys, monkeypatch):
    import urllib.error
    import urllib.request

    def offline(*args, **kwargs):
        raise urllib.error.URLError("network unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    code, _, err = run(["--data-dir", str(tmp_path / "i"), "boundaries", "download"], capsys)
    assert code == 1
    assert "import boundaries" in err


@pytest.mark.parametrize("name", sorted(expected_problems()))
def test_bad_file_leaves_the_store_byte_for_byte_unchanged(name, seeded, regions, framework):
    store = DataStore(seeded)
    before = _snapshot(seeded)
    options = case_options(name)
    limits = options.get("limits") or ImportLimits()
    with pytest.raises(ValidationError) as exc:
        import_indicators(
            store,
            BAD_DIR / name,
            regions=regions,
            framework=framework,
            limits=limits,
            sheet=options.get("sheet"),
            who="test",
        )
    expected_keys = {p.key for p in expected_problems()[name]}
    assert expected_keys <= {p.code for p in exc.value.report.errors}
    assert _snapshot(seeded) == before


def test_cli_subprocess_exit_code_for_a_bad_file(seeded):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "--data-dir",
            str(seeded),
            "import",
            "indicators",
            str(BAD_DIR / "utf16.csv"),
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


@pytest.mark.shared
def test_import_real_regency_boundaries_then_roll_back(tmp_path, capsys, shared_real):
    root = tmp_path / "instance"
    code, out, err = run(
        [
            "--data-dir",
            str(root),
            "import",
            "boundaries",
            str(shared_real / "regencies.geojson"),
            "--level",
            "regency",
        ],
        capsys,
    )
    assert code == 0, err
    assert "514" in out
    store = DataStore(root)
    manifest = store.boundaries.manifest(1)
    assert manifest.info["levels"]["regency"]["features"] == 514
    geojson = json.loads((store.boundaries.version_dir(1) / "regency.geojson").read_text())
    assert len(geojson["features"]) == 514
    code, out, err = run(
        [
            "--data-dir",
            str(root),
            "import",
            "boundaries",
            str(shared_real / "provinces.geojson"),
            "--level",
            "province",
        ],
        capsys,
    )
    assert code == 0, err
    assert set(store.boundaries.manifest(2).info["levels"]) == {"regency", "province"}
    code, _, _ = run(["--data-dir", str(root), "rollback", "1", "--kind", "boundaries"], capsys)
    assert code == 0
    assert store.boundaries.current().version == 1


def test_bad_boundary_file_is_rejected_and_changes_nothing(tmp_path, capsys):
    root = tmp_path / "instance"
    bad = tmp_path / "points.geojson"
    bad.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"code": "32.16"},
                        "geometry": {"type": "Point", "coordinates": [107.1, -6.2]},
                    }
                ],
            }
        )
    )
    code, _, err = run(
        ["--data-dir", str(root), "import", "boundaries", str(bad), "--level", "regency"], capsys
    )
    assert code == 1
    assert "points.geojson" in err
    assert DataStore(root).boundaries.version_numbers() == []
