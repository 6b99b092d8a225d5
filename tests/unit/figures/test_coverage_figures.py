"""Coverage figures on three-row frames: the heatmap's shares and labels, the status bars."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.coverage import coverage_heatmap, status_bars, status_colours


def test_heatmap_shares_counts_and_order():
    matrix = pd.DataFrame(
        {
            "indicator_id": ["a", "a", "b", "b"],
            "period": [2023, 2024, 2023, 2024],
            "real": [0, 257, 514, 10],
            "synthetic": [514, 0, 0, 4],
            "missing": [0, 257, 0, 500],
            "n_regions": [514] * 4,
        }
    )
    fig = coverage_heatmap(matrix, {"a": "Alpha", "b": "Beta"}, lang="en")
    heat = fig.data[0]
    assert list(heat.y) == ["Beta", "Alpha"]  # the first indicator drawn on top
    assert list(heat.x) == ["2023", "2024"]
    assert list(heat.z[1]) == [0.0, 0.5]
    assert list(heat.text[0]) == ["514", "10"]
    assert heat.text[1][0] == ""  # no real value: no number
    assert "synthetic: 4" in heat.hovertext[0][1]


def test_status_bars_stack_three_statuses_first_row_on_top():
    frame = pd.DataFrame(
        {"label": ["BPS", "Kemenkes"], "real": [5, 0], "synthetic": [6, 1], "missing": [1, 0]}
    )
    fig = status_bars(frame, lang="id", template="wall")
    assert [trace.name for trace in fig.data] == ["nyata", "sintetis", "belum ada"]
    assert list(fig.data[0].y) == ["Kemenkes", "BPS"]
    assert list(fig.data[1].x) == [1, 6]
    assert fig.data[0].marker.color == status_colours(True)["real"]
    assert fig.layout.barmode == "stack"
