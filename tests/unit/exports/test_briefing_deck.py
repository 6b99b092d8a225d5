"""The deck from the sample data: facts, slides, PPTX and PDF files, file names, progress and
concurrent builds. Charts are drawn by a stand-in renderer (a plain PNG of the right size) so
these tests need no browser; tests/integration/test_briefing.py uses the real Chromium."""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from dashboard.config import Settings
from dashboard.data.errors import DataError
from dashboard.data.store.datasets import Dataset
from dashboard.data.store.repository import Repository, Snapshot
from dashboard.exports.briefing import charts as briefing_charts
from dashboard.exports.briefing.build import build_briefing, resolve_period, resolve_region
from dashboard.exports.briefing.deck import CHART_SCALE, build_deck, deck_filename
from dashboard.exports.briefing.facts import CHART_KEYS
from dashboard.exports.briefing.layout import Box, Para, Picture, fit, paras_height

# the sample's home region has (illustrative) RPJMD targets: the deck gets the targets slide
KINDS = [
    "title",
    "summary",
    *["chart"] * len(CHART_KEYS),
    "levers",
    "targets",
    "table",
    "sources",
]


def fake_png(fig, fmt, *, width, height, scale=1.0) -> bytes:
    """What the warm Chromium would return, minus the drawing: a PNG of the requested size."""
    assert fmt == "png"
    out = io.BytesIO()
    Image.new("RGB", (int(width * scale), int(height * scale)), "#225ea8").save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def snap(tmp_path_factory):
    return Repository(Settings(DATA_DIR=tmp_path_factory.mktemp("deck") / "instance")).snapshot()


@pytest.fixture(scope="module")
def pptx_deck(snap):
    return build_deck(snap, "32.16", 2024, fmt="pptx", lang="id", renderer=fake_png)


def test_facts_of_kabupaten_bekasi(snap):
    b = build_briefing(snap, "3216", 2024, lang="id")
    assert (b.region.code, b.region.name, b.region.province_name) == (
        "32.16",
        "Kabupaten Bekasi",
        "Jawa Barat",
    )
    row = snap.scores[(snap.scores["region_code"] == "32.16") & (snap.scores["period"] == 2024)]
    assert b.score.value == pytest.approx(float(row["composite"].iloc[0]))
    assert b.score.rank_national == int(row["rank_national"].iloc[0])
    assert b.score.n_province == 27
    assert [g.kind for g in b.groups] == ["pillar"] * 6 + ["element"] * 3
    assert b.synthetic  # the sample is synthetic ...
    publishers = dict(b.real_sources())  # ... except the real values, which name a publisher
    assert any(p.startswith("BPS") for p in publishers)
    assert any(p.startswith("Dukcapil") for p in publishers)
    assert set(b.strongest).isdisjoint(b.weakest)
    assert len(b.strongest) == 3
    assert b.programme is not None
    assert b.programme.cohort == 2022
    assert b.programme.mou_date == "2022-04-21"


def test_bad_region_and_period_are_data_errors(snap):
    with pytest.raises(DataError, match=r"unknown region '99\.99'"):
        resolve_region(snap, "99.99")
    with pytest.raises(DataError, match="not a regency or city"):
        resolve_region(snap, "32")
    with pytest.raises(DataError, match="ambiguous"):
        resolve_region(snap, "Bekasi")
    assert resolve_region(snap, "Kota Bekasi") == "32.75"
    with pytest.raises(DataError, match="period '1999' is not available"):
        resolve_period(snap, "1999")
    with pytest.raises(DataError, match="period 'x' is not available"):
        resolve_period(snap, "x")
    assert resolve_period(snap, None) in snap.periods


def test_pptx_has_the_slides_in_order_with_a_picture_on_each_chart_slide(pptx_deck):
    assert [s.kind for s in pptx_deck.slides] == KINDS
    prs = Presentation(io.BytesIO(pptx_deck.content))
    assert len(prs.slides) == len(KINDS)
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-3)
    for number, (slide, kind) in enumerate(zip(prs.slides, KINDS, strict=True), start=1):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert len(pictures) == (1 if kind == "chart" else 0), number
        assert f"{number} / {len(KINDS)}" in text  # slide number
        assert "Kota Cerdas Command Center" in text  # footer on every slide
        if kind != "title":
            assert "Data contoh (sintetis)" in text, number  # the mark on every slide with values
            assert "Versi dataset" in text, number
        assert slide.has_notes_slide
        assert slide.notes_slide.notes_text_frame.text
    first = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "Kabupaten Bekasi" in first
    assert "2024" in first
    assert "bukan data resmi" in first
    tables = [s for s in prs.slides[len(KINDS) - 2].shapes if s.has_table]
    assert len(tables) == 2
    cells = " ".join(c.text for t in tables for row in t.table.rows for c in row.cells)
    assert "PDRB per kapita ADHK 2010" in cells
    assert "BPS" in cells
    assert "sintetis" in cells


def test_chart_pictures_are_2x_of_their_box(pptx_deck):
    for slide in pptx_deck.slides:
        for op in slide.ops:
            if isinstance(op, Picture):
                width, height = Image.open(io.BytesIO(op.png)).size
                assert width / op.box.w == pytest.approx(height / op.box.h, rel=0.01)
                assert width == 900 * CHART_SCALE


