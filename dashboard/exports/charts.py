"""Every chart that can leave the app: name -> the page's figure, the data behind it, provenance.

Each chart is drawn by the same function as on its page (:mod:`dashboard.exports.page_charts`),
with the light ``print`` template, so an exported chart is the chart on screen.
Export parameters mirror the page URLs (``/?indicator=eco_poverty&period=2024`` ->
``/export/chart/peta-kesiapan.png?indicator=eco_poverty&period=2024``) but are read strictly:
where a page quietly falls back to its default, an export answers :class:`ExportError` (400 with
a message), because a scheduled export must never silently show something else.

Everything here needs a Flask application context (``dashboard.state``), as pages do; the CLI and
the benchmark push a small one with :func:`standalone_app`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.components import maps
from dashboard.config import Settings
from dashboard.data.store.boundaries import current_geometry
from dashboard.data.store.repository import SYNTHETIC, Repository, Snapshot
from dashboard.data.views.catalogue import catalogue_table
from dashboard.data.views.compare import MAX_COMPARE, compare_scores
from dashboard.data.views.measures import (
    COMPOSITE,
    group_means,
    measure,
    measure_values,
    score_history,
    shows_synthetic,
    sources_of,
    summary,
    value_sources,
)
from dashboard.data.views.periods import default_period
from dashboard.data.views.programme import COHORT_FACTS, programme_is_synthetic, programme_table
from dashboard.data.views.regions import parse_region_keys, short_name
from dashboard.exports import render, stamp, tables
from dashboard.exports.page_charts import (
    ALL,
    DISTRIBUTION_BINS,
    RANKING_N,
    bimtek_figure,
    cohorts_figure,
    compare_figure,
    default_compare_codes,
    distribution_figure,
    indicator_distribution,
    indicator_map,
    indicator_year,
    masterplan_figure,
    names_of,
    pillars_figure,
    profile_groups,
    programme_map,
    ranking_figure,
    score_row,
    selected_values,
    trend_figure,
)
from dashboard.exports.provenance import Provenance
from dashboard.figures.geomap import FEATURE_ID_KEY
from dashboard.figures.ranking import ranked, shown_rows
from dashboard.i18n import fmt_number, t
from dashboard.state import href, repository

RESERVED_KEYS = ("lang",)
EXPORT_TEMPLATE = "print"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


class ExportError(Exception):
    """An export that cannot be made as asked: an HTTP status and a message in the user's language."""

    def __init__(self, status: int, reason: str, /, **params: object) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason  # a key of [error] in locales/<lang>/export.toml
        self.params = params

    def message(self, lang: str) -> str:
        return t(f"export.error.{self.reason}", lang, **self.params)


# ==================================================================== strict query reading
class Query:
    """The query string of one export request (the page's keys plus ``lang``)."""

    def __init__(self, values: Mapping[str, object]) -> None:
        self.values = {str(k): str(v) for k, v in values.items()}

    def get(self, key: str) -> str | None:
        """The value, or None when absent or blank (blank means "the page's default")."""
        value = self.values.get(key)
        return None if value is None or not value.strip() else value.strip()


def read_lang(raw: object, default: str = "id") -> str:
    if raw is None or str(raw).strip() == "":
        return default
    if str(raw) not in ("id", "en"):
        raise ExportError(400, "bad_lang", value=shown(raw))
    return str(raw)


def measure_ids(snap: Snapshot) -> list[str]:
    fw = snap.framework
    return [COMPOSITE, *fw.groups, *(i.id for i in fw.scored_indicators)]


def read_measure(snap: Snapshot, raw: str | None) -> str:
    if raw is None:
        return COMPOSITE
    if raw not in measure_ids(snap):
        raise ExportError(400, "bad_indicator", value=shown(raw))
    return raw


def read_period(snap: Snapshot, raw: str | None) -> int:
    if raw is None:
        return default_period(snap)
    try:
        year = int(raw)
    except ValueError:
        year = None
    if year not in snap.periods:
        periods = ", ".join(str(p) for p in snap.periods)
        raise ExportError(400, "bad_period", value=shown(raw), periods=periods)
    return year


def read_province(snap: Snapshot, raw: str | None) -> str:
    if raw is None or raw == ALL:
        return ALL
    if raw not in set(snap.regions.provinces["code"]):
        raise ExportError(400, "bad_province", value=shown(raw))
    return raw


def read_mode(raw: str | None) -> str:
    if raw is None or raw == "tile":
        return "tile"
    if raw != "geo":
        raise ExportError(400, "bad_mode", value=shown(raw))
    if not maps.has_geometry():
        raise ExportError(400, "no_boundaries")
    return "geo"


