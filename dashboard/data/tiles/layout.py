"""The shipped tile layout ``data/tile_layout.csv``: read and checked (no scipy here)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.config import SHIPPED_DATA_DIR
from dashboard.data.errors import DataError

TILE_LAYOUT_FILE = SHIPPED_DATA_DIR / "tile_layout.csv"
COLUMNS = ("code", "col", "row", "province_code", "displacement_km")


def load_tile_layout(path: Path | str = TILE_LAYOUT_FILE) -> pd.DataFrame:
    """The shipped layout, checked: every code once, no two tiles in one cell."""
    frame = pd.read_csv(path, dtype={"code": str, "province_code": str})
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise DataError("tiles.missing_columns", file=str(path), columns=", ".join(missing))
    frame = frame[list(COLUMNS)].astype({"col": int, "row": int, "displacement_km": float})
    codes = frame.loc[frame["code"].duplicated(), "code"].tolist()
    if codes:
        raise DataError("tiles.duplicate", file=str(path), what="code", values=", ".join(codes))
    cells = frame[frame.duplicated(["col", "row"])]
    if len(cells):
        listed = ", ".join(f"({c}, {r})" for c, r in zip(cells["col"], cells["row"], strict=True))
        raise DataError("tiles.duplicate", file=str(path), what="col,row", values=listed)
    return frame
