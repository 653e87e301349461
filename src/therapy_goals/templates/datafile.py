"""Templates as TOML data files: no code needed.

A file names the template, declares its parameters, and describes the goal with ``{name}``
placeholders that are filled with the parameter values::

    id = "sleep.regular-bedtime"
    title = "A regular bedtime"
    area = "sleep"
    description = "Go to bed at the same time on most nights to steady the body clock."

    [[parameters]]
    name = "nights_per_week"
    type = "int"
    default = 5
    min = 3
    max = 7
    help = "Nights a week to keep the bedtime"

    [goal]
    statement = "Go to bed by {bedtime} on {nights_per_week} nights a week for {weeks} weeks"
    horizon_weeks = "{weeks}"

    [goal.measure]
    name = "nights in bed by {bedtime}"
    direction = "increase"
    baseline = 0
    target = "{nights_per_week}"

A value that is exactly ``"{name}"`` takes the parameter's value (a number stays a number);
other text has each ``{name}`` replaced. A goal may list ``obstacles`` and ``supporters`` (text
with placeholders) and ``[[goal.plans]]`` (``situation``, ``response``, and ``step = 1`` when the
plan carries out the goal's first step). ``language = "es"`` says the language the statements
are written in (English when absent). ``[[objectives]]`` describe short-term objectives in the
same form, and ``[[constraints]]`` relate parameters (``left = "target"``, ``op = "<"``,
``right = "baseline"``). Nothing in a file is evaluated as code.

:func:`load_template_file` reads one file and raises :class:`TemplateFileError` naming the file
and the field; :func:`templates_in_folder` reads a plug-in's folder and yields a
:class:`~therapy_goals.contracts.templates.TemplateProblem` for a bad file, so the others still
load.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from therapy_goals.contracts.templates import (
    Constraint,
    Parameter,
    Template,
    TemplateProblem,
    TemplateResult,
)
from therapy_goals.errors import Problem, ValidationError
from therapy_goals.model import (
    Direction,
    Goal,
    IfThenPlan,
    Measure,
    ParameterValue,
    Period,
    Schedule,
    Step,
    new_id,
)
from therapy_goals.model.checks import (
    each,
    instance_of,
    language_tag,
    non_blank,
    optional,
    positive_int,
    slug,
)
from therapy_goals.serialization import make_converter

__all__ = ["TemplateFileError", "load_template_file", "templates_in_folder"]

_WHOLE_PLACEHOLDER = re.compile(r"^\{([a-z][a-z0-9_]*)\}$")
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class TemplateFileError(ValidationError):
    """A template data file that cannot be used: it names the file, then each problem's field."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        super().__init__(problems)
        self.args = (f"{source}: " + "; ".join(str(p) for p in self.problems),)

    def __str__(self) -> str:
        return str(self.args[0])


# --- the file's shape -----------------------------------------------------------------------------

Amount = ParameterValue
"""A number, or text with placeholders that resolves to one."""


@attrs.frozen(kw_only=True)
class MeasureSpec:
    name: str = attrs.field(validator=non_blank())
    direction: Direction = attrs.field(validator=instance_of(Direction))
    unit: str | None = None
    questionnaire: str | None = None
    baseline: Amount | None = None
    target: Amount | None = None


@attrs.frozen(kw_only=True)
class StepSpec:
    action: str = attrs.field(validator=non_blank())
    count: Amount | None = None
    per: Period | None = None
    minutes: Amount | None = None


@attrs.frozen(kw_only=True)
class PlanSpec:
    """An if-then plan: ``situation`` and ``response`` (placeholders allowed), and the number of
    the step it carries out (``step = 1`` for the first), if any."""

    situation: str = attrs.field(validator=non_blank())
    response: str = attrs.field(validator=non_blank())
    step: int | None = attrs.field(default=None, validator=optional(positive_int()))


