"""Agreement with a hand-labelled set of plain statements (tests/data/labelled-statements.toml).

The set was labelled from the rubric in its header, not from the checker. The test prints the
agreement per criterion and the disagreements, and fails if any criterion agrees on fewer than 90%.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from therapy_goals import Checker, Criterion, Verdict, get_plugin_manager

LABELS = Path(__file__).parent.parent / "data" / "labelled-statements.toml"
MARKS = {"+": Verdict.MET, "-": Verdict.UNMET, "?": Verdict.UNKNOWN}
TODAY = date(2026, 3, 2)
THRESHOLD = 0.90


def load() -> list[tuple[str, dict[Criterion, Verdict]]]:
    rows = tomllib.loads(LABELS.read_text())["statement"]
    return [
        (row["text"], {c: MARKS[mark] for c, mark in zip(Criterion, row["expect"], strict=True)})
        for row in rows
    ]


def test_the_set_is_large_and_varied() -> None:
    rows = load()
    assert len(rows) >= 120
    assert len({text.lower() for text, _ in rows}) == len(rows)
    for criterion in Criterion:
        assert len({expected[criterion] for _, expected in rows}) >= 2, criterion


def test_agreement_per_criterion_is_at_least_90_percent(capsys: pytest.CaptureFixture[str]) -> None:
    checker = Checker(plugins=get_plugin_manager(load_entrypoints=False, environ={}))
    rows = load()
    agreed: Counter[Criterion] = Counter()
    disagreements: list[str] = []
    for text, expected in rows:
        verdicts = checker.check(text, today=TODAY).verdicts
        for criterion in Criterion:
            if verdicts[criterion] is expected[criterion]:
                agreed[criterion] += 1
            else:
                disagreements.append(
                    f"  {criterion.value:<11} expected {expected[criterion].value:<7} "
                    f"got {verdicts[criterion].value:<7} {text}"
                )
    rates = {c: agreed[c] / len(rows) for c in Criterion}
    with capsys.disabled():
        print(f"\nagreement with {len(rows)} labelled statements:")
        for criterion, rate in rates.items():
            print(f"  {criterion.value:<11} {rate:6.1%}")
        print("disagreements:\n" + "\n".join(disagreements))
    low = {c.value: f"{r:.1%}" for c, r in rates.items() if r < THRESHOLD}
    assert not low, f"agreement below {THRESHOLD:.0%}: {low}"


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
    checker = Checker(plugins=get_plugin_manager(load_entrypoints=False, environ={}))
    verdicts = checker.check(text, today=TODAY).verdicts
    assert {name: verdicts[Criterion(name)].value for name in expected} == expected