def read_region(snap: Snapshot, raw: str | None, home: str) -> str:
    code, _ = snap.regions.try_resolve(raw if raw is not None else home)
    if code is None or "." not in code:
        raise ExportError(400, "bad_region", value=shown(raw if raw is not None else home))
    return code


def read_regions(snap: Snapshot, raw: str | None, home: str) -> list[str]:
    if raw is None:
        return default_compare_codes(home)
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    choice = parse_region_keys(snap.regions, keys, limit=len(keys) or 1)
    if choice.unknown:
        raise ExportError(400, "bad_regions", values=shown(", ".join(choice.unknown)))
    codes = list(choice.codes)
    if len(codes) > MAX_COMPARE:
        raise ExportError(400, "too_many_regions", max=MAX_COMPARE, n=len(codes))
    if len(codes) < 2:
        raise ExportError(400, "too_few_regions", n=len(codes))
    return codes


def read_catalogue_indicator(snap: Snapshot, raw: str | None) -> str:
    known = list(catalogue_table(snap)["id"])
    if raw is None:
        return known[0]
    if raw not in known:
        raise ExportError(400, "bad_catalogue_indicator", value=shown(raw))
    return raw


def read_cohort(snap: Snapshot, raw: str | None) -> str:
    """The programme page's cohort filter: validated, although the charts show every cohort."""
    if raw is None or raw == ALL:
        return ALL
    table = programme_table(snap)
    cohorts = sorted(int(y) for y in table["cohort_year"].dropna().unique())
    if not raw.isdigit() or int(raw) not in cohorts:
        raise ExportError(400, "bad_cohort", value=shown(raw), cohorts=", ".join(map(str, cohorts)))
    return raw


def shown(value: object, limit: int = 60) -> str:
    """A user's value echoed in a message: printable and short."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ==================================================================== the export of one chart
@dataclass(frozen=True)
class ChartExport:
    """A page's figure in the print template, the table behind it and its provenance."""

    name: str
    figure: go.Figure
    data: pd.DataFrame
    provenance: Provenance
    subtitle: str
    lang: str
    slug: tuple[str, ...] = ()
    geographic: bool = False  # a geographic map: boundaries are attached when it is drawn

    @property
    def title(self) -> str:
        return self.provenance.title

    def file_name(self, ext: str) -> str:
        """E.g. ``peta-kesiapan_komposit_2024.png``: only letters, digits, ``-`` and ``_``."""
        return safe_file_name("_".join((self.name, *self.slug)), ext)


def safe_file_name(stem: str, ext: str) -> str:
    """A download name from a whitelist of characters (no quotes, slashes, dots or spaces)."""
    clean = _UNSAFE_NAME.sub("-", stem)
    clean = re.sub(r"-{2,}", "-", clean).strip("-_")[:100] or "export"
    extension = _UNSAFE_NAME.sub("", ext)[:8] or "bin"
    return f"{clean}.{extension}"


@dataclass(frozen=True)
class Chart:
    """One exportable chart: the page it is on, the query keys it takes, how to build it."""

    name: str
    page: str
    keys: tuple[str, ...]
    build: Callable[[Snapshot, Query, str, str], ChartExport] = field(repr=False)


def build_chart(
    name: str, query: Mapping[str, object], *, snap: Snapshot, lang: str, home: str
) -> ChartExport:
    """The export of chart ``name`` for a page query; :class:`ExportError` when it cannot be."""
    chart = CHARTS.get(name)
    if chart is None:
        raise ExportError(404, "unknown_chart", name=shown(name), names=", ".join(CHARTS))
    for key in query:
        if key not in chart.keys and key not in RESERVED_KEYS:
            accepted = ", ".join((*chart.keys, *RESERVED_KEYS))
            raise ExportError(400, "unknown_param", key=shown(key), name=name, keys=accepted)
    return chart.build(snap, Query(query), lang, home)


# -------------------------------------------------------------------- provenance helpers
def code_vintage(snap: Snapshot) -> str:
    """The region list's vintage (regions.csv ``vintage``), e.g. "Kepmendagri 300.2.2-2138/2025"."""
    return snap.memo(
        ("code-vintage",),
        lambda: ", ".join(sorted(set(snap.regions.regions["vintage"].dropna().astype(str)))),
    )


def _sources(real: Iterable[str], synthetic: bool, lang: str) -> tuple[str, ...]:
    out = sorted({s for s in real if s and s != SYNTHETIC})
    if synthetic:
        out.append(t("export.synthetic_source", lang))
    return tuple(out)


def _scored_observations(snap: Snapshot, codes: list[str]) -> pd.DataFrame:
    """The values behind the scores of some regions (context values such as area are not)."""
    obs = snap.observations
    scored = [i.id for i in snap.framework.scored_indicators]
    mask = obs["region_code"].isin(codes) & obs["indicator_id"].isin(scored) & obs["value"].notna()
    return obs[mask]


