"""XLSX collection templates: a form an agency (OPD) fills in and the importer reads as it is.

Sheet 1 (``Data``): one row per kab/kota with its code, name, province and the year, pre-filled
and locked; one column per indicator headed "name (unit)", with Excel data validation from the
framework (hard bounds for numbers, the category list for ordered indicators) and an input
prompt; then ``Sumber`` (pre-filled with the agency) and ``Catatan``. The sheet is protected
without a password so only the data cells can be edited (the header row, codes and names are
locked; filtering and column widths stay free). Sheet 2 (``Petunjuk``/``Instructions``): how to
fill it in, the agency, year and regions, and every indicator's definition, unit and limits.
A hidden sheet (:mod:`dashboard.data.imports.tables.template_headers`) records the header row so
the importer can say exactly which header was changed. An empty cell means "no data", never 0.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dashboard import APP_NAME
from dashboard.data.districts import regency_of
from dashboard.data.errors import DataError
from dashboard.data.framework import Framework, Indicator
from dashboard.data.imports.tables import ImportLimits
from dashboard.data.imports.tables.template_headers import (
    MARKER_SHEET,
    MARKER_TAG,
    MARKER_VERSION,
    template_header,
)
from dashboard.data.regions import RegionIndex
from dashboard.data.safe_text import neutralise
from dashboard.data.store.repository import Snapshot
from dashboard.data.views.coverage import publisher_indicators, scope_regions
from dashboard.data.views.districts import district_list
from dashboard.data.views.periods import default_period
from dashboard.i18n import WIB, fmt_date, fmt_number, t

_HEADER_FILL = PatternFill("solid", fgColor="1E3A5F")
_KEY_FILL = PatternFill("solid", fgColor="E5E7EB")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_UNLOCKED = Protection(locked=False)
_XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIMETYPE = _XLSX_MIME
MAX_INDICATORS = 40


@dataclass(frozen=True)
class TemplateSpec:
    """What one form asks for: indicators, kab/kota, year, language and the agency filling it."""

    indicators: tuple[str, ...]
    regions: tuple[str, ...]
    period: int
    lang: str = "id"
    agency: str = ""
    scope: str = ""  # how the regions were chosen ("32", "all", ...), for the file name
    level: str = "regency"  # "district": one row per kecamatan (dotted district codes)
    names: tuple[tuple[str, str], ...] = ()  # district code -> name (district forms)
    generated_at: datetime = field(default_factory=lambda: datetime.now(WIB))

    def file_name(self) -> str:
        """``templat_32_2024.xlsx`` / ``template_all_2024.xlsx``: letters, digits, ``._-`` only."""
        scope = "".join(c if c.isalnum() or c in ".-" else "-" for c in self.scope or "wilayah")
        stem = t("coverage.template.file_stem", self.lang)
        level = "_kecamatan" if self.level == "district" else ""
        return f"{stem}_{scope.strip('-') or 'wilayah'}{level}_{self.period}.xlsx"


def parse_indicators(framework: Framework, text: str | Sequence[str] | None) -> tuple[str, ...]:
    """Indicator ids from "a,b" (or a list), in the order given, each once; ``all`` = every one.

    Raises DataError ``coverage.unknown_indicator`` (naming it and the valid ids) or
    ``coverage.no_indicators``.
    """
    items = text.split(",") if isinstance(text, str) else list(text or [])
    wanted = [str(i).strip() for i in items if str(i).strip()]
    if [w.lower() for w in wanted] == ["all"]:
        return tuple(i.id for i in framework.indicators)
    for ident in wanted:
        if ident not in framework.by_id:
            known = ", ".join(i.id for i in framework.indicators)
            raise DataError("coverage.unknown_indicator", indicator=ident, known=known)
    chosen = tuple(dict.fromkeys(wanted))
    if not chosen:
        raise DataError("coverage.no_indicators")
    if len(chosen) > MAX_INDICATORS:
        raise DataError("coverage.too_many_indicators", n=len(chosen), limit=MAX_INDICATORS)
    return chosen


def template_spec(
    snap: Snapshot,
    *,
    indicators: str | Sequence[str] | None,
    regions: str | None,
    home: str,
    period: object = None,
    publisher: str | None = None,
    lang: str = "id",
    agency: str = "",
    level: str = "regency",
) -> TemplateSpec:
    """A checked form request from user input (CLI options or URL query); DataError if bad.

    ``level="district"`` lists the kecamatan of the chosen kab/kota (their codes and, when a
    district boundary version names them, their names) instead of the kab/kota themselves.

    ``publisher`` (an agency named as a framework source, e.g. "BPS") picks its indicators when no
    ``indicators`` are given; ``regions`` is a scope (see :func:`scope_regions`, default the home
    region); ``period`` defaults to the app's default year.
    """
    if not indicators and publisher:
        indicators = publisher_indicators(snap, publisher.strip())
        if not indicators:
            known = ", ".join(sorted({i.source for i in snap.framework.indicators}))
            raise DataError("coverage.unknown_publisher", publisher=publisher, known=known)
    chosen = parse_indicators(snap.framework, indicators)
    codes = scope_regions(snap, regions, home=home)
    year = _period(period) if period not in (None, "") else default_period(snap)
    names: tuple[tuple[str, str], ...] = ()
    if level == "district":
        codes, names = _districts(snap, codes)
    elif level != "regency":
        raise DataError("coverage.bad_level", level=str(level)[:20])
    return TemplateSpec(
        chosen,
        tuple(codes),
        year,
        lang=lang,
        agency=str(agency or "").strip()[:120],
        scope=(regions or "home").strip(),
        level=level,
        names=names,
    )


def _districts(snap: Snapshot, regencies: list[str]) -> tuple[list[str], tuple]:
    """The kecamatan of ``regencies`` (boundary version and data); DataError naming a regency
    without any known district."""
    codes, names = [], []
    for regency in regencies:
        table = district_list(snap, regency)
        if table.empty:
            raise DataError(
                "coverage.no_districts", region=f"{regency} {snap.regions.name(regency)}"
            )
        codes += table["code"].tolist()
        names += list(zip(table["code"], table["label"], strict=True))
    return codes, tuple(names)


def _period(value: object) -> int:
    limits = ImportLimits()
    text = str(value).strip()
    low, high = limits.min_period, limits.last_period
    if not text.isdigit() or not low <= int(text) <= high:
        raise DataError("coverage.bad_period", period=text[:20], low=low, high=high)
    return int(text)


def build_template(framework: Framework, regions: RegionIndex, spec: TemplateSpec) -> bytes:
    """The filled-in-nothing form as XLSX bytes (see the module docstring)."""
    indicators = [framework.indicator(i) for i in spec.indicators]
    book = Workbook()
    data = book.active
    data.title = t("coverage.template.data_sheet", spec.lang)
    headers = _write_data(data, indicators, regions, spec)
    _write_instructions(
        book.create_sheet(t("coverage.template.guide_sheet", spec.lang)),
        spec,
        indicators,
        regions,
        framework,
    )
    marker = book.create_sheet(MARKER_SHEET)
    marker.append([MARKER_TAG, MARKER_VERSION, data.title])
    for position, header in enumerate(headers):
        marker.append([position, header])
    marker.sheet_state = "hidden"
    book.active = 0
    book.properties.title = t("coverage.template.title", spec.lang)
    book.properties.creator = APP_NAME
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: str) -> str:
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))


def _key_headers(lang: str) -> list[str]:
    return [t(f"coverage.template.col_{k}", lang) for k in ("code", "name", "province", "year")]


def _write_data(sheet, indicators: list[Indicator], regions: RegionIndex, spec: TemplateSpec):
    lang = spec.lang
    keys = _key_headers(lang)
    values = [template_header(ind, lang) for ind in indicators]
    tail = [t("coverage.template.col_source", lang), t("coverage.template.col_note", lang)]
    headers = [*keys, *values, *tail]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    source = _text(spec.agency or _single_publisher(indicators))
    table = regions.regions.set_index("code")
    district_names = dict(spec.names)
    first_value, n = len(keys) + 1, len(spec.regions)
    for code in spec.regions:
        row = table.loc[regency_of(code) if code in district_names else code]
        name = district_names.get(code, row["name"])
        sheet.append(
            [code, _text(name), _text(row["province_name"]), spec.period]
            + [None] * len(values)
            + [source or None, None]
        )
    for row in sheet.iter_rows(min_row=2, max_row=n + 1):
        for cell in row[: len(keys)]:
            cell.fill = _KEY_FILL
        row[0].data_type, row[0].number_format = "s", "@"  # "32.10" stays text, never 32.1
        for cell in row[len(keys) :]:
            cell.protection = _UNLOCKED
    for offset, ind in enumerate(indicators):
        column = get_column_letter(first_value + offset)
        sheet.add_data_validation(_validation(ind, f"{column}2:{column}{n + 1}", lang))
    _layout(sheet, headers, len(keys), n)
    return headers


def _single_publisher(indicators: list[Indicator]) -> str:
    sources = {ind.source for ind in indicators}
    return sources.pop() if len(sources) == 1 else ""


def _validation(ind: Indicator, ref: str, lang: str) -> DataValidation:
    """Excel's own check while typing: the category list, or a number within the hard bounds."""
    if ind.categories:
        check = DataValidation(type="list", formula1='"' + ",".join(ind.categories) + '"')
        rule = t("coverage.template.rule_categories", lang, categories=", ".join(ind.categories))
    else:
        low, high = ind.bounds or (-1e15, 1e15)
        check = DataValidation(
            type="decimal", operator="between", formula1=_num(low), formula2=_num(high)
        )
        rule = t(
            "coverage.template.rule_range",
            lang,
            low=fmt_number(low, lang, _decimals(low)),
            high=fmt_number(high, lang, _decimals(high)),
            unit=ind.unit,
        )
    check.allow_blank = True
    check.showErrorMessage = check.showInputMessage = True
    check.errorTitle = t("coverage.template.error_title", lang)[:32]
    check.error = rule[:255]
    check.promptTitle = ind.name(lang)[:32]
    typical = ""
    if ind.typical and not ind.categories:
        low, high = ind.typical
        typical = " " + t(
            "coverage.template.rule_typical",
            lang,
            low=fmt_number(low, lang, _decimals(low)),
            high=fmt_number(high, lang, _decimals(high)),
        )
    check.prompt = (rule + typical + " " + t("coverage.template.rule_empty", lang))[:255]
    check.add(ref)
    return check


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() else 1


