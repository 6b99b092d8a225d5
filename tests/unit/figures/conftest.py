"""Tiny frames for the figure builders, and a stand-in for plotly's hover text rendering."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

_PLACEHOLDER = re.compile(r"%\{([\w.\[\]]+)(?::([^}]*))?\}")
_FIXED = re.compile(r"^,?\.(\d+)f$")


def _d3(value: object, spec: str | None, separators: str) -> str:
    """The d3 formats the builders use (",.Nf"), with plotly's layout.separators applied."""
    if spec is None:
        return str(value)
    match = _FIXED.match(spec)
    assert match, f"unexpected d3 format {spec!r} in a hovertemplate"
    text = f"{float(value):{',' if spec.startswith(',') else ''}.{match.group(1)}f}"
    decimal, thousands = separators[0], separators[1]
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def render_hover(fig, trace: int, point: int) -> str:
    """What plotly shows on hover for one point of a trace, markup removed.

    Covers what the builders put in hovertemplates: %{text}, %{hovertext}, %{customdata},
    %{x}/%{y}/%{z} with an optional ",.Nf" format. Placeholders with no value render empty, as
    in plotly.
    """
    data = fig.data[trace]
    separators = fig.layout.separators or ".,"

    def value_of(name: str):
        array = getattr(data, name)
        if array is None:
            return None
        return array[point] if isinstance(array, list | tuple) else array

    def substitute(match: re.Match) -> str:
        value = value_of(match.group(1))
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        return _d3(value, match.group(2), separators)

    text = _PLACEHOLDER.sub(substitute, data.hovertemplate)
    text = re.sub(r"<extra>.*?</extra>", "", text)
    text = text.replace("<br>", "\n")
    return re.sub(r"<[^>]+>", "", text)


@pytest.fixture
def hover():
    return render_hover


@pytest.fixture
def tiny_layout() -> pd.DataFrame:
    """Six tiles in two provinces on a 4 x 2 grid; column 2 holds no region at all."""
    return pd.DataFrame(
        {
            "code": ["32.16", "32.75", "32.15", "31.71", "31.72", "32.01"],
            "col": [0, 1, 1, 3, 3, 0],
            "row": [0, 0, 1, 0, 1, 1],
            "province_code": ["32", "32", "32", "31", "31", "32"],
        }
    )


@pytest.fixture
def tiny_values() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["32.16", "32.75", "32.15", "31.71", "31.72", "32.01"],
            "value": [1234.5, 56.25, float("nan"), 10.0, 0.0, 99.949],
            "name": [
                "Kabupaten Bekasi",
                "Kota Bekasi",
                "Kabupaten Karawang",
                "Kota Administrasi Jakarta Selatan",
                "Kota Administrasi Jakarta Timur",
                "Kabupaten Bogor",
            ],
            "province_name": ["Jawa Barat"] * 3 + ["DKI Jakarta"] * 2 + ["Jawa Barat"],
        }
    )


@pytest.fixture
def tiny_names(tiny_values) -> pd.Series:
    return tiny_values.set_index("code")["name"]


@pytest.fixture
def tiny_provinces(tiny_values) -> pd.Series:
    return tiny_values.set_index("code")["province_name"]


@pytest.fixture(scope="session")
def national_layout() -> pd.DataFrame:
    """The shipped 514-tile layout, or a synthetic 514-tile grid when it is not there yet."""
    from dashboard.data.tiles import TILE_LAYOUT_FILE, load_tile_layout

    if TILE_LAYOUT_FILE.exists():
        return load_tile_layout()
    codes = [f"{10 + i // 20}.{i % 20 + 1:02d}" for i in range(514)]
    return pd.DataFrame(
        {
            "code": codes,
            "col": [i % 60 for i in range(514)],
            "row": [i // 60 for i in range(514)],
            "province_code": [c[:2] for c in codes],
        }
    )
