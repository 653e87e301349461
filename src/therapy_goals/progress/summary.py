"""How a goal is going: how far along, which way and how fast, whether it is on track, and whether
the planned steps are happening.

>>> from datetime import date
>>> from therapy_goals import sample_record
>>> record = sample_record(start=date(2026, 3, 2))
>>> s = summarize(
...     record.goals[0], record.progress, today=date(2026, 3, 30), completions=record.completions
... )
>>> s.percent, s.slope_per_week, s.achievement.value, s.adherence
(50.0, -1.0, 'improving', 0.293)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum

import attrs

from therapy_goals.contracts.questionnaires import ChangeAssessment, Questionnaire
from therapy_goals.model import (
    AchievementStatus,
    Direction,
    Goal,
    Measure,
    PlanUse,
    ProgressEntry,
    StepCompletion,
)
from therapy_goals.progress.plans import plan_step_days

__all__ = [
    "MIN_SPAN_DAYS",
    "ProgressSummary",
    "Standing",
    "summarize",
    "target_reached",
    "trend_per_week",
]


MIN_SPAN_DAYS = 7
"""The shortest period two entries must span before a trend is worked out (see summarize)."""


class Standing(StrEnum):
    """Where a goal stands against the time it has had."""

    ACHIEVED = "achieved"
    ON_TRACK = "on-track"
    BEHIND = "behind"
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class ProgressSummary:
    """Everything a review needs to know about a goal's progress, computed from its entries."""

    goal_id: str
    entries: int
    start_value: float | None
    latest: float | None
    latest_at: datetime | None
    percent: float | None
    """Percent of the way from the start value to the target (above 100 past it, negative back)."""
    slope_per_week: float | None
    """Least-squares change per week over the recent window."""
    projected: date | None
    """When the target would be reached at the current rate, if it is being approached."""
    standing: Standing
    planned: int
    done: int
    adherence: float | None
    achievement: AchievementStatus
    change: ChangeAssessment | None = None
    band_at_start: str | None = None
    band_now: str | None = None
    enough_data: bool = False
    """Whether the recent entries are enough to judge a trend: at least two, spanning at least
    the minimum period. Without enough data there is no trend, projection or on-track call."""


def _start_toward(measure: Measure, start: float) -> float:
    """+1 if the measure should rise from ``start`` to its target, -1 if it should fall."""
    target = measure.target if measure.target is not None else start
    if measure.direction is Direction.DECREASE:
        return -1.0
    if measure.direction is Direction.INCREASE:
        return 1.0
    return 1.0 if target >= start else -1.0


def target_reached(measure: Measure, value: float, start: float) -> bool:
    """Whether ``value`` meets the measure's target, given where the client started; a target
    range is met by a value inside it."""
    if measure.target is None:
        low, high = measure.target_low, measure.target_high
        if low is None and high is None:
            return False
        return (low is None or value >= low) and (high is None or value <= high)
    if measure.direction is Direction.MAINTAIN:
        return abs(value - measure.target) <= max(0.5, 0.1 * abs(measure.target))
    if _start_toward(measure, start) > 0:
        return value >= measure.target
    return value <= measure.target


def trend_per_week(entries: Sequence[ProgressEntry]) -> float | None:
    """The least-squares slope of value over time, per week; ``None`` with under two moments."""
    if len(entries) < 2:
        return None
    origin = entries[0].at
    xs = [(e.at - origin).total_seconds() / 86_400 for e in entries]
    ys = [float(e.value) for e in entries]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope_per_day = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return round(slope_per_day * 7, 10)


def _planned_occurrences(goal: Goal, until: date) -> int:
    end = min(until, goal.due) if goal.due else until
    days = max(0, (end - goal.start).days + 1)
    total = 0.0
    for step in goal.steps:
        if step.schedule is None:
            continue
        total += step.schedule.planned_in(days)
    return math.floor(total + 1e-9)


