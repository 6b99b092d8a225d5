"""Region names shortened for labels, one rule for dropdowns, tables, charts and file names.

A base-layer module (it imports nothing from ``dashboard``) so the data layer and the figures
share it without reaching into each other.
"""

from __future__ import annotations

MAX_LABEL = 32  # characters: fits an axis label, a dropdown row and a table header

_PREFIXES = (
    ("Kabupaten Administrasi ", "Kab. Adm. "),
    ("Kota Administrasi ", "Kota Adm. "),
    ("Kabupaten ", "Kab. "),
)


def short_name(name: object, max_len: int = MAX_LABEL) -> str:
    """'Kabupaten Bekasi' -> 'Kab. Bekasi'; a name still too long gets 'Kep.' and then '…'."""
    text = str(name)
    for long, short in _PREFIXES:
        if text.startswith(long):
            text = short + text[len(long) :]
            break
    if len(text) > max_len:
        text = text.replace("Kepulauan ", "Kep. ")
    if len(text) > max_len:
        text = text[: max_len - 1].rstrip() + "…"
    return text