def test_pdf_has_the_same_slides_and_extractable_text(snap, pptx_deck):
    pdf = build_deck(snap, "32.16", 2024, fmt="pdf", lang="en", renderer=fake_png)
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == len(pptx_deck.slides)
    box = reader.pages[0].mediabox
    assert float(box.width) / float(box.height) == pytest.approx(16 / 9, rel=1e-3)
    pages = [page.extract_text() for page in reader.pages]
    assert "Kabupaten Bekasi" in pages[0]
    assert all("Sample data (synthetic)" in text for text in pages[1:])
    assert "KEY FINDINGS" in pages[1]
    assert len(reader.outline) == len(pages)
    for page, slide in zip(pages[2:10], pdf.slides[2:10], strict=True):
        assert slide.title.split(";")[0][:30] in page.replace("\n", " ")
    assert pdf.filename == "briefing_32.16_kab-bekasi_2024.pdf"


def test_file_names_use_only_safe_characters(snap):
    b = build_briefing(snap, "31.71", 2024)  # Kota Administrasi Jakarta Pusat
    name = deck_filename(b, "pptx")
    assert re.fullmatch(r"[a-z0-9._-]+", name)
    assert name == "paparan_31.71_kota-adm-jakarta-pusat_2024.pptx"
    odd = replace(b, region=replace(b.region, name='Kota "X"/../\r\nY é'))
    assert re.fullmatch(r"[a-z0-9._-]+", deck_filename(odd, "pdf"))


def test_progress_names_every_stage(snap):
    seen = []
    build_deck(
        snap,
        "32.75",
        2023,
        fmt="pdf",
        renderer=fake_png,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert [s for s, _, _ in seen] == ["data", *["chart"] * len(CHART_KEYS), "write"]
    assert [d for _, d, _ in seen] == list(range(1, len(CHART_KEYS) + 3))
    assert {total for _, _, total in seen} == {len(CHART_KEYS) + 2}


def test_concurrent_builds_do_not_share_state(snap):
    jobs = [("32.16", "pptx", "id"), ("32.75", "pdf", "en"), ("11.01", "pptx", "en")] * 2
    with ThreadPoolExecutor(max_workers=3) as pool:
        decks = list(
            pool.map(
                lambda job: build_deck(
                    snap, job[0], 2024, fmt=job[1], lang=job[2], renderer=fake_png
                ),
                jobs,
            )
        )
    for (code, fmt, lang), deck in zip(jobs, decks, strict=True):
        assert deck.briefing.region.code == code
        assert deck.briefing.lang == lang
        assert deck.filename.endswith(f".{fmt}")
        assert f"_{code}_" in deck.filename
        assert code in deck.slides[0].notes or deck.briefing.region.name in deck.slides[0].title


def test_a_region_without_data_still_gets_a_deck(snap):
    """Missing data is said on the slides (data kurang), never drawn as zero or a crash."""
    obs = snap.observations
    scored = obs["indicator_id"].str.startswith(("gov_", "brd_", "eco_", "liv_", "soc_"))
    gone = (obs["region_code"] == "32.16") & scored
    empty = Snapshot(
        Dataset(snap.dataset.manifest, obs[~gone].reset_index(drop=True), snap.programme),
        snap.regions,
        snap.framework,
    )
    deck = build_deck(empty, "32.16", 2024, fmt="pdf", renderer=fake_png)
    assert deck.briefing.score.value is None
    assert deck.slides[1].title == "Kabupaten Bekasi 2024: skor belum dapat dihitung (data kurang)"
    assert "belum dapat dihitung" in deck.slides[2].title
    assert len(PdfReader(io.BytesIO(deck.content)).pages) == len(KINDS) - 1  # no targets here


def test_every_chart_figure_builds_with_the_print_template(snap):
    b = build_briefing(snap, "32.16", 2024, lang="en")
    figures = briefing_charts.chart_figures(snap, b)
    assert list(figures) == list(CHART_KEYS)
    for key, fig in figures.items():
        assert fig.layout.template.layout.font.size == 14, key  # the print template
        assert fig.data, key


def test_fit_shrinks_long_text_until_it_fits():
    box = Box(0, 0, 4.0, 0.5)
    long = [Para("kata " * 60, 24, True)]
    fitted = fit(long, box, floor=0.3)
    assert fitted[0].size < 24
    assert paras_height(fitted, box.w * 0.96) <= box.h
    assert fit([Para("pendek", 24)], box)[0].size == 24


def test_targets_slide_lists_target_against_actual_and_events(pptx_deck):
    """The targets slide: every target with its status, the sample label and the events."""
    slide = next(s for s in pptx_deck.slides if s.kind == "targets")
    b = pptx_deck.briefing
    assert len(b.targets) >= 5
    assert {"met", "missed"} <= {x.status for x in b.targets}
    assert "target tercapai atau sesuai jalur" in slide.title
    prs = Presentation(io.BytesIO(pptx_deck.content))
    page = prs.slides[[s.kind for s in pptx_deck.slides].index("targets")]
    text = " ".join(
        cell.text
        for shape in page.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
    )
    assert "Indeks kota cerdas (komposit)" in text
    assert "Tidak tercapai" in text
    notes = " ".join(s.text_frame.text for s in page.shapes if s.has_text_frame)
    assert "bukan target RPJMD resmi" in notes
    assert "2022-04-21" in notes
