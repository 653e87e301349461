"""Measurable: the goal says how progress will be counted, from where, to where."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from therapy_goals.contracts.rules import Advice, RuleContext, Severity, Subject
from therapy_goals.model import Direction
from therapy_goals.smart import vocabulary as vocab
from therapy_goals.smart.define import rule
from therapy_goals.smart.messages import t


def _change_without_number(subject: Subject) -> bool:
    facts, measure = subject.facts, subject.goal.measure
    has_target = measure is not None and measure.has_target
    return facts.change_direction is not None and not facts.has_quantity and not has_target


_KEPT_FOR = ("stay", "keep", "remain", "go", "be", "reach")
_ONE_EVENT = re.compile(r"\bnext\b")
_SAME_DAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b")


def _counted_otherwise(subject: Subject) -> bool:
    """A one-off action (done or not), or a period kept ("stay sober for 30 days")."""
    facts = subject.facts
    if facts.vague_phrases or facts.comparatives:
        return False
    if facts.completion is not None:
        return True
    horizon = facts.horizon
    if horizon is None:
        return False
    if facts.action_verbs and _SAME_DAY.search(horizon.phrase):
        return True  # "take my medication this evening": done that day, or not
    if facts.action_verbs and facts.frequency is None and _ONE_EVENT.search(horizon.phrase):
        return True  # "talk to my GP about my sleep at my next appointment": done then, or not
    if facts.is_abstinence or re.search(r"\bwithout\b", facts.normalised):
        return True  # a period kept: "stay clean until my birthday", "a day without a fight"
    if horizon.due is None:
        return False
    kept = facts.is_abstinence or any(verb in _KEPT_FOR for verb in facts.action_verbs)
    return kept and re.match(r"(?:for|over)\b|\d", horizon.phrase) is not None


@rule(
    "M101",
    "measurable.no-measure",
    Severity.ERROR,
    summary="Nothing tells whether the goal is being reached",
    what="A goal with no measure, whose statement has no number, frequency, time of day or "
    "score either. An action done once ('book a dentist appointment', 'sign up for a class', "
    "'the client will make a sandwich') is measured by being done, and a period kept ('stay "
    "smoke-free for three months') by its length: neither triggers it.",
    why="Without something to count, client and therapist cannot see progress, and small wins "
    "go unnoticed. A measure can be simple: times a week, minutes, a 0-10 rating, a score.",
    example="Go to the gym regularly",
    better="Go to the gym for 45 minutes on 3 days a week for the next 8 weeks",
)
def no_measure(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    unmeasured = subject.goal.measure is None and not subject.facts.has_quantity
    if unmeasured and not _change_without_number(subject) and not _counted_otherwise(subject):
        yield Advice(
            message=t("Nothing yet says how you will know you are getting there."),
            suggestion=t(
                "Add something to count: how often (3 times a week), how long (20 minutes), a "
                "time (by 10 pm) or a score (GAD-7 under 8)."
            ),
            field="measure",
        )


@rule(
    "M102",
    "measurable.no-target",
    Severity.WARNING,
    summary="The measure has no target",
    what="A measure without a target value.",
    why="A measure says what to count; the target says when the goal is reached. Without it, "
    "progress can be tracked but never completed or celebrated.",
    example="Track my GAD-7 score",
    better="Bring my GAD-7 score from 15 to under 8 within 12 weeks",
)
def no_target(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    measure = subject.goal.measure
    score = subject.facts.score if subject.from_text else None
    relative = score is not None and score.change is not None  # "by 5 points"
    if measure is not None and not measure.has_target and not relative:
        yield Advice(
            message=t('The measure "{name}" has no target yet.', name=measure.name),
            suggestion=t(
                "Agree the value that would mean the goal is reached, e.g. a score under 8 or 3 "
                "times a week."
            ),
            field="measure.target",
        )


@rule(
    "M103",
    "measurable.no-baseline",
    Severity.INFO,
    summary="The measure has no starting point",
    what="A measure that should go up or down but has no baseline.",
    why="Knowing where the client starts turns progress into something visible: 'from 5 panic "
    "attacks a week to 2' shows every step along the way.",
    example="Reduce my panic attacks to 1 a week within 8 weeks",
    better="Reduce my panic attacks from 5 a week to 1 a week within 8 weeks",
)
def no_baseline(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    measure = subject.goal.measure
    moving = measure is not None and measure.direction in (Direction.DECREASE, Direction.INCREASE)
    if measure is not None and moving and measure.baseline is None and measure.target is not None:
        yield Advice(
            message=t('The measure "{name}" has no starting point.', name=measure.name),
            suggestion=t("Record where things are now, e.g. count for one week before starting."),
            field="measure.baseline",
        )


@rule(
    "M104",
    "measurable.target-wrong-side",
    Severity.ERROR,
    summary="The target is on the wrong side of the baseline",
    what="A measure to decrease whose target is above its baseline, or to increase whose target "
    "is below it.",
    why="A target on the wrong side means the goal is reached by getting worse; usually the "
    "direction or the numbers were swapped by mistake.",
    example="Reduce my GAD-7 score from 10 to 15 within 8 weeks",
    better="Reduce my GAD-7 score from 15 to 10 within 8 weeks",
)
def target_wrong_side(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    measure = subject.goal.measure
    if measure is None or measure.baseline is None or measure.target is None:
        return
    wrong = (measure.direction is Direction.DECREASE and measure.target > measure.baseline) or (
        measure.direction is Direction.INCREASE and measure.target < measure.baseline
    )
    if wrong:
        yield Advice(
            message=t(
                'The goal is to {direction} "{name}", but the target ({target:g}) is on the '
                "other side of the start ({baseline:g}).",
                direction=t(measure.direction.value),
                name=measure.name,
                target=measure.target,
                baseline=measure.baseline,
            ),
            suggestion=t("Check the numbers, or change the direction if that is what you meant."),
            field="measure.target",
        )


@rule(
    "M105",
    "measurable.change-without-number",
    Severity.WARNING,
    summary="A change ('reduce', 'increase') with no number",
    what="A statement that asks for more or less of something ('reduce my anxiety', 'exercise "
    "more') without saying how much, and no measure target.",
    why="'More' and 'less' have no finish line: any change, or none, can count. A number makes "
    "the goal something both client and therapist can check.",
    example="Reduce my anxiety",
    better="Reduce my GAD-7 score from 15 to under 8 within 12 weeks",
)
def change_without_number(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    if _change_without_number(subject):
        yield Advice(
            message=t("The goal asks for more or less of something but not how much."),
            suggestion=t(
                'Say how much, e.g. "from 5 times a week to 2" or "a GAD-7 score under 8".'
            ),
            field="statement",
        )


@rule(
    "M106",
    "measurable.number-not-tracked",
    Severity.INFO,
    summary="The statement has a number the goal does not track",
    what="A structured goal with no measure whose statement names a number, frequency, time or "
    "score.",
    why="The statement already says what success looks like; recording it as the measure lets "
    "the app chart progress and spot wins.",
    example="A goal 'Walk 3 times a week' with no measure",
    better="The same goal with a measure: walks per week, target 3",
)
def number_not_tracked(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    if not subject.from_text and subject.goal.measure is None and subject.facts.has_quantity:
        yield Advice(
            message=t("The statement has a number, but the goal does not track it yet."),
            suggestion=t(
                "Add a measure with that number as its target so progress can be charted."
            ),
            field="measure",
        )


@rule(
    "M107",
    "measurable.score-out-of-range",
    Severity.ERROR,
    summary="A questionnaire score outside the questionnaire's range",
    what="A questionnaire measure (e.g. PHQ-9, 0-27) whose baseline or target is outside the "
    "scores the questionnaire can give.",
    why="A score no one can reach cannot be a target; it is usually a typing slip or the wrong "
    "questionnaire.",
    example="Reduce my PHQ-9 score from 30 to 10 within 12 weeks",
    better="Reduce my PHQ-9 score from 18 to under 10 within 12 weeks",
)
def score_out_of_range(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    measure = subject.goal.measure
    code = measure.questionnaire if measure is not None else None
    if measure is None or code is None:
        return
    registered = context.questionnaires.get(code)
    if registered is not None:
        name, low, high = registered.name, registered.total_min, registered.total_max
    elif code in vocab.SCALES:
        name, low, high, _ = vocab.SCALES[code]
    else:
        return
    for field, value in (("baseline", measure.baseline), ("target", measure.target)):
        if value is not None and not low <= value <= high:
            yield Advice(
                message=t(
                    "A {name} score of {value:g} is outside its range ({low}-{high}).",
                    name=name,
                    value=value,
                    low=low,
                    high=high,
                ),
                suggestion=t(
                    "Check the {field}: {name} totals run from {low} to {high}.",
                    field=t(field),
                    name=name,
                    low=low,
                    high=high,
                ),
                field=f"measure.{field}",
            )


RULES = (
    no_measure,
    no_target,
    no_baseline,
    target_wrong_side,
    change_without_number,
    number_not_tracked,
    score_out_of_range,
)
