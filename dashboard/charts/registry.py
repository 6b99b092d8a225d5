"""Every chart that can leave the app: its name, page, query keys, figure, export and formats.

Pages build their figures and export menus from here, the export routes and the CLI their files,
and the wall or the briefing can ask for any chart by name. Each chart is drawn by the same
function on screen (``screen`` template) and in an export (``print``), so an exported chart is the
chart on screen. Export queries mirror the page URLs (``/?indicator=eco_poverty&period=2024`` ->
``/export/chart/peta-kesiapan.png?indicator=eco_poverty&period=2024``) but are read strictly
(:mod:`dashboard.charts.query`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

import plotly.graph_objects as go

from dashboard.charts import (
    catalogue,
    compare,
    coverage,
    districts,
    overview,
    programme,
    region,
)
from dashboard.charts.provenance import ChartExport
from dashboard.charts.query import (
    CATALOGUE_KEYS,
    COMPARE_KEYS,
    DISTRICT_KEYS,
    OVERVIEW_KEYS,
    PROGRAMME_KEYS,
    REGION_KEYS,
    RESERVED_KEYS,
    ExportError,
    Key,
    resolve,
    shown,
)
from dashboard.data.store.repository import Snapshot

# (kind, format, scale, label key in export.toml): an export menu's items in order
MENU_ITEMS = (
    ("chart", "png", None, "png"),
    ("chart", "png", 2, "png2"),
    ("chart", "svg", None, "svg"),
    ("chart", "pdf", None, "pdf"),
    ("data", "csv", None, "csv"),
    ("data", "xlsx", None, "xlsx"),
)

FigureBuilder = Callable[..., go.Figure]  # (snap, values, *, lang, home, template)
ExportBuilder = Callable[[Snapshot, Mapping, str, str], ChartExport]  # (snap, values, lang, home)


@dataclass(frozen=True)
class Chart:
    """One exportable chart: the page it is on, the query keys it takes, how to build it."""

    name: str
    page: str
    params: tuple[Key, ...]
    figure: FigureBuilder = field(repr=False)
    export: ExportBuilder = field(repr=False)

    @property
    def keys(self) -> tuple[str, ...]:
        """The query keys, as in the page's URL."""
        return tuple(key.name for key in self.params)


CHARTS: dict[str, Chart] = {
    c.name: c
    for c in (
        Chart("peta-kesiapan", "/", OVERVIEW_KEYS, overview.map_of, overview.map_export),
        Chart("peringkat", "/", OVERVIEW_KEYS, overview.ranking_of, overview.ranking_export),
        Chart(
            "sebaran", "/", OVERVIEW_KEYS, overview.distribution_of, overview.distribution_export
        ),
        Chart("pilar", "/wilayah/<kode>", REGION_KEYS, region.pillars_of, region.pillars_export),
        Chart("tren", "/wilayah/<kode>", REGION_KEYS, region.trend_of, region.trend_export),
        Chart(
            "peta-kecamatan",
            "/wilayah/<kode>/kecamatan",
            DISTRICT_KEYS,
            districts.map_of,
            districts.map_export,
        ),
        Chart(
            "peringkat-kecamatan",
            "/wilayah/<kode>/kecamatan",
            DISTRICT_KEYS,
            districts.ranking_of,
            districts.ranking_export,
        ),
        Chart(
            "bandingkan-pilar",
            "/bandingkan",
            COMPARE_KEYS,
            compare.compare_of,
            compare.compare_export,
        ),
        Chart(
            "peta-indikator", "/indikator", CATALOGUE_KEYS, catalogue.map_of, catalogue.map_export
        ),
        Chart(
            "sebaran-indikator",
            "/indikator",
            CATALOGUE_KEYS,
            catalogue.distribution_of,
            catalogue.distribution_export,
        ),
        Chart("peta-program", "/program", PROGRAMME_KEYS, programme.map_of, programme.map_export),
        Chart(
            "angkatan", "/program", PROGRAMME_KEYS, programme.cohorts_of, programme.cohorts_export
        ),
        Chart("bimtek", "/program", PROGRAMME_KEYS, programme.bimtek_of, programme.bimtek_export),
        Chart(
            "masterplan",
            "/program",
            PROGRAMME_KEYS,
            programme.masterplan_of,
            programme.masterplan_export,
        ),
        Chart("ketersediaan", "/data", (), coverage.heatmap_of, coverage.heatmap_export),
    )
}


