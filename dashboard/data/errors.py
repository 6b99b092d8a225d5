"""Typed data errors: every problem names the file, the row or feature, the column and the reason.

Messages are stored as a catalogue key plus parameters and rendered in Indonesian or English
when shown, so the same report serves the CLI, the admin page and JSON output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.i18n import t


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in an input file, located as the user sees it."""

    file: str
    code: str  # message key, e.g. "import.unknown_region"
    params: tuple[tuple[str, object], ...] = ()
    row: int | None = None  # row as a spreadsheet shows it (header = row 1), or feature number
    column: str | None = None
    value: str | None = None
    severity: str = "error"  # "error" blocks the import, "warning" does not
    unit: str = "row"  # "row" for tables, "feature" for geometry files

    def reason(self, lang: str = "id") -> str:
        return t(self.code, lang, **dict(self.params))

    def location(self, lang: str = "id") -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(t(f"loc.{self.unit}", lang, row=self.row))
        if self.column:
            parts.append(t("loc.column", lang, column=self.column))
        return ", ".join(parts)

    def message(self, lang: str = "id") -> str:
        text = f"{self.location(lang)}: {self.reason(lang)}"
        if self.value not in (None, ""):
            text += f" ({t('loc.value', lang, value=self.value)})"
        return text

    def __str__(self) -> str:
        return self.message("en")

    def to_dict(self, lang: str = "id") -> dict:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "severity": self.severity,
            "code": self.code,
            "reason": self.reason(lang),
        }


@dataclass
class Report:
    """Everything found while validating one file; errors block, warnings inform."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(
        self,
        code: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        severity: str = "error",
        unit: str = "row",
        **params: object,
    ) -> None:
        self.problems.append(
            Problem(
                file=self.file,
                code=code,
                params=tuple(params.items()),
                row=row,
                column=column,
                value=None if value is None else str(value),
                severity=severity,
                unit=unit,
            )
        )


class DataError(Exception):
    """A domain error the user can act on; shown as a message, never with a traceback."""

    def __init__(
        self,
        code: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        **params: object,
    ) -> None:
        self.code = code
        self.params = params
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self.message("en"))

    def reason(self, lang: str = "id") -> str:
        return t(self.code, lang, **self.params)

    def message(self, lang: str = "id") -> str:
        where = [self.file] if self.file else []
        if self.row is not None:
            where.append(t("loc.row", lang, row=self.row))
        if self.column:
            where.append(t("loc.column", lang, column=self.column))
        text = self.reason(lang)
        return f"{', '.join(where)}: {text}" if where else text

    def __str__(self) -> str:
        return self.message("en")


class ValidationError(DataError):
    """An input file was rejected; ``report`` lists every problem found."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__("error.rejected", file=report.file, n=len(report.errors))


class AmbiguousRegion(DataError):
    """A region name matches several regions; we refuse to guess."""

    def __init__(self, key: str, candidates: list[tuple[str, str]]) -> None:
        self.key = key
        self.candidates = candidates
        listed = "; ".join(f"{code} {name}" for code, name in candidates)
        super().__init__("error.ambiguous_region", key=key, candidates=listed)


class UnknownRegion(DataError):
    """No region has this code or name."""

    def __init__(self, key: str, suggestions: list[tuple[str, str]] | None = None) -> None:
        self.key = key
        self.suggestions = suggestions or []
        self._hint_names = " / ".join(f"{c} {n}" for c, n in self.suggestions)
        super().__init__("error.unknown_region", key=key, hint="")

    def reason(self, lang: str = "id") -> str:
        hint = t("hint.did_you_mean", lang, names=self._hint_names) if self.suggestions else ""
        return t(self.code, lang, key=self.key, hint=hint)


class UnknownDistrict(DataError):
    """A district code or name that the district reference of its regency does not hold."""

    def __init__(
        self, key: str, regency: str, suggestions: list[tuple[str, str]] | None = None
    ) -> None:
        self.key = key
        self.regency = regency
        self.suggestions = suggestions or []
        super().__init__("error.unknown_district", key=key, regency=regency)
