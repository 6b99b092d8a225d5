"""``python -m dashboard levers``: table, CSV and JSON output, target kinds, clear errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dashboard.cli import main
from dashboard.data.imports.indicators import ensure_seeded
from dashboard.data.store.datasets import DataStore


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, regions, framework):
    root = tmp_path_factory.mktemp("levers-cli") / "instance"
    ensure_seeded(DataStore(root), regions, framework)
    return root


def run(seeded, argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(["--data-dir", str(seeded), *argv], environ={})
    out, err = capsys.readouterr()
    return code, out, err


def test_table(seeded, capsys):
    code, out, err = run(seeded, ["levers", "--region", "32.16", "--period", "2024"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Pengungkit perbaikan Kabupaten Bekasi (32.16), tahun 2024")
    assert "gain_per_effort" in lines[1]
    assert "new_rank" in lines[1]
    assert "IQR" in out
    assert "sintetis" in out


def test_csv_by_bps_code_and_target(seeded, capsys):
    argv = ["levers", "--region", "3216", "--period", "2024", "--target", "p75", "--format", "csv"]
    code, out, _ = run(seeded, argv, capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows
    assert {r["target_kind"] for r in rows} == {"p75"}
    ratios = [float(r["gain_per_effort"]) for r in rows if r["gain_per_effort"]]
    assert ratios == sorted(ratios, reverse=True)
    assert all(int(r["new_rank"]) <= int(r["rank"]) for r in rows)


def test_json_in_english(seeded, capsys):
    argv = [
        "levers",
        "--region",
        "Kab. Bekasi",
        "--period",
        "2024",
        "--format",
        "json",
        "--top",
        "3",
    ]
    code, out, _ = run(seeded, [*argv, "--lang", "en"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 3
    assert {"indicator", "target", "new_composite", "new_level", "synthetic"} <= set(rows[0])
    assert rows[0]["level"] in {"Initiating", "Developing", "Advanced", "Leading", "Optimal"}


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--region", "99.99", "--period", "2024"], "99.99"),
        (["--region", "32", "--period", "2024"], "32"),
        (["--region", "32.16", "--period", "1999"], "1999"),
        (["--region", "Bekasi", "--period", "2024"], "32.75"),  # ambiguous: both listed
    ],
)
def test_errors(seeded, capsys, argv, needle):
    code, out, err = run(seeded, ["levers", *argv, "--lang", "en"], capsys)
    assert code == 1
    assert needle in err
    assert "Traceback" not in err
    assert out == ""


def test_unknown_target_is_a_usage_error(seeded, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--data-dir", str(seeded), "levers", "--region", "32.16", "--target", "max"])
    assert caught.value.code == 2
    capsys.readouterr()
