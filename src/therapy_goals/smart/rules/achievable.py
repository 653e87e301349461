"""Achievable: the plan fits in a life, leaves room for bad days, and is in the client's hands."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from therapy_goals.contracts.rules import Advice, RuleContext, Severity, Subject
from therapy_goals.model import LifecycleStatus
from therapy_goals.smart.define import rule
from therapy_goals.smart.messages import t


def planned_weekly_minutes(subject: Subject) -> float | None:
    """Minutes a week the goal's steps plan, or the statement's when the goal has no timed steps."""
    from_steps = [m for step in subject.goal.steps if (m := step.weekly_minutes) is not None]
    if from_steps:
        return sum(from_steps)
    return subject.facts.weekly_minutes


@rule(
    "A101",
    "achievable.time-load",
    Severity.WARNING,
    summary="The plan takes more time each week than most lives have",
    what="Steps (or a statement) that add up to more than `max_weekly_minutes` a week "
    "(default 600, 10 hours).",
    why="An ambitious plan that cannot fit around work, family and rest fails in the first "
    "week and leaves the client feeling worse. Starting small and growing works better.",
    example="Exercise for five hours a day",
    better="Exercise for 30 minutes on 4 days a week for the next 8 weeks",
    options={"max_weekly_minutes": 600},
)
def time_load(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    minutes = planned_weekly_minutes(subject)
    if minutes is not None and minutes > options["max_weekly_minutes"]:
        yield Advice(
            message=t("This plan takes about {hours:.1f} hours a week.", hours=minutes / 60),
            suggestion=t(
                "Start with an amount you are sure you can manage on a hard week, and build up "
                "from there."
            ),
            field="steps" if subject.goal.steps else "statement",
        )


@rule(
    "A102",
    "achievable.perfectionist-target",
    Severity.WARNING,
    summary="The target leaves no room for a bad day",
    what="Absolute or perfectionist wording ('never', 'always', 'zero panic attacks', '100%', "
    "'completely') outside abstinence goals.",
    why="All-or-nothing targets turn one slip into failure. Setbacks are a normal part of "
    "change; a target with some slack keeps motivation through them.",
    example="Have zero panic attacks",
    better="Use my breathing exercise during at least 3 out of 4 panic attacks over the next 6 "
    "weeks",
)
def perfectionist_target(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    words = subject.facts.absolute_words
    if words:
        yield Advice(
            message=t('"{word}" leaves no room for a bad day.', word=words[0]),
            suggestion=t(
                'Aim for "most days" or a number, e.g. "5 out of 7 days" instead of "every day", '
                "so one slip does not undo the goal."
            ),
            field="statement",
        )


@rule(
    "A103",
    "achievable.steep-change",
    Severity.WARNING,
    summary="A questionnaire score should change faster than is usual",
    what="A questionnaire measure whose target means a change of more than "
    "`max_points_per_week` points a week (default 1.5) between start and due date.",
    why="Scores on scales such as the PHQ-9 and GAD-7 usually improve by a few points a month "
    "in treatment. A target that needs much faster change sets the client up to feel behind.",
    example="Reduce my PHQ-9 score from 20 to 5 within 4 weeks",
    better="Reduce my PHQ-9 score from 20 to under 10 within 12 weeks",
    options={"max_points_per_week": 1.5},
)
def steep_change(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    goal, measure = subject.goal, subject.goal.measure
    if measure is None or measure.questionnaire is None or goal.due is None:
        return
    if measure.baseline is None or measure.target is None:
        return
    weeks = max((goal.due - goal.start).days / 7, 1 / 7)
    change = abs(measure.target - measure.baseline)
    rate = change / weeks
    if rate > options["max_points_per_week"]:
        weeks_needed = change / options["max_points_per_week"]
        yield Advice(
            message=t("That is a change of about {rate:.1f} points a week.", rate=rate),
            suggestion=t(
                "Give it more time (about {weeks:.0f} weeks) or set a nearer target first.",
                weeks=weeks_needed,
            ),
            field="measure.target",
        )


@rule(
    "A104",
    "achievable.low-confidence",
    Severity.WARNING,
    summary="The client is not yet confident they can do it",
    what="A confidence rating below `min_confidence` (default 7 out of 10).",
    why="In motivational interviewing, a confidence below 7 suggests the step is too big for "
    "now. Making it smaller until confidence reaches 7 or more predicts follow-through.",
    example="A goal with confidence 4/10",
    better="The same goal with a smaller first step, rated 8/10",
    options={"min_confidence": 7},
)
def low_confidence(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    confidence = subject.goal.confidence
    if confidence is not None and confidence < options["min_confidence"]:
        yield Advice(
            message=t("Confidence is {confidence} out of 10.", confidence=confidence),
            suggestion=t(
                "Ask what would move it up a point or two, and make the goal smaller until it "
                "feels like a 7 or more."
            ),
            field="confidence",
        )


@rule(
    "A105",
    "achievable.too-many-goals",
    Severity.WARNING,
    summary="The client has many active goals at once",
    what="More than `max_active_goals` (default 3) active goals for the same client, this one "
    "included. Objectives (goals with a parent) are steps of their goal and are not counted, nor "
    "is an objective checked.",
    why="Attention and energy are limited, especially in low mood or high anxiety. A few goals "
    "pursued well do more than many started at once.",
    example="A fourth active goal for a client who already has three",
    better="Put one goal on hold, or make this one a step of an existing goal",
    options={"max_active_goals": 3},
)
def too_many_goals(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    goal = subject.goal
    if goal.status is not LifecycleStatus.ACTIVE or goal.parent_id is not None:
        return
    others = {
        other.id
        for other in context.other_goals
        if other.client_id == goal.client_id
        and other.id != goal.id
        and other.parent_id is None
        and other.status is LifecycleStatus.ACTIVE
    }
    if len(others) + 1 > options["max_active_goals"]:
        yield Advice(
            message=t("This is one of {count} active goals.", count=len(others) + 1),
            suggestion=t("Choose the few that matter most now and put the others on hold."),
            field="status",
        )


@rule(
    "A106",
    "achievable.long-session",
    Severity.WARNING,
    summary="One session of a step is very long",
    what="A step (or a statement) whose single session is longer than `max_session_minutes` "
    "(default 180).",
    why="Very long sessions are hard to fit into a day and easy to put off. Shorter, more "
    "frequent practice is easier to keep up.",
    example="Study for 5 hours every Saturday",
    better="Study for 90 minutes on Saturday and Sunday mornings for the next 6 weeks",
    options={"max_session_minutes": 180},
)
def long_session(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    limit = options["max_session_minutes"]
    for index, step in enumerate(subject.goal.steps):
        if step.minutes is not None and step.minutes > limit:
            yield Advice(
                message=t(
                    "One session of this step takes {minutes} minutes.", minutes=step.minutes
                ),
                suggestion=t("Split it into shorter sessions on more days."),
                field=f"steps[{index}].minutes",
            )


@rule(
    "A107",
    "achievable.depends-on-others",
    Severity.WARNING,
    summary="The goal depends on someone else changing",
    what="A statement about what another person will do ('my partner will listen', 'make my "
    "boss understand').",
    why="Other people's behaviour is outside the client's control, so the goal can fail "
    "whatever they do. A goal about the client's own part keeps the power with them.",
    example="My partner will stop criticising me",
    better="Tell my partner calmly how I feel, using an 'I feel' sentence, once a week for 6 weeks",
)
def depends_on_others(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    if subject.facts.other_person is not None:
        yield Advice(
            message=t("This goal depends on what someone else does."),
            suggestion=t(
                "Focus on your part, e.g. \"Ask for what I need once a week using an 'I feel' "
                'sentence".'
            ),
            field="statement",
        )


SETBACK_AREAS = ("anxiety", "depression", "substance-use", "sleep")
"""Areas where setbacks are the rule rather than the exception: panic comes back, low days come,
a craving hits, a night goes badly. A108 asks their active goals for an if-then plan."""


@rule(
    "A108",
    "achievable.no-if-then-plan",
    Severity.INFO,
    summary="An active goal in an area known for setbacks has no if-then plan",
    what="An active goal whose area is anxiety, depression, substance-use or sleep and that has "
    "no if-then plan ('if <situation>, then I will <response>') for the moment a setback is "
    "likely.",
    why="Setbacks are expected in these areas. Deciding in advance what to do when the obstacle "
    "shows up (an implementation intention) has medium-to-large effects on reaching goals "
    "(Gollwitzer & Sheeran 2006), and naming the obstacle first helps more (Oettingen's WOOP). "
    "It is a tip: many good goals start without one.",
    example="An active anxiety goal with steps and no plans",
    better="The same goal with the plan 'If my heart starts racing, then I will do 4-7-8 "
    "breathing for two minutes'",
)
def no_if_then_plan(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    goal = subject.goal
    if goal.status is LifecycleStatus.ACTIVE and goal.area in SETBACK_AREAS and not goal.plans:
        yield Advice(
            message=t("This goal has no plan for the moment a setback comes."),
            suggestion=t(
                'Name the likeliest obstacle and what you will do then, e.g. "If I wake at 3 '
                'am and cannot sleep, then I will get up and read for 20 minutes".'
            ),
            field="plans",
        )


RULES = (
    time_load,
    perfectionist_target,
    steep_change,
    low_confidence,
    too_many_goals,
    long_session,
    depends_on_others,
    no_if_then_plan,
)
