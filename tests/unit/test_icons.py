"""The icon font in assets/ is a subset (tools/subset_icons.py): every icon the code uses is in it."""

from __future__ import annotations

import re

from fontTools.ttLib import TTFont

from dashboard.config import PROJECT_DIR

CSS = PROJECT_DIR / "assets" / "01-bootstrap-icons.min.css"
RULE = re.compile(r'\.bi-([a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}')
USE = re.compile(r"\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)")
# words that look like icon classes but are not (none today; add with a reason)
NOT_ICONS: set[str] = set()


def _shipped() -> dict[str, int]:
    return {name: int(code, 16) for name, code in RULE.findall(CSS.read_text(encoding="utf-8"))}


def _used() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    paths = [*(PROJECT_DIR / "dashboard").rglob("*.py")]
    paths += [p for p in (PROJECT_DIR / "assets").glob("*.*") if p.suffix in (".js", ".css")]
    for path in paths:
        if path == CSS:
            continue
        for name in USE.findall(path.read_text(encoding="utf-8")):
            used.setdefault(name, set()).add(path.name)
    return {k: v for k, v in used.items() if k not in NOT_ICONS}


def test_every_icon_used_is_in_the_subset():
    shipped = _shipped()
    missing = {name: sorted(files) for name, files in _used().items() if name not in shipped}
    assert not missing, (
        f"icons used but not in assets/01-bootstrap-icons.min.css: {missing}; "
        "run python tools/subset_icons.py (or add a non-icon word to NOT_ICONS)"
    )


def test_font_files_have_every_glyph_the_stylesheet_names():
    shipped = _shipped()
    assert len(shipped) > 20  # the scan found the navbar's icons at least
    for name in ("bootstrap-icons.woff2", "bootstrap-icons.woff"):
        cmap = TTFont(PROJECT_DIR / "assets" / "fonts" / name).getBestCmap()
        assert set(shipped.values()) <= set(cmap), name


def test_the_use_scan_can_fail():
    assert USE.findall('html.I(className="bi bi-trophy me-1")') == ["trophy"]
