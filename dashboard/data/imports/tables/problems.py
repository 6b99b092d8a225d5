"""The report's problems: at most a thousand of one kind listed, all of them counted."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard.data.errors import Problem, Report

MAX_PROBLEMS_PER_KIND = 1000


class Problems:
    """Adds problems to a report, listing at most ``cap`` of one kind but counting all of them."""

    def __init__(self, report: Report, cap: int = MAX_PROBLEMS_PER_KIND) -> None:
        self.report = report
        self.cap = cap
        self.totals: dict[str, int] = {}
        self.severity: dict[str, str] = {}

    def _room(self, code: str, severity: str, n: int) -> int:
        before = self.totals.get(code, 0)
        self.totals[code] = before + n
        self.severity[code] = severity
        return max(0, min(n, self.cap - before))

    def add(self, code: str, *, severity: str = "error", **kwargs: object) -> None:
        if self._room(code, severity, 1):
            self.report.add(code, severity=severity, **kwargs)

    def add_rows(
        self,
        code: str,
        rows: pd.DataFrame,
        *,
        column: str | None = None,
        value: str | None = "value",
        severity: str = "error",
        params: Callable[[dict], dict] | None = None,
    ) -> None:
        """One problem per row of ``rows`` (which carry ``_row`` and ``_column``)."""
        if not len(rows):
            return
        room = self._room(code, severity, len(rows))
        for record in rows.head(room).to_dict("records"):
            self.report.add(
                code,
                row=int(record["_row"]),
                column=column or record["_column"],
                value=record[value] if value else None,
                severity=severity,
                **(params(record) if params else {}),
            )

    def total(self, severity: str) -> int:
        return sum(n for code, n in self.totals.items() if self.severity[code] == severity)

    def finish(self) -> None:
        """Note the kinds that were cut short, and order problems as the user reads the file."""
        for code, total in self.totals.items():
            if total > self.cap:
                severity = self.severity[code]
                self.report.add(
                    "importer.truncated", severity=severity, kind=code, shown=self.cap, total=total
                )
        self.report.problems.sort(key=_problem_order)


def _problem_order(problem: Problem) -> tuple[int, int]:
    if problem.code == "importer.truncated":
        return (2, 0)
    return (0, 0) if problem.row is None else (1, problem.row)
