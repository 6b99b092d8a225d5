"""How one measure's values look on a map: z, colours, colour bar and hover, shared by both maps.

The tile map and the geographic map keep geometry, names and codes in traces that never change;
everything that depends on the measure comes from :func:`value_encoding`, so a recolour is exactly
this dict applied to the values trace (a Dash ``Patch``), and a freshly built figure and a patched
one are identical.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from dashboard.figures import colors
from dashboard.figures.theme import d3_format, is_missing, round_list, style_for, with_unit
from dashboard.i18n import t

DIRECTIONS = ("up", "down", "ord", "none")
# Keys a recolour may change on the values trace (hovertext is None for numeric measures).
PATCH_KEYS = (
    "z",
    "zmin",
    "zmax",
    "colorscale",
    "colorbar",
    "hovertemplate",
    "hovertext",
    "customdata",
)
PROVENANCE = "provenance"  # optional column of a values frame: the hover's provenance line
# customdata of a values trace: [n_real, n_synthetic] per region of a score measure, else [].
# Region codes are not repeated there (sending them with every recolour would put a score's
# answer over 10 KB, P1): they are in the background trace's customdata (tile map, same slot
# order) and in ``locations`` (geographic map).
REAL, SYNTHETIC = 0, 1


def value_encoding(
    values: Sequence[object],
    *,
    measure_label: str,
    unit: str,
    direction: str,
    categories: Sequence[str] | None = None,
    zrange: tuple[float, float] | None = None,
    decimals: int = 1,
    category_colours: Sequence[str] | None = None,
    lang: str = "id",
    template: str = "screen",
    notes: Sequence[object] | None = None,
    codes: Sequence[str | None] | None = None,
) -> dict:
    """The measure-dependent properties of a values trace, one z per slot (None = no data).

    ``notes`` (one per slot, optional): a short provenance line shown under the value in the
    hover ("BPS", "sintetis"), or a score's input counts ``(n_real, n_synthetic)``. ``codes``
    (one per slot): with them the encoding carries ``customdata`` (empty unless counts); counts
    travel as numbers in it and the words are written once in the hovertemplate ("3 nilai resmi ·
    30 sintetis"), which keeps a recolour's answer small (P1).
    """
    if codes is not None and notes is not None and any(isinstance(n, tuple) for n in notes):
        return _with_counts(
            value_encoding(
                values,
                measure_label=measure_label,
                unit=unit,
                direction=direction,
                categories=categories,
                zrange=zrange,
                decimals=decimals,
                category_colours=category_colours,
                lang=lang,
                template=template,
            ),
            notes,
            codes,
            lang,
        )
    if notes is not None:
        notes = [_count_text(n, lang) if isinstance(n, tuple) else n for n in notes]
    encoding = _encoding(
        values,
        measure_label=measure_label,
        unit=unit,
        direction=direction,
        categories=categories,
        zrange=zrange,
        decimals=decimals,
        category_colours=category_colours,
        lang=lang,
        template=template,
        notes=notes,
    )
    if codes is not None:
        encoding["customdata"] = []  # codes are in the background trace / locations (not null:
        # plotly.js indexes customdata on hover)
    return encoding


def _count_text(pair: tuple, lang: str) -> str:
    """A score's inputs as words, where no customdata can carry them (slides, other maps)."""
    real, synthetic = pair
    if synthetic:
        return t("real.hover_inputs", lang, real=real, synthetic=synthetic)
    return t("real.hover_inputs_real", lang, real=real)


def _count_line(lang: str) -> str:
    """The provenance line of a score, its numbers read from customdata."""
    words = t(
        "real.hover_inputs",
        lang,
        real=f"%{{customdata[{REAL}]}}",
        synthetic=f"%{{customdata[{SYNTHETIC}]}}",
    )
    return f"<br><i>{words}</i>"


def _with_counts(encoding: dict, notes: Sequence[object], codes: Sequence, lang: str) -> dict:
    template = encoding["hovertemplate"]
    at = template.rindex("<extra>")
    return {
        **encoding,
        "hovertemplate": template[:at] + _count_line(lang) + template[at:],
        "hovertext": None,
        "customdata": [
            [note[0], note[1]] if isinstance(note, tuple) and code is not None else None
            for code, note in zip(codes, notes, strict=True)
        ],
    }


def _encoding(
    values: Sequence[object],
    *,
    measure_label: str,
    unit: str,
    direction: str,
    categories: Sequence[str] | None,
    zrange: tuple[float, float] | None,
    decimals: int,
    category_colours: Sequence[str] | None,
    lang: str,
    template: str,
    notes: Sequence[str | None] | None,
) -> dict:
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}; use one of {DIRECTIONS}")
    if categories:
        return _categorical(
            values,
            measure_label=measure_label,
            unit=unit,
            direction=direction,
            categories=list(categories),
            colours=list(category_colours) if category_colours else None,
            lang=lang,
            template=template,
            notes=notes,
        )
    z = round_list(values, decimals)
    present = [v for v in z if v is not None]
    zmin, zmax = _range(present, zrange)
    value = with_unit(f"%{{z:{d3_format(decimals)}}}", unit)
    return {
        "z": z,
        "zmin": zmin,
        "zmax": zmax,
        "colorscale": colors.scale_for(direction, dark=style_for(template).dark),
        "colorbar": _colorbar(unit, direction, lang=lang, template=template),
        "hovertemplate": f"%{{text}}<br>{measure_label}: <b>{value}</b>"
        + ("<br><i>%{hovertext}</i>" if notes is not None else "")
        + "<extra></extra>",
        "hovertext": None if notes is None else [n or "" for n in notes],
    }