def charts_on(page: str) -> list[str]:
    """The names of the charts a page shows, in registry order."""
    return [c.name for c in CHARTS.values() if c.page == page]


def chart(name: str) -> Chart:
    """The chart ``name``; :class:`ExportError` (404) listing the valid names when unknown."""
    found = CHARTS.get(name)
    if found is None:
        raise ExportError(404, "unknown_chart", name=shown(name), names=", ".join(CHARTS))
    return found


def build_chart(
    name: str, query: Mapping[str, object], *, snap: Snapshot, lang: str, home: str
) -> ChartExport:
    """The export of chart ``name`` for a page query; :class:`ExportError` when it cannot be."""
    spec = chart(name)
    for key in query:
        if key not in spec.keys and key not in RESERVED_KEYS:
            accepted = ", ".join((*spec.keys, *RESERVED_KEYS))
            raise ExportError(400, "unknown_param", key=shown(key), name=name, keys=accepted)
    values = resolve(snap, spec.params, query, home=home, strict=True)
    return spec.export(snap, values.values, lang, home)


def chart_figure(
    name: str,
    snap: Snapshot,
    values: Mapping[str, object],
    *,
    lang: str,
    home: str,
    template: str = "screen",
) -> go.Figure:
    """The figure of chart ``name`` for resolved query values (a page's or the wall's)."""
    return CHARTS[name].figure(snap, values, lang=lang, home=home, template=template)


# ---------------------------------------------------------------- export links
def export_href(
    name: str, kind: str, fmt: str, query: Mapping[str, object], scale: int | None = None
) -> str:
    """``/export/chart/peta-kesiapan.png?indicator=...``; empty values are left out."""
    params = {k: str(v) for k, v in query.items() if v not in (None, "")}
    if scale:
        params["scale"] = str(scale)
    search = urlencode(params, safe=",.")
    return f"/export/{kind}/{name}.{fmt}" + (f"?{search}" if search else "")


def table_href(name: str, query: Mapping[str, object]) -> str:
    """``/tabel/peta-kesiapan?indicator=...``: the chart's data as an HTML table (same query)."""
    params = {k: str(v) for k, v in query.items() if v not in (None, "")}
    search = urlencode(params, safe=",.")
    return f"/tabel/{name}" + (f"?{search}" if search else "")


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class MenuLinks:
    """What an export menu shows: its items with their links and the filters they carry.

    ``resolved``: the page's filter values as the page used them; ``seen``: the raw values of the
    page's URL; ``fixed``: values not in the page's query (the region of ``/wilayah/<code>``,
    ``lang``); ``table``: the chart's data table page. The browser rebuilds each link from the
    current URL at click time.
    """

    chart: str
    keys: tuple[str, ...]
    items: tuple[tuple[str, str, int | None, str, str], ...]  # kind, format, scale, label, href
    resolved: dict[str, str]
    seen: dict[str, str]
    fixed: dict[str, str]
    table: str = ""


def menu_links(
    name: str,
    *,
    lang: str,
    default_lang: str,
    resolved: Mapping[str, object] | None = None,
    seen: Mapping[str, object] | None = None,
    fixed: Mapping[str, object] | None = None,
) -> MenuLinks:
    """The export links of chart ``name`` for the filters a page shows (see :class:`MenuLinks`)."""
    spec = CHARTS[name]
    fixed = {k: v for k, v in (fixed or {}).items() if v not in (None, "")}
    if lang != default_lang:  # exports default to the configured language, pages to "id"
        fixed.setdefault("lang", lang)
    keys = tuple(k for k in spec.keys if k not in fixed)
    resolved = {k: _text(v) for k, v in (resolved or {}).items() if k in keys}
    seen = {k: _text(v) for k, v in (seen or {}).items() if k in keys and v is not None}
    query = {**resolved, **fixed}
    items = tuple(
        (kind, fmt, scale, label, export_href(name, kind, fmt, query, scale))
        for kind, fmt, scale, label in MENU_ITEMS
    )
    fixed_text = {k: _text(v) for k, v in fixed.items()}
    return MenuLinks(name, keys, items, resolved, seen, fixed_text, table_href(name, query))
