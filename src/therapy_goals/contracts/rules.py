"""The vocabulary of SMART checking: rules, the advice they give, findings and reports.

A :class:`Rule` is contributed by a plug-in through the ``register_rules`` hook. Its ``check``
function looks at a :class:`Subject` (a goal plus what was read from its statement) in a
:class:`RuleContext`, and yields :class:`Advice`; the engine turns each piece of advice into a
:class:`Finding` carrying the rule's code, criterion and (possibly overridden) severity.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from therapy_goals.contracts.questionnaires import Questionnaire
from therapy_goals.contracts.statements import StatementFacts
from therapy_goals.errors import ValidationError
from therapy_goals.model import Goal
from therapy_goals.model.checks import each, instance_of, non_blank, optional, slug

__all__ = [
    "CODE_PATTERN",
    "Advice",
    "Criterion",
    "Finding",
    "Report",
    "Rule",
    "RuleCheck",
    "RuleContext",
    "RuleDocs",
    "RuleStatus",
    "Severity",
    "Subject",
    "Verdict",
]

CODE_PATTERN = re.compile(r"^(?P<prefix>[A-Z]{1,3})(?P<number>[0-9]{3})$")
"""A rule code: one to three capital letters, owned by one plug-in, then three digits (``S101``)."""


class Criterion(StrEnum):
    """The five SMART criteria, in the order reports list them."""

    SPECIFIC = "specific"
    MEASURABLE = "measurable"
    ACHIEVABLE = "achievable"
    RELEVANT = "relevant"
    TIME_BOUND = "time-bound"

    @property
    def key(self) -> str:
        """The criterion as an identifier, as JSON reports spell it (``time_bound``)."""
        return self.value.replace("-", "_")


class Severity(StrEnum):
    """How much it matters: ``error`` and ``warning`` make a criterion unmet; ``info`` is a tip."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for error, 1 for warning, 2 for info: sorts the most serious first."""
        return list(Severity).index(self)


class RuleStatus(StrEnum):
    """``stable`` rules run by default; ``preview`` rules only when selected by their full code."""

    STABLE = "stable"
    PREVIEW = "preview"


class Verdict(StrEnum):
    """A report's judgement of one criterion."""

    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"
    NOT_CHECKED = "not-checked"
    """No selected rule judges this criterion (``--select``/``--ignore`` left them all out): a
    criterion nobody looked at is never reported as met."""


@attrs.frozen(kw_only=True)
class RuleDocs:
    """A rule's documentation, in the fixed sections every rule has."""

    what: str = attrs.field(validator=non_blank())
    why: str = attrs.field(validator=non_blank())
    example: str = attrs.field(validator=non_blank())
    better: str = attrs.field(validator=non_blank())


@attrs.frozen(kw_only=True)
class Advice:
    """What a rule says about one thing in a goal: a warm, plain message and a concrete suggestion.

    ``field`` is the path of what it is about, in the JSON form's notation (``steps[1].minutes``).
    """

    message: str = attrs.field(validator=non_blank())
    suggestion: str = attrs.field(validator=non_blank())
    field: str = attrs.field(validator=non_blank(max_length=200))


def _frozen_questionnaires(value: Mapping[str, Questionnaire]) -> Mapping[str, Questionnaire]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class RuleContext:
    """What a rule may know besides the goal.

    ``today`` dates the check; ``other_goals`` are the client's other goals (for "too many active
    goals" and "no shorter objective"); ``concerns`` are the areas the client came with, when known;
    ``questionnaires`` are the registered questionnaires by code (a :class:`Checker` fills them in
    from its plug-ins), so a rule knows a plug-in's scale as well as a built-in one.
    """

    today: date = attrs.field(factory=date.today)
    other_goals: tuple[Goal, ...] = attrs.field(default=(), validator=each(instance_of(Goal)))
    concerns: tuple[str, ...] | None = attrs.field(default=None, validator=optional(each(slug())))
    questionnaires: Mapping[str, Questionnaire] = attrs.field(
        factory=dict, converter=_frozen_questionnaires, eq=False, hash=False
    )


