"""Agreement with hand-labelled plain statements, per criterion (issue 15).

Three files, labelled from the rubric in docs/smart-rules.md, not from the checker:
tests/data/labelled-statements.toml (written for this project), tests/data/published-statements.toml
(adapted from published SMART-goal examples, each with its source) and
tests/data/held-out-statements.toml (the same kind, never tuned on). The test prints the
agreement of each file and of all of them, and the disagreements.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from therapy_goals import Checker, Criterion, Severity, Verdict, get_plugin_manager

DATA = Path(__file__).parent.parent / "data"
LABELS = DATA / "labelled-statements.toml"
PUBLISHED = DATA / "published-statements.toml"
HELD_OUT = DATA / "held-out-statements.toml"
MARKS = {"+": Verdict.MET, "-": Verdict.UNMET, "?": Verdict.UNKNOWN}
TODAY = date(2026, 3, 2)
OVERALL = 0.95
"""S, M and T must agree on at least 95% of all the statements, held-out ones included."""
HELD_OUT_LEAST = 0.90
STRICT = (Criterion.SPECIFIC, Criterion.MEASURABLE, Criterion.TIME_BOUND)
HELD_OUT_FALSE_ERRORS = 0
"""Error-level S/M/T findings on held-out statements labelled fully S, M and T: 8 when the
held-out file was first checked, 2 and then none after fixes made on more published examples of
the families issue 15 names (clinical objectives, sessions and shifts, periods kept, one-off
actions at the next meeting). Issue 15 asks for none, on every file."""


def load(path: Path = LABELS) -> list[tuple[str, dict[Criterion, Verdict]]]:
    return [(row["text"], _expected(row)) for row in _rows(path)]


def _rows(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = tomllib.loads(path.read_text())["statement"]
    return rows


def _expected(row: dict[str, Any]) -> dict[Criterion, Verdict]:
    return {c: MARKS[mark] for c, mark in zip(Criterion, row["expect"], strict=True)}


def _checker() -> Checker:
    return Checker(plugins=get_plugin_manager(load_entrypoints=False, environ={}))


def _agreement(
    checker: Checker, rows: list[dict[str, Any]]
) -> tuple[Counter[Criterion], list[str], list[str]]:
    agreed: Counter[Criterion] = Counter()
    disagreements: list[str] = []
    false_errors: list[str] = []
    for row in rows:
        expected = _expected(row)
        report = checker.check(row["text"], today=TODAY)
        for criterion in Criterion:
            if report.verdicts[criterion] is expected[criterion]:
                agreed[criterion] += 1
            else:
                disagreements.append(
                    f"  {criterion.value:<11} expected {expected[criterion].value:<7} "
                    f"got {report.verdicts[criterion].value:<7} {row['text']}"
                )
        if all(expected[c] is Verdict.MET for c in STRICT):
            errors = [
                f.code
                for f in report.findings
                if f.severity is Severity.ERROR and f.criterion in STRICT
            ]
            if errors:
                false_errors.append(f"  {','.join(errors)} {row['text']}")
    return agreed, disagreements, false_errors


def test_the_sets_are_large_sourced_and_varied() -> None:
    mine, published, held_out = _rows(LABELS), _rows(PUBLISHED), _rows(HELD_OUT)
    every = mine + published + held_out
    assert len(every) >= 300
    texts = [row["text"].lower() for row in every]
    assert len(set(texts)) == len(texts), "a statement is in two files"
    sourced = published + held_out
    assert len(sourced) * 2 >= len(every), "at least half come from published examples"
    assert all(row["source"].startswith(("http://", "https://")) for row in sourced)
    assert len(held_out) >= 0.3 * len(every) - 1
    for criterion in Criterion:
        assert len({_expected(row)[criterion] for row in every}) >= 2, criterion


def test_agreement_per_criterion(capsys: pytest.CaptureFixture[str]) -> None:
    checker = _checker()
    files = {"written here": LABELS, "published": PUBLISHED, "held out": HELD_OUT}
    totals: Counter[Criterion] = Counter()
    count = 0
    rates: dict[str, dict[Criterion, float]] = {}
    report_lines: list[str] = []
    false_errors: dict[str, list[str]] = {}
    for name, path in files.items():
        rows = _rows(path)
        agreed, disagreements, errors = _agreement(checker, rows)
        totals.update(agreed)
        count += len(rows)
        rates[name] = {c: agreed[c] / len(rows) for c in Criterion}
        false_errors[name] = errors
        report_lines.append(f"{name} ({len(rows)} statements):")
        report_lines += [f"  {c.value:<11} {r:6.1%}" for c, r in rates[name].items()]
        report_lines += ["  disagreements:", *disagreements]
        report_lines += ["  error-level S/M/T findings on fully SMART statements:", *errors]
    overall = {c: totals[c] / count for c in Criterion}
    report_lines.append(f"all ({count} statements):")
    report_lines += [f"  {c.value:<11} {r:6.1%}" for c, r in overall.items()]
    with capsys.disabled():
        print("\n" + "\n".join(report_lines))
    low = {c.value: f"{overall[c]:.1%}" for c in STRICT if overall[c] < OVERALL}
    assert not low, f"S, M, T agreement below {OVERALL:.0%} overall: {low}"
    low_held = {
        c.value: f"{rates['held out'][c]:.1%}"
        for c in STRICT
        if rates["held out"][c] < HELD_OUT_LEAST
    }
    assert not low_held, f"held-out agreement below {HELD_OUT_LEAST:.0%}: {low_held}"
    assert false_errors["written here"] == false_errors["published"] == []
    assert len(false_errors["held out"]) <= HELD_OUT_FALSE_ERRORS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I want to be happier",
            {"specific": "unmet", "measurable": "unmet", "time-bound": "unmet"},
        ),
        (
            "Exercise three times a week for 30 minutes",
            {"specific": "met", "measurable": "met", "time-bound": "unmet"},
        ),
        ("exercising for five hours a day", {"achievable": "unmet"}),
        (
            "Go to bed by 10 PM every night for the next four weeks",
            {"specific": "met", "measurable": "met", "time-bound": "met"},
        ),
    ],
)
def test_everyday_examples_behave(text: str, expected: dict[str, str]) -> None:
    verdicts = _checker().check(text, today=TODAY).verdicts
    assert {name: verdicts[Criterion(name)].value for name in expected} == expected
