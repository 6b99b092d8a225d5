"""Every text key the code uses exists in both languages, and every catalogue key is used.

Keys are found in the source as string literals (``t("overview.title", lang)``,
``DataError("importer.bad_header", ...)``) and as the fixed start of f-strings
(``t(f"export.error.{reason}")`` uses every key under ``export.error.``). A catalogue key
that matches neither is dead text; a literal that looks like a key of a known area but is in
no catalogue shows on screen as the bare key.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from dashboard.config import PACKAGE_DIR, PROJECT_DIR
from dashboard.i18n import LANGS, catalogue

KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
KEY_PREFIX = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.|_)$")
# Literals that look like keys but are not texts: module paths, file names, settings.
NOT_KEYS = re.compile(
    r"^(dashboard|plotly|dash|flask|pd|np|go)\.|\.(py|csv|xlsx|toml|json|geojson|parquet|gz|png|svg|pdf|pptx|js|css|shp|gpkg|zip)$"
)


@cache
def _literals() -> tuple[frozenset[str], frozenset[str]]:
    """(string constants, fixed prefixes of f-strings) in the package and its browser scripts."""
    constants: set[str] = set()
    prefixes: set[str] = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        fragments = {  # the fixed parts of f-strings are prefixes, not whole keys
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        for node in ast.walk(tree):
            if id(node) in fragments:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    prefixes.add(first.value)
    for path in (PROJECT_DIR / "assets").glob("*.js"):
        constants.update(re.findall(r"[\"']([a-z][a-z0-9_.]+)[\"']", path.read_text("utf-8")))
    # "admin.action_" + action and "figures." + name complete a key at run time
    prefixes.update(c for c in constants if KEY_PREFIX.match(c))
    return frozenset(constants), frozenset(p for p in prefixes if "." in p)


def _areas() -> set[str]:
    return {key.split(".", 1)[0] for key in catalogue("id")}


def _used(key: str) -> bool:
    constants, prefixes = _literals()
    return key in constants or any(key.startswith(prefix) for prefix in prefixes)


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_used_in_code_exists(lang):
    constants, _ = _literals()
    areas = _areas()
    known = set(catalogue(lang))
    candidates = {
        c
        for c in constants
        if KEY.match(c)
        and not KEY_PREFIX.match(c)
        and not NOT_KEYS.search(c)
        and c.split(".")[0] in areas
    }
    missing = sorted(c for c in candidates if c not in known and not _is_prefix(c, known))
    assert not missing, f"keys used in code but missing in locales/{lang}: {missing}"


def _is_prefix(candidate: str, known: set[str]) -> bool:
    """``"export.error"`` passed on and completed later names a group of keys, not one key."""
    return any(key.startswith(candidate + ".") for key in known)


def test_every_catalogue_key_is_used():
    unused = sorted(key for key in catalogue("id") if not _used(key))
    assert not unused, f"catalogue keys nothing uses ({len(unused)}): {unused}"


def test_only_one_text_mechanism():
    offenders = [
        str(path.relative_to(PROJECT_DIR))
        for path in Path(PACKAGE_DIR).rglob("*.py")
        if re.search(r"^\s*define\(", path.read_text("utf-8"), re.M)
    ]
    assert not offenders, f"texts defined in Python instead of locales/: {offenders}"
