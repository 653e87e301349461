"""A therapy goal and the parts it is made of: its measure, its action steps, where it came from.

Every class is frozen and slotted: a goal never changes in place. Make a changed copy with
:func:`attrs.evolve` (or :func:`change_status` for the lifecycle), which runs the same checks again,
so an invalid goal cannot exist.

>>> from datetime import date
>>> goal = Goal(
...     client_id="c-17",
...     statement="Practise mindfulness to bring my GAD-7 score under 8",
...     area="anxiety",
...     start=date(2026, 3, 2),
...     due=date(2026, 5, 25),
...     measure=Measure(
...         name="GAD-7 total",
...         questionnaire="gad7",
...         direction=Direction.DECREASE,
...         baseline=15,
...         target=7,
...     ),
...     steps=(
...         Step(
...             action="Mindfulness practice",
...             minutes=10,
...             schedule=Schedule(count=3, per=Period.WEEK),
...         ),
...     ),
... )
>>> goal.steps[0].weekly_minutes
30.0
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
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
    language_tag,
    non_blank,
    optional,
    positive_int,
    slug,
)
from therapy_goals.model.codes import (
    AchievementStatus,
    Direction,
    ExpressedBy,
    LifecycleStatus,
    Period,
    Priority,
    StepStatus,
)
from therapy_goals.model.units import implied_bounds

__all__ = [
    "Coding",
    "Goal",
    "IfThenPlan",
    "Measure",
    "ParameterValue",
    "Schedule",
    "Step",
    "TemplateRef",
    "new_id",
    "outside",
    "utc_now",
]

ParameterValue = str | int | float | bool
"""A template parameter's value as recorded on a goal."""

_OCCURRENCES_PER_WEEK = {Period.DAY: 7.0, Period.WEEK: 1.0, Period.MONTH: 12 / 52}


def new_id() -> str:
    """A fresh random identifier (UUID4 hex): unguessable, so it leaks nothing about the client."""
    return uuid.uuid4().hex


SHORT_ID_LENGTH = 8
"""How many characters of a generated id people are shown (like git's short hashes)."""

_GENERATED_ID = re.compile(r"[0-9a-f]{8}-?(?:[0-9a-f]{4}-?){3}[0-9a-f]{12}")
"""A UUID, with or without dashes: the ids :func:`new_id` makes (and many other systems do)."""


def short_id(identifier: str) -> str:
    """The id as people see it: the first 8 characters of a generated one (a UUID), or an id
    that a person or another system chose (``goal-anxiety-1``) whole, as it was meant to be read.

    >>> short_id("1018485baf944d70b602f4fa743ef90c"), short_id("goal-anxiety-1")
    ('1018485b', 'goal-anxiety-1')
    """
    if _GENERATED_ID.fullmatch(identifier):
        return identifier[:SHORT_ID_LENGTH]
    return identifier


def utc_now() -> datetime:
    """The current time, with the UTC time zone: the default for every timestamp."""
    return datetime.now(UTC)


@attrs.frozen(kw_only=True)
class Schedule:
    """How often a step is planned: ``count`` times per ``per`` (e.g. 3 per week)."""

    count: int = attrs.field(validator=positive_int())
    per: Period = attrs.field(validator=instance_of(Period))

    @property
    def per_week(self) -> float:
        """Planned occurrences in an average week (a month counts as 52/12 weeks)."""
        return self.count * _OCCURRENCES_PER_WEEK[self.per]

    def planned_in(self, days: int) -> float:
        """Occurrences planned in ``days`` days (not rounded): what adherence and the calendar
        export both count. ``Schedule(count=3, per=Period.WEEK).planned_in(14)`` is 6.0."""
        return self.per_week * days / 7