def _achievement(
    measure: Measure | None, values: Sequence[float], start: float | None, slope: float | None
) -> AchievementStatus:
    if measure is None or not values or start is None:
        return AchievementStatus.IN_PROGRESS
    reached = [target_reached(measure, v, start) for v in values]
    if reached[-1]:
        return (
            AchievementStatus.SUSTAINING
            if len(reached) > 1 and reached[-2]
            else AchievementStatus.ACHIEVED
        )
    if slope is None:
        return AchievementStatus.IN_PROGRESS
    span = abs((measure.target if measure.target is not None else start) - start) or 1.0
    if abs(slope) < 0.01 * span:
        return AchievementStatus.NO_CHANGE
    improving = slope * _start_toward(measure, start) > 0
    return AchievementStatus.IMPROVING if improving else AchievementStatus.WORSENING


def summarize(
    goal: Goal,
    entries: Iterable[ProgressEntry],
    *,
    today: date,
    completions: Iterable[StepCompletion] = (),
    questionnaire: Questionnaire | None = None,
    window_days: int = 42,
    min_span_days: int = MIN_SPAN_DAYS,
    plan_uses: Iterable[PlanUse] = (),
) -> ProgressSummary:
    """Summarise a goal's progress entries (and step completions) as of ``today``.

    A use of an if-then plan that carries out a step (``IfThenPlan.step_id``) counts as that
    step done that day, unless a step record already says so (``plan_uses``).

    Entries and step records marked entered-in-error count for nothing. The trend, the
    projection and the on-track/behind standing need enough data: at least two recent entries
    spanning ``min_span_days`` or more; with less, they are left out (``enough_data`` is false)
    rather than guessed from two readings minutes apart.
    """
    mine = sorted(
        (e for e in entries if e.goal_id == goal.id and e.counts), key=lambda e: (e.at, e.id)
    )
    measure = goal.measure
    values = [float(e.value) for e in mine]
    start = None
    if measure is not None and measure.baseline is not None:
        start = float(measure.baseline)
    elif values:
        start = values[0]
    latest = values[-1] if values else None
    window = timedelta(days=window_days)  # compared as a difference: no date before year 1
    recent = [e for e in mine if mine[-1].at - e.at <= window]
    enough = len(recent) >= 2 and recent[-1].at - recent[0].at >= timedelta(days=min_span_days)
    slope = trend_per_week(recent) if enough else None
    percent = None
    if (
        measure is not None
        and measure.target is not None
        and start is not None
        and latest is not None
    ) and measure.target != start:
        percent = round((latest - start) / (measure.target - start) * 100, 1)
    projected = None
    if slope and measure is not None and measure.target is not None and latest is not None and mine:
        remaining = measure.target - latest
        if remaining * slope > 0:
            try:
                projected = mine[-1].at.date() + timedelta(days=remaining / (slope / 7))
            except OverflowError:
                projected = None
    standing = Standing.UNKNOWN
    if measure is not None and latest is not None and start is not None:
        if target_reached(measure, latest, start):
            standing = Standing.ACHIEVED
        elif enough and percent is not None and goal.due is not None and goal.due > goal.start:
            elapsed = min(1.0, max(0.0, (today - goal.start).days / (goal.due - goal.start).days))
            standing = Standing.ON_TRACK if percent / 100 >= elapsed - 0.1 else Standing.BEHIND
    planned = _planned_occurrences(goal, today)
    window_end = min(today, goal.due) if goal.due else today
    recorded = [
        c
        for c in completions
        if c.goal_id == goal.id and c.done and c.counts and goal.start <= c.day <= window_end
    ]
    by_plan = plan_step_days(goal, plan_uses) - {(c.step_id, c.day) for c in recorded}
    done = len(recorded) + sum(goal.start <= day <= window_end for _, day in by_plan)
    change = band_at_start = band_now = None
    if questionnaire is not None and start is not None and latest is not None:
        in_range = all(
            questionnaire.total_min <= v <= questionnaire.total_max for v in (start, latest)
        )
        if in_range:
            change = questionnaire.assess_change(start, latest)
            band_at_start, band_now = questionnaire.band_of(start), questionnaire.band_of(latest)
    return ProgressSummary(
        goal_id=goal.id,
        entries=len(mine),
        start_value=start,
        latest=latest,
        latest_at=mine[-1].at if mine else None,
        percent=percent,
        slope_per_week=slope,
        projected=projected,
        standing=standing,
        planned=planned,
        done=done,
        adherence=round(min(done / planned, 1.0), 3) if planned else None,
        achievement=_achievement(measure, values, start, slope),
        change=change,
        band_at_start=band_at_start,
        band_now=band_now,
        enough_data=enough,
    )
