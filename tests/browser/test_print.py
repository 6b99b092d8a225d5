"""Printing the overview and a region profile on A4 (assets/27-print.css, assets/27-print.js).

Each test loads its page once and checks two things: Chromium's own print path (``page.pdf``,
which fires ``beforeprint`` and the ``matchMedia('print')`` listeners as Ctrl+P does) gives few
pages whose text carries the print header and the synthetic-data label; and the page under print
emulation at the width of A4 hides the controls, shows what replaces them and overflows nowhere.

Page budgets: the overview is two pages (header, KPIs, map and ranking on the first; the
distribution and the measure's description on the second). The profile is five pages today
(header, KPIs, pillars and trend; strongest and weakest, programme, RPJMD targets; their trend
panels, timeline and levers; the what-if; the table of every indicator, about 50 rows over a page
and a half): six allows one page for text added later without letting a broken layout (a graph
at screen width, a table cut into columns) pass.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.browser.conftest import screenshot, wait_for_dash

pytestmark = pytest.mark.browser

A4_WIDTH = 794  # CSS px: 210 mm at 96 dpi; media queries see this width when printing
CONTENT_WIDTH = 186 * 96 / 25.4  # 210 mm less the 12 mm @page margins (27-print.css)

GRAPH_SIZES = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .map(gd => [Math.round(gd._fullLayout.width), Math.round(gd._fullLayout.height)])"""

GRAPHS_FIT_BOXES = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).every(gd =>
    Math.abs(gd._fullLayout.width - gd.clientWidth) < 2
    && Math.abs(gd._fullLayout.height - gd.clientHeight) < 2)"""

# every graph drawn at the width of its box on paper, none wider than the A4 content width
GRAPHS_ON_PAPER = f"""() => {{
    const graphs = Array.from(document.querySelectorAll('.js-plotly-plot'));
    return graphs.length > 0 && graphs.every(gd => gd._fullLayout
        && gd._fullLayout.width <= {CONTENT_WIDTH} + 1
        && Math.abs(gd._fullLayout.width - gd.parentElement.clientWidth) < 2);
}}"""

# shown elements reaching past the printable width (the body starts at x = 0 in emulation)
OVERFLOWING = f"""() => Array.from(document.querySelectorAll('body *'))
    .filter(el => el.checkVisibility() && el.getBoundingClientRect().right > {CONTENT_WIDTH} + 1)
    .map(el => el.tagName + '#' + el.id + '.' + String(el.className).slice(0, 60))"""

VISIBLE = "sel => Array.from(document.querySelectorAll(sel)).some(el => el.checkVisibility())"
HIDDEN = """sel => { const els = Array.from(document.querySelectorAll(sel));
    return els.length > 0 && els.every(el => !el.checkVisibility()); }"""


def _print_pdf(page) -> PdfReader:
    """Print through Chromium as Ctrl+P does (backgrounds off, the browsers' default)."""
    widths = [w for w, _ in page.evaluate(GRAPH_SIZES)]
    pdf = page.pdf(format="A4", print_background=False)
    # after printing every graph is back at its screen width and fills its box again
    assert [w for w, _ in page.evaluate(GRAPH_SIZES)] == widths
    page.wait_for_function(GRAPHS_FIT_BOXES)
    return PdfReader(io.BytesIO(pdf))


def _emulate_paper(page) -> None:
    page.set_viewport_size({"width": A4_WIDTH, "height": 1123})
    page.emulate_media(media="print")
    page.wait_for_function(GRAPHS_ON_PAPER)


def _assert_paper_layout(page) -> None:
    """Controls hidden, print header and synthetic label shown, nothing wider than the paper."""
    assert page.evaluate("() => getComputedStyle(document.getElementById('navbar')).display") == (
        "none"
    )
    for selector in ("#navbar", ".kc-export", ".skip-link", "#region-search-list", ".btn"):
        assert page.evaluate(HIDDEN, selector), f"{selector} prints"
    assert page.evaluate(
        "() => getComputedStyle(document.querySelector('.kc-export')).display"
    ) == ("none")
    for selector in ("#print-header", ".kc-print-filters", "#synthetic-badge", "#footer"):
        assert page.evaluate(VISIBLE, selector), f"{selector} does not print"
    badge = page.evaluate(
        """() => { const s = getComputedStyle(document.getElementById('synthetic-badge'));
                   return [s.color, s.borderTopStyle, s.borderTopColor]; }"""
    )
    assert badge == ["rgb(0, 0, 0)", "solid", "rgb(0, 0, 0)"], "synthetic label not black on white"
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= A4_WIDTH
    assert page.inner_text("#print-url") == page.url
    assert re.fullmatch(r"\d{1,2} \w+ \d{4} \d{2}[.:]\d{2} WIB", page.inner_text("#print-when"))


def test_overview_prints_map_and_ranking_on_the_first_of_two_a4_pages(page, server):
    page.goto(server.url + "/")
    wait_for_dash(page)
    measure = page.inner_text("#indicator-select-value")
    year = page.inner_text("#period-select-value")

    pdf = _print_pdf(page)
    assert 1 <= len(pdf.pages) <= 2
    first = pdf.pages[0].extract_text()
    # the print header, the synthetic label, the map's colour bar and the ranking's last region
    page_number = f"1 / {len(pdf.pages)}"  # the @page margin box
    for text in ("Filter aktif", "Data contoh (sintetis)", "lebih baik", "514. Kab.", page_number):
        assert text in first, f"{text!r} is not on page 1"

    _emulate_paper(page)
    _assert_paper_layout(page)
    assert page.evaluate(HIDDEN, ".filters")
    summary = page.inner_text("#print-filters")
    assert summary == (
        f"Ukuran: {measure} · Tahun: {year} · Provinsi: Seluruh Indonesia · Jenis peta: Peta petak"
    )
    assert page.evaluate(VISIBLE, "#overview-about")  # units and sources of the values
    assert "Sumber nilai yang ditampilkan" in page.inner_text("#overview-about")
    screenshot(page, "print-overview")
    assert page.console_log.problems() == []


def test_profile_prints_in_english_with_every_indicator_as_a_table(page, server):
    page.goto(server.url + "/wilayah/32.16?lang=en")
    wait_for_dash(page)
    page.wait_for_selector("#profile-indicators .ag-row")  # the grid's bundle loads on demand
    year = page.inner_text("#profile-period-value")

    pdf = _print_pdf(page)
    assert 1 <= len(pdf.pages) <= 6
    first = pdf.pages[0].extract_text()
    for text in ("Active filters", "Printed", "Sample data (synthetic)", "Kabupaten Bekasi"):
        assert text in first, f"{text!r} is not on page 1"

    _emulate_paper(page)
    _assert_paper_layout(page)
    assert page.evaluate(HIDDEN, ".kc-filters")
    assert page.inner_text("#print-filters") == f"Year: {year}"
    # the grid scrolls and cuts columns on paper: a plain table replaces it, every row shown
    assert page.evaluate(HIDDEN, "#profile-indicators")
    assert page.evaluate(VISIBLE, "#profile-indicators-print")
    grid_rows = page.evaluate(
        "() => document.querySelectorAll('#profile-indicators .ag-center-cols-container .ag-row').length"
    )
    assert grid_rows > 30
    assert page.locator("#profile-indicators-print tbody tr").count() == grid_rows
    assert "Source" in page.inner_text("#profile-indicators-print thead")
    screenshot(page, "print-profile")
    assert page.console_log.problems() == []
