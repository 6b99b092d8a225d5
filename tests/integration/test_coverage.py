"""Collection templates end to end: written by the CLI, filled like an official would, imported
by the CLI unchanged; the coverage downloads over HTTP."""

from __future__ import annotations

import io

import openpyxl
import pytest

from dashboard.cli import main
from dashboard.data.imports.indicators import ensure_seeded
from dashboard.data.store.datasets import DataStore


@pytest.fixture
def seeded(tmp_path, regions, framework):
    root = tmp_path / "instance"
    ensure_seeded(DataStore(root), regions, framework)
    return root


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv, environ={})
    out, err = capsys.readouterr()
    return code, out, err


def fill(path, values: dict[str, object]) -> None:
    """Type values into cells the way Excel saves them (the form is otherwise untouched)."""
    book = openpyxl.load_workbook(path)
    for ref, value in values.items():
        book.worksheets[0][ref] = value
    book.save(path)


def test_cli_template_round_trip(seeded, tmp_path, capsys):
    form = tmp_path / "form.xlsx"
    code, out, err = run(
        [
            *("--data-dir", str(seeded), "template"),
            *("--indicators", "eco_poverty,liv_stunting", "--regions", "32"),
            *("--year", "2025", "--agency", "Dinas Kesehatan", "-o", str(form)),
        ],
        capsys,
    )
    assert code == 0, err
    assert "form.xlsx" in out
    assert "27" in out
    data = openpyxl.load_workbook(form).worksheets[0]
    rows = {data.cell(row=r, column=1).value: r for r in range(2, data.max_row + 1)}
    fill(form, {f"E{rows['32.16']}": 4.1, f"F{rows['32.16']}": 18.2, f"F{rows['32.75']}": 12})
    code, out, err = run(["--data-dir", str(seeded), "import", "indicators", str(form)], capsys)
    assert code == 0, err
    obs = DataStore(seeded).load().observations
    mine = obs[(obs["period"] == 2025) & (obs["source"] == "Dinas Kesehatan")]
    got = {(r.region_code, r.indicator_id): r.value for r in mine.itertuples()}
    assert got == {
        ("32.16", "eco_poverty"): 4.1,
        ("32.16", "liv_stunting"): 18.2,
        ("32.75", "liv_stunting"): 12.0,
    }
    # an unfilled cell changed nothing: the other West Java values of 2025 are as before
    other = obs[(obs["period"] == 2025) & (obs["region_code"] == "32.01")]
    assert not (other["source"] == "Dinas Kesehatan").any()


def test_cli_template_errors_exit_1(seeded, tmp_path, capsys):
    base = ["--data-dir", str(seeded), "template", "-o", str(tmp_path / "x.xlsx")]
    code, _, err = run([*base, "--indicators", "eco_povertyy"], capsys)
    assert code == 1
    assert "eco_povertyy" in err
    code, _, err = run(
        ["--lang", "en", *base, "--indicators", "eco_poverty", "--regions", "99"], capsys
    )
    assert code == 1
    assert "unknown region '99'" in err
    code, _, err = run([*base, "--indicators", "eco_poverty", "--year", "1990"], capsys)
    assert code == 1
    assert "1990" in err
    code, _, err = run([*base, "--publisher", "Nobody"], capsys)
    assert code == 1
    assert "BPS" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_template_english_and_publisher(seeded, tmp_path, capsys):
    form = tmp_path / "bps.xlsx"
    code, _, err = run(
        [
            *("--data-dir", str(seeded), "--lang", "en", "template", "--publisher", "BPS"),
            *("--regions", "all", "-o", str(form)),
        ],
        capsys,
    )
    assert code == 0, err
    book = openpyxl.load_workbook(io.BytesIO(form.read_bytes()))
    assert book.sheetnames[:2] == ["Data", "Instructions"]
    assert book.worksheets[0].max_row == 515
