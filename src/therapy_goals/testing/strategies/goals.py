"""Strategies for checking: fully SMART goals, goals that break one criterion, vague goals, and
values for a template's parameters.

Part of :mod:`therapy_goals.testing.strategies`; import from there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
from hypothesis import strategies as st

from therapy_goals.contracts.templates import Parameter, ParameterType, Template
from therapy_goals.model import (
    Direction,
    Goal,
    LifecycleStatus,
    Measure,
    ParameterValue,
    Period,
    Schedule,
    Step,
)
from therapy_goals.testing.strategies.records import dates, ids, texts

__all__ = ["goals_breaking", "smart_goals", "template_values", "vague_goals"]


_SMART_ACTIVITIES = (
    ("Walk", "physical-activity", "walking"),
    ("Practise mindfulness", "anxiety", "mindfulness practice"),
    ("Write in my journal", "self-esteem", "journal writing"),
    ("Call a friend", "relationships", "friend calls"),
    ("Stretch", "physical-activity", "stretching"),
    ("Meditate", "stress", "meditation"),
    ("Read a book", "self-care", "reading"),
    ("Cook a meal", "self-care", "meals cooked"),
)
_SMART_REASONS = (
    "I have energy for my family",
    "I feel calmer at work",
    "I can enjoy time with my friends",
    "I sleep better at night",
)


@st.composite
def _smart_goals(draw: st.DrawFn, client_id: str | None) -> Goal:
    action, area, noun = draw(st.sampled_from(_SMART_ACTIVITIES))
    count = draw(st.integers(2, 6))
    minutes = draw(st.integers(5, 60))
    start = draw(dates(min_value=date(2020, 1, 1), max_value=date(2090, 1, 1)))
    reason = draw(st.sampled_from(_SMART_REASONS))
    if draw(st.booleans()):
        code = draw(st.sampled_from(["phq9", "gad7"]))
        baseline = draw(st.integers(10, 21))
        target = draw(st.integers(0, baseline - 2))
        weeks = draw(st.integers(max(4, -(-2 * (baseline - target) // 3)), 52))
        measure = Measure(
            name=f"{code.upper()} total",
            questionnaire=code,
            direction=Direction.DECREASE,
            baseline=baseline,
            target=target,
            unit="score",
        )
    else:
        weeks = draw(st.integers(2, 52))
        measure = Measure(
            name=f"{noun} per week",
            direction=Direction.INCREASE,
            baseline=draw(st.integers(0, count - 1)),
            target=count,
            unit="per week",
        )
    due = start + timedelta(weeks=weeks)
    return Goal(
        id=draw(ids()),
        client_id=client_id if client_id is not None else draw(ids()),
        statement=f"{action} for {minutes} minutes {count} times a week for the next {weeks} "
        f"weeks so that {reason}",
        area=area,
        why_it_matters=reason,
        measure=measure,
        start=start,
        due=due,
        status=LifecycleStatus.ACTIVE,
        steps=(
            Step(
                id="step-1",
                action=f"{action} for {minutes} minutes",
                minutes=minutes,
                schedule=Schedule(count=count, per=Period.WEEK),
                due=due,
            ),
        ),
        confidence=draw(st.integers(7, 10)),
        importance=draw(st.integers(5, 10)),
        created=datetime.combine(start, datetime.min.time(), tzinfo=UTC),
    )


def smart_goals(*, client_id: str | None = None) -> st.SearchStrategy[Goal]:
    """Active goals built to meet all five SMART criteria when checked on their start date.

    An action in the client's words with a frequency, duration, horizon and reason; a measure
    with baseline and target on the right side (questionnaire scores falling at a plausible
    rate); one scheduled step; confidence of 7 or more and importance of 5 or more.
    """
    return _smart_goals(client_id)


def template_values(template: Template) -> st.SearchStrategy[dict[str, ParameterValue]]:
    """Valid parameter values for ``template``: in each range or choice, meeting its constraints.

    Use it to property-test your own templates::

        @given(st.data())
        def test_my_template(data):
            values = data.draw(template_values(MY_TEMPLATE))
            MY_TEMPLATE.instantiate(client_id="c", start=date(2026, 3, 2), values=values)
    """

    def for_parameter(parameter: Parameter) -> st.SearchStrategy[ParameterValue]:
        low, high = parameter.min, parameter.max
        if parameter.type is ParameterType.BOOL:
            return st.booleans()
        if parameter.type is ParameterType.TEXT:
            return st.sampled_from(parameter.choices) if parameter.choices else texts(max_size=40)
        if parameter.type is ParameterType.INT:
            return st.integers(
                int(low) if low is not None else -1_000, int(high) if high is not None else 1_000
            )
        return st.floats(
            low if low is not None else -1e6,
            high if high is not None else 1e6,
            allow_nan=False,
            allow_infinity=False,
        )

    fields = {p.name: for_parameter(p) for p in template.parameters}
    return st.fixed_dictionaries(fields).filter(
        lambda values: all(c.holds(values) for c in template.constraints)
    )


_VAGUE_STATEMENTS = (
    "I want to be happier",
    "Feel better",
    "Work on my anxiety",
    "Be less stressed",
)


@st.composite
def _goals_breaking(draw: st.DrawFn, criterion: str) -> Goal:
    goal = draw(smart_goals())
    if criterion == "specific":
        return attrs.evolve(goal, statement=draw(st.sampled_from(_VAGUE_STATEMENTS)), steps=())
    if criterion == "measurable":
        return attrs.evolve(
            goal,
            measure=None,
            statement="Walk with my neighbour so that I have energy for my family",
        )
    if criterion == "achievable":
        return attrs.evolve(goal, confidence=draw(st.integers(0, 6)))
    if criterion == "relevant":
        return attrs.evolve(goal, importance=draw(st.integers(0, 4)))
    statement = goal.statement.split(" for the next ")[0]
    return attrs.evolve(
        goal,
        due=None,
        statement=statement,
        steps=tuple(attrs.evolve(step, due=None) for step in goal.steps),
    )


def goals_breaking(criterion: str) -> st.SearchStrategy[Goal]:
    """Goals that meet every SMART criterion but ``criterion`` (``specific``, ``measurable``,
    ``achievable``, ``relevant`` or ``time-bound``), which they clearly break."""
    known = ("specific", "measurable", "achievable", "relevant", "time-bound")
    if criterion not in known:
        raise ValueError(f"criterion must be one of {', '.join(known)}, got {criterion!r}")
    return _goals_breaking(criterion)


def vague_goals() -> st.SearchStrategy[Goal]:
    """Goals whose statement is a feeling, not something to do (they fail Specific)."""
    return goals_breaking("specific")
