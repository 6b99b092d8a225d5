"""Kecamatan (districts): dotted codes ("32.16.01"), their regency, and where names come from.

Observations of a district carry its dotted Kemendagri code in the same ``region_code`` column as
regencies; a code's regency is its first five characters. The project ships no district list:
district names (facts) come from the active boundary version's district level
(``import boundaries --level district``: the ``code``/``name`` properties), read once per
snapshot. Without one, a district is shown by its code (:func:`district_label`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

DISTRICT_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
DISTRICT_COLUMNS = ("code", "name", "regency_code")


def is_district_code(text: object) -> bool:
    """True for a dotted kecamatan code ("32.16.01")."""
    return isinstance(text, str) and DISTRICT_CODE.match(text) is not None


def regency_of(code: str) -> str:
    """The regency code of a district code ("32.16.01" -> "32.16")."""
    return code[:5]


def district_mask(codes: pd.Series) -> np.ndarray:
    """Rows whose code is a district code; checked once per distinct code."""
    uniques = pd.unique(codes.to_numpy())
    districts = [c for c in uniques if is_district_code(c)]
    return codes.isin(districts).to_numpy() if districts else np.zeros(len(codes), dtype=bool)


def empty_districts() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in DISTRICT_COLUMNS})


def read_district_names(path: Path | str) -> pd.DataFrame:
    """Codes and names of a district boundary file's features (code, name, regency_code).

    The browser-ready GeoJSON of a boundary version holds ``code`` and ``name`` properties
    (:mod:`dashboard.data.imports.geometry.geojson`); features without a district code are skipped.
    """
    collection = json.loads(Path(path).read_bytes())
    rows = []
    for feature in collection.get("features", []):
        props = feature.get("properties") or {}
        code = str(props.get("code") or feature.get("id") or "")
        if is_district_code(code):
            rows.append((code, str(props.get("name") or "").strip(), regency_of(code)))
    if not rows:
        return empty_districts()
    frame = pd.DataFrame(rows, columns=list(DISTRICT_COLUMNS)).drop_duplicates("code")
    return frame.sort_values("code").reset_index(drop=True)


def district_label(code: str, name: str | None) -> str:
    """What a district is called on screen: its name, or its code when no name is known."""
    return name if isinstance(name, str) and name else code