def _provenance(
    snap: Snapshot,
    lang: str,
    *,
    title: str,
    measure_label: str,
    unit: str,
    period: object,
    data_year: object,
    sources: tuple[str, ...],
    synthetic: bool,
    url: str,
    filters: Mapping[str, str] | None = None,
    notes: Iterable[tuple[str, str]] = (),
) -> Provenance:
    return Provenance(
        title=title,
        measure=measure_label,
        unit=unit,
        period=str(period),
        sources=sources,
        data_year=str(data_year),
        dataset_version=snap.version,
        code_vintage=code_vintage(snap),
        synthetic=synthetic,
        filters=dict(filters or {}),
        url=url,
        notes=((t("export.note_framework", lang), snap.framework.version), *notes),
    )


def _col(key: str, lang: str, **params: object) -> str:
    return t(f"export.col.{key}", lang, **params)


def _yes(flag: bool, lang: str) -> str:
    return t("export.yes" if flag else "export.no", lang)


def _rounded(values: pd.Series, places: int = 4) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype(float).round(places)


def _measure_slug(measure_id: str) -> str:
    return "komposit" if measure_id == COMPOSITE else measure_id.replace("_", "-")


def _years_span(years: list[int]) -> tuple[str, str]:
    return (str(min(years)), str(max(years))) if years else ("–", "–")


# -------------------------------------------------------------------- overview charts
@dataclass(frozen=True)
class OverviewState:
    measure_id: str
    period: int
    province: str
    mode: str


def overview_state(snap: Snapshot, query: Query) -> OverviewState:
    return OverviewState(
        read_measure(snap, query.get("indicator")),
        read_period(snap, query.get("period")),
        read_province(snap, query.get("province")),
        read_mode(query.get("mode")),
    )


def _overview_common(snap: Snapshot, state: OverviewState, lang: str) -> dict:
    """Texts, provenance parts and the selection every overview chart shares."""
    m = measure(snap, state.measure_id)
    selected = selected_values(snap, state.measure_id, state.period, state.province)
    synthetic = shows_synthetic(selected)
    real = value_sources(snap, m.id, state.period, selected)
    scope = (
        t("export.all_indonesia", lang)
        if state.province == ALL
        else snap.regions.name(state.province)
    )
    query = {
        "indicator": state.measure_id,
        "period": state.period,
        "province": None if state.province == ALL else state.province,
        "mode": None if state.mode == "tile" else state.mode,
    }
    slug = [_measure_slug(state.measure_id), str(state.period)]
    if state.province != ALL:
        slug.append(f"prov{state.province}")
    return {
        "m": m,
        "selected": selected,
        "label": m.label(lang),
        "unit": m.unit_label(lang),
        "scope": scope,
        "synthetic": synthetic,
        "sources": _sources(real, synthetic, lang),
        "url": href("/", lang, **query),
        "filters": {t("export.filter.province", lang): scope},
        "slug": slug,
    }


def _region_columns(frame: pd.DataFrame, lang: str) -> dict[str, object]:
    return {
        _col("code", lang): frame["code"].astype(str).to_numpy(),
        _col("name", lang): frame["name"].astype(str).to_numpy(),
        _col("province_code", lang): frame["province_code"].astype(str).to_numpy(),
        _col("province", lang): frame["province_name"].astype(str).to_numpy(),
    }


def values_table(values: pd.DataFrame, m, period: int, lang: str) -> pd.DataFrame:
    """One row per region: codes, names, year, value (empty = no data), rank and source."""
    out = pd.DataFrame(_region_columns(values, lang))
    out[_col("period", lang)] = int(period)
    out[_col("value", lang)] = _rounded(values["value"]).to_numpy()
    if m.categories:
        out[_col("category", lang)] = [_category(m.categories, v) for v in values["value"]]
    out[_col("rank", lang)] = values["rank"].astype("Int64").to_numpy()
    out[_col("source", lang)] = values["source"].astype(str).to_numpy()
    return out


def _category(categories: tuple[str, ...], value: object) -> str | None:
    if value is None or pd.isna(value):
        return None
    position = round(float(value)) - 1  # type: ignore[arg-type]
    return categories[position] if 0 <= position < len(categories) else None


