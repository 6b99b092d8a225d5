"""UI language catalogues and number/date formatting (Indonesian 1.234,5; English 1,234.5; WIB).

Texts live in ``dashboard/locales/<lang>/<area>.toml``; a key ``title`` in ``overview.toml`` is
``overview.title``. A test fails when the two languages do not have exactly the same keys.
"""

from __future__ import annotations

import math
import string
import tomllib
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from dashboard.config import PACKAGE_DIR

LOCALES_DIR = PACKAGE_DIR / "locales"
LANGS = ("id", "en")
DEFAULT_LANG = "id"
WIB = ZoneInfo("Asia/Jakarta")
_MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}


def _flatten(prefix: str, table: dict, out: dict[str, str]) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(name, value, out)
        else:
            out[name] = str(value)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every UI text of ``lang``, keyed ``area.key``."""
    out: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        _flatten(path.stem, tomllib.loads(path.read_text(encoding="utf-8")), out)
    return out


def normalise_lang(lang: object) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def placeholders(template: str) -> set[str]:
    """The names a text expects, ``{name}`` and ``{name:spec}`` alike."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def t(key: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    """The text for ``key`` in ``lang`` with ``params`` filled in; never raises.

    A missing key shows as the key (and fails a test), followed by its parameters if any; a text
    whose placeholder has no parameter is shown unfilled rather than failing the caller.
    """
    text = catalogue(normalise_lang(lang)).get(key)
    if text is None:
        return key if not params else f"{key}: " + ", ".join(f"{k}={v}" for k, v in params.items())
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def separators(lang: str) -> str:
    """Plotly ``layout.separators``: decimal then thousands separator."""
    return ",." if normalise_lang(lang) == "id" else ".,"


def fmt_number(value: object, lang: str = DEFAULT_LANG, decimals: int = 1) -> str:
    """1234.5 -> '1.234,5' (id) or '1,234.5' (en); missing values as an en dash."""
    if value is None:
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number) or math.isinf(number):
        return "–"
    text = f"{number:,.{max(decimals, 0)}f}"
    if normalise_lang(lang) == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text.replace("-", "−") if number < 0 else text


def fmt_signed(value: object, lang: str = DEFAULT_LANG, decimals: int = 1) -> str:
    """Change values with an explicit sign: '+2,1' / '−0,4'."""
    text = fmt_number(value, lang, decimals)
    if text != "–" and not text.startswith("−") and float(value) > 0:  # type: ignore[arg-type]
        return "+" + text
    return text


def fmt_date(moment: datetime, lang: str = DEFAULT_LANG, *, time: bool = False) -> str:
    """'28 November 2026' or '28 November 2026 19.30 WIB' in Jakarta time."""
    local = moment.astimezone(WIB) if moment.tzinfo else moment.replace(tzinfo=WIB)
    month = _MONTHS[normalise_lang(lang)].split()[local.month - 1]
    text = f"{local.day} {month} {local.year}"
    if time:
        sep = "." if normalise_lang(lang) == "id" else ":"
        text += f" {local.hour:02d}{sep}{local.minute:02d} WIB"
    return text
