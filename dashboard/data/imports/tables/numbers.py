"""Numbers as people type them: thousands and decimal marks decided per column."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

MISSING_TOKENS = frozenset(
    {"", "-", "--", "–", "—", "n/a", "na", "n.a.", "n.a", "null", "none", "nan", "#n/a", "..."}
)

# Number patterns (applied to text without spaces, "%" and Unicode minus).
# Number patterns (applied to text without spaces, "%" and Unicode minus).
_INTEGER = r"[-+]?\d+"
_SCIENTIFIC = r"[-+]?\d+(?:[.,]\d+)?[eE][-+]?\d+"
_COMMA_DECIMAL = r"[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)?(?:,\d+)?"
_DOT_DECIMAL = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?"
AMBIGUOUS = r"[-+]?[1-9]\d{0,2}[.,]\d{3}"
_LAST_SEPARATOR_COMMA = r".*,[^.]*"


def parse_number(text: str, *, style: str | None = None) -> float | None:
    """One value as a float; None when it means "missing"; ValueError when it is not a number.

    ``style`` ("comma" or "dot") is the column's decimal mark when known; without it an
    ambiguous "1.234" or "1,234" reads the separator as the decimal mark (see module doc).
    """
    if str(text).strip().lower() in MISSING_TOKENS:
        return None
    values, status, _ = parse_numbers(pd.Series([str(text)], dtype="str"), style=style)
    if status[0]:
        raise ValueError(f"not a number: {text!r}")
    return float(values[0])


def parse_numbers(
    texts: pd.Series, *, style: str | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values, status (0 ok, 1 not a number, 2 ambiguous) and "ambiguity resolved by default".

    ``texts`` are the distinct non-missing texts of one column, so the column's style can be
    judged from all of them at once.
    """
    clean = (
        texts.str.replace(r"[\s\u00a0\u2007\u202f]+", "", regex=True)
        .str.replace("\u2212", "-", regex=False)
        .str.removesuffix("%")
    )
    styles = _number_styles(clean)
    ambiguous = clean.str.fullmatch(AMBIGUOUS).to_numpy(dtype=bool)
    separated = ~ambiguous & np.isin(styles, ["comma", "dot"])
    evidence = {style} if style else set(styles[separated].tolist())
    status = np.zeros(len(clean), dtype=np.int8)
    assumed = np.zeros(len(clean), dtype=bool)
    if len(evidence) == 1:
        styles[ambiguous] = evidence.pop()
    elif evidence:
        status[ambiguous] = 2
    else:
        assumed = ambiguous
    values = _convert_numbers(clean, styles)
    status[(status == 0) & ~np.isfinite(values)] = 1
    return values, status, assumed


def _number_styles(clean: pd.Series) -> np.ndarray:
    """Per text: "int", "sci", "comma" (decimal comma), "dot" (decimal point) or "other"."""
    dots = clean.str.count(r"\.").to_numpy()
    commas = clean.str.count(",").to_numpy()
    both = (dots > 0) & (commas > 0)
    last_comma = clean.str.fullmatch(_LAST_SEPARATOR_COMMA).to_numpy(dtype=bool)
    conditions = [
        clean.str.fullmatch(_INTEGER).to_numpy(dtype=bool),
        clean.str.fullmatch(_SCIENTIFIC).to_numpy(dtype=bool),
        both & last_comma,
        both,
        (commas == 1) | (dots > 1),
        (dots == 1) | (commas > 1),
    ]
    return np.select(conditions, ["int", "sci", "comma", "dot", "comma", "dot"], default="other")


def _convert_numbers(clean: pd.Series, styles: np.ndarray) -> np.ndarray:
    values = np.full(len(clean), np.nan)
    rules: dict[str, tuple[str | None, Callable[[pd.Series], pd.Series]]] = {
        "int": (None, lambda s: s),
        "sci": (None, lambda s: s.str.replace(",", ".", regex=False)),
        "comma": (
            _COMMA_DECIMAL,
            lambda s: s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
        ),
        "dot": (_DOT_DECIMAL, lambda s: s.str.replace(",", "", regex=False)),
    }
    for style, (pattern, to_plain) in rules.items():
        positions = np.flatnonzero(styles == style)
        if not len(positions):
            continue
        part = clean.iloc[positions]
        if pattern is not None:
            valid = part.str.fullmatch(pattern).to_numpy(dtype=bool)
            positions, part = positions[valid], part[valid]
        numbers = pd.to_numeric(to_plain(part), errors="coerce")
        values[positions] = np.asarray(numbers, dtype=float)
    return values


def missing_mask(values: pd.Series) -> np.ndarray:
    """Rows whose value text means "no value" (empty, "-", "n/a", ...)."""
    codes, texts = pd.factorize(values)
    normalised = pd.Series(texts, dtype="str").str.strip().str.lower()
    return normalised.isin(list(MISSING_TOKENS)).to_numpy(dtype=bool)[codes]


def size_text(size: int) -> str:
    """Bytes as a person reads them: "12.3 MB", "4.0 KB", "180 B"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} B"


def plain_number(number: float) -> str:
    """A number for a message: whole numbers without ".0", others to six decimals at most."""
    if float(number).is_integer():
        return str(int(number))
    return str(round(float(number), 6))
