"""BPS imports on the command line: table exports with --indicator, WebAPI answers from a file,
no key, no network, and a rejected BPS file leaving the store byte for byte unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.data.imports.indicators import ensure_seeded
from dashboard.data.store.datasets import SYNTHETIC, DataStore
from tests.integration.test_cli import _snapshot, run

BPS = Path(__file__).resolve().parents[1] / "fixtures" / "bps"
KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, regions, framework):
    root = tmp_path_factory.mktemp("bps-cli") / "instance"
    ensure_seeded(DataStore(root), regions, framework)
    return root


def observations(root: Path):
    return DataStore(root).load().observations


def test_bps_xlsx_imports_with_its_indicator_and_source(seeded, capsys):
    argv = ["--data-dir", str(seeded), "--lang", "en", "import", "indicators",
            str(BPS / "ipm_kabkota_id.xlsx"), "--indicator", "liv_hdi"]  # fmt: skip
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert "read as the BPS table" in out
    assert "Imported as version" in out
    obs = observations(seeded)
    row = obs[(obs.region_code == "32.16") & (obs.indicator_id == "liv_hdi") & (obs.period == 2023)]
    assert row["value"].tolist() == [75.76]
    assert row["source"].iloc[0].startswith("BPS — [Metode Baru] Indeks Pembangunan Manusia")
    assert SYNTHETIC not in set(obs.loc[obs.source.str.startswith("BPS —"), "source"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "indicators", str(BPS / "hdi_regency_en.csv")], "--indicator"),
        (["import", "indicators", str(BPS / "ipm_unmatched_name.csv"), "--indicator", "liv_hdi"],
         "32.16 Kabupaten Bekasi"),
        (["import", "indicators", str(BPS / "hdi_regency_en.csv"), "--indicator", "nope"],
         "not in the framework"),
        (["import", "bps", "--var", "413", "--indicator", "liv_hdi"], "BPS_API_KEY"),
    ],
)  # fmt: skip
def test_rejected_bps_input_changes_nothing(seeded, capsys, argv, message):
    before = _snapshot(seeded)
    code, out, err = run(["--data-dir", str(seeded), "--lang", "en", *argv], capsys)
    assert code == 1
    assert message in out + err
    assert "Traceback" not in out + err
    assert _snapshot(seeded) == before


def test_webapi_answer_from_a_file(seeded, capsys, tmp_path):
    argv = ["--data-dir", str(seeded), "import", "bps", "--var", "413", "--indicator", "liv_hdi",
            "--from-file", str(BPS / "webapi_var413.json"), "--year", "2023", "--who", "tester"]  # fmt: skip
    code, _out, err = run(argv, capsys)
    assert code == 0, err
    obs = observations(seeded)
    hdi = obs[(obs.indicator_id == "liv_hdi") & (obs.period == 2023)]
    assert hdi.set_index("region_code").loc["95.01", "value"] == 60.5
    assert hdi.set_index("region_code").loc["95.01", "source"] == (
        "BPS — [Metode Baru] Indeks Pembangunan Manusia (var 413)"
    )


def test_webapi_without_network_fails_fast_and_never_prints_the_key(seeded, capsys):
    before = _snapshot(seeded)
    env = {"BPS_API_KEY": KEY, "BPS_API_URL": "http://127.0.0.1:9/v1/api"}
    from dashboard.cli import main

    code = main(["--data-dir", str(seeded), "import", "bps", "--var", "413",
                 "--indicator", "liv_hdi"], environ=env)  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 1
    assert "127.0.0.1" in err
    assert KEY not in out + err
    assert _snapshot(seeded) == before


def test_webapi_answer_with_an_unknown_region_is_rejected(seeded, capsys, tmp_path):
    data = json.loads((BPS / "webapi_var413.json").read_text("utf-8"))
    data["vervar"].append({"val": 3299, "label": "Antah Berantah"})
    data["datacontent"]["329941301230"] = 70.0
    path = tmp_path / "answer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = _snapshot(seeded)
    argv = ["--data-dir", str(seeded), "--lang", "en", "import", "bps", "--var", "413",
            "--indicator", "liv_hdi", "--from-file", str(path)]  # fmt: skip
    code, out, err = run(argv, capsys)
    assert code == 1
    assert "3299" in out + err
    assert _snapshot(seeded) == before
