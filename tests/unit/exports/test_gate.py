"""The render gate: host-wide slots held with flock, a bounded short queue, then RenderBusy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from dashboard.exports.gate import WAITERS_PER_SLOT, RenderBusy, RenderGate
from dashboard.exports.render import lower_priority


def test_a_free_slot_is_taken_at_once_and_given_back(tmp_path):
    gate = RenderGate(tmp_path, slots=2, wait_s=0.1)
    with gate.slot():
        assert gate.busy() == 1
        with gate.slot():
            assert gate.busy() == 2
    assert gate.busy() == 0


def test_a_full_gate_waits_briefly_then_refuses_with_retry_after(tmp_path):
    gate = RenderGate(tmp_path, slots=1, wait_s=0.3)
    with gate.slot():
        started = time.monotonic()
        with pytest.raises(RenderBusy) as info, gate.slot():
            pass
        assert 0.25 < time.monotonic() - started < 2
    assert info.value.retry_after >= 1


def test_a_waiting_export_gets_the_slot_when_it_frees(tmp_path):
    gate = RenderGate(tmp_path, slots=1, wait_s=5)
    release = threading.Event()

    def hold():
        with gate.slot():
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    while gate.busy() == 0:
        time.sleep(0.01)
    threading.Timer(0.2, release.set).start()
    with gate.slot():
        assert gate.busy() == 1
    holder.join()


def test_too_many_waiting_exports_are_refused_without_waiting(tmp_path):
    gate = RenderGate(tmp_path, slots=1, wait_s=30)
    tickets = [gate._try(tmp_path / f"render-queue-{i}.lock") for i in range(WAITERS_PER_SLOT)]
    try:
        with gate.slot():
            started = time.monotonic()
            with pytest.raises(RenderBusy), gate.slot():
                pass
            assert time.monotonic() - started < 1
    finally:
        for fd in tickets:
            os.close(fd)


def test_slots_are_shared_between_processes_and_freed_when_one_is_killed(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from dashboard.exports.gate import RenderGate\n"
         f"g = RenderGate({str(tmp_path)!r}, slots=1, wait_s=0.1)\n"
         "with g.slot():\n    print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        gate = RenderGate(tmp_path, slots=1, wait_s=0.1)
        with pytest.raises(RenderBusy), gate.slot():
            pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        with gate.slot():  # the kernel released the killed worker's lock
            pass
    finally:
        holder.kill()
        holder.wait()


def test_renderer_children_get_a_lower_priority():
    child = subprocess.Popen(["sleep", "30"])
    try:
        assert child.pid in lower_priority(os.getpid(), 10)
        assert os.getpriority(os.PRIO_PROCESS, child.pid) >= 10
    finally:
        child.kill()
        child.wait()
