"""Time-bound: the goal has a horizon, a sensible one, and its dates fit together."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from therapy_goals.contracts.rules import Advice, RuleContext, Severity, Subject
from therapy_goals.model import LifecycleStatus
from therapy_goals.smart.define import rule
from therapy_goals.smart.messages import t

_OPEN = frozenset({LifecycleStatus.ACTIVE, LifecycleStatus.ACCEPTED, LifecycleStatus.PLANNED})


@rule(
    "T101",
    "time-bound.no-horizon",
    Severity.ERROR,
    summary="The goal has no deadline or horizon",
    what="A goal with no due date whose statement names no horizon ('within 8 weeks', 'by "
    "March 1', 'this week', 'by discharge'). A routine ('every night') or a start ('starting "
    "Monday') alone is not a horizon.",
    why="A horizon sets the review date: it is when client and therapist look back, celebrate "
    "what went well and decide what comes next.",
    example="Exercise three times a week for 30 minutes",
    better="Exercise three times a week for 30 minutes for the next 8 weeks",
)
def no_horizon(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    facts = subject.facts
    if subject.goal.due is not None or facts.horizon is not None:
        return
    if facts.frequency is not None:
        message = t('"{phrase}" says how often, but not until when.', phrase=facts.frequency.phrase)
    elif facts.start is not None:
        message = t("The goal says when to start, but not when to look back.")
    else:
        message = t("The goal has no time frame yet.")
    yield Advice(
        message=message,
        suggestion=t(
            'Add a horizon for reviewing it, e.g. "for the next 8 weeks" or "by the end of the '
            'month".'
        ),
        field="due",
    )


@rule(
    "T102",
    "time-bound.past-due",
    Severity.WARNING,
    summary="An open goal is past its due date",
    what="An active, accepted or planned goal whose due date is before today.",
    why="A goal past its date needs a review: celebrate what was done, then complete it, give "
    "it a new date, or revise it.",
    example="An active goal due last month",
    better="Review it: complete it, or agree a new due date",
)
def past_due(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    goal = subject.goal
    if goal.status in _OPEN and goal.due is not None and goal.due < context.today:
        days = (context.today - goal.due).days
        yield Advice(
            message=t("This goal was due 1 day ago.")
            if days == 1
            else t("This goal was due {days} days ago.", days=days),
            suggestion=t("Time for a review: mark it complete, or agree a new due date."),
            field="due",
        )


@rule(
    "T103",
    "time-bound.long-horizon",
    Severity.WARNING,
    summary="A horizon beyond a year with no shorter objective",
    what="A goal due more than `max_days` (default 365) after it starts, with no short-term "
    "objective (a goal whose parent is this one) among the client's goals.",
    why="Distant deadlines feel unreal today. Short-term objectives on the way give regular "
    "chances to see progress and adjust.",
    example="Feel confident speaking in meetings within 2 years",
    better="Speak once in each weekly team meeting for the next 8 weeks (an objective of the "
    "2-year goal)",
    options={"max_days": 365},
)
def long_horizon(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    goal = subject.goal
    if goal.due is None or (goal.due - goal.start).days <= options["max_days"]:
        return
    if not any(other.parent_id == goal.id for other in context.other_goals):
        yield Advice(
            message=t(
                "The goal is due in {months:.0f} months, with no shorter objective on the way.",
                months=(goal.due - goal.start).days / 30.4,
            ),
            suggestion=t(
                "Add a short-term objective for the next 4-12 weeks as a goal whose parent is "
                "this one."
            ),
            field="due",
        )


@rule(
    "T104",
    "time-bound.step-before-start",
    Severity.WARNING,
    summary="A step is due before the goal starts",
    what="A step whose due date is before the goal's start date. (A step due after the goal is "
    "already refused when the goal is built.)",
    why="Dates that do not fit together usually mean a typing slip, and they make reminders "
    "and reviews fire at the wrong time.",
    example="A goal starting on 2 March with a step due on 1 February",
    better="The step due on or after 2 March",
)
def step_before_start(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    goal = subject.goal
    for index, step in enumerate(goal.steps):
        if step.due is not None and step.due < goal.start:
            yield Advice(
                message=t(
                    "This step is due on {due}, before the goal starts ({start}).",
                    due=step.due.isoformat(),
                    start=goal.start.isoformat(),
                ),
                suggestion=t("Move the step's due date on or after the goal's start."),
                field=f"steps[{index}].due",
            )


@rule(
    "T105",
    "time-bound.too-soon-for-questionnaire",
    Severity.WARNING,
    summary="Too little time for a questionnaire score to show change",
    what="A PHQ-9 or GAD-7 goal due less than `min_days` (default 14) after it starts.",
    why="The PHQ-9 and GAD-7 ask about the last two weeks, so a score cannot show a change "
    "made in less than that.",
    example="Bring my GAD-7 score from 12 to 10 within 1 week",
    better="Bring my GAD-7 score from 12 to 10 within 4 weeks",
    options={"min_days": 14},
)
def too_soon_for_questionnaire(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    goal, measure = subject.goal, subject.goal.measure
    if measure is None or measure.questionnaire is None or goal.due is None:
        return
    questionnaire = context.questionnaires.get(measure.questionnaire)
    if questionnaire is None:
        return
    days = (goal.due - goal.start).days
    if days < max(options["min_days"], questionnaire.recall_days):
        looks_back = (
            t("the last two weeks")
            if questionnaire.recall_days == 14
            else t("the last {days} days", days=questionnaire.recall_days)
        )
        yield Advice(
            message=t(
                "The {name} asks about {looks_back}, but the goal is due in {days} days.",
                name=questionnaire.name,
                looks_back=looks_back,
                days=days,
            ),
            suggestion=t("Allow at least two weeks, ideally four or more."),
            field="due",
        )


RULES = (no_horizon, past_due, long_horizon, step_before_start, too_soon_for_questionnaire)
