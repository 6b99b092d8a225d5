"""Charts' text alternatives (charts/text.py) and the data table page's cells (charts/tableview.py):
short, factual, in the page language, with the synthetic values counted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.charts.columns import column, yes_no
from dashboard.charts.provenance import ChartExport, Provenance
from dashboard.charts.query import resolve
from dashboard.charts.registry import CHARTS
from dashboard.charts.tableview import cell, table_view
from dashboard.charts.text import chart_text, describe
from dashboard.i18n import t

HOME = "32.16"


def _export(data: pd.DataFrame, lang: str, *, synthetic: bool = True, notes=()) -> ChartExport:
    provenance = Provenance(
        title="Peta: uji, 2024",
        measure="uji",
        unit="skor",
        period="2024",
        sources=("BPS — Tabel 1", "BPS — Tabel 2", t("export.synthetic_source", lang))
        if synthetic
        else ("BPS — Tabel 1",),
        data_year="2024",
        dataset_version=3,
        code_vintage="Kepmendagri",
        synthetic=synthetic,
        notes=tuple(notes),
    )
    return ChartExport("uji", go.Figure, data, provenance, "sub", lang)


def _regions(lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            column("name", lang): ["Kota A", "Kota B", "Kota C", "Kota D"],
            column("value", lang): [12.5, 3.25, np.nan, 70.0],
            column("synthetic", lang): [
                yes_no(True, lang),
                yes_no(False, lang),
                "",
                yes_no(True, lang),
            ],
        }
    )


def test_region_summary_in_indonesian_counts_synthetic_values():
    text = describe(_export(_regions("id"), "id"))
    assert text.title == "Peta: uji, 2024"
    assert text.summary == (
        "3 dari 4 wilayah bernilai. Tertinggi: Kota D 70; terendah: Kota B 3,25; median 12,5. "
        "2 nilai sintetis (data contoh). Sumber: BPS, data contoh (sintetis)."
    )


def test_region_summary_in_english():
    summary = describe(_export(_regions("en"), "en")).summary
    assert summary.startswith(
        "3 of 4 regions have a value. Highest: Kota D 70; lowest: Kota B 3.25"
    )
    assert "2 synthetic values (sample data)." in summary
    assert summary.endswith("Source: BPS, sample data (synthetic).")


def test_official_only_data_says_no_synthetic_word():
    data = _regions("id")
    data[column("synthetic", "id")] = yes_no(False, "id")
    summary = describe(_export(data, "id", synthetic=False)).summary
    assert "sintetis" not in summary
    assert summary.endswith("Sumber: BPS.")


def test_no_values_is_said_not_hidden():
    data = pd.DataFrame({column("name", "id"): ["A", "B"], column("value", "id"): [None, None]})
    assert describe(_export(data, "id", synthetic=False)).summary.startswith(
        "Belum ada nilai untuk pilihan ini (2 baris)."
    )


def test_trend_groups_and_bins():
    trend = pd.DataFrame(
        {column("period", "en"): [2019, 2020, 2024], column("value", "en"): [50.0, np.nan, 56.25]}
    )
    assert describe(_export(trend, "en")).summary.startswith("2019: 50; 2024: 56.2 (+6.2).")
    groups = pd.DataFrame(
        {
            column("group", "id"): ["Pilar 1", "Pilar 2"],
            column("value", "id"): [40.0, 61.5],
            column("national_mean", "id"): [45.0, 50.0],
        }
    )
    assert describe(_export(groups, "id")).summary.startswith(
        "Tertinggi: Pilar 2 61,5; terendah: Pilar 1 40. Di atas rata-rata nasional pada 1 dari 2."
    )
    bins = pd.DataFrame(
        {
            column("bin_from", "id"): [0.0, 4.0],
            column("bin_to", "id"): [4.0, 8.0],
            column("count", "id"): [3, 5],
        }
    )
    notes = [(t("export.note_framework", "id"), "2026.2"), ("Rata-rata nasional", "4,1")]
    summary = describe(_export(bins, "id", notes=notes)).summary
    assert summary.startswith(
        "8 nilai dalam 2 kelas; kelas terbanyak 4–8 (5 wilayah). Rata-rata nasional: 4,1."
    )
    assert "2026.2" not in summary


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_registered_chart_has_a_text_without_drawing_its_figure(snap, lang, monkeypatch):
    drawn = []
    monkeypatch.setattr(ChartExport, "figure", property(lambda self: drawn.append(self.name)))
    for name, spec in CHARTS.items():
        values = resolve(snap, spec.params, {}, home=HOME).values
        text = chart_text(name, snap, values, lang=lang, home=HOME)
        assert text.title, name
        assert text.summary, name
        assert len(text.summary) < 400, (name, text.summary)
        assert chart_text(name, snap, values, lang=lang, home=HOME) is text  # cached
    assert drawn == []


def test_map_summary_names_the_extremes_of_the_figure_data(snap):
    values = resolve(snap, CHARTS["peta-kesiapan"].params, {}, home=HOME).values
    export = CHARTS["peta-kesiapan"].export(snap, values, "id", HOME)
    data = export.data.dropna(subset=[column("value", "id")])
    top = data.loc[data[column("value", "id")].idxmax(), column("name", "id")]
    text = chart_text("peta-kesiapan", snap, values, lang="id", home=HOME)
    assert f"Tertinggi: {top} " in text.summary
    assert f"{len(data)} " in text.summary


def test_table_view_cells_and_row_headers():
    view = table_view(_export(_regions("id"), "id"))
    assert view.columns[view.header] == column("name", "id")
    assert view.rows[1] == ("Kota B", "3,25", yes_no(False, "id"))
    assert view.rows[2][1] == "–"
    assert view.numeric == (False, True, False)
    assert cell(2024, "id") == "2024"  # a year is not "2.024"
    assert cell(1234.5, "en") == "1,234.5"
    assert cell(pd.NA, "en") == "–"