def _categorical(
    values: Sequence[object],
    *,
    measure_label: str,
    unit: str,
    direction: str,
    categories: list[str],
    colours: list[str] | None,
    lang: str,
    template: str,
    notes: Sequence[str | None] | None = None,
) -> dict:
    k = len(categories)
    z = round_list(values, 0)
    labels = [None if v is None or not 1 <= v <= k else categories[int(v) - 1] for v in z]
    if notes is not None:
        labels = [
            label if label is None or not note else f"{label}</b><br><i>{note}</i><b>"
            for label, note in zip(labels, notes, strict=True)
        ]
    z = [v if label is not None else None for v, label in zip(z, labels, strict=True)]
    dark = style_for(template).dark
    palette = colours if colours and len(colours) == k else colors.discrete(k, dark=dark)
    bar = _colorbar(unit, direction, lang=lang, template=template)
    bar.update(tickmode="array", tickvals=list(range(1, k + 1)), ticktext=categories)
    return {
        "z": z,
        "zmin": 0.5,
        "zmax": k + 0.5,
        "colorscale": colors.stepped_scale(palette),
        "colorbar": bar,
        "hovertemplate": f"%{{text}}<br>{measure_label}: <b>%{{hovertext}}</b><extra></extra>",
        "hovertext": labels,
    }


_NOTE_LINE = "<br><i>%{hovertext}</i>"  # a numeric measure's provenance line
_CATEGORY = "<b>%{hovertext}</b>"  # a category measure's label (with its provenance line)
_CATEGORY_NOTE = re.compile(r"^(.*?)(</b><br><i>.*</i><b>)$", re.S)


def fold_notes(encoding: dict) -> dict:
    """``encoding`` with a provenance line shared by every value moved into the hovertemplate.

    The hover shows the same text, but the line ("sintetis", "BPS") is no longer repeated for
    each of 514 regions: a recolour that sent 9 KB (49 KB for a category measure, whose markup
    the JSON escapes) sends a few. Lines that differ between regions stay per region.
    """
    template = encoding.get("hovertemplate") or ""
    texts = encoding.get("hovertext")
    if not texts:
        return encoding
    present = [h for z, h in zip(encoding["z"], texts, strict=True) if z is not None]
    if not present:  # no value drawn, nothing hovers: 514 empty lines would only weigh (P1)
        return {**encoding, "hovertext": None}
    if _NOTE_LINE in template:
        shared = present[0]
        if any(h != shared for h in present) or not _literal(shared):
            return encoding
        return {
            **encoding,
            "hovertemplate": template.replace("%{hovertext}", shared, 1),
            "hovertext": None,
        }
    if _CATEGORY not in template:
        return encoding
    found = [_CATEGORY_NOTE.match(h) if isinstance(h, str) else None for h in present]
    if any(m is None for m in found):
        return encoding
    suffix = found[0].group(2)  # type: ignore[union-attr]
    if any(m.group(2) != suffix for m in found) or not _literal(suffix):  # type: ignore[union-attr]
        return encoding
    labels = [h[: -len(suffix)] if isinstance(h, str) and h.endswith(suffix) else h for h in texts]
    return {
        **encoding,
        "hovertemplate": template.replace(_CATEGORY, f"<b>%{{hovertext}}{suffix}</b>", 1),
        "hovertext": labels,
    }


