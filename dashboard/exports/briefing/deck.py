"""A region briefing deck: facts, charts and slides, written as PPTX or PDF.

Slides are composed once into a display list (:mod:`~dashboard.exports.briefing.layout`,
:mod:`~dashboard.exports.briefing.slides`); :mod:`~dashboard.exports.briefing.pptx` and
:mod:`~dashboard.exports.briefing.pdf` only execute it, so the two formats always carry the same
slides, texts and numbers. Charts are rendered once per deck as 2x PNG with the ``print``
template by the warm Chromium.

Every build uses its own objects (no module-level mutable state), so concurrent exports in threads
or workers cannot see each other's slides; the shared browser serialises rendering behind a lock.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dashboard.data.store.repository import Snapshot
from dashboard.data.views.regions import short_name
from dashboard.exports import render
from dashboard.exports.briefing.build import build_briefing, resolve_period, resolve_region
from dashboard.exports.briefing.facts import CHART_KEYS, Briefing
from dashboard.exports.briefing.layout import CHART_BOX, Slide
from dashboard.exports.briefing.slides import compose
from dashboard.i18n import normalise_lang, t

FORMATS = ("pptx", "pdf")
MEDIA_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
CHART_CSS_WIDTH = 900  # CSS px of a chart image; 14 px type then prints at about 14 pt
CHART_SCALE = 2
# The deck's typeface in the charts too (Liberation Sans is Arial's metric twin on Linux).
CHART_FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
ProgressFn = Callable[[str, int, int], None]  # (stage just finished, steps done, steps in all)


@dataclass(frozen=True)
class Deck:
    """A finished deck: its bytes and what a download needs to know about it."""

    content: bytes
    filename: str
    media_type: str
    slides: tuple[Slide, ...] = field(repr=False)
    briefing: Briefing = field(repr=False)
    seconds: float = 0.0


def deck_filename(b: Briefing, fmt: str) -> str:
    """'paparan_32.16_kab-bekasi_2024.pptx': only [a-z0-9._-], safe in any header or file system."""
    slug = re.sub(r"[^a-z0-9]+", "-", short_name(b.region.name).lower()).strip("-")
    prefix = t("briefing.file_prefix", b.lang)
    name = f"{prefix}_{b.region.code}_{slug}_{b.period}.{fmt}"
    return re.sub(r"[^a-z0-9._-]", "", name)


def build_deck(
    snap: Snapshot,
    region: object,
    period: object,
    *,
    fmt: str = "pptx",
    lang: str = "id",
    progress: ProgressFn | None = None,
    renderer: Callable[..., bytes] | None = None,
) -> Deck:
    """Resolve the region and year, compute the facts, render the charts and write the deck.

    Raises DataError for an unknown region or year, ValueError for an unknown format and
    :class:`~dashboard.exports.render.RenderUnavailable` when no Chromium can draw the charts.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown deck format {fmt!r}; use one of {FORMATS}")
    started = time.perf_counter()
    lang = normalise_lang(lang)
    step = _stepper(progress, total=len(CHART_KEYS) + 2)
    code = resolve_region(snap, region)
    year = resolve_period(snap, period)
    b = build_briefing(snap, code, year, lang=lang)
    step("data")
    images = render_charts(snap, b, renderer=renderer, step=step)
    slides = compose(b, images)
    content = write(slides, fmt, b)
    step("write")
    return Deck(
        content=content,
        filename=deck_filename(b, fmt),
        media_type=MEDIA_TYPES[fmt],
        slides=tuple(slides),
        briefing=b,
        seconds=time.perf_counter() - started,
    )


def _stepper(progress: ProgressFn | None, *, total: int) -> Callable[[str], None]:
    done = [0]

    def step(stage: str) -> None:
        done[0] += 1
        if progress is not None:
            progress(stage, done[0], total)

    return step


def render_charts(
    snap: Snapshot,
    b: Briefing,
    *,
    renderer: Callable[..., bytes] | None = None,
    step: Callable[[str], None] = lambda stage: None,
) -> dict[str, bytes]:
    """PNG bytes of every chart at the size of the slide's picture box (2x pixels)."""
    from dashboard.exports.briefing.charts import chart_figures

    draw = renderer or render.to_image
    width = CHART_CSS_WIDTH
    height = round(width * CHART_BOX[3] / CHART_BOX[2])
    images = {}
    for key, fig in chart_figures(snap, b).items():
        fig.update_layout(width=width, height=height, font_family=CHART_FONT)
        images[key] = draw(fig, "png", width=width, height=height, scale=CHART_SCALE)
        step("chart")
    return images


def write(slides: Sequence[Slide], fmt: str, b: Briefing) -> bytes:
    if fmt == "pptx":
        from dashboard.exports.briefing.pptx import write_pptx

        return write_pptx(slides, b)
    from dashboard.exports.briefing.pdf import write_pdf

    return write_pdf(slides, b)
