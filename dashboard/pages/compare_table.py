"""The compare page's table: every indicator for the chosen regions, the best value per row marked."""

from __future__ import annotations

import pandas as pd

from dashboard.data.framework import CONTEXT_GROUP
from dashboard.data.views.compare import value_grid
from dashboard.data.views.regions import short_name
from dashboard.data.views.targets import next_targets, target_table
from dashboard.figures.compare import best_per_row
from dashboard.i18n import fmt_number, t

COMPOSITE_ROW = "composite"
BEST_STYLE = {"fontWeight": "700", "color": "#15803d", "backgroundColor": "#e8f5ec"}
MISSING_STYLE = {"color": "#6c757d", "fontStyle": "italic"}


def value_table(snap, codes, scores, values, lang: str, home: str) -> tuple[list[dict], list[dict]]:
    """Rows: composite then every indicator; columns r0..r5 hold formatted value and year."""
    fw = snap.framework
    indicators = list(fw.indicators)
    grid = value_grid(values, codes, [i.id for i in indicators])
    years = values.pivot_table(
        index="indicator_id", columns="code", values="period", aggfunc="last"
    )
    composite = scores.set_index("code")["composite"].reindex(codes)
    grid.loc[COMPOSITE_ROW] = composite.to_numpy(dtype=float)
    directions = {COMPOSITE_ROW: "up"} | {
        i.id: ("up" if i.direction == "ord" else i.direction) for i in indicators if i.scored
    }
    best = best_per_row(grid.loc[list(directions)], directions)
    groups = {g.id: g.name(lang) for g in (*fw.pillars, *fw.elements)}
    groups[CONTEXT_GROUP] = t("compare.context", lang)
    rows = [
        _row(
            COMPOSITE_ROW,
            "",
            t("compare.composite", lang),
            t("common.score_unit", lang),
            [(composite.iloc[k], None) for k in range(len(codes))],
            _best_columns(best.get(COMPOSITE_ROW), codes),
            lambda v: fmt_number(v, lang, 1),
            lang,
        )
    ]
    for ind in indicators:
        cells = []
        for code in codes:
            value = grid.at[ind.id, code]
            year = (
                years.at[ind.id, code] if ind.id in years.index and code in years.columns else None
            )
            cells.append((value, year))
        rows.append(
            _row(
                ind.id,
                groups.get(ind.group, ind.group),
                ind.name(lang),
                ind.unit,
                cells,
                _best_columns(best.get(ind.id), codes),
                lambda v, ind=ind: _value_text(ind, v, lang),
                lang,
            )
        )
    targeted = _add_targets(snap, codes, rows, lang, year=_period_of(values))
    return rows, _columns(snap, codes, lang, home, targeted)


def _period_of(values: pd.DataFrame) -> int | None:
    return int(values["period"].max()) if len(values) and values["period"].notna().any() else None


def _add_targets(snap, codes, rows: list[dict], lang: str, *, year: int | None) -> list[int]:
    """A target cell per row for each region with RPJMD targets: its next target at or after the
    year (value, year and status); the positions of those regions."""
    targeted = []
    for k, code in enumerate(codes):
        table = target_table(snap, code, year)
        if table.empty:
            continue
        targeted.append(k)
        ahead = next_targets(table, year or 0).set_index("indicator_id")
        for row in rows:
            if row["id"] not in ahead.index:
                row[f"t{k}"] = ""
                continue
            rec = ahead.loc[row["id"]]
            ind = snap.framework.by_id.get(row["id"])
            decimals = ind.decimals if ind is not None else 1
            status = t(f"targets.status_{rec['status']}", lang)
            value = fmt_number(rec["target"], lang, decimals)
            mark = " *" if rec["target_synthetic"] else ""
            row[f"t{k}"] = f"{value} ({int(rec['period'])}) · {status}{mark}"
            row[f"status_t{k}"] = rec["status"]
    return targeted


def _best_columns(best, codes) -> set[int]:
    """Column positions of the best region(s); ``best_per_row`` may give one code or a list."""
    if best is None:
        return set()
    chosen = [best] if isinstance(best, str) else list(best)
    return {k for k, code in enumerate(codes) if code in chosen}


def _row(row_id, group, name, unit, cells, best: set[int], fmt, lang: str) -> dict:
    row = {"id": row_id, "group": group, "indicator": name, "unit": unit}
    for k, (value, year) in enumerate(cells):
        missing = value is None or pd.isna(value)
        text = t("common.insufficient_data", lang) if missing else fmt(value)
        if not missing and year is not None and not pd.isna(year):
            text += f" ({int(year)})"
        row[f"r{k}"] = text
        row[f"best_r{k}"] = k in best and not missing
        row[f"missing_r{k}"] = missing
    return row


def _value_text(ind, value, lang: str) -> str:
    if ind.categories:
        position = round(float(value)) - 1
        return ind.categories[position] if 0 <= position < len(ind.categories) else str(value)
    return fmt_number(value, lang, ind.decimals)


def _columns(snap, codes, lang: str, home: str, targeted: list[int] = ()) -> list[dict]:
    columns = [
        {
            "field": "group",
            "headerName": t("compare.col_group", lang),
            "minWidth": 140,
            "flex": 1,
            "pinned": "left",
        },
        {
            "field": "indicator",
            "headerName": t("compare.col_indicator", lang),
            "minWidth": 220,
            "flex": 2,
            "tooltipField": "indicator",
            "wrapText": True,
            "autoHeight": True,
            "pinned": "left",
        },
        {"field": "unit", "headerName": t("compare.col_unit", lang), "minWidth": 110, "flex": 1},
    ]
    regions = snap.regions.regions.set_index("code")
    for k, code in enumerate(codes):
        name = short_name(regions.at[code, "name"])
        header = f"★ {name}" if code == home else name
        columns.append(
            {
                "field": f"r{k}",
                "colId": code,
                "headerName": header,
                "headerTooltip": f"{regions.at[code, 'name']} ({regions.at[code, 'province_name']})"
                + (f" · {t('compare.home_marker', lang)}" if code == home else ""),
                "headerClass": ["text-home"] if code == home else [],
                "minWidth": 150,
                "flex": 1,
                "type": "rightAligned",
                "cellClassRules": {"kc-best": f"params.data.best_r{k}"},
                "cellStyle": {
                    "styleConditions": [
                        {"condition": f"params.data.best_r{k}", "style": BEST_STYLE},
                        {"condition": f"params.data.missing_r{k}", "style": MISSING_STYLE},
                    ]
                },
            }
        )
        if k in targeted:
            columns.append(
                {
                    "field": f"t{k}",
                    "colId": f"target-{code}",
                    "headerName": t("compare.col_target", lang, region=name),
                    "headerTooltip": t("compare.target_tooltip", lang),
                    "minWidth": 190,
                    "flex": 1,
                    "cellClass": "compare-target",
                }
            )
    return columns
