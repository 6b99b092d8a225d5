"""The warm export browser: starts on demand, stays warm, goes away when idle, says when missing."""

from __future__ import annotations

import struct
import time

import plotly.graph_objects as go
import pytest

from dashboard.exports.render import Renderer, RenderUnavailable, find_chromium

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="no Chromium on this machine")


def _fig() -> go.Figure:
    return go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_a_wrong_browser_path_is_reported_in_plain_words(tmp_path):
    renderer = Renderer(browser_path=str(tmp_path / "no-such-chromium"))
    with pytest.raises(RenderUnavailable, match="Chromium is not installed"):
        renderer.render(_fig(), "png", width=400, height=300)


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown image format"):
        Renderer().render(_fig(), "gif", width=400, height=300)


@needs_chromium
def test_browser_stays_warm_between_images_and_closes_when_idle():
    renderer = Renderer()
    renderer.idle_close_s = 1.0
    try:
        assert _png_size(renderer.render(_fig(), "png", width=640, height=360)) == (640, 360)
        assert renderer.warm
        assert _png_size(renderer.render(_fig(), "png", width=640, height=360, scale=2)) == (
            1280,
            720,
        )
        deadline = time.monotonic() + 30
        while renderer.warm and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not renderer.warm, "the idle browser was not closed"
        # and it comes back on the next export
        assert renderer.render(_fig(), "svg", width=640, height=360).lstrip().startswith(b"<svg")
    finally:
        renderer.close()
