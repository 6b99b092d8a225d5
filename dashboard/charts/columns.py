"""The tables behind exported charts: column names in the user's language, one row per bar or region.

Values stay numbers (rounded, empty where there is no data); region codes stay text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.data.views.measures import COMPOSITE
from dashboard.i18n import fmt_number, t

DISTRIBUTION_BINS = 25  # the histograms' bins, on screen and in the exported table


def column(key: str, lang: str, **params: object) -> str:
    return t(f"export.col.{key}", lang, **params)


def yes_no(flag: bool, lang: str) -> str:
    return t("export.yes" if flag else "export.no", lang)


def rounded(values: pd.Series, places: int = 4) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype(float).round(places)


def measure_slug(measure_id: str) -> str:
    """The measure in a file name: ``komposit`` or the id with dashes."""
    return "komposit" if measure_id == COMPOSITE else measure_id.replace("_", "-")


def years_span(years: list[int]) -> tuple[str, str]:
    return (str(min(years)), str(max(years))) if years else ("–", "–")


def region_columns(frame: pd.DataFrame, lang: str) -> dict[str, object]:
    """Code, name, province code and province name of each row's region."""
    return {
        column("code", lang): frame["code"].astype(str).to_numpy(),
        column("name", lang): frame["name"].astype(str).to_numpy(),
        column("province_code", lang): frame["province_code"].astype(str).to_numpy(),
        column("province", lang): frame["province_name"].astype(str).to_numpy(),
    }


def values_table(values: pd.DataFrame, m, period: int, lang: str) -> pd.DataFrame:
    """One row per region: codes, names, year, value (empty = no data), rank and source."""
    out = pd.DataFrame(region_columns(values, lang))
    out[column("period", lang)] = int(period)
    out[column("value", lang)] = rounded(values["value"]).to_numpy()
    if m.categories:
        out[column("category", lang)] = [_category(m.categories, v) for v in values["value"]]
    out[column("rank", lang)] = values["rank"].astype("Int64").to_numpy()
    for name, data in provenance_columns(values, m, lang).items():
        out[name] = data
    return out


def provenance_columns(values: pd.DataFrame, m, lang: str) -> dict[str, object]:
    """Per value: its source ("BPS — <table>", "sintetis", or for a score how many official and
    synthetic inputs it has) and "Sintetis" ya/tidak; for a score also both counts.

    ``values`` is a ``measure_values`` frame (value, source, n_real, n_synthetic); rows without a
    value get empty cells.
    """
    present = values["value"].notna().to_numpy()
    n_real = values["n_real"].astype(int).to_numpy()
    n_synthetic = values["n_synthetic"].astype(int).to_numpy()
    if m.is_score:
        source = [
            t("real.score_source", lang, real=r, synthetic=s) if ok else ""
            for r, s, ok in zip(n_real, n_synthetic, present, strict=True)
        ]
    else:
        source = [str(s) if ok else "" for s, ok in zip(values["source"], present, strict=True)]
    out: dict[str, object] = {
        column("source", lang): source,
        column("synthetic", lang): [
            yes_no(s > 0, lang) if ok else "" for s, ok in zip(n_synthetic, present, strict=True)
        ],
    }
    if m.is_score:
        out[column("n_real", lang)] = pd.array(np.where(present, n_real, None), dtype="Int64")
        out[column("n_synthetic", lang)] = pd.array(
            np.where(present, n_synthetic, None), dtype="Int64"
        )
    return out


def _category(categories: tuple[str, ...], value: object) -> str | None:
    if value is None or pd.isna(value):
        return None
    position = round(float(value)) - 1  # type: ignore[arg-type]
    return categories[position] if 0 <= position < len(categories) else None


def histogram_table(
    values: pd.Series,
    *,
    xrange: tuple[float, float] | None,
    home_value: float | None,
    home_name: str,
    lang: str,
) -> pd.DataFrame:
    """The bins of :func:`score_distribution` (same bins, same counts) as rows."""
    numbers = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    columns = [
        column("bin_from", lang),
        column("bin_to", lang),
        column("count", lang),
        column("home_bin", lang, name=home_name),
    ]
    if numbers.size == 0:
        return pd.DataFrame(columns=columns)
    if xrange is not None:
        span = (float(xrange[0]), float(xrange[1]))
    else:
        low, high = float(numbers.min()), float(numbers.max())
        span = (low - 0.5, high + 0.5) if high <= low else (low, high)
    counts, edges = np.histogram(numbers, bins=DISTRIBUTION_BINS, range=span)
    home_bin = None
    if home_value is not None:
        home_bin = min(
            max(int(np.searchsorted(edges, home_value, side="right")) - 1, 0), len(counts) - 1
        )
    return pd.DataFrame(
        {
            columns[0]: np.round(edges[:-1], 4),
            columns[1]: np.round(edges[1:], 4),
            columns[2]: counts.astype(int),
            columns[3]: [yes_no(i == home_bin, lang) for i in range(len(counts))],
        }
    )


def mean_notes(stats, home_name: str, decimals: int, lang: str, province: bool) -> list:
    """The mean and the home region's value, as provenance notes of a histogram."""
    mean = (
        stats.province_mean if province and stats.province_mean is not None else stats.national_mean
    )
    label = "export.note_province_mean" if province else "export.note_national_mean"
    return [
        (t(label, lang), fmt_number(mean, lang, decimals)),
        (t("export.note_home", lang, name=home_name), fmt_number(stats.home_value, lang, decimals)),
    ]


def bar_table(fig: go.Figure, *, category: str, lang: str) -> pd.DataFrame:
    """The bars of a (stacked) bar chart as rows: one per category, one column per trace."""
    bars = [trace for trace in fig.data if trace.type == "bar"]
    if not bars:
        return pd.DataFrame(columns=[category])
    index = [str(x) for x in bars[0].x]
    out = pd.DataFrame({category: [int(x) if x.isdigit() else x for x in index]})
    for trace in bars:
        by_x = dict(zip([str(x) for x in trace.x], trace.y, strict=True))
        name = trace.name or column("count", lang)
        out[name] = [int(by_x.get(x, 0)) for x in index]
    return out


def names_of(snap) -> pd.Series:
    """Region names by code (hover texts, labels and the home region's name)."""
    return snap.memo(("names-by-code",), lambda: snap.regions.regions.set_index("code")["name"])
