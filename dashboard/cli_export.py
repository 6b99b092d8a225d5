"""``python -m dashboard export chart|data|briefing``: the same exports as the HTTP endpoints."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_export_commands(sub, add: Callable[..., argparse.ArgumentParser], parser_class) -> None:
    """Register the ``export`` command group on the top-level subparsers."""
    # filled in by the exports work (issue 5)