@attrs.frozen(kw_only=True)
class Coding:
    """A code from a terminology (LOINC, SNOMED CT, UCUM, ...) as health records exchange it.

    ``system`` is the terminology's URI (``http://loinc.org``), ``code`` the code in it
    (``44261-6``), ``display`` its name for people. Kept as it came, so that an export gives back
    the codes an imported record had.
    """

    system: str = attrs.field(validator=non_blank(max_length=300))
    code: str = attrs.field(validator=non_blank(max_length=200))
    display: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=500)))


def _codings(value: Any) -> tuple[Coding, ...]:
    return tuple(value) if isinstance(value, list | tuple) else value


def _each_coding(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise ValidationError.at(attribute.name, "must be a list of codings")
    for index, item in enumerate(value):
        if not isinstance(item, Coding):
            raise ValidationError.at(f"{attribute.name}[{index}]", "must be a Coding")


@attrs.frozen(kw_only=True)
class Measure:
    """What is tracked to tell whether the goal is being reached.

    Either a named quantity with a unit (``name="panic attacks", unit="per week"``) or a
    questionnaire total (``questionnaire="phq9"``). ``baseline`` is where the client starts and
    ``target`` where they want to be; either may still be unknown when the goal is drafted.

    What other health records say of a target has a place too (FHIR ``Goal.target``): ``codes``
    name the measure in terminologies (LOINC ``3141-9`` body weight), ``unit_code`` is the
    unit's UCUM code (``[lb_av]``), ``target_low``/``target_high`` a target range ("160 to 180
    lb"), ``target_code`` a coded target ("ex-smoker"), ``target_text`` a target in words.
    """

    name: str = attrs.field(validator=non_blank(max_length=200))
    direction: Direction = attrs.field(validator=instance_of(Direction))
    unit: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=50)))
    questionnaire: str | None = attrs.field(default=None, validator=optional(slug()))
    baseline: float | None = attrs.field(default=None, validator=optional(finite_number()))
    target: float | None = attrs.field(default=None, validator=optional(finite_number()))
    minimum: float | None = attrs.field(default=None, validator=optional(finite_number()))
    """The lowest value the measure can take (e.g. 0); default: what the unit implies."""
    maximum: float | None = attrs.field(default=None, validator=optional(finite_number()))
    """The highest value the measure can take (e.g. 7 nights a week); default: the unit's."""
    codes: tuple[Coding, ...] = attrs.field(default=(), converter=_codings, validator=_each_coding)
    """The measure's codes in terminologies, e.g. LOINC; the questionnaire's own is added on
    export."""
    unit_code: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=50)))
    """The unit as a UCUM code (``kg``, ``[lb_av]``, ``/wk``)."""
    target_low: float | None = attrs.field(default=None, validator=optional(finite_number()))
    """The low end of a target range."""
    target_high: float | None = attrs.field(default=None, validator=optional(finite_number()))
    """The high end of a target range."""
    target_code: Coding | None = attrs.field(default=None, validator=optional(instance_of(Coding)))
    """A coded target, e.g. SNOMED CT ``8517006`` ex-smoker."""
    target_text: str | None = attrs.field(
        default=None, validator=optional(non_blank(max_length=500))
    )
    """A target in words, where it is not a number ("walks without a frame")."""

    @target_high.validator
    def _range_in_order(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        low = self.target_low
        if low is None and value is None:
            return
        if low is not None and value is not None and low > value:
            raise ValidationError.at(
                "target_high", f"{value:g} is below target_low {low:g}; swap them"
            )
        problems = [
            Problem(name, message)
            for name in ("target_low", "target_high")
            if (message := outside(getattr(self, name), self.minimum, self.maximum)) is not None
        ]
        if problems:
            raise ValidationError(problems)

    @property
    def has_target(self) -> bool:
        """Whether a target of any kind is set: a value, a range, a code or words."""
        return any(
            value is not None
            for value in (
                self.target,
                self.target_low,
                self.target_high,
                self.target_code,
                self.target_text,
            )
        )

    @target.validator
    def _target_differs_when_moving(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None or value != self.baseline:
            return
        if self.direction is Direction.DECREASE or self.direction is Direction.INCREASE:
            raise ValidationError.at(
                "target",
                f"equals the baseline ({value:g}) but the direction is {self.direction.value!r}; "
                "set a target you want to move to, or use direction 'maintain'",
            )

    @maximum.validator
    def _values_within_bounds(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        low, high = self.minimum, value
        if low is None and high is None:
            return
        if low is not None and high is not None and low >= high:
            raise ValidationError.at(
                "maximum", f"{high:g} is not above the minimum {low:g}; swap or widen them"
            )
        problems = [
            Problem(name, message)
            for name in ("baseline", "target")
            if (message := outside(getattr(self, name), low, high)) is not None
        ]
        if problems:
            raise ValidationError(problems)

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """The ``(minimum, maximum)`` a value of this measure may take: the measure's own, else
        what its unit implies (``None`` where nothing bounds it)."""
        low, high = implied_bounds(self.unit)
        return (
            self.minimum if self.minimum is not None else low,
            self.maximum if self.maximum is not None else high,
        )


def outside(value: float | None, low: float | None, high: float | None) -> str | None:
    """Why ``value`` lies outside ``low``..``high`` (either may be open), or ``None`` if it fits."""
    if value is None or ((low is None or value >= low) and (high is None or value <= high)):
        return None
    allowed = (
        f"{low:g}-{high:g}"
        if low is not None and high is not None
        else (f"at least {low:g}" if low is not None else f"at most {high:g}")
    )
    return f"{value:g} is outside the allowed range ({allowed})"


@attrs.frozen(kw_only=True)
class Step:
    """An action step: something the client will do, how often, and for how long."""

    action: str = attrs.field(validator=non_blank(max_length=500))
    id: str = attrs.field(factory=new_id, validator=non_blank(max_length=100))
    schedule: Schedule | None = attrs.field(default=None, validator=optional(instance_of(Schedule)))
    minutes: int | None = attrs.field(default=None, validator=optional(positive_int()))
    due: date | None = attrs.field(default=None, validator=optional(calendar_date()))
    status: StepStatus = attrs.field(
        default=StepStatus.NOT_STARTED, validator=instance_of(StepStatus)
    )

    @property
    def weekly_minutes(self) -> float | None:
        """Planned minutes in an average week, or ``None`` without both a schedule and minutes."""
        if self.schedule is None or self.minutes is None:
            return None
        return self.schedule.per_week * self.minutes


@attrs.frozen(kw_only=True)
class IfThenPlan:
    """An if-then plan (an implementation intention): when ``situation`` comes up, the client
    does ``response``.

    Naming the moment a setback is likely and the action decided in advance is what makes goals
    survive it (Gollwitzer & Sheeran 2006). ``step_id`` links the plan to one of the goal's
    steps when using the plan *is* doing the step, so that adherence counts its use.

    >>> plan = IfThenPlan(
    ...     situation="my heart starts racing",
    ...     response="do 4-7-8 breathing for two minutes",
    ... )
    >>> plan.text
    'If my heart starts racing, then I will do 4-7-8 breathing for two minutes.'
    """

    situation: str = attrs.field(validator=non_blank(max_length=500))
    """The cue: when or where the obstacle shows up ("it's 10 pm and I'm still on my phone")."""
    response: str = attrs.field(validator=non_blank(max_length=500))
    """What the client will do then ("put the phone in the kitchen")."""
    id: str = attrs.field(factory=new_id, validator=non_blank(max_length=100))
    step_id: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=100)))
    """The step this plan carries out, if any: its use then counts for that step."""

    @property
    def text(self) -> str:
        """The plan as one sentence: ``If <situation>, then I will <response>.``"""
        response = self.response.rstrip(".!")
        return f"If {self.situation}, then I will {response}."


