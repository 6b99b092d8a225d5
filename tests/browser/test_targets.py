"""Targets and events in headless Chromium: the profile's target table, target lines and event
markers; the wall's target scene by the 1080p legibility rule; no console errors."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, wait_for_dash
from tests.browser.test_wall import LEGIBILITY_JS

pytestmark = pytest.mark.browser


def test_profile_shows_target_against_actual_and_event_markers(page, server):
    page.goto(server.url + "/wilayah/32.16")
    wait_for_dash(page)
    table = page.locator("#profile-targets")
    table.wait_for()
    statuses = page.eval_on_selector_all(
        "#profile-targets tr[data-status]", "rows => rows.map(r => r.dataset.status)"
    )
    assert len(statuses) >= 5
    assert {"met", "missed", "on_course", "off_course"} <= set(statuses)
    text = table.inner_text()
    assert "Indeks kota cerdas (komposit)" in text
    assert "Tercapai" in text
    assert "Sesuai jalur" in text
    assert "sintetis" in page.inner_text(".card:has(#profile-targets)").lower()
    # the composite trend: a target trace and the event annotations (MoU with the bimtek)
    trend = page.evaluate(
        """() => {
            const gd = document.querySelector('#profile-trend .js-plotly-plot') ||
                       document.querySelector('#profile-trend');
            return {names: gd.data.map(d => d.name),
                    notes: gd.layout.annotations.filter(a => a.name === 'event').map(a => a.text),
                    shapes: (gd.layout.shapes || []).filter(s => s.type === 'line').length};
        }"""
    )
    assert "Target" in trend["names"]
    assert any(n.startswith("MoU") for n in trend["notes"]), trend
    assert trend["shapes"] >= 6  # the MoU, four bimtek, the masterplan
    labels = page.eval_on_selector_all(
        "#profile-trend .annotation-text",
        "els => els.map(e => { const b = e.getBoundingClientRect();"
        " return [b.left, b.top, b.right, b.bottom, e.textContent]; })",
    )
    events = [b for b in labels if b[4].startswith(("MoU", "Masterplan", "Bimtek"))]
    assert len(events) >= 2
    for i, a in enumerate(events):  # event labels never overlap each other
        for b in events[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    # hovering a label shows the full titles with their dates
    page.hover("#profile-trend .annotation-text >> text=/^MoU/")
    page.wait_for_selector("#profile-trend .hoverlayer text, #profile-trend .hovertext")
    assert "2022-04-21" in page.text_content("#profile-trend .hoverlayer")
    timeline = page.inner_text("#profile-timeline")
    assert "2022-04-21" in timeline
    assert "Bimtek 1" in timeline
    panels = page.evaluate(
        "() => document.querySelector('#profile-target-chart .js-plotly-plot')"
        ".data.filter(d => d.name === 'Target').length"
    )
    assert panels >= 5
    page.mouse.move(5, 5)  # no hover label in the picture
    page.wait_for_selector("#profile-trend .hoverlayer .hovertext", state="detached")
    top = page.evaluate(
        "() => document.querySelector('#profile-trend').closest('.card').getBoundingClientRect().top"
        " + window.scrollY - 16"
    )
    bottom = page.evaluate(
        "() => document.querySelector('#profile-targets').closest('.card').getBoundingClientRect()"
        ".bottom + window.scrollY + 16"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(SCREENSHOTS / "profile-targets.png"),
        full_page=True,
        clip={"x": 0, "y": top, "width": 1920, "height": bottom - top},
    )
    assert page.console_log.problems() == []


def test_wall_target_scene_is_legible_at_1080p(page, server):
    page.goto(server.url + "/wall?scenes=target,peta&interval=600")
    page.wait_for_selector(".wall-scene-target.active")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.wall-scene.active .js-plotly-plot'))"
        ".every(gd => gd._fullLayout)"
    )
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.wall-scene.active')).opacity === '1'"
    )
    scene = page.locator(".wall-scene-target")
    text = scene.inner_text()
    assert "Kabupaten Bekasi" in text
    assert "bukan target RPJMD resmi" in text
    statuses = page.eval_on_selector_all(
        ".wall-scene-target .wall-target-row", "rows => rows.map(r => r.dataset.status)"
    )
    assert len(statuses) >= 5
    sizes = page.evaluate(LEGIBILITY_JS)
    assert sizes["scene"] == "target"
    assert sizes["smallest"] >= 23.5, sizes
    assert sizes["headline"] >= 64, sizes
    # rows do not overflow the stage
    bottom = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('.wall-scene-target *'))"
        ".map(e => e.getBoundingClientRect().bottom))"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "wall-target.png"))
    assert bottom <= 1080, bottom
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "wall-target.png"))
    assert page.console_log.problems() == []