def _layout(sheet, headers: list[str], n_keys: int, n_rows: int) -> None:
    widths = [12, 34, 26, 8]
    for i, header in enumerate(headers, start=1):
        width = widths[i - 1] if i <= n_keys else max(16, min(36, len(header) // 2 + 6))
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.column_dimensions[get_column_letter(len(headers) - 1)].width = 28
    sheet.column_dimensions[get_column_letter(len(headers))].width = 30
    sheet.row_dimensions[1].height = 48
    sheet.freeze_panes = sheet.cell(row=2, column=n_keys + 1)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{n_rows + 1}"
    protection = sheet.protection
    protection.sheet = True
    protection.autoFilter = False  # filtering, column widths and row heights stay allowed
    protection.formatColumns = False
    protection.formatRows = False


def _write_instructions(
    sheet,
    spec: TemplateSpec,
    indicators: list[Indicator],
    regions: RegionIndex,
    framework: Framework,
) -> None:
    lang = spec.lang
    bold = Font(bold=True)
    sheet.append([t("coverage.template.title", lang)])
    sheet["A1"].font = Font(bold=True, size=14)
    scope = _scope_text(spec, regions)
    facts = [
        ("agency", spec.agency or "–"),
        ("year", str(spec.period)),
        ("regions", scope),
        ("generated", fmt_date(spec.generated_at.astimezone(WIB), lang, time=True)),
        ("framework", framework.version),
        ("app", APP_NAME),
    ]
    sheet.append([])
    for key, value in facts:
        sheet.append([t(f"coverage.template.fact_{key}", lang), _text(value)])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    sheet.append([t("coverage.template.steps_title", lang)])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    data_sheet = t("coverage.template.data_sheet", lang)
    for number in range(1, 7):
        text = t(f"coverage.template.step_{number}", lang, sheet=data_sheet)
        sheet.append([f"{number}.", text])
        sheet.cell(row=sheet.max_row, column=2).alignment = Alignment(wrap_text=True)
    sheet.append([])
    columns = ("id", "name", "unit", "rule", "publisher", "definition")
    sheet.append([t(f"coverage.template.ind_{c}", lang) for c in columns])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for ind in indicators:
        rule = _validation(ind, "A1", lang).error
        row = [ind.id, ind.name(lang), ind.unit, rule, ind.source, ind.description(lang)]
        sheet.append([_text(str(v)) for v in row])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (22, 70, 12, 40, 24, 70), strict=True):
        sheet.column_dimensions[letter].width = width


def _scope_text(spec: TemplateSpec, regions: RegionIndex) -> str:
    n = len(spec.regions)
    if spec.level == "district":
        parents = sorted({regency_of(code) for code in spec.regions})
        listed = ", ".join(f"{c} {regions.name(c)}" for c in parents)
        return t("coverage.template.scope_districts", spec.lang, regions=listed, n=n)
    if n == 1:
        return f"{spec.regions[0]} {regions.name(spec.regions[0])}"
    provinces = {code.split(".")[0] for code in spec.regions}
    if len(provinces) == 1 and n > 1:
        province = provinces.pop()
        return t(
            "coverage.template.scope_province", spec.lang, province=regions.name(province), n=n
        )
    return t("coverage.template.scope_many", spec.lang, n=n)