def _frozen_parameters(value: Mapping[str, ParameterValue]) -> Mapping[str, ParameterValue]:
    """Copy template parameters into a read-only mapping, so a frozen goal stays frozen."""
    if not isinstance(value, Mapping):
        raise ValidationError.at("parameters", "must be a mapping of parameter names to values")
    return MappingProxyType(dict(value))


def _check_parameters(
    instance: object, attribute: attrs.Attribute[Any], value: Mapping[str, Any]
) -> None:
    problems = []
    for name, item in value.items():
        if not isinstance(name, str) or not name.isidentifier():
            problems.append(Problem("parameters", f"{name!r} is not a valid parameter name"))
        elif (message := _parameter_value_problem(item)) is not None:
            problems.append(Problem(f"parameters.{name}", message))
    if problems:
        raise ValidationError(problems)


def _parameter_value_problem(value: Any) -> str | None:
    if isinstance(value, str | bool):
        return None
    return finite_number().problem(value)


@attrs.frozen(kw_only=True)
class TemplateRef:
    """Where a goal came from: the template's id and version, and the parameters it was given."""

    id: str = attrs.field(validator=slug())
    version: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=50)))
    parameters: Mapping[str, ParameterValue] = attrs.field(
        factory=dict,
        converter=_frozen_parameters,
        validator=_check_parameters,
        hash=False,
    )