def _build_overview_map(snap: Snapshot, query: Query, lang: str, home: str) -> ChartExport:
    state = overview_state(snap, query)
    c = _overview_common(snap, state, lang)
    fig = maps.readiness_figure(
        snap,
        state.measure_id,
        state.period,
        mode=state.mode,
        province=state.province,
        lang=lang,
        home=home,
        template=EXPORT_TEMPLATE,
    )
    if state.mode == "geo":
        c["slug"].append("geo")
    map_kind = t("export.geo_map" if state.mode == "geo" else "export.tile_map", lang)
    title = t("export.title.peta_kesiapan", lang, measure=c["label"], period=state.period)
    return ChartExport(
        "peta-kesiapan",
        fig,
        values_table(c["selected"], c["m"], state.period, lang),
        _provenance(
            snap,
            lang,
            title=title,
            measure_label=c["label"],
            unit=c["unit"],
            period=state.period,
            data_year=state.period,
            sources=c["sources"],
            synthetic=c["synthetic"],
            url=c["url"],
            filters={**c["filters"], t("export.filter.map", lang): map_kind},
        ),
        " · ".join((c["unit"], c["scope"], map_kind)),
        lang,
        tuple(c["slug"]),
        geographic=state.mode == "geo",
    )


def _build_ranking(snap: Snapshot, query: Query, lang: str, home: str) -> ChartExport:
    state = overview_state(snap, query)
    c = _overview_common(snap, state, lang)
    m = c["m"]
    fig = ranking_figure(
        snap,
        state.measure_id,
        state.period,
        province=state.province,
        lang=lang,
        home=home,
        template=EXPORT_TEMPLATE,
    )
    table = ranked(
        c["selected"].rename(columns={"code": "region_code"}),
        value_col="value",
        direction=m.direction,
        names=names_of(snap),
    )
    shown = {r for r in shown_rows(table, n=RANKING_N, home_code=home) if r is not None}
    info = c["selected"].set_index("code")
    data = pd.DataFrame(
        {
            _col("rank_selection", lang): table["rank"].astype(int).to_numpy(),
            **_region_columns(info.loc[table["code"]].reset_index(), lang),
            _col("value", lang): _rounded(table["value"]).to_numpy(),
            _col("rank", lang): info.loc[table["code"], "rank"].astype("Int64").to_numpy(),
            _col("on_chart", lang): [_yes(i in shown, lang) for i in range(len(table))],
        }
    )
    title = t("export.title.peringkat", lang, measure=c["label"], period=state.period)
    home_name = short_name(names_of(snap).get(home, home))
    subtitle = " · ".join(
        (t("export.title.ranking_sub", lang, home=home_name), c["unit"], c["scope"])
    )
    return ChartExport(
        "peringkat",
        fig,
        data,
        _provenance(
            snap,
            lang,
            title=title,
            measure_label=c["label"],
            unit=c["unit"],
            period=state.period,
            data_year=state.period,
            sources=c["sources"],
            synthetic=c["synthetic"],
            url=c["url"],
            filters=c["filters"],
        ),
        subtitle,
        lang,
        tuple(c["slug"]),
    )


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
        _col("bin_from", lang),
        _col("bin_to", lang),
        _col("count", lang),
        _col("home_bin", lang, name=home_name),
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
            columns[3]: [_yes(i == home_bin, lang) for i in range(len(counts))],
        }
    )


def _mean_notes(stats, home_name: str, decimals: int, lang: str, province: bool) -> list:
    mean = (
        stats.province_mean if province and stats.province_mean is not None else stats.national_mean
    )
    label = "export.note_province_mean" if province else "export.note_national_mean"
    return [
        (t(label, lang), fmt_number(mean, lang, decimals)),
        (t("export.note_home", lang, name=home_name), fmt_number(stats.home_value, lang, decimals)),
    ]


def _build_distribution(snap: Snapshot, query: Query, lang: str, home: str) -> ChartExport:
    state = overview_state(snap, query)
    c = _overview_common(snap, state, lang)
    m = c["m"]
    fig = distribution_figure(
        snap,
        state.measure_id,
        state.period,
        province=state.province,
        lang=lang,
        home=home,
        template=EXPORT_TEMPLATE,
    )
    province = None if state.province == ALL else state.province
    stats = summary(snap, state.measure_id, state.period, home=home, province=province)
    home_name = names_of(snap).get(home, home)
    data = histogram_table(
        c["selected"]["value"],
        xrange=(0, 100) if m.is_score else None,
        home_value=stats.home_value,
        home_name=home_name,
        lang=lang,
    )
    title = t("export.title.sebaran", lang, measure=c["label"], period=state.period)
    return ChartExport(
        "sebaran",
        fig,
        data,
        _provenance(
            snap,
            lang,
            title=title,
            measure_label=c["label"],
            unit=c["unit"],
            period=state.period,
            data_year=state.period,
            sources=c["sources"],
            synthetic=c["synthetic"],
            url=c["url"],
            filters=c["filters"],
            notes=_mean_notes(stats, home_name, m.decimals, lang, province is not None),
        ),
        " · ".join((c["unit"], c["scope"])),
        lang,
        tuple(c["slug"]),
    )


