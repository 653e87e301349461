"""The promises a store keeps whatever it keeps goals in, as plain functions over model objects.

:class:`~therapy_goals.storage.Store` calls these before it asks a backend to write anything, so
every backend (and every caller) gets the same guarantees:

- a goal keeps its ``id``, ``client_id`` and ``created`` across revisions, and its status moves
  only along the lifecycle's allowed transitions;
- a value fits the goal's measure (its own bounds, what its unit implies, the questionnaire's
  range), and a questionnaire score belongs to a goal measured by that questionnaire;
- nothing is dated in the future, and only a baseline predates the goal's start.

Each function raises :class:`~therapy_goals.errors.ValidationError` (or
:class:`~therapy_goals.errors.StatusTransitionError`, or for a stale copy
:class:`~therapy_goals.errors.ConflictError`) naming the field and what is allowed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from therapy_goals.contracts.questionnaires import Questionnaire
from therapy_goals.errors import Problem, StatusTransitionError, ValidationError
from therapy_goals.model import (
    Administration,
    Goal,
    PlanUse,
    ProgressEntry,
    Review,
    StepCompletion,
    can_change_status,
)
from therapy_goals.model.goal import outside
from therapy_goals.storage.backend import stale

__all__ = [
    "FUTURE_TOLERANCE",
    "check_goal",
    "check_plan_use",
    "check_progress",
    "check_read_revision",
    "check_review",
    "check_revision",
    "check_step_completion",
]

FUTURE_TOLERANCE = timedelta(days=1)
"""How far ahead of the store's clock a timestamp may be (clocks and time zones differ)."""

_FIXED = ("id", "client_id", "created")


def check_read_revision(current: Goal, copy: Goal) -> None:
    """ConflictError unless ``copy`` was read at the revision the store holds (``current``)."""
    if copy.revision != current.revision:
        raise stale(copy.id, current.revision, copy.revision)


def check_revision(current: Goal, new: Goal) -> None:
    """Refuse a new revision that changes what never changes, or moves status the wrong way."""
    problems = [
        Problem(name, f"cannot change ({getattr(current, name)!r} is kept for the goal's life)")
        for name in _FIXED
        if getattr(new, name) != getattr(current, name)
    ]
    if problems:
        raise ValidationError(problems)
    if new.status is not current.status and not can_change_status(current.status, new.status):
        raise StatusTransitionError(
            f"status: cannot change from {current.status.value!r} to {new.status.value!r}; "
            "change the status on its own, along an allowed move (see change_status)"
        )


def check_goal(goal: Goal, *, now: datetime, questionnaire: Questionnaire | None) -> None:
    """Refuse a goal whose measure's values are impossible, or that was created in the future."""
    problems = []
    if goal.created > now + FUTURE_TOLERANCE:
        problems.append(Problem("created", f"{goal.created.isoformat()} is in the future"))
    measure = goal.measure
    if measure is not None:
        low, high = _range(goal, questionnaire)
        for name in ("baseline", "target"):
            message = outside(getattr(measure, name), low, high)
            if message is not None:
                problems.append(Problem(f"measure.{name}", message))
    if problems:
        raise ValidationError(problems)


def check_progress(
    goal: Goal,
    entry: ProgressEntry,
    *,
    now: datetime,
    questionnaire: Questionnaire | None,
) -> None:
    """Refuse an entry that its goal's measure cannot hold, or that is dated impossibly."""
    problems = _timing("at", entry.at, goal, now, baseline=entry.baseline)
    if message := outside(entry.value, *_range(goal, questionnaire)):
        problems.append(Problem("value", f"{message} for {_measure_name(goal)}"))
    administration = entry.administration
    if administration is not None:
        expected = goal.measure.questionnaire if goal.measure else None
        if administration.questionnaire != expected:
            measured = (
                f"measured by {expected!r}" if expected else "not measured by a questionnaire"
            )
            problems.append(
                Problem(
                    "administration.questionnaire",
                    f"{administration.questionnaire!r} cannot be attached to goal {goal.id!r} "
                    f"({measured}); attach it to a goal whose measure uses it",
                )
            )
        elif questionnaire is not None:
            problems += _rescored(questionnaire, administration)
    if problems:
        raise ValidationError(problems)


