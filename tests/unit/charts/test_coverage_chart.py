"""The coverage page's chart layer and pure trees: publisher counts, the request list's table
and provenance, status bars and the grouped request list with its form links."""

from __future__ import annotations

import json

import pandas as pd
import plotly
import pytest

from dashboard.charts.coverage import publisher_figure, publisher_status, request_export
from dashboard.components.coverage import request_list, status_bar
from dashboard.data.store.datasets import Dataset, empty_programme
from dashboard.data.store.repository import SYNTHETIC, Snapshot


@pytest.fixture
def snap(regions, framework):
    rows = [
        ("32.16", "eco_poverty", 2024, 4.6, "BPS"),
        ("32.75", "eco_poverty", 2024, 4.1, SYNTHETIC),
        ("32.16", "liv_stunting", 2024, 21.0, SYNTHETIC),
        ("32.16", "ctx_population", 2024, 3.2e6, "Dukcapil"),
    ]
    obs = pd.DataFrame(rows, columns=["region_code", "indicator_id", "period", "value", "source"])
    obs["reference_date"] = ""
    obs["note"] = ""
    return Snapshot(Dataset(None, obs, empty_programme()), regions, framework)


def test_publisher_counts_cover_the_scored_indicators(snap, framework):
    counts = publisher_status(snap, "32.16", 2024)
    assert counts[["real", "synthetic", "missing"]].to_numpy().sum() == len(
        framework.scored_indicators
    )
    bps = counts.set_index("label").loc["BPS"]
    assert bps["real"] == 1
    assert counts["lacking"].is_monotonic_decreasing
    fig = publisher_figure(snap, "32.16", 2024, lang="id", template="wall")
    assert len(fig.data[0].y) <= 12


def test_request_export_headers_and_provenance(snap):
    table, provenance = request_export(snap, 2024, ["32.16", "32.75"], scope="32", lang="en")
    assert list(table.columns[:3]) == ["Publisher / agency", "Indicator id", "Indicator"]
    poverty = table[table["Indicator id"] == "eco_poverty"].iloc[0]
    assert poverty["Kab/kota without a real value"] == 1
    assert poverty["Region codes without a real value"] == "32.75"
    assert provenance.synthetic
    assert provenance.period == "2024"
    assert "BPS" in provenance.sources


def test_status_bar_and_request_list_trees():
    bar = json.dumps(
        status_bar(3, 1, 0, lang="en"), cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False
    )
    assert "75.00%" in bar
    assert "3 real · 1 synthetic · 0 none" in bar
    frame = pd.DataFrame(
        [
            {
                "publisher": "BPS / Polri",
                "id": "soc_crime",
                "name_id": "Risiko",
                "name_en": "Risk",
                "lacking": 2,
                "latest_real": None,
            },
        ]
    )
    tree = json.dumps(
        request_list(
            frame, lang="id", template_query={"regions": "32", "period": "2024"}, n_regions=27
        ),
        cls=plotly.utils.PlotlyJSONEncoder,
        ensure_ascii=False,
    )
    assert "/export/coverage/template.xlsx?regions=32&period=2024&publisher=BPS+%2F+Polri" in tree
    assert "2 dari 27 kab/kota" in tree
