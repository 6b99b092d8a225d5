"""Static images of plotly figures with kaleido 1.x and the system Chromium, kept warm.

One headless Chromium per process is started on the first export and kept open, so a map PNG
costs a fraction of a second instead of a browser start (SPEC P6). kaleido's own
``start_sync_server`` has no timeout and hangs for ever if the browser dies, and it is not safe for
two threads at once; this module runs kaleido's ``Kaleido`` on a private event loop instead, with a
lock, a per-image timeout and a restart after any failure. Nothing is fetched from the network:
plotly.js is the copy inside the plotly package, MathJax is off and base maps come from
``assets/topojson``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from dashboard.charts import stamp
from dashboard.charts.formats import IMAGE_FORMATS
from dashboard.charts.provenance import ChartExport
from dashboard.config import PROJECT_DIR

log = logging.getLogger(__name__)

TOPOJSON_DIR = PROJECT_DIR / "assets" / "topojson"
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
RENDER_TIMEOUT_S = 60.0
IDLE_CLOSE_S = 15 * 60.0  # a warm browser costs about 470 MB: let it go when nobody exports


RENDER_NICE = 10  # Chromium yields the CPU to page serving


def lower_priority(parent: int, nice: int) -> list[int]:
    """Give every descendant process of ``parent`` (the export Chromium and its helpers) the
    niceness ``nice``; processes it forks later inherit it. Best effort: Linux ``/proc`` only."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    done: list[int] = []
    todo = list(children.get(parent, []))
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            os.setpriority(os.PRIO_PROCESS, pid, max(nice, os.getpriority(os.PRIO_PROCESS, pid)))
            done.append(pid)
        except OSError:
            continue
    return done


class RenderUnavailable(RuntimeError):
    """No Chromium on this machine, or it could not start: exports say so in plain words."""


def find_chromium(configured: str = "") -> str | None:
    """The browser kaleido will use: the ``BROWSER_PATH`` setting if given, else one on PATH."""
    configured = configured.strip()
    if configured:
        return configured if Path(configured).is_file() and os.access(configured, os.X_OK) else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Renderer:
    """One warm headless Chromium for this process; ``render`` is safe to call from any thread."""

    def __init__(self, timeout: float = RENDER_TIMEOUT_S, browser_path: str = "") -> None:
        self.timeout = timeout
        self.browser_path = browser_path
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._pid = os.getpid()
        self.idle_close_s = IDLE_CLOSE_S
        self._last_used = 0.0
        self._idle_timer: threading.Timer | None = None

    @property
    def warm(self) -> bool:
        return self._kaleido is not None and self._pid == os.getpid()

    def render(
        self, fig: go.Figure | dict, fmt: str, *, width: int, height: int, scale: float = 1.0
    ) -> bytes:
        """PNG, SVG or PDF bytes of ``fig`` (a figure or its plain dict) at ``width`` x ``height``
        CSS pixels times ``scale``."""
        if fmt not in IMAGE_FORMATS:
            raise ValueError(f"unknown image format {fmt!r}")
        opts = {"format": fmt, "width": int(width), "height": int(height), "scale": scale}
        spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
        with self._lock:
            for attempt in (1, 2):
                self._ensure_started()
                future = asyncio.run_coroutine_threadsafe(
                    self._kaleido.calc_fig(spec, opts=opts, topojson=self._topojson()),
                    self._loop,
                )
                try:
                    image = future.result(timeout=self.timeout)
                    self._last_used = time.monotonic()
                    self._schedule_idle_close(self.idle_close_s)
                    return image
                except (FutureTimeout, Exception) as exc:  # the browser may have died: restart
                    future.cancel()
                    log.warning("image export failed (attempt %d): %r", attempt, exc)
                    self._stop_locked()
                    if attempt == 2:
                        raise RenderUnavailable(
                            f"the browser could not draw the chart: {exc!r}"
                        ) from exc
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            self._stop_locked()

    # -- internals ------------------------------------------------------------------------------

    def _schedule_idle_close(self, delay: float) -> None:
        if self._idle_timer is not None and self._idle_timer.is_alive():
            return
        timer = threading.Timer(delay, self._close_if_idle)
        timer.daemon = True
        timer.start()
        self._idle_timer = timer

    def _close_if_idle(self) -> None:
        with self._lock:
            self._idle_timer = None
            if self._kaleido is None or self._pid != os.getpid():
                return
            idle = time.monotonic() - self._last_used
            if idle >= self.idle_close_s:
                log.info("closing the export browser after %.0f min without exports", idle / 60)
                self._stop_locked()
            else:
                self._schedule_idle_close(self.idle_close_s - idle)

    @staticmethod
    def _topojson() -> str:
        return TOPOJSON_DIR.as_uri() + "/"

    def _ensure_started(self) -> None:
        if (
            self._pid != os.getpid()
        ):  # forked (gunicorn --preload): the parent's browser is not ours
            self._kaleido, self._loop, self._thread = None, None, None
            self._idle_timer = None
            self._pid = os.getpid()
        if self._kaleido is not None:
            return
        browser = find_chromium(self.browser_path)
        if browser is None:
            raise RenderUnavailable(
                "Chromium is not installed (apt-get install chromium) or BROWSER_PATH is wrong"
            )
        import kaleido

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
        thread.start()

        async def _open():
            k = kaleido.Kaleido(
                n=1, timeout=self.timeout, mathjax=False, path=browser, headless=True
            )
            await k.open()
            return k

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(_open(), loop).result(self.timeout)
        except Exception as exc:
            loop.call_soon_threadsafe(loop.stop)
            raise RenderUnavailable(f"Chromium could not start: {exc!r}") from exc
        self._loop, self._thread = loop, thread
        lower_priority(os.getpid(), RENDER_NICE)

    def _stop_locked(self) -> None:
        k, loop = self._kaleido, self._loop
        self._kaleido = None
        if k is not None and loop is not None:
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(10)
            except Exception:  # closing a dead browser may fail; nothing to keep
                log.debug("closing the export browser failed", exc_info=True)
        if loop is not None:
            loop.call_soon_threadsafe(loop.stop)
        self._loop, self._thread = None, None


_RENDERER = Renderer()


def renderer() -> Renderer:
    """The process-wide warm renderer."""
    return _RENDERER


def configure(browser_path: str) -> None:
    """Use ``browser_path`` (the ``BROWSER_PATH`` setting; empty: search PATH) from now on."""
    if browser_path != _RENDERER.browser_path:
        _RENDERER.close()
        _RENDERER.browser_path = browser_path


def to_image(
    fig: go.Figure | dict,
    fmt: str,
    *,
    width: int = 1920,
    height: int = 1080,
    scale: float = 1.0,
) -> bytes:
    """Render with the process-wide warm browser (see :class:`Renderer`)."""
    return _RENDERER.render(fig, fmt, width=width, height=height, scale=scale)


def available() -> bool:
    """Whether server-side image export can work here (a Chromium exists)."""
    return find_chromium(_RENDERER.browser_path) is not None


def chart_image(export: ChartExport, fmt: str, *, scale: int = 1) -> bytes:
    """PNG (1920x1080, or 3840x2160 with ``scale=2``), SVG or PDF bytes of the framed chart.

    Raises :class:`RenderUnavailable` when no Chromium can draw it.
    """
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}")
    factor = stamp.PNG_SCALE * scale if fmt == "png" else 1.0
    return to_image(
        stamp.figure_spec(export),
        fmt,
        width=stamp.STAGE_WIDTH,
        height=stamp.STAGE_HEIGHT,
        scale=factor,
    )
