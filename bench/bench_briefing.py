"""P6: build a full region briefing deck (8 charts) as PPTX and PDF (target: PPTX <= 15 s).

Seeds a temporary ``DATA_DIR`` with the sample data, then times, in this process:

- **cold**: the first deck, including loading the dataset, computing the scores and starting
  the headless Chromium that draws the charts (what the first export after a restart costs);
- **warm**: ``--runs`` more decks per format for different regions (browser and scores warm,
  what every later export costs), median and worst.

Each build is split into its stages (facts, the 8 charts, writing the file) from the deck's own
progress callback. Needs Chromium (``/usr/bin/chromium``). Run: ``python bench/bench_briefing.py
[--runs 5]``. A bench is a measurement: a missed target prints ``MISS`` and exits 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.config import Settings
from dashboard.data.store.repository import Repository
from dashboard.exports import render
from dashboard.exports.briefing.deck import build_deck
from dashboard.exports.briefing.facts import CHART_KEYS

TARGET_S = 15.0
REGIONS = ("32.16", "32.75", "31.71", "51.71", "91.71", "11.01", "64.72", "73.71")


def timed_build(repo: Repository, code: str, fmt: str) -> dict[str, float]:
    """One deck from a fresh snapshot lookup; seconds per stage and in total, and its size."""
    marks: list[tuple[str, float]] = []
    started = time.perf_counter()
    snap = repo.snapshot()
    loaded = time.perf_counter()
    deck = build_deck(
        snap,
        code,
        2024,
        fmt=fmt,
        progress=lambda stage, done, total: marks.append((stage, time.perf_counter())),
    )
    ended = time.perf_counter()
    times = dict.fromkeys(("data", "chart", "write"), 0.0)
    previous = loaded
    for stage, moment in marks:
        times[stage] += moment - previous
        previous = moment
    times["write"] += ended - previous
    times["load"] = loaded - started
    times["total"] = ended - started
    times["kb"] = len(deck.content) / 1024
    times["slides"] = len(deck.slides)
    return times


def line(label: str, t: dict[str, float]) -> str:
    return (
        f"  {label:<22} total {t['total']:6.2f} s  (load {t['load']:.2f} · facts {t['data']:.2f}"
        f" · {len(CHART_KEYS)} charts {t['chart']:.2f} · write {t['write']:.2f})"
        f"  {t['slides']:.0f} slides, {t['kb']:.0f} KB"
    )


def verdict(seconds: float) -> str:
    return "ok" if seconds <= TARGET_S else "MISS"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm decks per format")
    args = parser.parse_args()
    if not render.available():
        print("Chromium not found (apt-get install chromium): P6 not measured")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(Settings(DATA_DIR=Path(tmp) / "instance"))
        from dashboard.data.imports.indicators import ensure_seeded

        ensure_seeded(repo.store, repo.regions, repo.framework)
        print(f"P6 region briefing deck, {len(CHART_KEYS)} charts (target PPTX <= {TARGET_S:g} s)")
        cold = timed_build(repo, REGIONS[0], "pptx")
        print(line("cold PPTX", cold) + f"  [{verdict(cold['total'])}]")
        results: dict[str, list[dict[str, float]]] = {"pptx": [], "pdf": []}
        for i in range(args.runs):
            for fmt in ("pptx", "pdf"):
                code = REGIONS[(i + 1) % len(REGIONS)]
                results[fmt].append(timed_build(repo, code, fmt))
        for fmt, runs in results.items():
            totals = [r["total"] for r in runs]
            median = statistics.median(totals)
            per_chart = statistics.median(r["chart"] for r in runs) / len(CHART_KEYS)
            print(
                f"  warm {fmt.upper():<4} x{len(runs)}: median {median:.2f} s, worst "
                f"{max(totals):.2f} s, {per_chart:.2f} s per chart  [{verdict(max(totals))}]"
            )
            print(line(f"  e.g. {fmt} {REGIONS[1]}", runs[0]))
        render.renderer().close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