# -------------------------------------------------------------------- region profile charts
def _region_common(snap: Snapshot, code: str, lang: str, period: int | None) -> dict:
    regions = snap.regions.regions.set_index("code")
    province = regions.at[code, "province_code"]
    own = _scored_observations(snap, [code])
    if period is not None:
        own = own[own["period"] == period]
    synthetic = bool((own["source"] == SYNTHETIC).any())
    return {
        "name": regions.at[code, "name"],
        "province": province,
        "province_name": regions.at[province, "name"] if province in regions.index else "",
        "synthetic": synthetic,
        "sources": _sources(own["source"], synthetic, lang),
        "filters": {t("export.filter.region", lang): f"{regions.at[code, 'name']} ({code})"},
    }


def _build_pillars(snap: Snapshot, query: Query, lang: str, home: str) -> ChartExport:
    code = read_region(snap, query.get("kode"), home)
    period = read_period(snap, query.get("period"))
    c = _region_common(snap, code, lang, period)
    fig = pillars_figure(snap, code, period, lang=lang, template=EXPORT_TEMPLATE)
    groups = profile_groups(snap, lang)
    own = score_row(snap, code, period)
    provincial = group_means(snap, period, province=c["province"])
    national = group_means(snap, period)
    kinds = {"pillar": _col("kind_pillar", lang), "element": _col("kind_element", lang)}
    data = pd.DataFrame(
        {
            _col("group_id", lang): [g for g, _, _ in groups],
            _col("group", lang): [name for _, name, _ in groups],
            _col("kind", lang): [kinds.get(kind, kind) for _, _, kind in groups],
            _col("value", lang): _rounded(
                pd.Series([own.get(g) if own is not None else None for g, _, _ in groups])
            ).to_numpy(),
            _col("province_mean", lang): _rounded(
                pd.Series([provincial.get(g) for g, _, _ in groups])
            ).to_numpy(),
            _col("national_mean", lang): _rounded(
                pd.Series([national.get(g) for g, _, _ in groups])
            ).to_numpy(),
        }
    )
    title = t("export.title.pilar", lang, region=c["name"], period=period)
    return ChartExport(
        "pilar",
        fig,
        data,
        _provenance(
            snap,
            lang,
            title=title,
            measure_label=", ".join(name for _, name, _ in groups),
            unit=t("figures.score", lang),
            period=period,
            data_year=period,
            sources=c["sources"],
            synthetic=c["synthetic"],
            url=href(f"/wilayah/{code}", lang, period=period),
            filters=c["filters"],
        ),
        t("export.title.pilar_sub", lang, province=c["province_name"]),
        lang,
        (code.replace(".", ""), str(period)),
    )


def _build_trend(snap: Snapshot, query: Query, lang: str, home: str) -> ChartExport:
    code = read_region(snap, query.get("kode"), home)
    if query.get("period") is not None:  # the profile's year; the trend shows every year
        read_period(snap, query.get("period"))
    c = _region_common(snap, code, lang, None)
    fig = trend_figure(snap, code, lang=lang, template=EXPORT_TEMPLATE)
    history = score_history(snap, code)
    first, last = _years_span([int(p) for p in history["period"]])
    data = pd.DataFrame(
        {
            _col("period", lang): history["period"].astype(int).to_numpy(),
            _col("value", lang): _rounded(history[COMPOSITE]).to_numpy(),
            _col("province_mean", lang): _rounded(history["province_mean"]).to_numpy(),
            _col("national_mean", lang): _rounded(history["national_mean"]).to_numpy(),
        }
    )
    label = t("export.title.trend_measure", lang)
    return ChartExport(
        "tren",
        fig,
        data,
        _provenance(
            snap,
            lang,
            title=t("export.title.tren", lang, region=c["name"], first=first, last=last),
            measure_label=label,
            unit=t("figures.score", lang),
            period=f"{first}–{last}",
            data_year=f"{first}–{last}",
            sources=c["sources"],
            synthetic=c["synthetic"],
            url=href(f"/wilayah/{code}", lang),
            filters=c["filters"],
        ),
        t("export.title.tren_sub", lang, province=c["province_name"]),
        lang,
        (code.replace(".", ""),),
    )


