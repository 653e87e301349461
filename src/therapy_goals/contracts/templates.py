"""Goal templates: a good starting goal with typed parameters that make it the client's own.

A :class:`Template` is contributed by a plug-in through the ``register_templates`` hook, either
built in code (with a ``build`` function) or loaded from a TOML data file (see
:mod:`therapy_goals.templates.datafile`).

>>> from datetime import date
>>> from therapy_goals import get_plugin_manager
>>> catalog = get_plugin_manager(load_entrypoints=False).templates()
>>> made = catalog.get("anxiety.gad7-mindfulness").instantiate(
...     client_id="c-17", start=date(2026, 3, 2), values={"minutes": 15}
... )
>>> (
...     made.goal.measure.questionnaire,
...     made.goal.steps[0].minutes,
...     made.goal.template.parameters["minutes"],
... )
('gad7', 15, 15)
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from therapy_goals.errors import Problem, ValidationError, describe_value
from therapy_goals.model import Goal, ParameterValue, TemplateRef
from therapy_goals.model.checks import each, instance_of, language_tag, non_blank, optional, slug

__all__ = [
    "Constraint",
    "Parameter",
    "ParameterType",
    "Template",
    "TemplateBuild",
    "TemplateCatalog",
    "TemplateProblem",
    "TemplateResult",
]


class ParameterType(StrEnum):
    """The type of a template parameter's value."""

    INT = "int"
    FLOAT = "float"
    TEXT = "text"
    BOOL = "bool"


_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


