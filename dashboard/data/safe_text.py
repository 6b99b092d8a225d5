"""Text that leaves the app in spreadsheets: defuse formulas (CSV/formula injection)."""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made literal with a leading apostrophe.

    Numbers stay numbers (a negative change of -6.2 is data, not a formula); only text is touched.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