def check_step_completion(goal: Goal, completion: StepCompletion, *, now: datetime) -> None:
    """Refuse a record of a step the goal does not have, or of a day it could not have happened."""
    problems = []
    steps = {step.id for step in goal.steps}
    if completion.step_id not in steps:
        known = ", ".join(sorted(steps)) or "none"
        problems.append(
            Problem(
                "step_id",
                f"goal {goal.id!r} has no step {completion.step_id!r}; its steps: {known}",
            )
        )
    if completion.day > (now + FUTURE_TOLERANCE).date():
        problems.append(Problem("day", f"{completion.day.isoformat()} is in the future"))
    if completion.day < goal.start:
        problems.append(
            Problem(
                "day",
                f"{completion.day.isoformat()} is before the goal's start {goal.start.isoformat()}",
            )
        )
    if problems:
        raise ValidationError(problems)


def check_plan_use(goal: Goal, use: PlanUse, *, now: datetime) -> None:
    """Refuse a use of a plan the goal does not have, or at a moment it could not have happened
    (in the future, or before the goal began)."""
    problems = []
    plans = {plan.id for plan in goal.plans}
    if use.plan_id not in plans:
        known = ", ".join(sorted(plans)) or "none; add one first"
        problems.append(
            Problem("plan_id", f"goal {goal.id!r} has no plan {use.plan_id!r}; its plans: {known}")
        )
    problems += _timing("at", use.at, goal, now, baseline=None)
    if problems:
        raise ValidationError(problems)


def check_review(goal: Goal, review: Review, *, now: datetime) -> None:
    """Refuse a review dated in the future or before the goal began."""
    problems = _timing("at", review.at, goal, now, baseline=None)
    if problems:
        raise ValidationError(problems)


def _timing(
    name: str, moment: datetime, goal: Goal, now: datetime, *, baseline: bool | None
) -> list[Problem]:
    """Refuse a moment in the future, or before the goal's start unless the record is a
    ``baseline``; ``None`` for a kind of record that is never one (a review, a plan use), whose
    error then does not suggest making it one."""
    if moment > now + FUTURE_TOLERANCE:
        return [Problem(name, f"{moment.isoformat()} is in the future")]
    if moment.date() < goal.start and not baseline:
        hint = "" if baseline is None else "; only a baseline may predate the start"
        return [
            Problem(
                name,
                f"{moment.date().isoformat()} is before the goal's start "
                f"{goal.start.isoformat()}{hint}",
            )
        ]
    return []


def _range(goal: Goal, questionnaire: Questionnaire | None) -> tuple[float | None, float | None]:
    """The values the goal's measure can take: its bounds, narrowed by its questionnaire's range
    (``questionnaire`` is the one the measure names, if the store knows it)."""
    if goal.measure is None:
        return (None, None)
    low, high = goal.measure.bounds
    if questionnaire is not None:
        low = max(low, questionnaire.total_min) if low is not None else questionnaire.total_min
        high = min(high, questionnaire.total_max) if high is not None else questionnaire.total_max
    return (low, high)


def _measure_name(goal: Goal) -> str:
    if goal.measure is None:
        return f"goal {goal.id!r}"
    return goal.measure.name


def _rescored(questionnaire: Questionnaire, administration: Administration) -> list[Problem]:
    """Problems when the recorded answers are not a valid administration of ``questionnaire``,
    or the band and flags differ from what scoring them gives (a flag must never be lost)."""
    answers, total = administration.answers, administration.total
    band, flags = administration.band, administration.flags
    if not answers:
        message = outside(total, questionnaire.total_min, questionnaire.total_max)
        return [Problem("administration.total", message)] if message else []
    try:
        result = questionnaire.score(list(answers))
    except ValidationError as error:
        return list(error.within("administration").problems)
    problems = []
    if band is not None and band != result.band:
        problems.append(Problem("administration.band", f"is {band!r}, scored {result.band!r}"))
    recorded = {_flagged_item(flag) for flag in flags}
    missing = [item for flag in result.flags if (item := _flagged_item(flag)) not in recorded]
    if missing:
        problems.append(
            Problem(
                "administration.flags",
                f"misses {', '.join(missing)}, which the answers raise; keep every flag",
            )
        )
    return problems


def _flagged_item(flag: str) -> str:
    """The item a flag is about (``"item 9"`` of ``"item 9: thoughts of ..."``)."""
    return flag.split(":", 1)[0].strip()
