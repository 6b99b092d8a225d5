"""The bad-input corpus (SPEC target R4): every broken file is rejected with its specific message.

``tests/fixtures/bad/EXPECTED.csv`` lists each file's expected problems (message key, row, column)
and the options to validate it with. :func:`expected_problems` and :func:`validate_bad_file` are
shared with the store test, which checks that importing any of these files leaves the store
byte-for-byte unchanged.
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashboard.data.framework import Framework
from dashboard.data.imports.tables import ImportLimits, ValidationResult, validate_file
from dashboard.data.regions import RegionIndex
from dashboard.i18n import catalogue

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BAD_DIR = FIXTURES / "bad"
EXPECTED_FILE = BAD_DIR / "EXPECTED.csv"
# Kinds a broken file cannot produce: warnings, an OS read failure, the "more not shown" notice.
NOT_IN_CORPUS = {
    "importer.unreadable",
    "importer.truncated",
    "importer.ignored_column",
    "importer.ambiguous_number_assumed",
    "importer.atypical_value",
    "importer.duplicate_identical",
    "importer.no_source_column",
    "importer.districts_unchecked",  # a warning: codes of a regency without a district list
}


@dataclass(frozen=True)
class ExpectedProblem:
    key: str
    row: int | None
    column: str | None


def expected_problems() -> dict[str, list[ExpectedProblem]]:
    """File name -> the problems it must produce (each file at least one)."""
    cases: dict[str, list[ExpectedProblem]] = {}
    with EXPECTED_FILE.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            problem = ExpectedProblem(
                key=record["key"],
                row=int(record["row"]) if record["row"] else None,
                column=record["column"] or None,
            )
            cases.setdefault(record["file"], []).append(problem)
    return cases


def case_options(name: str) -> dict:
    """``sheet`` and ``limits`` for validating bad file ``name`` (from EXPECTED.csv)."""
    with EXPECTED_FILE.open(encoding="utf-8", newline="") as handle:
        options = next(r["options"] for r in csv.DictReader(handle) if r["file"] == name)
    pairs = dict(item.split("=", 1) for item in options.split(";") if item)
    sheet = pairs.pop("sheet", None)
    return {"sheet": sheet, "limits": ImportLimits(**{k: int(v) for k, v in pairs.items()})}


def validate_bad_file(name: str, *, regions: RegionIndex, framework: Framework) -> ValidationResult:
    return validate_file(BAD_DIR / name, regions=regions, framework=framework, **case_options(name))


CASES = expected_problems()


def test_corpus_lists_every_file_and_has_at_least_32():
    files = {p.name for p in BAD_DIR.iterdir() if p.name != EXPECTED_FILE.name}
    assert files == set(CASES)
    assert len(files) >= 32


def test_corpus_covers_every_error_kind():
    kinds = {key for key in catalogue("en") if key.startswith("importer.")} - NOT_IN_CORPUS
    covered = {p.key for problems in CASES.values() for p in problems}
    assert kinds - covered == set()


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_is_rejected_with_its_specific_problem(name, regions, framework):
    result = validate_bad_file(name, regions=regions, framework=framework)
    found = {(p.code, p.row, p.column) for p in result.report.errors}
    assert not result.ok
    assert result.observations.empty
    for expected in CASES[name]:
        assert (expected.key, expected.row, expected.column) in found, result.report.problems
    assert result.report.counts["errors"] >= len(CASES[name])


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_messages_render_in_both_languages(name, regions, framework):
    result = validate_bad_file(name, regions=regions, framework=framework)
    for problem in result.report.problems:
        indonesian, english = problem.message("id"), problem.message("en")
        assert "{" not in indonesian
        assert "{" not in english
        assert indonesian != english
        assert problem.file == name


def test_file_with_three_different_errors_lists_all_three(regions, framework):
    result = validate_bad_file("three_errors.csv", regions=regions, framework=framework)
    assert [(p.code, p.row) for p in result.report.errors] == [
        ("importer.unknown_region", 2),
        ("importer.not_a_number", 3),
        ("importer.period_out_of_range", 4),
    ]


def test_unknown_region_suggests_the_close_name(regions, framework):
    result = validate_bad_file(
        "unknown_region_suggestion.csv", regions=regions, framework=framework
    )
    (problem,) = result.report.errors
    assert "32.75 Kota Bekasi" in problem.message("id")
    assert "mungkin maksud Anda" in problem.message("id")
    assert "did you mean" in problem.message("en")


def test_ambiguous_region_lists_both_candidates(regions, framework):
    result = validate_bad_file("ambiguous_bekasi.csv", regions=regions, framework=framework)
    (problem,) = result.report.errors
    assert "32.16 Kabupaten Bekasi" in problem.message("en")
    assert "32.75 Kota Bekasi" in problem.message("en")


def test_fixtures_are_reproducible_from_the_script(tmp_path):
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(tmp_path)
    for folder in ("bad", "good"):
        built = {p.name: p.read_bytes() for p in (tmp_path / folder).iterdir()}
        committed = {p.name: p.read_bytes() for p in (FIXTURES / folder).iterdir()}
        assert built.keys() == committed.keys()
        changed = [name for name in built if built[name] != committed[name]]
        assert changed == [], "run tests/fixtures/make_fixtures.py and commit the result"