@attrs.frozen(kw_only=True)
class Subject:
    """What a rule checks: the goal, what was read from its statement, and where it came from.

    ``from_text`` is true when the goal was drafted from a plain statement by ``parse_goal``: the
    structured fields then hold only what the text said. ``plan_facts`` are what was read from
    the response of each of the goal's if-then plans, in the same order, by the same reader.
    """

    goal: Goal
    facts: StatementFacts
    from_text: bool = False
    plan_facts: tuple[StatementFacts, ...] = ()


RuleCheck = Callable[[Subject, RuleContext, Mapping[str, float]], Iterable[Advice]]
"""A rule's check: ``(subject, context, options) -> advice``. It must not raise on a valid goal."""


def _frozen_options(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(value))


def _check_code(instance: Rule, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not CODE_PATTERN.fullmatch(value):
        raise ValidationError.at(
            "code",
            f"must be 1-3 capital letters and 3 digits, like 'S101' or 'XYZ001'; got {value!r}",
        )


def _check_name(instance: Rule, attribute: attrs.Attribute[Any], value: Any) -> None:
    expected = f"{instance.criterion.value}."
    if not isinstance(value, str) or not value.startswith(expected) or " " in value:
        raise ValidationError.at(
            "name", f"must start with the criterion, like '{expected}vague-aim'; got {value!r}"
        )


@attrs.frozen(kw_only=True)
class Rule:
    """A SMART check with a code, like a linter rule.

    ``options`` holds the rule's thresholds with their defaults; callers override them by name.
    """

    code: str = attrs.field(validator=_check_code)
    criterion: Criterion = attrs.field(validator=instance_of(Criterion))
    name: str = attrs.field(validator=_check_name)
    severity: Severity = attrs.field(validator=instance_of(Severity))
    summary: str = attrs.field(validator=non_blank(max_length=200))
    docs: RuleDocs = attrs.field(validator=instance_of(RuleDocs))
    check: RuleCheck = attrs.field(eq=False, repr=False)
    status: RuleStatus = attrs.field(default=RuleStatus.STABLE, validator=instance_of(RuleStatus))
    options: Mapping[str, float] = attrs.field(factory=dict, converter=_frozen_options, hash=False)

    def __attrs_post_init__(self) -> None:
        if not callable(self.check):
            raise ValidationError.at("check", "must be a function (subject, context, options)")
        for option, value in self.options.items():
            if f"`{option}`" not in self.docs.what:
                raise ValidationError.at(
                    f"options.{option}",
                    f"is not named in the documentation's `what` as `{option}`; say what it "
                    "sets, so that `therapy-goals rules` explains it",
                )
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValidationError.at(f"options.{option}", f"must be a number, got {value!r}")

    @property
    def prefix(self) -> str:
        """The letters of the code: the part a plug-in owns (``S`` for ``S101``)."""
        return self.code.rstrip("0123456789")


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a rule found, ready to show: which rule, how serious, what and how to fix it."""

    code: str
    name: str
    criterion: Criterion
    severity: Severity
    message: str
    suggestion: str
    field: str

    def sort_key(self) -> tuple[int, int, str, str, str]:
        """Criterion order (S, M, A, R, T), then severity, code, field and message."""
        return (
            list(Criterion).index(self.criterion),
            self.severity.rank,
            self.code,
            self.field,
            self.message,
        )


@attrs.frozen(kw_only=True)
class Report:
    """The result of checking one goal or statement.

    ``verdicts`` has one :class:`Verdict` for each criterion; ``findings`` are in a stable order
    (see :meth:`Finding.sort_key`). ``goal`` is the goal checked: for a plain statement, the draft
    that ``parse_goal`` made of it.
    """

    input: str
    goal: Goal
    verdicts: Mapping[Criterion, Verdict]
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        """Whether any finding is error-level (the command exits 1 then)."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def is_smart(self) -> bool:
        """Whether every criterion is met."""
        return all(v is Verdict.MET for v in self.verdicts.values())

    def codes(self) -> list[str]:
        """The codes of the findings, in order."""
        return [f.code for f in self.findings]
