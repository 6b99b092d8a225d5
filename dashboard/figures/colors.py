"""Colours with meaning: one sequential scale where dark always means better, grey for no data.

The scale is ColorBrewer YlGnBu (colour-blind safe, prints in greyscale in order) without its
near-white first class, so a weak region never looks like an empty cell. Ordered categories
(maturity levels, audit opinions, bimtek 0-4, cohorts) sample the same scale, so a level's colour
matches the colour of a score in the middle of that level on the map.
"""

from __future__ import annotations

import itertools

SCORE_SCALE: list[list] = [
    [0.0, "#edf8b1"],
    [0.1429, "#c7e9b4"],
    [0.2857, "#7fcdbb"],
    [0.4286, "#41b6c4"],
    [0.5714, "#1d91c0"],
    [0.7143, "#225ea8"],
    [0.8571, "#253494"],
    [1.0, "#081d58"],
]
# On the dark wall the two darkest classes vanish into the background: stop at #225ea8.
WALL_SCALE: list[list] = [[i / 5, c] for i, (_, c) in enumerate(SCORE_SCALE[:6])]
MISSING = "#c8c8c8"
MISSING_DARK = "#4b5565"  # the same role on the dark wall background
HOME = "#e4572e"
NEUTRAL = "#4f7cac"  # bars that are not the home region
NEUTRAL_LIGHT = "#9fb4cc"
GREY = "#8c8c8c"
# Okabe-Ito without its vermillion (too close to HOME): distinct hues for compared regions.
QUALITATIVE = ("#0072b2", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000")
LEVEL_IDS = ("rintisan", "berkembang", "maju", "unggul", "optimal")
COHORT_YEARS = (2017, 2018, 2019, 2021, 2022)


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"expected a #rrggbb colour, got {colour!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(v):02x}" for v in rgb)


def sample(position: float, scale: list[list] = SCORE_SCALE) -> str:
    """The colour at ``position`` (0-1) of a scale, interpolated in RGB."""
    position = min(max(position, 0.0), 1.0)
    for (p0, c0), (p1, c1) in itertools.pairwise(scale):
        if p0 <= position <= p1:
            share = 0.0 if p1 == p0 else (position - p0) / (p1 - p0)
            a, b = _rgb(c0), _rgb(c1)
            return _hex(tuple(x + (y - x) * share for x, y in zip(a, b, strict=True)))
    return scale[-1][1]


def scale_for(direction: str, *, dark: bool = False) -> list[list]:
    """The continuous scale for a measure: reversed for "down" so low (good) values are dark."""
    base = WALL_SCALE if dark else SCORE_SCALE
    if direction == "down":
        return [[round(1 - p, 4), c] for p, c in reversed(base)]
    return [list(stop) for stop in base]


def discrete(n: int, *, dark: bool = False) -> list[str]:
    """``n`` ordered colours, worst (light) to best (dark), sampled at band centres."""
    if n <= 0:
        return []
    return [sample((i + 0.5) / n, WALL_SCALE if dark else SCORE_SCALE) for i in range(n)]


def stepped_scale(colours: list[str]) -> list[list]:
    """A colorscale with one flat band per category (for z = 1..k with zmin 0.5, zmax k + 0.5)."""
    k = len(colours)
    if k == 0:
        return [[0.0, MISSING], [1.0, MISSING]]
    stops: list[list] = []
    for i, colour in enumerate(colours):
        stops += [[round(i / k, 4), colour], [round((i + 1) / k, 4), colour]]
    return stops


def contrast_text(colour: str) -> str:
    """Black or white text, whichever contrasts more with ``colour`` (WCAG relative luminance)."""

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#fff"


LEVEL_COLOURS: dict[str, str] = dict(zip(LEVEL_IDS, discrete(len(LEVEL_IDS)), strict=True))
COHORT_COLOURS: dict[int, str] = dict(
    zip(COHORT_YEARS, reversed(discrete(len(COHORT_YEARS))), strict=True)
)  # 2017 darkest: the longest in the programme
