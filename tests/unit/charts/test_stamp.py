"""Framing a figure for export: title, provenance footer and warning drawn in, the original untouched."""

from __future__ import annotations

from datetime import datetime

import plotly.graph_objects as go
import pytest

from dashboard.charts import stamp
from dashboard.charts.provenance import Provenance, synthetic_note
from dashboard.i18n import WIB


def _provenance(*, synthetic: bool, sources=("BPS",)) -> Provenance:
    return Provenance(
        title="Peringkat: Persentase penduduk miskin, 2024",
        measure="Persentase penduduk miskin",
        unit="%",
        period="2024",
        sources=sources,
        data_year="2024",
        dataset_version=3,
        code_vintage="Kepmendagri 300.2.2-2138/2025",
        synthetic=synthetic,
        filters={"Provinsi": "Jawa Barat"},
        generated_at=datetime(2026, 1, 2, 8, 5, tzinfo=WIB),
    )


@pytest.fixture
def bars() -> go.Figure:
    fig = go.Figure(go.Bar(x=[3, 2, 1], y=[0, 1, 2], orientation="h"))
    fig.update_layout(template="print", margin={"l": 4, "r": 14, "t": 35, "b": 4}, height=500)
    fig.update_yaxes(tickvals=[0, 1, 2], ticktext=["1. Kab. Bandung Barat", "2. X", "3. Y"])
    fig.update_xaxes(title={"text": "Persen"})
    return fig


def _text(fig: go.Figure) -> str:
    return " ".join(a.text for a in fig.layout.annotations) + " " + fig.layout.title.text


def test_the_page_figure_is_never_changed(bars):
    before = bars.to_json()
    stamp.framed(bars, title="T", subtitle="S", provenance=_provenance(synthetic=True), lang="id")
    assert bars.to_json() == before


def test_title_subtitle_and_every_provenance_line_are_drawn_in(bars):
    prov = _provenance(synthetic=False)
    out = stamp.framed(
        bars, title=prov.title, subtitle="% · Jawa Barat", provenance=prov, lang="id"
    )
    assert prov.title in out.layout.title.text
    assert out.layout.title.subtitle.text == "% · Jawa Barat"
    text = _text(out)
    for line in prov.footer_lines("id"):
        for part in line.split(" · "):
            assert part in text
    assert "Versi dataset 3" in text
    assert "2 Januari 2026 08.05 WIB" in text
    assert "Kota Cerdas Command Center" in text
    assert synthetic_note("id") not in text


def test_synthetic_data_gets_an_amber_badge_and_an_amber_note(bars):
    out = stamp.framed(
        bars, title="T", subtitle="S", provenance=_provenance(synthetic=True), lang="en"
    )
    badge = [a for a in out.layout.annotations if a.bgcolor == stamp.AMBER_FILL]
    assert len(badge) == 1
    assert "Sample data (synthetic)" in badge[0].text
    footer = next(a for a in out.layout.annotations if synthetic_note("en") in a.text)
    assert stamp.AMBER_TEXT in footer.text.split("<br>")[0]


def test_the_stage_is_sized_and_the_screen_height_is_dropped(bars):
    out = stamp.framed(
        bars, title="T", subtitle="S", provenance=_provenance(synthetic=False), lang="id"
    )
    assert (out.layout.width, out.layout.height) == (stamp.STAGE_WIDTH, stamp.STAGE_HEIGHT)
    assert out.layout.paper_bgcolor == "#ffffff"
    # room below the plot for the axis title, then the footer
    assert out.layout.margin.b >= 14 * 4 + 3 * stamp.FOOTER_SIZE


def test_the_left_margin_fits_the_longest_axis_label(bars):
    out = stamp.framed(
        bars, title="T", subtitle="S", provenance=_provenance(synthetic=False), lang="id"
    )
    longest = len("1. Kab. Bandung Barat") * 14 * 0.5  # a lower bound of its rendered width
    assert out.layout.margin.l >= stamp.EDGE + longest


def test_long_footer_lines_are_wrapped_to_the_image_width(bars):
    many = tuple(f"Badan Statistik Daerah Nomor {i}" for i in range(12))
    out = stamp.framed(
        bars,
        title="T",
        subtitle="S",
        provenance=_provenance(synthetic=False, sources=many),
        lang="id",
    )
    footer = next(a for a in out.layout.annotations if "Sumber data" in a.text)
    lines = footer.text.split("<br>")
    limit = stamp.STAGE_WIDTH / (stamp.FOOTER_SIZE * stamp.CHAR_WIDTH * 0.95)
    assert len(lines) > 3
    assert all(len(line) <= limit for line in lines)


def test_a_long_title_gets_smaller_type(bars):
    title = "Peringkat: " + "Persentase rumah tangga dengan akses internet tetap " * 2
    out = stamp.framed(
        bars, title=title, subtitle="", provenance=_provenance(synthetic=True), lang="id"
    )
    assert 16 <= out.layout.title.font.size < stamp.TITLE_SIZE