# -------------------------------------------------------------------- compare chart
def _build_compare(snap: Snapshot, query: Query, lang: str, home: str) -> ChartExport:
    codes = read_regions(snap, query.get("kode"), home)
    period = read_period(snap, query.get("period"))
    fig = compare_figure(snap, codes, period, lang=lang, home=home, template=EXPORT_TEMPLATE)
    scores = compare_scores(snap, codes, period)
    groups = profile_groups(snap, lang)
    regions = snap.regions.regions.set_index("code")
    data = pd.DataFrame(
        {
            _col("code", lang): codes,
            _col("name", lang): [regions.at[c, "name"] for c in codes],
            _col("composite", lang): _rounded(scores["composite"]).to_numpy(),
        }
    )
    for group, name, _ in groups:
        data[name] = _rounded(scores[group]).to_numpy()
    own = _scored_observations(snap, codes)
    own = own[own["period"] == period]
    synthetic = bool((own["source"] == SYNTHETIC).any())
    labels = ", ".join(short_name(regions.at[c, "name"]) for c in codes)
    return ChartExport(
        "bandingkan-pilar",
        fig,
        data,
        _provenance(
            snap,
            lang,
            title=t("export.title.bandingkan", lang, period=period),
            measure_label=", ".join(name for _, name, _ in groups),
            unit=t("figures.score", lang),
            period=period,
            data_year=period,
            sources=_sources(own["source"], synthetic, lang),
            synthetic=synthetic,
            url=href("/bandingkan", lang, kode=",".join(codes), period=period),
            filters={t("export.filter.regions", lang): labels},
        ),
        labels,
        lang,
        ("-".join(c.replace(".", "") for c in codes), str(period)),
    )


# -------------------------------------------------------------------- catalogue charts
def _catalogue_common(snap: Snapshot, indicator_id: str, lang: str) -> dict:
    ind = snap.framework.indicator(indicator_id)
    latest = indicator_year(snap, indicator_id)
    year = latest if latest is not None else snap.periods[-1]
    values = measure_values(snap, indicator_id, year)
    synthetic = shows_synthetic(values)
    return {
        "ind": ind,
        "m": measure(snap, indicator_id),
        "year": year,
        "values": values,
        "synthetic": synthetic,
        "sources": _sources(sources_of(values), synthetic, lang),
        "url": href("/indikator", lang, indikator=indicator_id),
        "slug": (indicator_id.replace("_", "-"), str(year)),
    }


def _catalogue_provenance(snap, c: dict, title: str, lang: str, notes=()) -> Provenance:
    return _provenance(
        snap,
        lang,
        title=title,
        measure_label=c["ind"].name(lang),
        unit=c["ind"].unit,
        period=c["year"],
        data_year=c["year"],
        sources=c["sources"],
        synthetic=c["synthetic"],
        url=c["url"],
        notes=notes,
    )


def _build_indicator_map(snap: Snapshot, query: Query, lang: str, home: str) -> ChartExport:
    indicator_id = read_catalogue_indicator(snap, query.get("indikator"))
    c = _catalogue_common(snap, indicator_id, lang)
    fig = indicator_map(snap, indicator_id, lang=lang, home=home, template=EXPORT_TEMPLATE)
    title = t("export.title.peta_kesiapan", lang, measure=c["ind"].name(lang), period=c["year"])
    unit = c["ind"].unit
    return ChartExport(
        "peta-indikator",
        fig,
        values_table(c["values"], c["m"], c["year"], lang),
        _catalogue_provenance(snap, c, title, lang),
        " · ".join(p for p in (unit, t("export.all_indonesia", lang)) if p),
        lang,
        c["slug"],
    )


def _build_indicator_distribution(
    snap: Snapshot, query: Query, lang: str, home: str
) -> ChartExport:
    indicator_id = read_catalogue_indicator(snap, query.get("indikator"))
    c = _catalogue_common(snap, indicator_id, lang)
    fig = indicator_distribution(snap, indicator_id, lang=lang, home=home, template=EXPORT_TEMPLATE)
    stats = summary(snap, indicator_id, c["year"], home=home)
    home_name = names_of(snap).get(home, home)
    data = histogram_table(
        c["values"]["value"],
        xrange=None,
        home_value=stats.home_value,
        home_name=home_name,
        lang=lang,
    )
    title = t("export.title.sebaran", lang, measure=c["ind"].name(lang), period=c["year"])
    notes = _mean_notes(stats, home_name, c["ind"].decimals, lang, False)
    return ChartExport(
        "sebaran-indikator",
        fig,
        data,
        _catalogue_provenance(snap, c, title, lang, notes),
        " · ".join(p for p in (c["ind"].unit, t("export.all_indonesia", lang)) if p),
        lang,
        c["slug"],
    )


# -------------------------------------------------------------------- programme charts
def _programme_common(snap: Snapshot, query: Query, lang: str) -> dict:
    read_cohort(snap, query.get("kohort"))
    table = programme_table(snap)
    members = table[table["participant"]]
    years = sorted(int(y) for y in members["cohort_year"].dropna().unique())
    first, last = _years_span(years)
    synthetic = programme_is_synthetic(table)
    real = members["source"].dropna().astype(str) if "source" in members else []
    return {
        "table": table,
        "first": first,
        "last": last,
        "synthetic": synthetic,
        "sources": _sources(real, synthetic, lang),
        "subtitle": t("export.title.programme_sub", lang, first=first, last=last),
    }