def _due_not_before_start(instance: Goal, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value < instance.start:
        raise ValidationError.at(
            "due",
            f"{value.isoformat()} is before start {instance.start.isoformat()}; "
            "move the due date later or the start earlier",
        )


def _steps_fit_goal(instance: Goal, attribute: attrs.Attribute[Any], value: Any) -> None:
    problems = []
    seen: set[str] = set()
    for index, step in enumerate(value):
        if step.id in seen:
            problems.append(Problem(f"steps[{index}].id", f"{step.id!r} is used by another step"))
        seen.add(step.id)
        if step.due is not None and instance.due is not None and step.due > instance.due:
            problems.append(
                Problem(
                    f"steps[{index}].due",
                    f"{step.due.isoformat()} is after the goal's due date "
                    f"{instance.due.isoformat()}; move the step earlier or the goal later",
                )
            )
    if problems:
        raise ValidationError(problems)


def _plans_fit_goal(instance: Goal, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:  # most goals: nothing to relate (and every goal read runs this)
        return
    problems = []
    seen: set[str] = set()
    steps = {step.id for step in instance.steps}
    for index, plan in enumerate(value):
        if plan.id in seen:
            problems.append(Problem(f"plans[{index}].id", f"{plan.id!r} is used by another plan"))
        seen.add(plan.id)
        if plan.step_id is not None and plan.step_id not in steps:
            known = ", ".join(sorted(steps)) or "none"
            problems.append(
                Problem(
                    f"plans[{index}].step_id",
                    f"the goal has no step {plan.step_id!r}; its steps: {known}",
                )
            )
    if problems:
        raise ValidationError(problems)


def _parent_is_another_goal(instance: Goal, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value == instance.id:
        raise ValidationError.at("parent_id", "a goal cannot be its own parent")


def _updated_not_before_created(
    instance: Goal, attribute: attrs.Attribute[Any], value: Any
) -> None:
    if value < instance.created:
        raise ValidationError.at(
            "updated", f"{value.isoformat()} is before created {instance.created.isoformat()}"
        )


@attrs.frozen(kw_only=True)
class Goal:
    """A therapy goal, agreed between a client and a therapist.

    ``statement`` is the goal in the client's own words. ``area`` (e.g. ``anxiety``) and
    ``why_it_matters`` (the values it serves) make it Relevant; ``measure`` makes it Measurable;
    ``due`` makes it Time-bound. A long-term goal can be broken into short-term objectives, each a
    goal whose ``parent_id`` is the long-term goal's ``id``.

    ``confidence`` and ``importance`` are the motivational-interviewing rulers (0-10): how sure the
    client is they can do it, and how much it matters to them. ``obstacles`` are what may get in
    the way, ``supporters`` who helps (a partner, a friend, a group), and ``plans`` the if-then
    plans for the moments a setback is likely (:class:`IfThenPlan`). ``achievement`` is the latest
    review's assessment (FHIR ``achievementStatus``). ``language`` is the language its statement
    is written in (a BCP 47 tag, FHIR's ``Resource.language``): a checker reads the statement in
    it, and a goal drafted from text records the language it was read in. ``revision`` counts the
    changes a store has saved; a new goal is revision 1.
    """

    client_id: str = attrs.field(validator=non_blank(max_length=200))
    statement: str = attrs.field(validator=non_blank(max_length=2_000))
    start: date = attrs.field(validator=calendar_date())
    id: str = attrs.field(factory=new_id, validator=non_blank(max_length=100))
    area: str | None = attrs.field(default=None, validator=optional(slug()))
    why_it_matters: str | None = attrs.field(
        default=None, validator=optional(non_blank(max_length=2_000))
    )
    measure: Measure | None = attrs.field(default=None, validator=optional(instance_of(Measure)))
    due: date | None = attrs.field(
        default=None, validator=[optional(calendar_date()), _due_not_before_start]
    )
    status: LifecycleStatus = attrs.field(
        default=LifecycleStatus.PROPOSED, validator=instance_of(LifecycleStatus)
    )
    achievement: AchievementStatus | None = attrs.field(
        default=None, validator=optional(instance_of(AchievementStatus))
    )
    priority: Priority | None = attrs.field(default=None, validator=optional(instance_of(Priority)))
    parent_id: str | None = attrs.field(
        default=None, validator=[optional(non_blank(max_length=100)), _parent_is_another_goal]
    )
    steps: tuple[Step, ...] = attrs.field(
        default=(), validator=[each(instance_of(Step)), _steps_fit_goal]
    )
    plans: tuple[IfThenPlan, ...] = attrs.field(
        default=(), validator=[each(instance_of(IfThenPlan)), _plans_fit_goal]
    )
    obstacles: tuple[str, ...] = attrs.field(
        default=(), validator=each(non_blank(max_length=500), unique=True)
    )
    supporters: tuple[str, ...] = attrs.field(
        default=(), validator=each(non_blank(max_length=200), unique=True)
    )
    confidence: int | None = attrs.field(default=None, validator=optional(int_between(0, 10)))
    importance: int | None = attrs.field(default=None, validator=optional(int_between(0, 10)))
    expressed_by: ExpressedBy = attrs.field(
        default=ExpressedBy.CLIENT, validator=instance_of(ExpressedBy)
    )
    tags: tuple[str, ...] = attrs.field(
        default=(), validator=each(non_blank(max_length=50), unique=True)
    )
    template: TemplateRef | None = attrs.field(
        default=None, validator=optional(instance_of(TemplateRef))
    )
    notes: str | None = attrs.field(default=None, validator=optional(non_blank(max_length=20_000)))
    language: str | None = attrs.field(default=None, validator=optional(language_tag()))
    created: datetime = attrs.field(factory=utc_now, validator=aware_datetime())
    updated: datetime = attrs.field(
        default=attrs.Factory(lambda self: self.created, takes_self=True),
        validator=[aware_datetime(), _updated_not_before_created],
    )
    revision: int = attrs.field(default=1, validator=positive_int())


CROSS_FIELD_CHECKS: Final[Mapping[type[Any], tuple[tuple[str, FieldCheck], ...]]] = (
    MappingProxyType(
        {
            Measure: (
                ("target_high", Measure._range_in_order),
                ("target", Measure._target_differs_when_moving),
                ("maximum", Measure._values_within_bounds),
            ),
            Goal: (
                ("due", _due_not_before_start),
                ("steps", _steps_fit_goal),
                ("plans", _plans_fit_goal),
                ("parent_id", _parent_is_another_goal),
                ("updated", _updated_not_before_created),
            ),
        }
    )
)
"""The validators of this module that relate a field to others, by class and field: the checks
a trusted read (of a document the library wrote) still runs. A test keeps this list complete."""
