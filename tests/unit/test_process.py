"""The process-wide memory settings (dashboard/process.py) are in effect wherever the app runs."""

from __future__ import annotations

import subprocess
import sys

from dashboard.config import PROJECT_DIR

PROBE = """
import sys
import dashboard.app  # what gunicorn's app.py imports first
import pyarrow
print(pyarrow.default_memory_pool().backend_name)
print("IPython" in sys.modules and sys.modules["IPython"] is not None)
"""


def _probe(env: dict[str, str] | None = None) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", **(env or {})},
    )
    return done.stdout.split()


def test_arrow_uses_the_system_allocator_and_dash_leaves_ipython_out():
    """mimalloc's retained pages and IPython cost a worker about 70 MB (SPEC P7)."""
    assert _probe() == ["system", "False"]


def test_an_explicit_arrow_pool_is_respected():
    assert _probe({"ARROW_DEFAULT_MEMORY_POOL": "mimalloc"})[0] == "mimalloc"


def test_a_process_that_has_ipython_keeps_it():
    """A notebook imports IPython before the package: tune() must not take it away."""
    done = subprocess.run(
        [sys.executable, "-c", "import types, sys; sys.modules['IPython'] = types.ModuleType("
         "'IPython'); import dashboard; print(sys.modules['IPython'] is not None)"],
        cwd=PROJECT_DIR, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "True"
