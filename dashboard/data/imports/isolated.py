"""Checks and imports from `/admin` run in a separate process with a memory cap and a timeout.

A file the guards did not foresee must not take the web worker (and every page it serves) down
with it. The admin page hands the staged upload to ``python -m dashboard.data.imports.isolated``:
the child loads the program, caps its address space at what that took plus ``IMPORT_MEMORY_MB``
(``RLIMIT_AS``) and its CPU time, runs the same code as the CLI
(:func:`~dashboard.data.imports.uploads.validate_staged` or
:func:`~dashboard.data.imports.uploads.import_staged`) and answers one JSON object on stdout.
The parent waits at most ``IMPORT_TIMEOUT_S`` and kills the child after that. Whatever happens the
editor gets a report or a message in their language: a child that runs out of memory, is killed
or times out becomes a validation report naming the file and the reason (or a refused import);
the store changes only by the import's atomic commit, so a killed child leaves nothing visible
(its staging folder is removed at the next commit or start).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from dashboard.data import observe
from dashboard.data.errors import DataError, Report, ValidationError
from dashboard.data.imports import uploads
from dashboard.data.imports.tables.contract import ImportLimits
from dashboard.data.store.backend import Store, open_store
from dashboard.i18n import t

log = logging.getLogger(__name__)

MB = 1024 * 1024
PROJECT_DIR = Path(__file__).resolve().parents[3]
SINGLE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
# The child's address space is capped (RLIMIT_AS): with the system allocator, every Arrow thread
# gets a glibc arena that reserves 64 MB of addresses, and 1 GB runs out before the data does.
# mimalloc reserves little; what it keeps resident (the reason the app uses the system allocator,
# dashboard/process.py) does not matter in a child that exits after one file.
CHILD_ENV = {**SINGLE_THREAD, "ARROW_DEFAULT_MEMORY_POOL": "mimalloc"}


class IsolatedError(DataError):
    """A refusal or failure of the child, its message already rendered in both languages."""

    def __init__(self, messages: dict[str, str]) -> None:
        self.messages = messages
        super().__init__("upload.isolated")

    def message(self, lang: str = "id") -> str:
        return self.messages.get(lang) or self.messages.get("id") or ""

    reason = message


def validate_isolated(
    data_dir: Path | str,
    staged: uploads.StagedUpload,
    *,
    limits: ImportLimits,
    tolerance: float,
    memory_mb: int,
    timeout_s: float,
) -> uploads.StagedUpload:
    """Validate in a child; the staged upload as recorded after it (``ok``, ``counts``).

    A child that fails records a one-problem report instead, so the page shows it like any other.
    """
    task = {"task": "validate", "token": staged.token, "kind": staged.kind}
    task["tolerance"] = tolerance
    answer = run_child(
        task, data_dir=data_dir, limits=limits, memory_mb=memory_mb, timeout_s=timeout_s
    )
    if "failed" in answer:
        report = Report(staged.name)
        report.add(answer["failed"], file=staged.name, **answer.get("params", {}))
        report.counts.update(errors=1, warnings=0)
        uploads.record_report(data_dir, staged, report)
    checked = uploads.load_staged(data_dir, staged.token)
    uploads.publish(data_dir, checked)  # the child's outcome, for the other hosts
    return checked


@observe.timed_call("import", kind="admin")
def import_isolated(
    store: Store,
    staged: uploads.StagedUpload,
    *,
    who: str,
    limits: ImportLimits,
    tolerance: float,
    mode: str,
    memory_mb: int,
    timeout_s: float,
) -> uploads.ImportDone:
    """Import in a child; raises :class:`IsolatedError` with the reason when it refuses or
    fails (the store is then unchanged)."""
    task = {
        "task": "import",
        "token": staged.token,
        "kind": staged.kind,
        "who": who,
        "tolerance": tolerance,
        "mode": mode,
    }
    answer = run_child(
        task,
        data_dir=store.data_dir,
        limits=limits,
        memory_mb=memory_mb,
        timeout_s=timeout_s,
        database_url=store.database_url,
    )
    if "failed" in answer:
        code, params = answer["failed"], {"file": staged.name, **answer.get("params", {})}
        raise IsolatedError({lang: t(code, lang, **params) for lang in ("id", "en")})
    if "refused" in answer:
        raise IsolatedError(answer["refused"])
    versioned = store.dataset if answer["kind"] in uploads.DATASET_KINDS else store.boundaries
    return uploads.ImportDone(
        answer["kind"], versioned.manifest(answer["version"]), answer["counts"]
    )


def run_child(
    task: dict[str, Any],
    *,
    data_dir: Path | str,
    limits: ImportLimits,
    memory_mb: int,
    timeout_s: float,
    database_url: str = "",
) -> dict[str, Any]:
    """The child's JSON answer, or ``{"failed": code, "params": ...}`` when it gave none.

    The store's ``database_url`` travels on the child's standard input, never its command line.
    """
    request = {**task, "data_dir": str(data_dir), "limits": asdict(limits)}
    request["database_url"] = database_url
    env = {**os.environ, **CHILD_ENV}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")]))
    command = child_command(memory_mb, int(timeout_s) + 5)
    child = subprocess.Popen(  # our own interpreter and module, no shell
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=str(PROJECT_DIR),
    )
    try:
        out, err = child.communicate(json.dumps(request).encode(), timeout=timeout_s)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        log.warning("isolated %s stopped after %s s", task["task"], timeout_s)
        return {"failed": "guard.isolated_timeout", "params": {"seconds": f"{timeout_s:g}"}}
    try:
        return json.loads(out.decode("utf-8"))
    except ValueError:
        pass
    tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    log.warning("isolated %s ended with %s: %s", task["task"], child.returncode, tail[0][:300])
    returned = child.returncode
    code = signal.Signals(-returned).name if returned < 0 else str(returned)
    if "MemoryError" in tail[0]:
        return {"failed": "guard.isolated_memory", "params": {"limit": memory_mb}}
    return {"failed": "guard.isolated_crashed", "params": {"exit": code}}


def child_command(memory_mb: int, cpu_s: int) -> list[str]:
    """This module run by the same interpreter (tests swap it for one that dies)."""
    return [sys.executable, "-m", __name__, str(memory_mb), str(cpu_s)]


# ---------------------------------------------------------------------------- the child


def _child(memory_mb: int, cpu_s: int) -> dict[str, Any]:
    """Load everything, cap memory and CPU time, run the task read from stdin."""
    import resource

    from dashboard.data.framework import load_framework
    from dashboard.data.imports.indicators import import_indicators  # noqa: F401 - load now
    from dashboard.data.regions import RegionIndex
    from dashboard.data.store.boundaries import current_districts

    request = json.loads(sys.stdin.buffer.read())
    if request.get("kind") == "boundaries":  # loaded before the cap: GDAL maps a lot
        from dashboard.data.imports.geometry import process_boundaries  # noqa: F401
    regions, framework = RegionIndex.from_file(), load_framework()
    loaded = _vm_bytes("VmSize")
    cap = loaded + memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 5))
    limits = ImportLimits(**request["limits"])
    data_dir = request["data_dir"]
    store = open_store(data_dir, request.get("database_url") or "")
    regions = regions.with_districts(current_districts(store))
    started = time.perf_counter()
    staged = uploads.load_staged(data_dir, request["token"])
    try:
        if request["task"] == "validate":
            report = uploads.validate_staged(
                data_dir,
                staged,
                regions=regions,
                framework=framework,
                limits=limits,
                tolerance=request["tolerance"],
            )
            seconds = round(time.perf_counter() - started, 3)
            return {"ok": report.ok, "errors": len(report.errors), "seconds": seconds, **_peak()}
        done = uploads.import_staged(
            store,
            staged,
            who=request["who"],
            regions=regions,
            framework=framework,
            limits=limits,
            tolerance=request["tolerance"],
            mode=request["mode"],
        )
    except MemoryError:
        return {"failed": "guard.isolated_memory", "params": {"limit": memory_mb}, **_peak()}
    except ValidationError as exc:
        messages = {
            lang: "; ".join(p.message(lang) for p in exc.report.errors[:5]) for lang in ("id", "en")
        }
        return {"refused": messages, **_peak()}
    except DataError as exc:
        return {"refused": {lang: exc.message(lang) for lang in ("id", "en")}, **_peak()}
    counts = json.loads(json.dumps(done.counts, default=str))
    return {"kind": done.kind, "version": done.manifest.version, "counts": counts, **_peak()}


def _vm_bytes(field: str) -> int:
    """A ``/proc/self/status`` size (VmSize, VmHWM) in bytes; 0 where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _peak() -> dict[str, float]:
    """The child's peak resident memory, for the logs and the bench."""
    return {"peak_mb": round(_vm_bytes("VmHWM") / MB, 1)}


if __name__ == "__main__":
    try:
        answer = _child(int(sys.argv[1]), int(sys.argv[2]))
    except MemoryError:
        answer = {"failed": "guard.isolated_memory", "params": {"limit": int(sys.argv[1])}}
    sys.stdout.write(json.dumps(answer))
