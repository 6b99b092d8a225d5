"""Build ``assets/05-plotly-partial.min.js``: plotly.js with only the trace types the app draws.

Why: the full plotly.min.js is 4.8 MB (1.4 MB gzip) and was the largest part of a cold load of
``/`` (SPEC P2, issue 16). The version and the trace list come from
:mod:`dashboard.figures.plotly_bundle`; the npm packages are pinned exactly by
``tools/plotly_bundle/package.json`` and its ``package-lock.json`` (``npm ci``), so a rebuild gives
the same file. Build time only (needs node and npm, and the npm registry once for ``npm ci``); the
app serves the committed file and needs neither.

    python tools/build_plotly_bundle.py            # npm ci when node_modules is missing, then build
    python tools/build_plotly_bundle.py --clean    # npm ci from scratch first

This does what plotly.js's own ``npm run custom-bundle -- --traces ...`` does (an entry that
registers ``lib/<trace>`` modules on ``lib/core``, bundled by esbuild as an IIFE that defines
``window.Plotly``), without cloning the plotly.js repository and installing its 50 dev tools. One
difference: maplibre's CSS (needed by the ``*map`` traces only) is left out instead of inlined.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.figures.plotly_bundle import (  # noqa: E402
    BUNDLE_FILE,
    BUNDLE_TRACES,
    PLOTLY_JS_VERSION,
    banner,
)

WORK = ROOT / "tools" / "plotly_bundle"
OUT = ROOT / "assets" / BUNDLE_FILE


def entry_source(traces: tuple[str, ...]) -> str:
    """The bundle's entry module: core plus one ``lib/<trace>`` module per trace type."""
    modules = ",\n".join(f"    require('plotly.js/lib/{name}')" for name in traces)
    return (
        "'use strict';\n"
        "var Plotly = require('plotly.js/lib/core');\n"
        f"Plotly.register([\n{modules}\n]);\n"
        "module.exports = Plotly;\n"
    )


def _run(cmd: list[str]) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=WORK, check=True)


def _check_pins() -> None:
    pinned = json.loads((WORK / "package.json").read_text())["dependencies"]["plotly.js"]
    if pinned != PLOTLY_JS_VERSION:
        sys.exit(
            f"tools/plotly_bundle/package.json pins plotly.js {pinned}, "
            f"dashboard/figures/plotly_bundle.py says {PLOTLY_JS_VERSION}: make them equal "
            "(npm install --save-exact plotly.js@<version> in tools/plotly_bundle)"
        )
    installed = WORK / "node_modules" / "plotly.js" / "package.json"
    if installed.exists():
        version = json.loads(installed.read_text())["version"]
        if version != PLOTLY_JS_VERSION:
            sys.exit(f"node_modules has plotly.js {version}: run with --clean")


def _header(plotly_dir: Path) -> str:
    """plotly.js's own licence header (first comment of its dist file) under our banner."""
    dist = (plotly_dir / "dist" / "plotly.min.js").read_text(encoding="utf-8")
    end = dist.index("*/") + 2
    return banner() + "\n" + dist[:end] + "\n"


def build(clean: bool = False) -> Path:
    """Install the pinned packages if needed, bundle, and write the asset; returns its path."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found: install Node.js (Debian: apt-get install nodejs npm)")
    if clean and (WORK / "node_modules").exists():
        shutil.rmtree(WORK / "node_modules")
    _check_pins()
    if not (WORK / "node_modules" / "plotly.js").exists():
        _run(["npm", "ci", "--no-audit", "--no-fund"])
    _check_pins()
    entry = WORK / "entry.js"
    raw = WORK / "plotly-partial.tmp.js"
    entry.write_text(entry_source(BUNDLE_TRACES))
    try:
        _run(["node", "build.js", str(raw)])
        body = raw.read_text(encoding="utf-8")
    finally:
        entry.unlink(missing_ok=True)
        raw.unlink(missing_ok=True)
    OUT.write_text(_header(WORK / "node_modules" / "plotly.js") + body, encoding="utf-8")
    data = OUT.read_bytes()
    print(
        f"{OUT.relative_to(ROOT)}: plotly.js {PLOTLY_JS_VERSION}, traces {', '.join(BUNDLE_TRACES)}:"
        f" {len(data):,} bytes, {len(gzip.compress(data, 9)):,} gzip"
    )
    return OUT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clean", action="store_true", help="npm ci from scratch first")
    build(clean=parser.parse_args().clean)


if __name__ == "__main__":
    main()
