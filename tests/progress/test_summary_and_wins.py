"""Progress summaries and wins, on worked examples and generated histories."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import (
    AchievementStatus,
    Correction,
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


# --- analytics that refuse to guess, and records that count for nothing ---------------------------

WRONG = Correction(reason="typed into the wrong goal", at=datetime(2026, 4, 1, tzinfo=UTC))


def test_two_entries_minutes_apart_give_no_trend_projection_or_standing() -> None:
    minutes_apart = [
        ProgressEntry(id="e1", goal_id="g", value=20, at=datetime(2026, 3, 9, 18, 0, tzinfo=UTC)),
        ProgressEntry(id="e2", goal_id="g", value=12, at=datetime(2026, 3, 9, 18, 5, tzinfo=UTC)),
    ]
    summary = summarize(goal(), minutes_apart, today=date(2026, 3, 9))
    assert summary.enough_data is False
    assert (summary.slope_per_week, summary.projected) == (None, None)
    assert summary.standing is Standing.UNKNOWN
    assert summary.achievement is AchievementStatus.IN_PROGRESS
    assert summary.latest == 12  # the facts are still there
    assert summary.percent == 80.0  # (20 - 12) / (20 - 10)


@pytest.mark.parametrize(("days", "enough"), [(6, False), (7, True)])
def test_a_trend_needs_entries_a_week_apart_by_default(days: int, enough: bool) -> None:
    summary = summarize(goal(), entries(20, 18, every_days=days), today=START)
    assert summary.enough_data is enough
    # By hand: a fall of 2 over `days` days is 14 / days per week.
    assert summary.slope_per_week == (round(-2 * 7 / days, 10) if enough else None)


def test_the_minimum_period_is_configurable() -> None:
    two_days = entries(20, 18, every_days=2)
    assert summarize(goal(), two_days, today=START).enough_data is False
    assert summarize(goal(), two_days, today=START, min_span_days=2).slope_per_week == -7.0


def test_an_entry_marked_in_error_counts_for_nothing() -> None:
    first, typo, last = entries(15, 30, 11)  # days 0, 7 and 14
    series = [first, attrs.evolve(typo, entered_in_error=WRONG), last]
    summary = summarize(goal(baseline=15, target=7), series, today=START + timedelta(days=14))
    assert summary.entries == 2
    assert summary.latest == 11
    assert summary.slope_per_week == -2.0  # (11 - 15) over two weeks, by hand
    wins = find_wins(goal(baseline=15, target=7), series)
    assert [w.message for w in wins] == [
        "25% of the way to the target",
        "50% of the way to the target",
    ]


def test_a_step_record_marked_in_error_counts_for_nothing() -> None:
    done = [
        StepCompletion(id=f"c{day}", goal_id="g", step_id="s", day=START + timedelta(days=day))
        for day in (0, 2)
    ]
    marked = [done[0], attrs.evolve(done[1], entered_in_error=WRONG)]
    summary = summarize(goal(), [], today=START + timedelta(days=6), completions=marked)
    assert (summary.planned, summary.done) == (2, 1)  # 2 a week planned, one real
    assert [w.kind for w in find_wins(goal(), [], marked)] == ["first-step"]
    assert [w.kind for w in find_wins(goal(), [], done)] == ["first-step", "weekly-target"]


def test_a_baseline_before_the_start_is_where_the_client_began_not_a_win() -> None:
    no_baseline = goal(
        measure=Measure(name="score", direction=Direction.DECREASE, target=10), due=None
    )
    before = ProgressEntry(
        id="b", goal_id="g", value=20, at=datetime(2026, 2, 1, tzinfo=UTC), baseline=True
    )
    wins = find_wins(no_baseline, [before, *entries(14)])
    # From 20 to 14 is 60% of the way to 10: the 25% and 50% milestones, on the day of 14.
    assert [(w.message, w.on) for w in wins] == [
        ("25% of the way to the target", START),
        ("50% of the way to the target", START),
    ]
    assert find_wins(no_baseline, [before]) == []
    # A baseline reading below the measure's own baseline is no milestone either.
    earlier = attrs.evolve(before, value=14)
    assert find_wins(goal(baseline=20, target=10), [earlier, *entries(18)]) == []


def test_entries_in_the_first_days_of_year_1_are_summarised_and_reported() -> None:
    """Issue 18: a year-1 entry (accepted by the model) made summarize and report crash with
    OverflowError (the trend window reached before 0001-01-01)."""
    from datetime import UTC, datetime

    from therapy_goals import Direction, Goal, Measure, ProgressEntry, open_store
    from therapy_goals.progress import summarize

    goal = Goal(
        client_id="c1",
        statement="Walk 3 times a week",
        start=date(1, 1, 2),
        created=datetime(1, 1, 2, tzinfo=UTC),
        measure=Measure(name="walks", direction=Direction.INCREASE, baseline=0, target=3),
    )
    with open_store("memory://") as store:
        goal = store.add(goal)
        for day, value in ((2, 0), (9, 1), (16, 2)):
            store.add_progress(
                ProgressEntry(goal_id=goal.id, value=value, at=datetime(1, 1, day, tzinfo=UTC))
            )
        summary = summarize(goal, list(store.progress(goal.id)), today=date(1, 1, 20))
    assert summary.latest == 2
    assert summary.slope_per_week == 1.0  # by hand: 0, 1, 2 a week apart
