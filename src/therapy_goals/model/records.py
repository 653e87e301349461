"""What happens to a goal over time: progress observations, reviews, and a client's whole record."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Final

import attrs

from therapy_goals.errors import Problem, ValidationError
from therapy_goals.model.checks import (
    FieldCheck,
    aware_datetime,
    calendar_date,
    each,
    finite_number,
    instance_of,
    int_between,
    non_blank,
    optional,
    positive_int,
    slug,
)
from therapy_goals.model.codes import AchievementStatus, ProgressSource, ReviewDecision
from therapy_goals.model.goal import Goal, new_id, utc_now

__all__ = [
    "Administration",
    "ClientRecord",
    "Correction",
    "GoalRevision",
    "PlanUse",
    "ProgressEntry",
    "Review",
    "StepCompletion",
]


@attrs.frozen(kw_only=True)
class Correction:
    """Why a record was marked ``entered-in-error``, by whom and when (FHIR's own semantics).

    A wrong progress entry, step record or review is never edited or deleted: it is marked, stays
    in the history and in exports, and is left out of summaries, trends, wins and charts. Only the
    erasure of a client removes it.
    """

    reason: str = attrs.field(validator=non_blank(max_length=500))
    at: datetime = attrs.field(factory=utc_now, validator=aware_datetime())
    by: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=200)))


def _total_is_the_sum(
    instance: Administration, attribute: attrs.Attribute[Any], value: Any
) -> None:
    if instance.answers and value != sum(instance.answers):
        raise ValidationError.at(
            "total", f"is {value} but the answers add up to {sum(instance.answers)}"
        )


@attrs.frozen(kw_only=True)
class Administration:
    """One completed questionnaire: its item answers as given, and what scoring made of them.

    Kept with the progress entry that carries its total, so that an item that needs follow-up
    (PHQ-9 item 9) is never reduced to a number. ``answers`` may be empty when only the total is
    known (a score copied from another system).
    """

    questionnaire: str = attrs.field(validator=slug())
    answers: tuple[int, ...] = attrs.field(default=(), validator=each(int_between(0, 1_000)))
    total: int = attrs.field(validator=(int_between(0, 100_000), _total_is_the_sum))
    band: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=50)))
    flags: tuple[str, ...] = attrs.field(default=(), validator=each(non_blank(max_length=500)))
    """The items that need follow-up, each with the reason (``item 9: ...``)."""


def _matches_value(instance: ProgressEntry, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    problems = []
    if instance.value != value.total:
        problems.append(
            Problem("value", f"is {instance.value:g} but the questionnaire total is {value.total}")
        )
    if instance.source is not ProgressSource.QUESTIONNAIRE:
        problems.append(Problem("source", "must be 'questionnaire' for a scored questionnaire"))
    if problems:
        raise ValidationError(problems)


class Correctable:
    """A record that can be marked entered-in-error: it then counts for nothing."""

    __slots__ = ()
    entered_in_error: Correction | None

    @property
    def counts(self) -> bool:
        """Whether the record counts in summaries, trends, wins, adherence, due reviews and
        charts: it does unless it was marked entered-in-error."""
        return self.entered_in_error is None


def correction_field() -> Any:
    """The ``entered_in_error`` field of a :class:`Correctable` record."""
    return attrs.field(default=None, validator=optional(instance_of(Correction)))


@attrs.frozen(kw_only=True)
class ProgressEntry(Correctable):
    """One observation of a goal's measure: a mood rating, a count from a journal, a PHQ-9 total.

    >>> from datetime import datetime, timezone
    >>> entry = ProgressEntry(
    ...     goal_id="g1",
    ...     value=12,
    ...     at=datetime(2026, 3, 9, 18, 30, tzinfo=timezone.utc),
    ...     source=ProgressSource.QUESTIONNAIRE,
    ... )
    >>> entry.value
    12
    """

    goal_id: str = attrs.field(validator=non_blank(max_length=100))
    value: float = attrs.field(validator=finite_number())
    at: datetime = attrs.field(factory=utc_now, validator=aware_datetime())
    source: ProgressSource = attrs.field(
        default=ProgressSource.SELF_REPORT, validator=instance_of(ProgressSource)
    )
    note: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=20_000)))
    id: str = attrs.field(factory=new_id, validator=non_blank(max_length=100))
    baseline: bool = attrs.field(default=False, validator=instance_of(bool))
    """A value from before the goal started (where the client began); may predate the start."""
    administration: Administration | None = attrs.field(
        default=None, validator=[optional(instance_of(Administration)), _matches_value]
    )
    """The questionnaire behind a questionnaire total, with its item answers and flags."""
    entered_in_error: Correction | None = correction_field()
    """Set when the entry was marked wrong; it then counts for nothing."""


@attrs.frozen(kw_only=True)
class StepCompletion(Correctable):
    """Whether a planned action step happened on a day: the raw material of adherence and streaks.

    >>> from datetime import date
    >>> StepCompletion(goal_id="g1", step_id="step-1", day=date(2026, 3, 3)).done
    True
    """

    goal_id: str = attrs.field(validator=non_blank(max_length=100))
    step_id: str = attrs.field(validator=non_blank(max_length=100))
    day: date = attrs.field(validator=calendar_date())
    done: bool = attrs.field(default=True, validator=instance_of(bool))
    note: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=20_000)))
    id: str = attrs.field(factory=new_id, validator=non_blank(max_length=100))
    entered_in_error: Correction | None = correction_field()
    """Set when the record was marked wrong; it then counts for nothing."""


@attrs.frozen(kw_only=True)
class PlanUse(Correctable):
    """A moment an if-then plan of the goal was used: which plan, when, and whether it helped.

    Kept apart from progress entries, whose values are the goal's measure: a use is an event, not
    a value. Wins count them ("you used your plan 5 times this month"), and when the plan is
    linked to a step, adherence counts its use as the step done that day.

    >>> from datetime import datetime, timezone
    >>> PlanUse(
    ...     goal_id="g1", plan_id="p1", at=datetime(2026, 3, 9, 22, tzinfo=timezone.utc)
    ... ).helped is None
    True
    """

    goal_id: str = attrs.field(validator=non_blank(max_length=100))
    plan_id: str = attrs.field(validator=non_blank(max_length=100))
    at: datetime = attrs.field(factory=utc_now, validator=aware_datetime())
    helped: bool | None = attrs.field(default=None, validator=optional(instance_of(bool)))
    """Whether using the plan helped, as the client saw it (``None``: not said)."""
    note: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=20_000)))
    id: str = attrs.field(factory=new_id, validator=non_blank(max_length=100))
    entered_in_error: Correction | None = correction_field()
    """Set when the record was marked wrong; it then counts for nothing."""


def _next_review_after(instance: Review, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value < instance.at.date():
        raise ValidationError.at(
            "next_review",
            f"{value.isoformat()} is before this review ({instance.at.date().isoformat()}); "
            "pick a later date",
        )


@attrs.frozen(kw_only=True)
class Review(Correctable):
    """A review of one goal at one moment: how it is going, and what happens next.

    ``attainment`` is the optional Goal Attainment Scaling level: -2 much less than expected,
    -1 somewhat less, 0 the expected outcome, +1 somewhat more, +2 much more. ``wins`` are the
    small successes worth naming and celebrating.
    """

    goal_id: str = attrs.field(validator=non_blank(max_length=100))
    achievement: AchievementStatus = attrs.field(validator=instance_of(AchievementStatus))
    decision: ReviewDecision = attrs.field(validator=instance_of(ReviewDecision))
    at: datetime = attrs.field(factory=utc_now, validator=aware_datetime())
    attainment: int | None = attrs.field(default=None, validator=optional(int_between(-2, 2)))
    notes: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=20_000)))
    wins: tuple[str, ...] = attrs.field(default=(), validator=each(non_blank(max_length=500)))
    next_review: date | None = attrs.field(
        default=None, validator=[optional(calendar_date()), _next_review_after]
    )
    id: str = attrs.field(factory=new_id, validator=non_blank(max_length=100))
    entered_in_error: Correction | None = correction_field()
    """Set when the review was marked wrong (the goal's revisions stay as they are)."""


def _is_the_goals_revision(
    instance: GoalRevision, attribute: attrs.Attribute[Any], value: Any
) -> None:
    if value.revision != instance.revision:
        raise ValidationError.at(
            "goal.revision", f"is {value.revision}, but this is revision {instance.revision}"
        )


@attrs.frozen(kw_only=True)
class GoalRevision:
    """One saved version of a goal: which revision, when, by whom, what kind of change.

    A store's ``history(goal_id)`` lists them; the JSON form's ``goal-revision`` document holds
    one, and a client export lists every revision of every goal.
    """

    revision: int = attrs.field(validator=positive_int())
    at: datetime = attrs.field(validator=aware_datetime())
    by: str | None = attrs.field(validator=optional(non_blank(max_length=200)))
    change: str = attrs.field(validator=non_blank(max_length=50))
    goal: Goal = attrs.field(validator=(instance_of(Goal), _is_the_goals_revision))


def _belongs_to_client(instance: ClientRecord, attribute: attrs.Attribute[Any], value: Any) -> None:
    problems = [
        Problem(f"goals[{index}].client_id", f"is {goal.client_id!r}, not {instance.client_id!r}")
        for index, goal in enumerate(value)
        if goal.client_id != instance.client_id
    ]
    if problems:
        raise ValidationError(problems)


def _refers_to_known_goal(
    instance: ClientRecord, attribute: attrs.Attribute[Any], value: Any
) -> None:
    goal_ids = {goal.id for goal in instance.goals}
    problems = [
        Problem(f"{attribute.name}[{index}].goal_id", f"{item.goal_id!r} is not one of the goals")
        for index, item in enumerate(value)
        if item.goal_id not in goal_ids
    ]
    if problems:
        raise ValidationError(problems)


@attrs.frozen(kw_only=True)
class ClientRecord:
    """Everything held about one client: goals, progress entries, reviews, step completions and
    uses of if-then plans.

    This is what exporters write and what a store's privacy export returns. Progress entries and
    reviews must refer to goals in the same record.
    """

    client_id: str = attrs.field(validator=non_blank(max_length=200))
    goals: tuple[Goal, ...] = attrs.field(
        default=(), validator=[each(instance_of(Goal)), _belongs_to_client]
    )
    progress: tuple[ProgressEntry, ...] = attrs.field(
        default=(), validator=[each(instance_of(ProgressEntry)), _refers_to_known_goal]
    )
    reviews: tuple[Review, ...] = attrs.field(
        default=(), validator=[each(instance_of(Review)), _refers_to_known_goal]
    )
    completions: tuple[StepCompletion, ...] = attrs.field(
        default=(), validator=[each(instance_of(StepCompletion)), _refers_to_known_goal]
    )
    plan_uses: tuple[PlanUse, ...] = attrs.field(
        default=(), validator=[each(instance_of(PlanUse)), _refers_to_known_goal]
    )


CROSS_FIELD_CHECKS: Final[Mapping[type[Any], tuple[tuple[str, FieldCheck], ...]]] = (
    MappingProxyType(
        {
            Administration: (("total", _total_is_the_sum),),
            ProgressEntry: (("administration", _matches_value),),
            Review: (("next_review", _next_review_after),),
            GoalRevision: (("goal", _is_the_goals_revision),),
            ClientRecord: (
                ("goals", _belongs_to_client),
                ("progress", _refers_to_known_goal),
                ("reviews", _refers_to_known_goal),
                ("completions", _refers_to_known_goal),
                ("plan_uses", _refers_to_known_goal),
            ),
        }
    )
)
"""The validators of this module that relate a field to others (see ``goal.CROSS_FIELD_CHECKS``)."""
