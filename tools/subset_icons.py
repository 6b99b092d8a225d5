"""Cut Bootstrap Icons down to the icons the app uses: font (woff2, woff) and stylesheet.

Why: the full icon font is 131 KB (woff2) and its stylesheet 88 KB for about 2,000 icons; the app
shows a few dozen (SPEC P2, issue 16). The icons used are the ``bi-<name>`` class names found in
``dashboard/**/*.py`` and ``assets/*.js|css`` that exist in Bootstrap Icons. The full font comes
from the npm package pinned in ``tools/icons/package.json`` (``npm ci``); fonttools cuts it.

    python tools/subset_icons.py

``tests/unit/test_icons.py`` fails when code uses an icon the subset lacks: run this again.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "tools" / "icons"
PACKAGE = WORK / "node_modules" / "bootstrap-icons" / "font"
CSS_OUT = ROOT / "assets" / "01-bootstrap-icons.min.css"
FONTS_OUT = ROOT / "assets" / "fonts"
ICON_CLASS = re.compile(r"\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)")


def used_icons(known: set[str]) -> list[str]:
    """Names of the Bootstrap Icons the app's code and assets refer to."""
    sources = [*(ROOT / "dashboard").rglob("*.py")]
    sources += [p for p in (ROOT / "assets").glob("*.*") if p.suffix in (".js", ".css")]
    found: set[str] = set()
    for path in sources:
        if path == CSS_OUT:
            continue
        found |= {m for m in ICON_CLASS.findall(path.read_text(encoding="utf-8")) if m in known}
    return sorted(found)


def _font(source: Path, codepoints: list[int], flavor: str) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.flavor = flavor
    options.layout_features = []
    options.name_IDs = ["*"]  # keep the copyright and licence names
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def build() -> list[str]:
    """Write the subset font files and stylesheet; returns the icon names kept."""
    if not PACKAGE.exists():
        if shutil.which("npm") is None:
            sys.exit("npm not found: install Node.js (Debian: apt-get install nodejs npm)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=WORK, check=True)
    codes: dict[str, int] = json.loads((PACKAGE / "bootstrap-icons.json").read_text())
    icons = used_icons(set(codes))
    points = [codes[name] for name in icons]
    woff2 = _font(PACKAGE / "fonts" / "bootstrap-icons.woff2", points, "woff2")
    woff = _font(PACKAGE / "fonts" / "bootstrap-icons.woff", points, "woff")
    (FONTS_OUT / "bootstrap-icons.woff2").write_bytes(woff2)
    (FONTS_OUT / "bootstrap-icons.woff").write_bytes(woff)

    full = (PACKAGE / "bootstrap-icons.min.css").read_text(encoding="utf-8")
    head = full[: full.index(".bi-123::before")]  # licence, @font-face, the shared .bi rule
    old_hash = re.search(r"\?([0-9a-f]{32})", head).group(1)
    head = head.replace(old_hash, hashlib.md5(woff2).hexdigest())  # new files, new cache key
    note = (
        f"/* subset: {len(icons)} icons used by the app, cut by tools/subset_icons.py;"
        " run it again after using another icon */\n"
    )
    rules = "".join(f'.bi-{name}::before{{content:"\\{codes[name]:x}"}}' for name in icons)
    CSS_OUT.write_text(head + note + rules + "\n", encoding="utf-8")
    print(
        f"{len(icons)} icons: woff2 {len(woff2):,} bytes, woff {len(woff):,} bytes, "
        f"css {CSS_OUT.stat().st_size:,} bytes"
    )
    return icons


if __name__ == "__main__":
    build()
