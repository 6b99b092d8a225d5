"""The deck's "three levers" slide: the numbers of the levers view, a layout without overlaps."""

from __future__ import annotations

import io
import itertools
from dataclasses import replace

import pytest
from pptx import Presentation

from dashboard.config import Settings
from dashboard.data.store.repository import Repository
from dashboard.data.views.levers import top_levers
from dashboard.exports.briefing.build import build_briefing
from dashboard.exports.briefing.layout import SLIDE_H, SLIDE_W, Text, paras_height
from dashboard.exports.briefing.slides.levers import levers_slide
from tests.unit.exports.test_briefing_deck import fake_png


@pytest.fixture(scope="module")
def snap(tmp_path_factory):
    return Repository(Settings(DATA_DIR=tmp_path_factory.mktemp("lv") / "instance")).snapshot()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_levers_are_the_views_top_three(snap, lang):
    b = build_briefing(snap, "32.16", 2024, lang=lang)
    expected = top_levers(snap, "32.16", 2024, n=3)
    assert [lv.id for lv in b.levers] == expected["indicator_id"].tolist()
    assert [lv.gain for lv in b.levers] == pytest.approx(expected["gain"].tolist())
    assert all(lv.new_rank <= lv.rank for lv in b.levers)
    assert all(lv.synthetic for lv in b.levers)  # the sample: its distributions are synthetic


def _overlaps(a, b) -> bool:
    return not (
        a.x + a.w <= b.x + 1e-6
        or b.x + b.w <= a.x + 1e-6
        or a.y + a.h <= b.y + 1e-6
        or b.y + b.h <= a.y + 1e-6
    )


@pytest.mark.parametrize(
    ("code", "lang"), [("32.16", "id"), ("32.16", "en"), ("16.12", "id"), ("94.01", "en")]
)
def test_text_fits_its_box_and_boxes_do_not_overlap(snap, code, lang):
    b = build_briefing(snap, code, 2024, lang=lang)
    draft = levers_slide(b)
    texts = [op for op in draft.ops if isinstance(op, Text)]
    assert texts
    for op in texts:
        box = op.box
        assert box.x >= 0
        assert box.x + box.w <= SLIDE_W + 1e-6
        assert box.y >= 0
        assert box.y + box.h <= SLIDE_H - 0.6
        assert paras_height(op.paras, box.w * 0.96) <= box.h + 0.02, op.paras[0].text
    badge_or_number = {
        id(op) for op in texts if op.anchor == "middle" and len(op.paras[0].text) <= 3
    }
    free = [op for op in texts if id(op) not in badge_or_number]
    for first, second in itertools.combinations(free, 2):
        assert not _overlaps(first.box, second.box), (first.paras[0].text, second.paras[0].text)


def test_no_levers_says_so(snap):
    b = replace(build_briefing(snap, "32.16", 2024, lang="en"), levers=())
    draft = levers_slide(b)
    text = " ".join(p.text for op in draft.ops if isinstance(op, Text) for p in op.paras)
    assert "no lever" in draft.title
    assert "already reaches" in text


def test_slide_in_the_pptx(snap):
    from dashboard.exports.briefing.deck import build_deck

    deck = build_deck(snap, "32.16", 2024, fmt="pptx", lang="id", renderer=fake_png)
    position = [s.kind for s in deck.slides].index("levers")
    slide = Presentation(io.BytesIO(deck.content)).slides[position]
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "PENGUNGKIT" in text
    assert "IQR" in text
    assert "Data contoh (sintetis)" in text
    assert "57 → " in text