def _literal(text: str) -> bool:
    """Whether ``text`` reads the same inside a hovertemplate (no placeholder in it)."""
    return "%{" not in text


def _range(present: list, zrange: tuple[float, float] | None) -> tuple[float, float]:
    if zrange is not None:
        low, high = float(zrange[0]), float(zrange[1])
    elif present:
        low, high = float(min(present)), float(max(present))
    else:
        low, high = 0.0, 1.0
    if high <= low:
        low, high = low - 0.5, low + 0.5
    rounded = round_list([low, high])
    return rounded[0], rounded[1]  # type: ignore[return-value]


def colorbar_title(unit: str, direction: str, *, lang: str) -> str:
    """The unit, and which end of the (horizontal) bar is better."""
    if direction == "none":
        return unit
    hint = (
        f"{t('figures.better', lang)} →"
        if direction != "down"
        else f"← {t('figures.better', lang)}"
    )
    return f"{unit} ({hint})" if unit else hint


def _colorbar(unit: str, direction: str, *, lang: str, template: str) -> dict:
    style = style_for(template)
    return {
        "title": {"text": colorbar_title(unit, direction, lang=lang), "side": "top"},
        "orientation": "h",
        "x": 1,
        "xanchor": "right",
        "y": 0,
        "yanchor": "top",
        "len": 0.5,
        "thickness": round(style.font_size * 0.9),
        "outlinewidth": 0,
        "tickformat": ",~f",
    }


def keyboard_meta(
    *,
    values_trace: int,
    measure_label: str,
    unit: str,
    direction: str,
    period: int | None,
    decimals: int = 1,
    categories: Sequence[str] | None = None,
) -> dict:
    """A map's ``layout.meta``: what its keyboard exploration (``assets/45-map-keys.js``) announces
    besides each region's name and value (measure, unit, year, rank order, decimals), and which
    trace holds the values.

    Plotly keeps ``meta`` and draws nothing with it; a recolour's Patch sends it along, so the
    browser always describes the values it shows. In the layout rather than on the trace: a key
    added to a built trace is reordered by plotly when the figure is copied (exports copy the
    cached screen figure and must leave it unchanged).
    """
    return {
        "values_trace": values_trace,
        "measure": measure_label,
        "unit": unit,
        "period": None if period is None else int(period),
        "direction": direction,
        "decimals": int(decimals),
        "categories": list(categories) if categories else None,
    }


def slot_texts(codes: Sequence[str | None], names: dict, provinces: dict) -> list[str | None]:
    """Hover heading per slot: the region's name in bold, its province below."""
    out: list[str | None] = []
    for code in codes:
        if code is None:
            out.append(None)
            continue
        name = names.get(code, code)
        province = provinces.get(code)
        out.append(f"<b>{name}</b>" + (f"<br>{province}" if province else ""))
    return out


def lookup(mapping: pd.Series | dict | None, frame: pd.DataFrame, column: str) -> dict:
    """A code -> text dict from an explicit Series/dict, else from ``frame[column]`` if present."""
    if mapping is not None:
        pairs = dict(mapping).items()
    elif column in frame.columns:
        pairs = zip(frame["code"], frame[column], strict=True)
    else:
        return {}
    return {str(k): str(v) for k, v in pairs if not is_missing(v)}
