"""Small successes worth celebrating, found in a goal's progress and step completions.

Naming what went well keeps motivation through slow weeks. An app can show these as they happen
and a review can read them out.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

import attrs

from therapy_goals.contracts.questionnaires import Questionnaire
from therapy_goals.model import (
    Goal,
    LifecycleStatus,
    Period,
    PlanUse,
    ProgressEntry,
    StepCompletion,
)
from therapy_goals.progress.summary import target_reached

__all__ = ["Win", "find_wins"]

MILESTONES = (25, 50, 75)

PLAN_USES_IN_A_MONTH = 3
"""Uses of one plan in a calendar month that make a win ("you used your plan 5 times in March")."""


@attrs.frozen(kw_only=True)
class Win:
    """A success: what kind, a message to show the client, and the day it happened."""

    kind: str
    message: str
    on: date


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _step_wins(goal: Goal, completions: list[StepCompletion]) -> list[Win]:
    wins = []
    for step in goal.steps:
        done_days = sorted({c.day for c in completions if c.step_id == step.id and c.done})
        if not done_days:
            continue
        wins.append(
            Win(kind="first-step", message=f'First time done: "{step.action}"', on=done_days[0])
        )
        if step.schedule is not None and step.schedule.per in (Period.DAY, Period.WEEK):
            weekly_target = step.schedule.count * (7 if step.schedule.per is Period.DAY else 1)
            per_week: dict[date, list[date]] = defaultdict(list)
            for day in done_days:
                per_week[_week_start(day)].append(day)
            met = sorted(week for week, days in per_week.items() if len(days) >= weekly_target)
            if met:
                wins.append(
                    Win(
                        kind="weekly-target",
                        message=f'First week with all {weekly_target} planned "{step.action}"',
                        on=per_week[met[0]][weekly_target - 1],
                    )
                )
            run, best_end, best = 1, met[0] if met else None, 1
            for previous, current in itertools.pairwise(met):
                run = run + 1 if current - previous == timedelta(weeks=1) else 1
                if run > best:
                    best, best_end = run, current
            if best >= 2 and best_end is not None:
                wins.append(
                    Win(
                        kind="streak",
                        message=f'{best} weeks in a row meeting the plan for "{step.action}"',
                        on=max(per_week[best_end]),
                    )
                )
    return wins


def _plan_wins(goal: Goal, uses: list[PlanUse]) -> list[Win]:
    """The first use of each plan, and each month a plan was used at least
    :data:`PLAN_USES_IN_A_MONTH` times: facing the obstacle with the plan is the win, whatever
    the day brought."""
    wins = []
    for plan in goal.plans:
        days = sorted(u.at.date() for u in uses if u.plan_id == plan.id)
        if not days:
            continue
        wins.append(
            Win(kind="first-plan-use", message=f'First use of your plan: "{plan.text}"', on=days[0])
        )
        for (year, month), in_month in itertools.groupby(days, key=lambda d: (d.year, d.month)):
            used = list(in_month)
            if len(used) >= PLAN_USES_IN_A_MONTH:
                name = date(year, month, 1).strftime("%B %Y")
                wins.append(
                    Win(
                        kind="plan-used",
                        message=f'You used your plan "{plan.text}" {len(used)} times in {name}',
                        on=used[-1],
                    )
                )
    return wins


def _measure_wins(
    goal: Goal,
    entries: list[ProgressEntry],
    questionnaire: Questionnaire | None,
    first: float | None,
) -> list[Win]:
    """Wins in the entries since the start, measured from the measure's baseline (else the
    first value recorded, a baseline entry included)."""
    measure = goal.measure
    if measure is None or not entries or first is None:
        return []
    start = float(measure.baseline) if measure.baseline is not None else first
    wins = []
    passed: set[int] = set()
    for entry in entries:
        value = float(entry.value)
        if measure.target is not None and measure.target != start:
            percent = (value - start) / (measure.target - start) * 100
            for mark in MILESTONES:
                if percent >= mark and mark not in passed:
                    passed.add(mark)
                    wins.append(
                        Win(
                            kind="milestone",
                            message=f"{mark}% of the way to the target",
                            on=entry.at.date(),
                        )
                    )
        if target_reached(measure, value, start):
            wins.append(Win(kind="target-reached", message="Target reached", on=entry.at.date()))
            break
    if questionnaire is not None:
        inside = [
            e for e in entries if questionnaire.total_min <= e.value <= questionnaire.total_max
        ]
        if questionnaire.total_min <= start <= questionnaire.total_max:
            order = [band.label for band in questionnaire.bands]
            first_band = questionnaire.band_of(start)
            for entry in inside:
                band = questionnaire.band_of(entry.value)
                if order.index(band) < order.index(first_band):
                    wins.append(
                        Win(
                            kind="band-dropped",
                            message=f"{questionnaire.name} now {band} (it was {first_band})",
                            on=entry.at.date(),
                        )
                    )
                    break
    return wins


def find_wins(
    goal: Goal,
    entries: Iterable[ProgressEntry],
    completions: Iterable[StepCompletion] = (),
    *,
    questionnaire: Questionnaire | None = None,
    objectives: Iterable[Goal] = (),
    plan_uses: Iterable[PlanUse] = (),
) -> list[Win]:
    """Every win of a goal, oldest first: first steps, weekly targets met, streaks, milestones,
    the target reached, a questionnaire band dropped, objectives completed, and if-then plans
    used (the first time, and a month with several uses). Records marked entered-in-error count
    for nothing, and a baseline is where the client began, not a win."""
    counted = sorted(
        (e for e in entries if e.goal_id == goal.id and e.counts), key=lambda e: (e.at, e.id)
    )
    done = [c for c in completions if c.goal_id == goal.id and c.counts]
    first = float(counted[0].value) if counted else None
    since_start = [e for e in counted if not e.baseline]
    used = [u for u in plan_uses if u.goal_id == goal.id and u.counts]
    wins = _step_wins(goal, done) + _measure_wins(goal, since_start, questionnaire, first)
    wins += _plan_wins(goal, used)
    for objective in objectives:
        if objective.parent_id == goal.id and objective.status is LifecycleStatus.COMPLETED:
            wins.append(
                Win(
                    kind="objective-reached",
                    message=f'Objective reached: "{objective.statement}"',
                    on=objective.updated.date(),
                )
            )
    return sorted(wins, key=lambda w: (w.on, w.kind))