def _programme_provenance(snap, c: dict, title: str, lang: str, notes=()) -> Provenance:
    return _provenance(
        snap,
        lang,
        title=title,
        measure_label=t("export.title.programme_measure", lang),
        unit=t("export.title.programme_unit", lang),
        period=f"{c['first']}–{c['last']}",
        data_year=f"{c['first']}–{c['last']}",
        sources=c["sources"],
        synthetic=c["synthetic"],
        url=href("/program", lang),
        notes=notes,
    )


def _build_programme_map(snap: Snapshot, query: Query, lang: str, home: str) -> ChartExport:
    c = _programme_common(snap, query, lang)
    table = c["table"]
    plans = table["masterplan_status"].where(table["participant"])
    data = pd.DataFrame(_region_columns(table, lang))
    data[_col("participant", lang)] = [_yes(bool(p), lang) for p in table["participant"]]
    data[_col("cohort", lang)] = table["cohort_year"].astype("Int64").to_numpy()
    if "mou_date" in table:
        data[_col("mou", lang)] = [None if pd.isna(v) else str(v) for v in table["mou_date"]]
    data[_col("bimtek", lang)] = table["bimtek_done"].astype("Int64").to_numpy()
    data[_col("masterplan", lang)] = [
        None if not isinstance(p, str) else t(f"programme.masterplan_{p}", lang) for p in plans
    ]
    if "quick_wins" in table:
        data[_col("quick_wins", lang)] = (
            pd.to_numeric(table["quick_wins"], errors="coerce").astype("Int64").to_numpy()
        )
    if "source" in table:
        data[_col("source", lang)] = [None if pd.isna(s) else str(s) for s in table["source"]]
    fig = programme_map(snap, lang=lang, home=home, template=EXPORT_TEMPLATE)
    return ChartExport(
        "peta-program",
        fig,
        data,
        _programme_provenance(snap, c, t("export.title.peta_program", lang), lang),
        c["subtitle"],
        lang,
    )


def bar_table(fig: go.Figure, *, category: str, lang: str) -> pd.DataFrame:
    """The bars of a (stacked) bar chart as rows: one per category, one column per trace."""
    bars = [trace for trace in fig.data if trace.type == "bar"]
    if not bars:
        return pd.DataFrame(columns=[category])
    index = [str(x) for x in bars[0].x]
    out = pd.DataFrame({category: [int(x) if x.isdigit() else x for x in index]})
    for trace in bars:
        by_x = dict(zip([str(x) for x in trace.x], trace.y, strict=True))
        name = trace.name or _col("count", lang)
        out[name] = [int(by_x.get(x, 0)) for x in index]
    return out


def _build_cohorts(snap: Snapshot, query: Query, lang: str, home: str) -> ChartExport:
    c = _programme_common(snap, query, lang)
    fig = cohorts_figure(snap, lang=lang, template=EXPORT_TEMPLATE)
    data = bar_table(fig, category=_col("cohort", lang), lang=lang)
    if len(data.columns) > 1:
        data.columns = [_col("cohort", lang), _col("participants", lang)]
        data[_col("fact", lang)] = pd.array(
            [COHORT_FACTS.get(int(y)) for y in data[_col("cohort", lang)]], dtype="Int64"
        )
    facts = ", ".join(f"{year}: {n}" for year, n in COHORT_FACTS.items())
    notes = [(t("export.note_cohort_facts", lang), facts)]
    return ChartExport(
        "angkatan",
        fig,
        data,
        _programme_provenance(snap, c, t("export.title.angkatan", lang), lang, notes),
        c["subtitle"],
        lang,
    )


def _build_bimtek(snap: Snapshot, query: Query, lang: str, home: str) -> ChartExport:
    c = _programme_common(snap, query, lang)
    fig = bimtek_figure(snap, lang=lang, home=home, template=EXPORT_TEMPLATE)
    return ChartExport(
        "bimtek",
        fig,
        bar_table(fig, category=_col("cohort", lang), lang=lang),
        _programme_provenance(snap, c, t("export.title.bimtek", lang), lang),
        c["subtitle"],
        lang,
    )


def _build_masterplan(snap: Snapshot, query: Query, lang: str, home: str) -> ChartExport:
    c = _programme_common(snap, query, lang)
    fig = masterplan_figure(snap, lang=lang, home=home, template=EXPORT_TEMPLATE)
    return ChartExport(
        "masterplan",
        fig,
        bar_table(fig, category=_col("cohort", lang), lang=lang),
        _programme_provenance(snap, c, t("export.title.masterplan", lang), lang),
        c["subtitle"],
        lang,
    )


