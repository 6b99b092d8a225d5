"""The compare page's chart (`/bandingkan`): pillars and elements of two to six regions.

``values`` are the resolved compare query (:data:`dashboard.charts.query.COMPARE_KEYS`): the
region codes (``kode``) and the year (``period``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.columns import column, rounded
from dashboard.charts.provenance import (
    EXPORT_TEMPLATE,
    ChartExport,
    chart_provenance,
    scored_observations,
    sources,
)
from dashboard.charts.query import href
from dashboard.charts.region import profile_groups
from dashboard.data.store.repository import SYNTHETIC, Snapshot
from dashboard.data.views.compare import compare_scores
from dashboard.data.views.regions import short_name
from dashboard.figures.compare import compare_pillars
from dashboard.i18n import t


def compare_figure(
    snap: Snapshot,
    codes: list[str],
    period: int,
    *,
    lang: str,
    home: str,
    template: str = "screen",
) -> go.Figure:
    """Pillars and elements of two to six regions side by side."""
    groups = [(g, name) for g, name, _ in profile_groups(snap, lang)]
    return compare_pillars(
        compare_scores(snap, codes, period),
        groups=groups,
        home_code=home,
        lang=lang,
        template=template,
    )


def compare_of(snap: Snapshot, q: Mapping, *, lang: str, home: str, template: str = "screen"):
    return compare_figure(
        snap, list(q["kode"]), q["period"], lang=lang, home=home, template=template
    )


def compare_export(snap: Snapshot, q: Mapping, lang: str, home: str) -> ChartExport:
    codes, period = list(q["kode"]), q["period"]
    fig = partial(compare_of, snap, q, lang=lang, home=home, template=EXPORT_TEMPLATE)
    scores = compare_scores(snap, codes, period)
    groups = profile_groups(snap, lang)
    regions = snap.regions.regions.set_index("code")
    data = pd.DataFrame(
        {
            column("code", lang): codes,
            column("name", lang): [regions.at[c, "name"] for c in codes],
            column("composite", lang): rounded(scores["composite"]).to_numpy(),
        }
    )
    for group, name, _ in groups:
        data[name] = rounded(scores[group]).to_numpy()
    own = scored_observations(snap, codes)
    own = own[own["period"] == period]
    synthetic = bool((own["source"] == SYNTHETIC).any())
    labels = ", ".join(short_name(regions.at[c, "name"]) for c in codes)
    return ChartExport(
        "bandingkan-pilar",
        fig,
        data,
        chart_provenance(
            snap,
            lang,
            title=t("export.title.bandingkan", lang, period=period),
            measure_label=", ".join(name for _, name, _ in groups),
            unit=t("figures.score", lang),
            period=period,
            data_year=period,
            sources=sources(own["source"], synthetic, lang),
            synthetic=synthetic,
            url=href("/bandingkan", lang, kode=",".join(codes), period=period),
            filters={t("export.filter.regions", lang): labels},
        ),
        labels,
        lang,
        ("-".join(c.replace(".", "") for c in codes), str(period)),
    )
