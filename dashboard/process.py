"""Process-wide memory settings, applied once when the package is first imported.

Every process of the app (gunicorn master and workers, CLI commands, export workers) holds one
dataset version in pandas, whose strings are Arrow arrays. Two defaults of the libraries cost a
gunicorn worker 70 to 190 MB of resident memory without holding anything it uses (SPEC P7,
``bench/bench_wall.py``):

- Arrow's default allocator (mimalloc in the pyarrow wheels) keeps the pages of freed buffers in
  per-thread heaps: reading a version's Parquet files left about 40 MB resident that the system
  allocator hands back (``malloc_trim`` after a version is read reaches it). An explicit
  ``ARROW_DEFAULT_MEMORY_POOL`` is respected.
- glibc's malloc raises its mmap threshold each time a large block is freed (up to 32 MB), after
  which the buffers of pandas and Arrow come from the heap, and a gunicorn thread's freed heap
  stays resident: 50 walls refreshing after an import left a worker 120 MB above what it held.
  A fixed threshold (128 KB, glibc's starting value) gives large buffers back when they are
  freed, and two arenas (instead of eight per core) leave fewer heaps to hold free pages. An
  explicit ``MALLOC_MMAP_THRESHOLD_`` or ``MALLOC_ARENA_MAX`` is respected.
- Dash imports IPython when it is installed, for its notebook mode: about 26 MB per process
  that a server never uses. A process that already imported IPython (a notebook) keeps it.
"""

from __future__ import annotations

import ctypes
import os
import sys


def tune() -> None:
    """Apply the settings above; idempotent."""
    if "IPython" not in sys.modules:
        sys.modules["IPython"] = None  # type: ignore[assignment]  # makes `import IPython` fail
    _malloc_options()
    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        import pyarrow

        pyarrow.set_memory_pool(pyarrow.system_memory_pool())


M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8  # glibc's mallopt() parameters (malloc.h)
MMAP_THRESHOLD = 128 * 1024
ARENA_MAX = 2


def _malloc_options() -> bool:
    """glibc's ``mallopt`` as described above; False where the C library has none (musl, macOS)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    if not os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    if not os.environ.get("MALLOC_ARENA_MAX"):
        mallopt(M_ARENA_MAX, ARENA_MAX)
    return True