@attrs.frozen(kw_only=True)
class Parameter:
    """A blank in a template: its name, type, default, allowed range or choices, and help text."""

    name: str = attrs.field(validator=slug())
    type: ParameterType = attrs.field(validator=instance_of(ParameterType))
    help: str = attrs.field(validator=non_blank(max_length=300))
    default: ParameterValue | None = None
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] | None = attrs.field(
        default=None, validator=optional(each(non_blank()))
    )

    def __attrs_post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValidationError.at(
                "name", f"{self.name!r} must be a name like 'sessions_per_week'"
            )
        numeric = self.type in (ParameterType.INT, ParameterType.FLOAT)
        for bound in ("min", "max"):
            if getattr(self, bound) is not None and not numeric:
                raise ValidationError.at(
                    bound, f"only int and float parameters have a range; this one is {self.type}"
                )
        if self.min is not None and self.max is not None and self.min > self.max:
            # Refused here, not at first use: otherwise the template is listed, then every use
            # of it fails whatever value is given.
            raise ValidationError.at(
                "max", f"must be at least min ({self.min:g}), got {self.max:g}"
            )
        if self.default is not None:
            self.check(self.default)

    def describe_range(self) -> str:
        """The allowed values in words, e.g. ``1..7`` or ``one of morning, evening``."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.min is not None and self.max is not None:
            return f"{self.min:g}..{self.max:g}"
        if self.min is not None:
            return f"at least {self.min:g}"
        if self.max is not None:
            return f"at most {self.max:g}"
        return {
            "int": "a whole number",
            "float": "a number",
            "text": "text",
            "bool": "true or false",
        }[self.type.value]

    def check(self, value: Any) -> ParameterValue:
        """``value`` if it suits this parameter; else a ValidationError at the parameter's name.

        >>> Parameter(
        ...     name="sessions_per_week",
        ...     type=ParameterType.INT,
        ...     min=1,
        ...     max=7,
        ...     help="Practice sessions a week",
        ... ).check(9)
        Traceback (most recent call last):
        ...
        therapy_goals.errors.ValidationError: sessions_per_week: must be 1..7, got 9
        """
        problem = self._problem(value)
        if problem is not None:
            raise ValidationError.at(self.name, problem)
        return float(value) if self.type is ParameterType.FLOAT else value

    def _problem(self, value: Any) -> str | None:
        kind = self.type
        if kind is ParameterType.BOOL:
            return (
                None
                if isinstance(value, bool)
                else f"must be true or false, got {describe_value(value)}"
            )
        if kind is ParameterType.TEXT:
            if not isinstance(value, str) or not value.strip():
                return f"must be non-blank text, got {describe_value(value)}"
            if self.choices and value not in self.choices:
                return f"must be {self.describe_range()}, got {describe_value(value)}"
            return None if len(value) <= 200 else "must be at most 200 characters"
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if not numeric or (kind is ParameterType.INT and not isinstance(value, int)):
            expected = "a whole number" if kind is ParameterType.INT else "a number"
            return f"must be {expected} ({self.describe_range()}), got {describe_value(value)}"
        if not math.isfinite(value):
            return f"must be a finite number, got {value}"
        too_low = self.min is not None and value < self.min
        too_high = self.max is not None and value > self.max
        return f"must be {self.describe_range()}, got {value:g}" if too_low or too_high else None

    def parse(self, text: str) -> ParameterValue:
        """A value from text, as typed on a command line (``--param minutes=15``), then checked."""
        value: Any = text
        try:
            if self.type is ParameterType.INT:
                value = int(text)
            elif self.type is ParameterType.FLOAT:
                value = float(text)
        except ValueError:
            pass  # check() reports it with the expected type
        if self.type is ParameterType.BOOL and text.lower() in _TRUE | _FALSE:
            value = text.lower() in _TRUE
        return self.check(value)


_OPERATORS: Mapping[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "!=": operator.ne,
}


@attrs.frozen(kw_only=True)
class Constraint:
    """A rule between parameters, e.g. ``target < baseline``, with a message for when it breaks."""

    left: str = attrs.field(validator=slug())
    op: str = attrs.field(validator=attrs.validators.in_(tuple(_OPERATORS)))
    right: str | float = attrs.field()
    message: str = attrs.field(validator=non_blank(max_length=300))

    def holds(self, values: Mapping[str, ParameterValue]) -> bool:
        """Whether the constraint holds for these (already checked) values."""
        right = values[self.right] if isinstance(self.right, str) else self.right
        return _OPERATORS[self.op](values[self.left], right)

    def names(self) -> set[str]:
        """The parameter names the constraint refers to."""
        return {self.left} | ({self.right} if isinstance(self.right, str) else set())


@attrs.frozen(kw_only=True)
class TemplateResult:
    """What a template makes: the goal, and any short-term objectives (goals whose parent it is)."""

    goal: Goal = attrs.field(validator=instance_of(Goal))
    objectives: tuple[Goal, ...] = attrs.field(default=(), validator=each(instance_of(Goal)))

    @property
    def goals(self) -> tuple[Goal, ...]:
        """The goal followed by its objectives."""
        return (self.goal, *self.objectives)


TemplateBuild = Callable[[Mapping[str, ParameterValue], str, date], TemplateResult]
"""How a template builds goals: ``(values, client_id, start) -> TemplateResult``."""


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class Template:
    """A goal template: an id such as ``anxiety.gad7-mindfulness``, typed parameters, and a build.

    ``why_prompt`` is a question an app can ask the client to fill in why the goal matters to
    them; the template never invents the client's reasons. ``language`` is the language its
    statements are written in (``en``); every goal it makes records it. A template written in
    another language than its original has the original's id followed by ``.`` and the language
    (``anxiety.gad7-mindfulness.es``), and the same parameters.
    """

    id: str = attrs.field(validator=slug())
    title: str = attrs.field(validator=non_blank(max_length=200))
    area: str = attrs.field(validator=slug())
    description: str = attrs.field(validator=non_blank(max_length=2_000))
    build: TemplateBuild = attrs.field(eq=False, repr=False)
    parameters: tuple[Parameter, ...] = attrs.field(
        default=(), validator=each(instance_of(Parameter))
    )
    constraints: tuple[Constraint, ...] = attrs.field(
        default=(), validator=each(instance_of(Constraint))
    )
    version: str = attrs.field(default="1", validator=non_blank(max_length=50))
    why_prompt: str | None = attrs.field(
        default=None, validator=optional(non_blank(max_length=300))
    )
    language: str = attrs.field(default="en", validator=language_tag())

    def __attrs_post_init__(self) -> None:
        names = [p.name for p in self.parameters]
        problems = [
            Problem(f"parameters[{i}].name", f"{name!r} is used twice")
            for i, name in enumerate(names)
            if name in names[:i]
        ]
        for index, constraint in enumerate(self.constraints):
            unknown = constraint.names() - set(names)
            if unknown:
                problems.append(
                    Problem(f"constraints[{index}]", f"names unknown parameters: {sorted(unknown)}")
                )
        if problems:
            raise ValidationError(problems)

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name``; a ValidationError naming the known ones otherwise."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise ValidationError.at(name, f"is not a parameter of {self.id}; it has: {known}")

    def resolve(self, values: Mapping[str, Any]) -> dict[str, ParameterValue]:
        """Every parameter's value: given ones checked, defaults filled in, constraints applied.

        Raises one ValidationError listing every problem, each at the parameter's name.
        """
        problems: list[Problem] = []
        for name in values:
            if name not in {p.name for p in self.parameters}:
                known = ", ".join(p.name for p in self.parameters) or "none"
                problems.append(Problem(name, f"is not a parameter of {self.id}; it has: {known}"))
        resolved: dict[str, ParameterValue] = {}
        for parameter in self.parameters:
            if parameter.name in values:
                try:
                    resolved[parameter.name] = parameter.check(values[parameter.name])
                except ValidationError as error:
                    problems.extend(error.problems)
            elif parameter.default is not None:
                resolved[parameter.name] = parameter.default
            else:
                problems.append(Problem(parameter.name, f"is required: {parameter.help}"))
        if not problems:
            problems = [
                Problem(c.left, c.message) for c in self.constraints if not c.holds(resolved)
            ]
        if problems:
            raise ValidationError(problems)
        return resolved

    def instantiate(
        self,
        *,
        client_id: str,
        start: date,
        values: Mapping[str, Any] | None = None,
        why_it_matters: str | None = None,
    ) -> TemplateResult:
        """Build the client's goal (and objectives) from this template and parameter ``values``.

        Every goal made records the template's id, version and the values used in ``template``.
        """
        resolved = self.resolve(values or {})
        try:
            result = self.build(MappingProxyType(resolved), client_id, start)
        except ValidationError as error:
            raise ValidationError(p.within(f"template {self.id}") for p in error.problems) from None
        except OverflowError:
            raise ValidationError.at(
                "start", f"{start.isoformat()} is too late: the goal's dates would pass year 9999"
            ) from None
        reference = TemplateRef(id=self.id, version=self.version, parameters=resolved)
        goal = attrs.evolve(
            result.goal, template=reference, language=result.goal.language or self.language
        )
        if why_it_matters is not None:
            goal = attrs.evolve(goal, why_it_matters=why_it_matters)
        objectives = tuple(
            attrs.evolve(o, template=reference, language=o.language or self.language)
            for o in result.objectives
        )
        return TemplateResult(goal=goal, objectives=objectives)


@attrs.frozen
class TemplateProblem:
    """A template that could not be loaded (a bad data file), and why; the others still load."""

    source: str
    plugin: str
    error: str


@attrs.frozen
class TemplateCatalog:
    """Every registered template by id, and the problems met while loading them."""

    templates: Mapping[str, Template] = attrs.field(converter=_frozen)
    problems: tuple[TemplateProblem, ...] = ()

    def get(self, template_id: str, *, language: str | None = None) -> Template:
        """The template with ``template_id``; a ValidationError listing similar ids otherwise.

        With ``language``, the template's version in that language: ``get("sleep.regular-bedtime",
        language="de")`` is ``sleep.regular-bedtime.de``; a ValidationError names the languages
        the template is written in when it has no such version.
        """
        if language is not None:
            return self._in_language(self.get(template_id), language)
        found = self.templates.get(template_id)
        if found is None:
            area = template_id.split(".", 1)[0]
            originals = [  # a translation is found through its original (``language=``)
                t.id for t in self.templates.values() if not t.id.endswith(f".{t.language}")
            ]
            near = [t for t in originals if t.startswith(f"{area}.")] or sorted(originals)
            raise ValidationError.at(
                "template", f"there is no template {template_id!r}; try {', '.join(near[:6])}"
            )
        return found

    def _in_language(self, template: Template, language: str) -> Template:
        if template.language == language:
            return template
        original = template.id.removesuffix(f".{template.language}")
        versions = [
            t
            for t in self.templates.values()
            if t.id == original or t.id.removesuffix(f".{t.language}") == original
        ]
        for version in versions:
            if version.language == language:
                return version
        written = ", ".join(sorted({t.language for t in versions}))
        raise ValidationError.at(
            "language", f"{original} has no version in {language!r}; it is written in {written}"
        )

    def in_area(self, area: str | None = None, *, language: str | None = None) -> list[Template]:
        """The templates of ``area`` (all when ``None``) written in ``language`` (any when
        ``None``), sorted by id."""
        chosen = (
            t
            for t in self.templates.values()
            if (area is None or t.area == area) and (language is None or t.language == language)
        )
        return sorted(chosen, key=lambda t: t.id)

    def languages(self) -> list[str]:
        """The languages templates are written in."""
        return sorted({t.language for t in self.templates.values()})

    def areas(self) -> list[str]:
        """The areas that have templates."""
        return sorted({t.area for t in self.templates.values()})
