"""The readiness map carries what its keyboard exploration announces (``layout.meta``), in the
figure and in every recolour Patch, so the browser describes the values it shows."""

from __future__ import annotations

import pytest

from dashboard.charts import maps

HOME = "32.16"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_figure_and_patch_carry_the_measure_year_and_direction(snap, lang):
    fig = maps.readiness_figure(
        snap, "composite", 2024, mode="tile", province="all", lang=lang, home=HOME
    )
    meta = fig.layout.meta
    assert meta["values_trace"] == 1
    assert meta["period"] == 2024
    assert meta["direction"] == "up"
    assert meta["measure"] == (
        "Indeks Kesiapan Kota Cerdas" if lang == "id" else "Smart City Readiness Index"
    )
    patch = maps.readiness_patch(
        snap, "eco_poverty", 2023, mode="tile", province="all", lang=lang, home=HOME
    ).to_plotly_json()
    layout_ops = [op for op in patch["operations"] if op["location"][0] == "layout"]
    sent = next(op["params"]["value"] for op in layout_ops if op["location"] == ["layout", "meta"])
    assert sent["period"] == 2023
    assert sent["direction"] == "down"  # a lower poverty rate is better: rank 1 is the lowest
    assert sent["unit"] == "%"