@attrs.frozen(kw_only=True)
class GoalSpec:
    statement: str = attrs.field(validator=non_blank())
    horizon_weeks: Amount
    measure: MeasureSpec | None = None
    steps: tuple[StepSpec, ...] = ()
    starts_after_weeks: Amount = 0
    obstacles: tuple[str, ...] = ()
    plans: tuple[PlanSpec, ...] = ()
    supporters: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class TemplateFile:
    id: str = attrs.field(validator=slug())
    title: str = attrs.field(validator=non_blank())
    area: str = attrs.field(validator=slug())
    description: str = attrs.field(validator=non_blank())
    goal: GoalSpec
    version: str = "1"
    why_prompt: str | None = attrs.field(default=None, validator=optional(non_blank()))
    parameters: tuple[Parameter, ...] = attrs.field(
        default=(), validator=each(instance_of(Parameter))
    )
    objectives: tuple[GoalSpec, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    language: str = attrs.field(default="en", validator=language_tag())


_CONVERTER = make_converter()


# --- filling in the placeholders ------------------------------------------------------------------


def _text_of(value: ParameterValue) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _fill(value: Any, values: Mapping[str, ParameterValue]) -> Any:
    if not isinstance(value, str):
        return value
    whole = _WHOLE_PLACEHOLDER.fullmatch(value)
    if whole:
        return values[whole[1]]
    return _PLACEHOLDER.sub(lambda m: _text_of(values[m[1]]), value)


def _number(value: Any, field: str, *, whole: bool) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError.at(field, f"must resolve to a number, got {value!r}")
    if whole:
        if not float(value).is_integer():
            raise ValidationError.at(field, f"must resolve to a whole number, got {value!r}")
        return int(value)
    return value


def _distinct(texts: Iterable[str]) -> tuple[str, ...]:
    """Each text once, in order: two parameters given the same words make one obstacle."""
    return tuple(dict.fromkeys(texts))


@attrs.frozen
class DeclarativeBuild:
    """The build of a data-file template: fills the placeholders of its goal and objectives."""

    spec: TemplateFile

    @staticmethod
    def _amount(
        value: Amount | None, values: Mapping[str, ParameterValue], field: str, *, whole: bool
    ) -> Any:
        return None if value is None else _number(_fill(value, values), field, whole=whole)

    def _measure(self, m: MeasureSpec, values: Mapping[str, ParameterValue]) -> Measure:
        return Measure(
            name=_fill(m.name, values),
            direction=m.direction,
            unit=_fill(m.unit, values),
            questionnaire=m.questionnaire,
            baseline=self._amount(m.baseline, values, "measure.baseline", whole=False),
            target=self._amount(m.target, values, "measure.target", whole=False),
        )

    def _step(self, index: int, s: StepSpec, values: Mapping[str, ParameterValue]) -> Step:
        count = self._amount(s.count, values, f"steps[{index}].count", whole=True)
        return Step(
            id=f"step-{index + 1}",
            action=_fill(s.action, values),
            minutes=self._amount(s.minutes, values, f"steps[{index}].minutes", whole=True),
            schedule=None if count is None or s.per is None else Schedule(count=count, per=s.per),
        )

    def _goal(
        self,
        spec: GoalSpec,
        values: Mapping[str, ParameterValue],
        client_id: str,
        start: date,
        parent_id: str | None,
    ) -> Goal:
        offset = _number(_fill(spec.starts_after_weeks, values), "starts_after_weeks", whole=True)
        begins = start + timedelta(weeks=offset)
        weeks = _number(_fill(spec.horizon_weeks, values), "horizon_weeks", whole=True)
        measure = None if spec.measure is None else self._measure(spec.measure, values)
        steps = tuple(self._step(index, s, values) for index, s in enumerate(spec.steps))
        plans = tuple(
            IfThenPlan(
                id=f"plan-{index + 1}",
                situation=_fill(plan.situation, values),
                response=_fill(plan.response, values),
                step_id=None if plan.step is None else f"step-{plan.step}",
            )
            for index, plan in enumerate(spec.plans)
        )
        return Goal(
            id=new_id(),
            client_id=client_id,
            statement=_fill(spec.statement, values),
            area=self.spec.area,
            start=begins,
            due=begins + timedelta(weeks=weeks),
            measure=measure,
            steps=steps,
            plans=plans,
            obstacles=_distinct(_fill(text, values) for text in spec.obstacles),
            supporters=_distinct(_fill(text, values) for text in spec.supporters),
            parent_id=parent_id,
        )

    def __call__(
        self, values: Mapping[str, ParameterValue], client_id: str, start: date
    ) -> TemplateResult:
        goal = self._goal(self.spec.goal, values, client_id, start, None)
        objectives = tuple(
            self._goal(spec, values, client_id, start, goal.id) for spec in self.spec.objectives
        )
        return TemplateResult(goal=goal, objectives=objectives)


# --- loading ----------------------------------------------------------------------------------


def _placeholder_problems(data: TemplateFile) -> list[Problem]:
    names = {p.name for p in data.parameters}
    problems = []

    def visit(value: Any, path: str) -> None:
        if isinstance(value, str):
            for name in _PLACEHOLDER.findall(value):
                if name not in names:
                    problems.append(Problem(path, f"uses {{{name}}}, which is not a parameter"))
        elif attrs.has(type(value)):
            for field in attrs.fields(type(value)):
                visit(getattr(value, field.name), f"{path}.{field.name}")
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                visit(item, f"{path}[{index}]")

    visit(data.goal, "goal")
    for index, objective in enumerate(data.objectives):
        visit(objective, f"objectives[{index}]")
    return problems


def parse_template(text: str, source: str) -> Template:
    """A template from the text of a TOML data file; ``source`` names it in errors."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateFileError(source, [Problem("", f"is not valid TOML: {error}")]) from None
    try:
        data: TemplateFile = _CONVERTER.structure(raw, TemplateFile)
    except ValidationError as error:
        raise TemplateFileError(source, list(error.problems)) from None
    problems = _placeholder_problems(data)
    if problems:
        raise TemplateFileError(source, problems)
    try:
        template = Template(
            id=data.id,
            title=data.title,
            area=data.area,
            description=data.description,
            parameters=data.parameters,
            constraints=data.constraints,
            version=data.version,
            why_prompt=data.why_prompt,
            language=data.language,
            build=DeclarativeBuild(data),
        )
        # A dry run with the defaults finds a goal the file cannot make before a client meets it.
        defaults = {p.name: p.default for p in template.parameters if p.default is not None}
        if len(defaults) == len(template.parameters):
            template.instantiate(client_id="template-check", start=date(2026, 1, 5))
    except ValidationError as error:
        raise TemplateFileError(source, list(error.problems)) from None
    return template


def load_template_file(path: Path | Traversable) -> Template:
    """Read one template data file; :class:`TemplateFileError` names the file and the field."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateFileError(source, [Problem("", f"cannot be read: {error}")]) from None
    return parse_template(text, source)


def templates_in_folder(
    folder: Path | Traversable, *, plugin: str = ""
) -> Iterator[Template | TemplateProblem]:
    """Every ``*.toml`` template in ``folder`` (sorted by name), and a problem for each bad file.

    Pass each item to ``register``: the host lists the problems and keeps the good templates.
    """
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            yield load_template_file(entry)
        except TemplateFileError as error:
            yield TemplateProblem(source=str(entry), plugin=plugin, error=str(error))