# -------------------------------------------------------------------- geometry for geo maps
def trace_geometry(fig: go.Figure) -> tuple[tuple[int, dict], ...]:
    """The GeoJSON each choropleth trace of a geographic map needs (on screen it is a URL).

    Each trace gets only the features it draws (the grey layer holds just the regions without a
    value, the home outline one region), so the national file travels about once. The GeoJSON
    goes into the plain figure dict at render time (:func:`figure_spec`): through plotly's
    validators it would cost half a second per export.
    """
    found = current_geometry(repository().store, "regency")
    if found is None:
        raise ExportError(400, "no_boundaries")
    features = json.loads(Path(found[1]).read_text(encoding="utf-8"))["features"]
    key = FEATURE_ID_KEY.split(".")[-1]
    out = []
    for index, trace in enumerate(fig.data):
        if trace.type != "choropleth":
            continue
        wanted = {str(code) for code in (trace.locations or ())}
        chosen = [f for f in features if str(f["properties"].get(key)) in wanted]
        out.append((index, {"type": "FeatureCollection", "features": chosen}))
    return tuple(out)


# -------------------------------------------------------------------- the registry
OVERVIEW_KEYS = ("indicator", "period", "province", "mode")
REGION_KEYS = ("kode", "period")
COMPARE_KEYS = ("kode", "period")
CATALOGUE_KEYS = ("indikator",)
PROGRAMME_KEYS = ("kohort",)

CHARTS: dict[str, Chart] = {
    c.name: c
    for c in (
        Chart("peta-kesiapan", "/", OVERVIEW_KEYS, _build_overview_map),
        Chart("peringkat", "/", OVERVIEW_KEYS, _build_ranking),
        Chart("sebaran", "/", OVERVIEW_KEYS, _build_distribution),
        Chart("pilar", "/wilayah/<kode>", REGION_KEYS, _build_pillars),
        Chart("tren", "/wilayah/<kode>", REGION_KEYS, _build_trend),
        Chart("bandingkan-pilar", "/bandingkan", COMPARE_KEYS, _build_compare),
        Chart("peta-indikator", "/indikator", CATALOGUE_KEYS, _build_indicator_map),
        Chart("sebaran-indikator", "/indikator", CATALOGUE_KEYS, _build_indicator_distribution),
        Chart("peta-program", "/program", PROGRAMME_KEYS, _build_programme_map),
        Chart("angkatan", "/program", PROGRAMME_KEYS, _build_cohorts),
        Chart("bimtek", "/program", PROGRAMME_KEYS, _build_bimtek),
        Chart("masterplan", "/program", PROGRAMME_KEYS, _build_masterplan),
    )
}


IMAGE_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("csv", "xlsx")
SCALES = (1, 2)
MIMETYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",  # Flask adds "; charset=utf-8"
    "xlsx": tables.XLSX_MIMETYPE,
}


def framed_figure(export: ChartExport) -> go.Figure:
    """The figure as it is exported: title, chart and provenance footer on the print stage.

    A geographic map's boundaries are not in it: see :func:`figure_spec`.
    """
    return stamp.framed(
        export.figure,
        title=export.title,
        subtitle=export.subtitle,
        provenance=export.provenance,
        lang=export.lang,
    )


def figure_spec(export: ChartExport) -> dict:
    """The framed figure as the plain dict the browser draws, boundaries included."""
    spec = framed_figure(export).to_plotly_json()
    if export.geographic:
        for index, geojson in trace_geometry(export.figure):
            spec["data"][index]["geojson"] = geojson
    return spec


def chart_image(export: ChartExport, fmt: str, *, scale: int = 1) -> bytes:
    """PNG (1920x1080, or 3840x2160 with ``scale=2``), SVG or PDF bytes of the framed chart.

    Raises ``render.RenderUnavailable`` when no Chromium can draw it.
    """
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}")
    factor = stamp.PNG_SCALE * scale if fmt == "png" else 1.0
    return render.to_image(
        figure_spec(export),
        fmt,
        width=stamp.STAGE_WIDTH,
        height=stamp.STAGE_HEIGHT,
        scale=factor,
    )


def chart_table(export: ChartExport, fmt: str) -> bytes:
    """CSV or XLSX bytes of the data behind the chart, provenance included."""
    if fmt == "csv":
        return tables.to_csv(export.data, export.provenance, export.lang)
    if fmt == "xlsx":
        return tables.to_xlsx(export.data, export.provenance, export.lang)
    raise ValueError(f"unknown data format {fmt!r}")


def standalone_app(settings: Settings, repository: Repository | None = None):
    """A bare Flask app whose context lets exports run outside the web app (CLI, benchmarks)."""
    from flask import Flask

    app = Flask("dashboard-export")
    app.config.update(SETTINGS=settings, REPOSITORY=repository or Repository(settings))
    return app
