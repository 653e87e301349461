"""Every numeric threshold of a built-in rule, tested on both sides of its boundary (issue 15).

The thresholds are the documented defaults (docs/rules/*.md); each pair of cases sits exactly at
the threshold (no finding: the rules say "more than" or "less than") and one step past it.
A105 (more than 3 active goals) has its boundary in tests/data/rule-cases/A105.toml.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from therapy_goals import Direction, Goal, Measure, Selection, Step, check

TODAY = date(2026, 3, 2)


def goal(**fields: Any) -> Goal:
    base: dict[str, Any] = {"client_id": "c1", "statement": "Walk daily", "start": TODAY}
    return Goal(**{**base, **fields})


def fired(code: str, subject: Goal | str) -> bool:
    report = check(subject, today=TODAY, selection=Selection(select=(code,)))
    return code in report.codes()


def gad7(baseline: float, target: float, days: int) -> Goal:
    return goal(
        statement="Bring my GAD-7 score down",
        due=TODAY + timedelta(days=days),
        measure=Measure(
            name="GAD-7 total",
            direction=Direction.DECREASE,
            questionnaire="gad7",
            baseline=baseline,
            target=target,
        ),
    )


@pytest.mark.parametrize(
    ("code", "at_threshold", "past_threshold"),
    [
        # A101: more than 600 minutes a week. 120 x 5 = 600; 121 x 5 = 605.
        ("A101", "Walk for 120 minutes 5 times a week", "Walk for 121 minutes 5 times a week"),
        # A103: more than 1.5 points a week. 15 -> 9 in 4 weeks is 1.5; 15 -> 8 is 1.75.
        ("A103", gad7(15, 9, 28), gad7(15, 8, 28)),
        # A104: confidence below 7.
        ("A104", goal(confidence=7), goal(confidence=6)),
        # A106: one session over 180 minutes.
        (
            "A106",
            goal(steps=(Step(action="Study", minutes=180),)),
            goal(steps=(Step(action="Study", minutes=181),)),
        ),
        # R105: importance below 5.
        ("R105", goal(importance=5), goal(importance=4)),
        # S105: more than 40 words.
        ("S105", " ".join(["walk"] * 40), " ".join(["walk"] * 41)),
        # T103: due more than 365 days after the start, with no objective.
        ("T103", goal(due=TODAY + timedelta(days=365)), goal(due=TODAY + timedelta(days=366))),
        # T105: a GAD-7 goal due less than 14 days (its recall period) after the start.
        ("T105", gad7(12, 10, 14), gad7(12, 10, 13)),
    ],
)
def test_each_threshold_holds_at_the_boundary_and_fires_past_it(
    code: str, at_threshold: Goal | str, past_threshold: Goal | str
) -> None:
    assert not fired(code, at_threshold)
    assert fired(code, past_threshold)


def test_every_rule_with_a_numeric_option_is_covered() -> None:
    from therapy_goals import get_plugin_manager

    numeric = {
        code
        for code, rule in get_plugin_manager(load_entrypoints=False, environ={}).rules().items()
        if rule.options
    }
    assert numeric <= {"A101", "A103", "A104", "A105", "A106", "R105", "S105", "T103", "T105"}
