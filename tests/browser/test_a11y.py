"""WCAG 2.1 A/AA checks with axe-core (vendored for tests only, tests/browser/vendor/) on every
page in both languages and on every wall scene.

A failure prints each violation's rule id, impact, target selectors and help URL. KNOWN lists the
rules still violated on a page when this test landed (a ratchet): a new rule failing anywhere
fails the test, and a page that no longer violates a known rule must drop it from KNOWN.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.data.views.wall import SCENES
from tests.browser.conftest import wait_for_dash

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [
    "/",
    "/wilayah/32.16",
    "/wilayah/32.16/kecamatan",
    "/bandingkan?kode=32.16,32.75",
    "/indikator",
    "/program",
    "/data",
    "/peringatan",
    "/login",
    "/tidak-ada",
]
_BASELINE: dict[str, list[str]] = {
    "/": ["aria-hidden-focus", "color-contrast"],
    "/wilayah/32.16": [
        "aria-hidden-focus",
        "aria-input-field-name",
        "aria-progressbar-name",
        "color-contrast",
    ],
    "/wilayah/32.16/kecamatan": ["aria-hidden-focus", "color-contrast"],
    "/bandingkan?kode=32.16,32.75": [
        "aria-hidden-focus",
        "color-contrast",
        "label-content-name-mismatch",
    ],
    "/program": ["aria-hidden-focus", "color-contrast"],
    "/data": ["aria-hidden-focus", "color-contrast", "scrollable-region-focusable"],
    "/peringatan": ["color-contrast"],
    "/login": ["color-contrast"],
    "/tidak-ada": ["color-contrast"],
}
# /admin is left out: it redirects to /login without a session (covered by /login)
KNOWN = {f"{p} {lang}": set(ids) for p, ids in _BASELINE.items() for lang in ("id", "en")}


def _axe(page) -> list[dict]:
    # evaluated rather than add_script_tag: the app's Content-Security-Policy refuses inline tags
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.helpUrl,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }""",
        TAGS,
    )


def _check(key: str, violations: list[dict]) -> None:
    found = {v["id"] for v in violations}
    report = "\n".join(
        f"  {v['id']} ({v['impact']}) {v['help']}\n    " + "\n    ".join(v["targets"])
        for v in violations
    )
    print(f"{key}: {sorted(found)}\n{report}")
    known = KNOWN.get(key, set())
    assert found <= known, f"new axe violations on {key}:\n{report}"
    assert known <= found, f"{key} no longer violates {sorted(known - found)}: drop from KNOWN"


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_page_passes_axe(page, server, path, lang):
    sep = "&" if "?" in path else "?"
    page.goto(f"{server.url}{path}{sep}lang={lang}")
    if "/login" not in path:
        wait_for_dash(page)
    else:
        page.wait_for_load_state("networkidle")
    _check(f"{path} {lang}", _axe(page))


@pytest.mark.parametrize("scene", SCENES)
def test_wall_scene_passes_axe(page, server, scene):
    page.goto(f"{server.url}/wall?scenes={scene}&interval=600")
    page.wait_for_selector(".wall-scene.active")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.wall-scene.active .js-plotly-plot'))"
        ".every(gd => gd._fullLayout)"
    )
    _check(f"wall {scene}", _axe(page))
