"""``python -m dashboard users add|list|remove|passwd``: accounts for the admin pages."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_user_commands(sub, add: Callable[..., argparse.ArgumentParser], parser_class) -> None:
    """Register the ``users`` command group on the top-level subparsers."""
    # filled in by the security work (issue 6)
