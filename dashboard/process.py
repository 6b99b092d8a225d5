"""Process-wide memory settings, applied once when the package is first imported.

Every process of the app (gunicorn master and workers, CLI commands, export workers) holds one
dataset version in pandas, whose strings are Arrow arrays. Two defaults of the libraries cost a
gunicorn worker about 70 MB of resident memory without holding anything it uses (SPEC P7,
``bench/bench_wall.py``):

- Arrow's default allocator (mimalloc in the pyarrow wheels) keeps the pages of freed buffers in
  per-thread heaps: reading a version's Parquet files left about 40 MB resident that the system
  allocator hands back (``malloc_trim`` after a version is read reaches it). An explicit
  ``ARROW_DEFAULT_MEMORY_POOL`` is respected.
- Dash imports IPython when it is installed, for its notebook mode: about 26 MB per process
  that a server never uses. A process that already imported IPython (a notebook) keeps it.
"""

from __future__ import annotations

import os
import sys


def tune() -> None:
    """Apply the settings above; idempotent."""
    if "IPython" not in sys.modules:
        sys.modules["IPython"] = None  # type: ignore[assignment]  # makes `import IPython` fail
    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        import pyarrow

        pyarrow.set_memory_pool(pyarrow.system_memory_pool())
