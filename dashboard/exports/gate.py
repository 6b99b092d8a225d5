"""The render gate: at most ``RENDER_SLOTS`` image or briefing renders at once on this host.

An export costs 1-2 s of a CPU core (Chromium drawing, plus building the figure or deck). Left
alone, a handful of clients exporting in a loop keep every core busy and the pages starve. The
gate bounds the renders running at once across **all** gunicorn workers and threads of the host
with lock files (``fcntl.flock`` on ``DATA_DIR/run/render-slot-N.lock``: the kernel releases a
killed worker's slot), lets a few exports wait a short while (``RENDER_QUEUE_SECONDS``, at most
two waiting per slot, so waiting exports cannot occupy every server thread either) and refuses
the rest at once with :class:`RenderBusy`; the web layer answers 503 with ``Retry-After``.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_S = 0.05
WAITERS_PER_SLOT = 2


class RenderBusy(RuntimeError):
    """Every render slot stayed busy: try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"all render slots are busy; retry in {retry_after} s")
        self.retry_after = retry_after


class RenderGate:
    """Host-wide render slots under ``directory`` (``slots`` renders, ``wait_s`` queueing)."""

    def __init__(self, directory: Path, slots: int, wait_s: float) -> None:
        if slots < 1:
            raise ValueError("a render gate needs at least one slot")
        self.directory = Path(directory)
        self.slots = slots
        self.wait_s = wait_s
        self.directory.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def slot(self) -> Iterator[int]:
        """Hold one render slot for the ``with`` block (its number); :class:`RenderBusy` if none
        frees up within ``wait_s`` or too many exports are already waiting."""
        fd = self._acquire(self._names("render-slot", self.slots))
        if fd is None:
            fd = self._queue_then_acquire()
        try:
            yield fd[1]
        finally:
            _release(fd[0])

    def busy(self) -> int:
        """How many slots are taken right now (for health and tests)."""
        taken = 0
        for name in self._names("render-slot", self.slots):
            got = self._try(name)
            if got is None:
                taken += 1
            else:
                _release(got)
        return taken

    # -- internals ------------------------------------------------------------------------------

    def _queue_then_acquire(self) -> tuple[int, int]:
        ticket = self._acquire(self._names("render-queue", self.slots * WAITERS_PER_SLOT))
        if ticket is None:
            raise RenderBusy(self.retry_after)
        try:
            deadline = time.monotonic() + self.wait_s
            while time.monotonic() < deadline:
                time.sleep(POLL_S)
                fd = self._acquire(self._names("render-slot", self.slots))
                if fd is not None:
                    return fd
            raise RenderBusy(self.retry_after)
        finally:
            _release(ticket[0])

    @property
    def retry_after(self) -> int:
        return max(1, round(self.wait_s) or 1)

    def _names(self, prefix: str, count: int) -> list[Path]:
        return [self.directory / f"{prefix}-{i}.lock" for i in range(count)]

    def _acquire(self, names: list[Path]) -> tuple[int, int] | None:
        # start at a different slot per process so workers do not all contend for slot 0
        start = os.getpid() % len(names)
        for i in range(len(names)):
            index = (start + i) % len(names)
            fd = self._try(names[index])
            if fd is not None:
                return fd, index
        return None

    @staticmethod
    def _try(name: Path) -> int | None:
        fd = os.open(name, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return fd


def _release(fd: int) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
