"""Drafting a goal from a plain statement, so that a sentence is checked by the same rules as a
structured goal.

>>> from datetime import date
>>> goal = parse_goal(
...     "Go to bed by 10 PM every night for the next four weeks", today=date(2026, 3, 2)
... )
>>> goal.due, goal.steps[0].schedule.per_week, goal.measure.name
(datetime.date(2026, 3, 30), 7.0, 'times per day')
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

from therapy_goals.contracts.statements import StatementFacts
from therapy_goals.model import Direction, Goal, IfThenPlan, Measure, Schedule, Step
from therapy_goals.smart import vocabulary as vocab
from therapy_goals.smart.plans import split_plans
from therapy_goals.smart.text import read_statement

__all__ = ["parse_goal"]


def _draft_measure(facts: StatementFacts) -> Measure | None:
    direction = facts.change_direction
    if facts.score is not None:
        score = facts.score
        name = f"{vocab.QUESTIONNAIRES[score.questionnaire]} total"
        chosen = direction or Direction.DECREASE
        return _measure(name, "score", score.questionnaire, chosen, score.baseline, score.target)
    if facts.change_from is not None and facts.change_to is not None:
        chosen = Direction.DECREASE if facts.change_to < facts.change_from else Direction.INCREASE
        return _measure(
            "amount", None, None, direction or chosen, facts.change_from, facts.change_to
        )
    if facts.frequency is not None:
        frequency = facts.frequency
        if frequency.window_days:
            unit = f"days out of {frequency.window_days}"
            return _measure("days done", unit, None, Direction.REACH, None, frequency.count)
        per = frequency.per.value
        return _measure(
            f"times per {per}", f"per {per}", None, Direction.REACH, None, frequency.count
        )
    if facts.quantity is not None:
        quantity = facts.quantity
        chosen = Direction.DECREASE if quantity.is_limit else (direction or Direction.REACH)
        per = quantity.per.value if quantity.per else "occasion"
        return _measure(
            f"{quantity.unit} per {per}", quantity.unit, None, chosen, None, quantity.value
        )
    if facts.time_of_day is not None:
        hours = facts.time_of_day.hour + facts.time_of_day.minute / 60
        return _measure("time of day", "hour (24h)", None, Direction.REACH, None, hours)
    if facts.duration_minutes is not None:
        return _measure("minutes", "minutes", None, Direction.REACH, None, facts.duration_minutes)
    if facts.numbers and direction is not None:
        return _measure("amount", None, None, direction, None, facts.numbers[0])
    return None


def _measure(
    name: str,
    unit: str | None,
    questionnaire: str | None,
    direction: Direction,
    baseline: float | None,
    target: float | None,
) -> Measure:
    moving = direction in (Direction.DECREASE, Direction.INCREASE)
    if moving and target is not None and target == baseline:
        direction = Direction.MAINTAIN
    return Measure(
        name=name,
        unit=unit,
        questionnaire=questionnaire,
        direction=direction,
        baseline=baseline,
        target=target,
    )


def _draft_steps(facts: StatementFacts, text: str, due: date | None) -> tuple[Step, ...]:
    schedule: Schedule | None = None
    if facts.frequency is not None:
        schedule = Schedule(count=facts.frequency.count, per=facts.frequency.per)
    elif facts.quantity is not None and facts.quantity.per is not None and facts.duration_is_load:
        schedule = Schedule(count=1, per=facts.quantity.per)
    minutes = facts.duration_minutes if facts.duration_is_load else None
    if schedule is None and minutes is None:
        return ()
    return (Step(id="step-1", action=text.strip()[:500], schedule=schedule, minutes=minutes),)


def _without_plans(text: str, facts: StatementFacts) -> str:
    """The statement without its if-then plans (the words of the goal's own step), or the whole
    statement when it is a plan alone."""
    if not facts.plans:
        return text
    rest, _ = split_plans(text)
    return rest if rest.strip() else text


def parse_goal(
    text: str,
    *,
    today: date | None = None,
    client_id: str = "draft",
    goal_id: str | None = None,
    facts: StatementFacts | None = None,
    language: str | None = None,
) -> Goal:
    """A draft goal from a plain statement: what the text says, in the structured fields.

    The draft starts ``today`` (or on a start point the text names), is due on the horizon's date,
    measures the score, frequency, amount or time the text names, and has one step when the text
    says how often or how long. If-then plans in the text ("if it rains, I will walk in the
    mall") become its ``plans``, not a second aim. Its id is derived from the text, so parsing
    is deterministic.
    ``facts`` are the statement's facts if already read (by another language's reader, say);
    ``language`` is the tag of the language it was read in, which the draft records.
    Raises :class:`~therapy_goals.errors.ValidationError` for blank text.
    """
    day = today or date.today()
    facts = facts if facts is not None else read_statement(text, day)
    start = facts.start or day
    due = facts.horizon.due if facts.horizon else None
    if due is not None and due < start:
        due = start
    return Goal(
        id=goal_id or f"draft-{uuid.uuid5(uuid.NAMESPACE_URL, text).hex[:16]}",
        client_id=client_id,
        statement=text.strip()[:2000] if text.strip() else text,
        start=start,
        due=due,
        area=facts.area,
        why_it_matters=facts.reason[:2000] if facts.reason else None,
        measure=_draft_measure(facts),
        steps=_draft_steps(facts, _without_plans(text, facts), due),
        plans=tuple(
            IfThenPlan(
                id=f"plan-{number}",
                situation=plan.situation[:500],
                response=plan.response[:500],
            )
            for number, plan in enumerate(facts.plans, start=1)
        ),
        language=language,
        created=datetime.combine(day, time(0, 0), tzinfo=UTC),
    )
