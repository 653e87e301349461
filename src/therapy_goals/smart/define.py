"""A decorator that turns a check function and its documentation into a :class:`Rule`.

Plug-in authors can use it too::

    @rule(
        "X101",
        "specific.names-a-person",
        Severity.INFO,
        summary="The goal names who will help",
        what="...",
        why="...",
        example="...",
        better="...",
    )
    def names_a_person(subject, context, options):
        if "with" not in subject.facts.normalised:
            yield Advice(message="...", suggestion="...", field="statement")
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from therapy_goals.contracts.rules import Criterion, Rule, RuleCheck, RuleDocs, RuleStatus, Severity
from therapy_goals.errors import ValidationError

__all__ = ["rule"]


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    summary: str,
    what: str,
    why: str,
    example: str,
    better: str,
    options: Mapping[str, float] | None = None,
    status: RuleStatus = RuleStatus.STABLE,
) -> Callable[[RuleCheck], Rule]:
    """Make a :class:`Rule` of the decorated check; the criterion is the first part of ``name``."""
    prefix = name.split(".", 1)[0] if isinstance(name, str) else ""
    if prefix not in {c.value for c in Criterion}:
        choices = ", ".join(c.value for c in Criterion)
        raise ValidationError.at(
            "name", f"must start with the criterion ({choices}) and a dot; got {name!r}"
        )
    criterion = Criterion(prefix)

    def make(check: RuleCheck) -> Rule:
        return Rule(
            code=code,
            criterion=criterion,
            name=name,
            severity=severity,
            summary=summary,
            docs=RuleDocs(what=what, why=why, example=example, better=better),
            check=check,
            status=status,
            options=options or {},
        )

    return make
