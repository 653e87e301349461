"""Hard invariants: an invalid goal, step, measure, entry or review cannot be constructed.

Each case builds an object that breaks exactly one rule and checks that the library's own error is
raised at the right path, with a message that says what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import (
    AchievementStatus,
    ClientRecord,
    Direction,
    Goal,
    LifecycleStatus,
    Measure,
    Period,
    ProgressEntry,
    Review,
    ReviewDecision,
    Schedule,
    Step,
    TemplateRef,
    TherapyGoalsError,
    ValidationError,
)
from therapy_goals.model import checks
from therapy_goals.testing import strategies as tgst

START = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def goal(**changes: Any) -> Goal:
    fields: dict[str, Any] = {
        "id": "g1",
        "client_id": "c1",
        "statement": "Walk for 20 minutes after lunch on weekdays",
        "start": START,
        "due": START + timedelta(weeks=8),
        "created": NOW,
    }
    fields.update(changes)
    return Goal(**fields)


def error_from(make: Callable[[], object]) -> ValidationError:
    """The ValidationError that ``make()`` raises (failing the test if it raises nothing)."""
    with pytest.raises(ValidationError) as info:
        make()
    return info.value


def assert_problem(error: ValidationError, path: str, *fragments: str) -> None:
    assert error.problems[0].path == path, error.problems
    for fragment in fragments:
        assert fragment in str(error), (fragment, str(error))


def test_a_valid_goal_keeps_what_it_was_given() -> None:
    made = goal(confidence=7, tags=("sleep",))
    assert made.statement == "Walk for 20 minutes after lunch on weekdays"
    assert made.status is LifecycleStatus.PROPOSED
    assert made.revision == 1
    assert made.updated == made.created == NOW
    assert made.tags == ("sleep",)


def test_goal_is_frozen_and_slotted() -> None:
    made = goal()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.statement = "changed"  # type: ignore[misc]
    assert not hasattr(made, "__dict__")


@pytest.mark.parametrize(
    ("changes", "path", "fragment"),
    [
        ({"statement": "   "}, "statement", "must not be blank"),
        ({"statement": 42}, "statement", "must be text"),
        ({"client_id": ""}, "client_id", "must not be blank"),
        ({"due": START - timedelta(days=1)}, "due", "is before start"),
        ({"start": datetime(2026, 3, 2, tzinfo=UTC)}, "start", "must be a date"),
        ({"confidence": 11}, "confidence", "between 0 and 10"),
        ({"importance": -1}, "importance", "between 0 and 10"),
        ({"confidence": True}, "confidence", "whole number"),
        ({"created": datetime(2026, 3, 2, 9, 0)}, "created", "time zone"),
        ({"updated": NOW - timedelta(seconds=1)}, "updated", "before created"),
        ({"revision": 0}, "revision", "must be > 0"),
        ({"area": "Social Anxiety"}, "area", "lower-case code"),
        ({"status": "active"}, "status", "LifecycleStatus"),
        ({"parent_id": "g1"}, "parent_id", "its own parent"),
        ({"tags": ["a"]}, "tags", "must be a tuple"),
        ({"tags": ("calm", "calm")}, "tags[1]", "appears twice"),
        ({"tags": ("calm", " ")}, "tags[1]", "must not be blank"),
        ({"steps": (Step(action="x"), "walk")}, "steps[1]", "must be a Step"),
        ({"measure": {"name": "x"}}, "measure", "must be a Measure"),
    ],
)
def test_goal_rejects_a_broken_invariant(changes: dict[str, Any], path: str, fragment: str) -> None:
    assert_problem(error_from(lambda: goal(**changes)), path, fragment)


def test_a_step_due_after_its_goal_names_the_step() -> None:
    late = Step(id="s2", action="Join a walking group", due=START + timedelta(weeks=9))
    error = error_from(lambda: goal(steps=(Step(id="s1", action="Buy shoes"), late)))
    assert_problem(error, "steps[1].due", "after the goal's due date", "move the step earlier")


def test_step_ids_are_unique_within_a_goal() -> None:
    error = error_from(lambda: goal(steps=(Step(id="s", action="a"), Step(id="s", action="b"))))
    assert_problem(error, "steps[1].id", "used by another step")


@pytest.mark.parametrize(
    ("make", "path", "fragment"),
    [
        (lambda: Schedule(count=0, per=Period.WEEK), "count", "must be > 0"),
        (lambda: Schedule(count=-3, per=Period.DAY), "count", "must be > 0"),
        (lambda: Schedule(count=2, per="week"), "per", "Period"),
        (lambda: Step(action="Walk", minutes=0), "minutes", "must be > 0"),
        (lambda: Step(action=""), "action", "blank"),
        (
            lambda: Measure(name="GAD-7", direction=Direction.DECREASE, baseline=8, target=8),
            "target",
            "equals the baseline",
        ),
        (
            lambda: Measure(name="steps", direction=Direction.INCREASE, baseline=2.5, target=2.5),
            "target",
            "use direction 'maintain'",
        ),
        (
            lambda: Measure(name="mood", direction=Direction.REACH, baseline=float("nan")),
            "baseline",
            "finite",
        ),
        (
            lambda: Measure(name="mood", direction=Direction.REACH, questionnaire="PHQ 9"),
            "questionnaire",
            "lower-case code",
        ),
        (lambda: ProgressEntry(goal_id="g", value=3, at=datetime(2026, 1, 1)), "at", "time zone"),
        (lambda: ProgressEntry(goal_id="g", value="3"), "value", "must be a number"),
        (
            lambda: Review(
                goal_id="g",
                achievement=AchievementStatus.IMPROVING,
                decision=ReviewDecision.CONTINUE,
                attainment=3,
            ),
            "attainment",
            "-2 and 2",
        ),
        (
            lambda: Review(
                goal_id="g",
                achievement=AchievementStatus.IMPROVING,
                decision=ReviewDecision.CONTINUE,
                at=NOW,
                next_review=date(2026, 3, 1),
            ),
            "next_review",
            "before this review",
        ),
        (
            lambda: TemplateRef(id="anxiety.gad7", parameters={"weeks": float("inf")}),
            "parameters.weeks",
            "finite",
        ),
        (
            lambda: TemplateRef(id="anxiety.gad7", parameters={"not valid": 1}),
            "parameters",
            "not a valid parameter name",
        ),
    ],
)
def test_parts_reject_a_broken_invariant(make: Any, path: str, fragment: str) -> None:
    assert_problem(error_from(make), path, fragment)


def test_maintain_and_reach_measures_may_start_at_their_target() -> None:
    assert Measure(name="sleep", direction=Direction.MAINTAIN, baseline=7, target=7).target == 7
    assert Measure(name="sleep", direction=Direction.REACH, baseline=7, target=7).target == 7


def test_weekly_minutes_follow_the_schedule() -> None:
    daily = Step(action="Stretch", minutes=10, schedule=Schedule(count=2, per=Period.DAY))
    monthly = Step(action="Long walk", minutes=60, schedule=Schedule(count=4, per=Period.MONTH))
    assert daily.weekly_minutes == 140
    assert monthly.weekly_minutes == pytest.approx(4 * 60 * 12 / 52)
    assert Step(action="Call a friend", minutes=20).weekly_minutes is None


def test_template_parameters_cannot_be_changed_through_the_goal() -> None:
    given_parameters = {"weeks": 12}
    ref = TemplateRef(id="anxiety.gad7", parameters=given_parameters)
    given_parameters["weeks"] = 99
    assert ref.parameters["weeks"] == 12
    with pytest.raises(TypeError):
        ref.parameters["weeks"] = 1  # type: ignore[index]
    assert hash(ref) == hash(TemplateRef(id="anxiety.gad7", parameters={"weeks": 12}))


def test_client_record_entries_must_refer_to_its_goals() -> None:
    own = goal()
    stray = ProgressEntry(goal_id="other", value=1)
    error = error_from(lambda: ClientRecord(client_id="c1", goals=(own,), progress=(stray,)))
    assert_problem(error, "progress[0].goal_id", "not one of the goals")
    error = error_from(lambda: ClientRecord(client_id="someone-else", goals=(own,)))
    assert_problem(error, "goals[0].client_id", "not 'someone-else'")


def test_every_error_is_a_library_error_and_a_value_error() -> None:
    with pytest.raises(TherapyGoalsError) as info:
        goal(confidence=12)
    assert isinstance(info.value, ValueError)


@given(tgst.goals())
def test_evolve_reruns_the_checks(made: Goal) -> None:
    """A changed copy is checked like a new goal, so an invalid goal cannot be made by evolving."""
    with pytest.raises(ValidationError) as info:
        attrs.evolve(made, due=made.start - timedelta(days=1))
    assert info.value.paths == ("due",)


@given(st.integers(-50, 50))
def test_confidence_is_accepted_exactly_from_0_to_10(value: int) -> None:
    if 0 <= value <= 10:
        assert goal(confidence=value).confidence == value
    else:
        assert_problem(error_from(lambda: goal(confidence=value)), "confidence", str(value))


def test_messages_do_not_echo_free_text() -> None:
    """A wrong-typed private value is described by its type, never quoted, in the message."""
    with pytest.raises(ValidationError) as info:
        Step(action="x", minutes="I panic when I think about work")  # type: ignore[arg-type]
    assert "panic" not in str(info.value)


# --- each check's quick test for a good value agrees with its full explanation ------------------

_CHECKS = [
    checks.non_blank(max_length=5),
    checks.slug(),
    checks.int_between(0, 10),
    checks.positive_int(),
    checks.finite_number(),
    checks.aware_datetime(),
    checks.calendar_date(),
    checks.instance_of(LifecycleStatus),
    checks.optional(checks.int_between(0, 10)),
    checks.optional(checks.non_blank()),
]
_ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-20, 20),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["", " ", "\t", "self-care", "Self care", "abcdef", "ok"]),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(UTC)),
    st.sampled_from(list(LifecycleStatus)),
)


@pytest.mark.parametrize("check", _CHECKS, ids=repr)
@given(value=_ANY_VALUE)
def test_a_check_raises_exactly_when_it_has_a_problem_to_report(
    check: checks.Check, value: object
) -> None:
    attribute = attrs.fields(Goal).statement
    problem = check.problem(value)
    if problem is None:
        check(None, attribute, value)
    else:
        with pytest.raises(ValidationError) as raised:
            check(None, attribute, value)
        assert raised.value.problems[0].message == problem
