"""Real BPS values in the bundled dataset: the shipped tables, and the real-first merge.

The tables in ``data/bps/`` (see ``data/SOURCES.md``) are copied unchanged from the project's facts.
Each maps to one framework indicator; every value found there for a region and year of the sample
is stored as it is, with ``source`` "BPS — <table>", and is never replaced by a synthetic one.

With fill on (``SAMPLE_FILL=1``, the default) a synthetic value is used only where BPS has none
for that region, indicator and year, and it is *anchored* to the real level: the synthetic series
is scaled so that it meets the region's nearest real value (so a series does not jump where the
real values end). A region with no real value at all gets the indicator's median scaling. With fill
off only real values are stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.config import SHIPPED_DATA_DIR
from dashboard.data.errors import DataError
from dashboard.data.framework import Indicator

BPS_DIR = SHIPPED_DATA_DIR / "bps"
BPS_COLUMNS = ("code", "indicator", "period", "value", "unit", "source")
PUBLISHER = "BPS"
SOURCE_SEPARATOR = " — "


@dataclass(frozen=True)
class BpsTable:
    """One shipped BPS table and the framework indicator its values fill."""

    file: str
    code: str  # the ``indicator`` column of the file
    indicator_id: str
    table: str  # the BPS table's name, as the source label shows it
    caveat: str = ""  # stored in ``note`` with every value

    @property
    def source(self) -> str:
        return f"{PUBLISHER}{SOURCE_SEPARATOR}{self.table}"


BPS_TABLES = (
    BpsTable(
        "hdi_bps.csv",
        "ipm",
        "liv_hdi",
        "[Metode Baru] Indeks Pembangunan Manusia (var 413)",
        "seri var 413; jangan dicampur dengan IPM berbasis Long Form SP2020 (var 2205)",
    ),
    BpsTable(
        "life_expectancy_bps.csv",
        "uhh",
        "liv_life_exp",
        "[Metode Baru] Umur Harapan Hidup Saat Lahir (var 414)",
    ),
    BpsTable(
        "mean_years_schooling_bps.csv",
        "rls",
        "soc_schooling",
        "[Metode Baru] Rata-rata Lama Sekolah (var 415)",
    ),
    BpsTable(
        "poverty_rate_bps.csv",
        "p0",
        "eco_poverty",
        "Persentase Penduduk Miskin (P0) Menurut Kabupaten/Kota (var 621)",
        "Susenas Maret; estimasi wilayah kecil, galat sampling lebar",
    ),
    BpsTable(
        "unemployment_rate_bps.csv",
        "tpt",
        "eco_unemployment",
        "Tingkat Pengangguran Terbuka Menurut Kabupaten/Kota (Sakernas Agustus)",
        "tahun 2021 disimpulkan; estimasi wilayah kecil, jangan memeringkat atas nilai ini saja",
    ),
    BpsTable(
        "expected_years_schooling_bps.csv",
        "hls",
        "ctx_expected_schooling",
        "[Metode Baru] Harapan Lama Sekolah (var 417)",
    ),
    BpsTable(
        "adjusted_expenditure_per_capita_bps.csv",
        "pengeluaran_per_kapita_disesuaikan",
        "ctx_expenditure",
        "[Metode Baru] Pengeluaran per Kapita Disesuaikan (var 416)",
        "ribu rupiah per orang per tahun, harga konstan 2012",
    ),
)
BPS_INDICATORS = frozenset(t.indicator_id for t in BPS_TABLES)


def _read_table(folder: Path, table: BpsTable) -> pd.DataFrame:
    path = folder / table.file
    try:
        frame = pd.read_csv(path, dtype={"code": str, "indicator": str, "source": str})
    except (OSError, ValueError) as exc:
        raise DataError("sample.bps_unreadable", file=str(path), detail=str(exc)) from None
    missing = [c for c in BPS_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError("sample.bps_columns", file=str(path), columns=", ".join(missing))
    wrong = frame["indicator"] != table.code
    if wrong.any():
        raise DataError(
            "sample.bps_indicator",
            file=str(path),
            row=int(np.flatnonzero(wrong.to_numpy())[0]) + 2,
            expected=table.code,
        )
    values = pd.to_numeric(frame["value"], errors="coerce")
    periods = pd.to_numeric(frame["period"], errors="coerce")
    bad = values.isna() | periods.isna() | frame["code"].isna()
    if bad.any():
        raise DataError("sample.bps_value", file=str(path), row=int(np.flatnonzero(bad)[0]) + 2)
    if frame.duplicated(["code", "period"]).any():
        row = int(np.flatnonzero(frame.duplicated(["code", "period"]).to_numpy())[0]) + 2
        raise DataError("sample.bps_duplicate", file=str(path), row=row)
    note = frame["source"].fillna("").astype(str)
    if table.caveat:
        note = note + "; " + table.caveat
    return pd.DataFrame(
        {
            "region_code": frame["code"].astype(str),
            "indicator_id": table.indicator_id,
            "period": periods.astype("int64"),
            "value": values.astype("float64"),
            "source": table.source,
            "reference_date": "",
            "note": note,
        }
    )


def load_bps(folder: Path | str = BPS_DIR) -> pd.DataFrame:
    """Every shipped BPS value as observations (all years), exactly as published."""
    frames = [_read_table(Path(folder), table) for table in BPS_TABLES]
    return pd.concat(frames, ignore_index=True)


def real_matrix(real: pd.DataFrame, indicator_id: str, codes: np.ndarray, years) -> pd.DataFrame:
    """The real values of one indicator as a (region x year) frame; NaN where BPS has none."""
    rows = real[real["indicator_id"] == indicator_id]
    wide = rows.pivot(index="region_code", columns="period", values="value")
    return wide.reindex(index=codes, columns=list(years))


def _nearest_real(present: np.ndarray) -> np.ndarray:
    """For each (region, year), the column of the nearest real value (earlier wins ties); -1: none."""
    n, t = present.shape
    cols = np.arange(t)
    out = np.full((n, t), -1)
    best = np.full((n, t), np.inf)
    for k in range(t):
        distance = np.abs(cols - k) + np.where(cols < k, 0.0, 0.1)  # prefer the earlier one
        has = present[:, k]
        closer = has[:, None] & (distance[None, :] < best)
        out = np.where(closer, k, out)
        best = np.where(closer, distance[None, :], best)
    return out


def anchor(
    synthetic: np.ndarray, real: np.ndarray, indicator: Indicator
) -> tuple[np.ndarray, np.ndarray]:
    """Real values where present, synthetic ones scaled to meet the nearest real value elsewhere.

    Returns the merged values and a mask of the cells that are real. The scaling is a ratio where
    both values are positive (rates stay positive), a shift otherwise; filled values are clipped to
    the indicator's bounds and rounded to its decimals. Real values are never touched.
    """
    present = np.isfinite(real)
    nearest = _nearest_real(present)
    rows = np.arange(synthetic.shape[0])[:, None]
    real_at = np.where(nearest >= 0, real[rows, np.maximum(nearest, 0)], np.nan)
    synth_at = synthetic[rows, np.maximum(nearest, 0)]
    ratio_ok = (real_at > 0) & (synth_at > 0)
    ratio = np.where(ratio_ok, real_at / np.where(synth_at > 0, synth_at, 1.0), np.nan)
    shift = np.where(~ratio_ok & (nearest >= 0), real_at - synth_at, np.nan)
    typical_ratio = np.nanmedian(ratio) if np.isfinite(ratio).any() else 1.0
    filled = np.where(
        np.isfinite(ratio),
        synthetic * ratio,
        np.where(np.isfinite(shift), synthetic + shift, synthetic * typical_ratio),
    )
    if indicator.bounds:
        filled = np.clip(filled, *indicator.bounds)
    filled = np.round(filled, indicator.decimals)
    return np.where(present, real, filled), present
