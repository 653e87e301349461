"""Progress summaries and wins, on worked examples and generated histories."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import (
    AchievementStatus,
    Direction,
    Goal,
    LifecycleStatus,
    Measure,
    Period,
    ProgressEntry,
    Schedule,
    Step,
    StepCompletion,
    sample_record,
)
from therapy_goals.progress import GAD7
from therapy_goals.progress.summary import Standing, summarize, trend_per_week
from therapy_goals.progress.wins import find_wins

START = date(2026, 3, 2)


def goal(
    direction: Direction = Direction.DECREASE,
    baseline: float = 20,
    target: float = 10,
    **changes: object,
) -> Goal:
    fields: dict[str, object] = {
        "id": "g",
        "client_id": "c",
        "statement": "Lower my score",
        "start": START,
        "due": START + timedelta(weeks=10),
        "measure": Measure(name="score", direction=direction, baseline=baseline, target=target),
        "steps": (Step(id="s", action="Practise", schedule=Schedule(count=2, per=Period.WEEK)),),
    }
    fields.update(changes)
    return Goal(**fields)  # type: ignore[arg-type]


def entries(*values: float, every_days: int = 7) -> list[ProgressEntry]:
    return [
        ProgressEntry(
            id=f"e{n}",
            goal_id="g",
            value=v,
            at=datetime.combine(START + timedelta(days=n * every_days), datetime.min.time(), UTC),
        )
        for n, v in enumerate(values)
    ]


def test_a_worked_example() -> None:
    summary = summarize(goal(), entries(20, 18, 16, 14), today=START + timedelta(weeks=3))
    assert summary.percent == 60.0
    assert summary.slope_per_week == -2.0
    assert summary.projected == START + timedelta(weeks=3) + timedelta(weeks=2)
    assert summary.standing is Standing.ON_TRACK  # 60% done after 30% of the time
    assert summary.achievement is AchievementStatus.IMPROVING


def test_behind_worsening_and_no_change() -> None:
    late = START + timedelta(weeks=8)
    behind = summarize(goal(), entries(20, 19.5, 19), today=late)
    assert behind.standing is Standing.BEHIND
    assert (
        summarize(goal(), entries(20, 22, 24), today=late).achievement
        is AchievementStatus.WORSENING
    )
    assert (
        summarize(goal(), entries(20, 20, 20), today=late).achievement
        is AchievementStatus.NO_CHANGE
    )
    assert summarize(goal(), [], today=late).achievement is AchievementStatus.IN_PROGRESS


def test_reaching_and_then_keeping_the_target() -> None:
    reached = summarize(goal(), entries(20, 14, 10), today=START + timedelta(weeks=3))
    assert reached.achievement is AchievementStatus.ACHIEVED
    assert reached.standing is Standing.ACHIEVED
    kept = summarize(goal(), entries(20, 14, 10, 9), today=START + timedelta(weeks=4))
    assert kept.achievement is AchievementStatus.SUSTAINING


def test_increase_goals_read_the_other_way() -> None:
    rising = goal(Direction.INCREASE, baseline=1, target=5)
    summary = summarize(rising, entries(1, 2, 3), today=START + timedelta(weeks=2))
    assert summary.percent == 50.0
    assert summary.achievement is AchievementStatus.IMPROVING


def test_adherence_counts_done_against_planned() -> None:
    today = START + timedelta(days=13)  # two weeks: 4 planned at twice a week
    done = [
        StepCompletion(id=f"c{d}", goal_id="g", step_id="s", day=START + timedelta(days=d))
        for d in (0, 3, 8)
    ]
    missed = [
        StepCompletion(id="m", goal_id="g", step_id="s", day=START + timedelta(days=10), done=False)
    ]
    summary = summarize(goal(), [], today=today, completions=done + missed)
    assert (summary.planned, summary.done, summary.adherence) == (4, 3, 0.75)


def test_questionnaire_change_is_assessed() -> None:
    gad = goal(
        measure=Measure(
            name="GAD-7", direction=Direction.DECREASE, questionnaire="gad7", baseline=15, target=7
        )
    )
    summary = summarize(
        gad, entries(15, 12, 9), today=START + timedelta(weeks=2), questionnaire=GAD7
    )
    assert summary.change is not None
    assert summary.change.reliable_improvement
    assert (summary.band_at_start, summary.band_now) == ("severe", "mild")


@given(
    st.lists(st.floats(-100, 100, allow_nan=False), min_size=2, max_size=20),
    st.floats(-5, 5, allow_nan=False),
)
def test_the_trend_of_a_straight_line_is_its_slope(noise: list[float], slope: float) -> None:
    line = entries(*[10 + slope * n for n in range(len(noise))])
    assert trend_per_week(line) == pytest.approx(slope, abs=1e-6)


@given(st.lists(st.floats(0, 27, allow_nan=False), max_size=15), st.integers(0, 120))
def test_summaries_never_fail_and_stay_consistent(values: list[float], days: int) -> None:
    summary = summarize(goal(), entries(*values), today=START + timedelta(days=days))
    assert summary.entries == len(values)
    if summary.standing is Standing.ACHIEVED:
        assert summary.latest is not None
        assert summary.latest <= 10


def test_the_sample_record_has_its_wins() -> None:
    record = sample_record(start=START)
    wins = find_wins(record.goals[0], record.progress, record.completions, questionnaire=GAD7)
    kinds = [w.kind for w in wins]
    assert kinds == [
        "first-step",
        "weekly-target",
        "band-dropped",
        "milestone",
        "streak",
        "milestone",
    ]
    assert wins[2].message == "GAD-7 now moderate (it was severe)"
    assert wins[4].message.startswith("4 weeks in a row")


def test_target_reached_and_objectives_are_wins() -> None:
    parent = goal()
    objective = Goal(
        id="o",
        client_id="c",
        statement="First rung",
        start=START,
        parent_id="g",
        status=LifecycleStatus.COMPLETED,
    )
    wins = find_wins(parent, entries(20, 15, 10), objectives=[objective])
    assert [w.kind for w in wins] == [
        "milestone",
        "milestone",
        "milestone",
        "target-reached",
        "objective-reached",
    ]
