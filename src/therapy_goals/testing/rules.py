"""Helpers for testing SMART rules: assert a rule fires or stays quiet, and run data-file cases.

>>> from datetime import date
>>> assert_finds("I want to be happier", "S101", today=date(2026, 3, 2))
>>> assert_clean("Walk for 20 minutes three times a week for 8 weeks", "S101")

A case file is TOML, one per rule, named after its code (``X101.toml``)::

    [[trigger]]
    text = "Walk three times a week for 8 weeks"

    [[pass]]
    goal = { statement = "Walk with my sister", due = "2026-05-01" }
    today = "2026-03-02"                # optional, also: concerns = [...], other_goals = [...]

``goal`` tables are goals in the JSON form; fields a case does not care about get defaults.
A file with another table (``[[triggers]]``), a case with an unknown key, or a file with no cases
at all is a :class:`~therapy_goals.errors.ValidationError` naming the file, the case and the key
that was probably meant: a misspelt case file must fail, not pass by running nothing.
"""

from __future__ import annotations

import difflib
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from therapy_goals.errors import PluginError, Problem, ValidationError
from therapy_goals.model import Goal
from therapy_goals.plugins import PluginManager, did_you_mean, get_plugin_manager
from therapy_goals.serialization import from_dict
from therapy_goals.smart import Checker, Report, RuleContext, Selection

__all__ = ["RuleCase", "assert_clean", "assert_finds", "load_rule_cases"]

DEFAULT_TODAY = date(2026, 3, 2)
GOAL_DEFAULTS: dict[str, Any] = {
    "id": "case-goal",
    "client_id": "case-client",
    "start": "2026-03-02",
    "created": "2026-03-01T09:00:00+00:00",
}


def _report(
    subject: Goal | str,
    code: str,
    *,
    today: date | None,
    plugins: PluginManager | None,
    context: RuleContext | None,
) -> Report:
    manager = plugins or get_plugin_manager(load_entrypoints=True)
    return _checker(manager, code).check(subject, context=_context(today, context))


def _checker(manager: PluginManager, code: str) -> Checker:
    """A checker running every rule, once ``code`` is known to be one of them: asserting that an
    unregistered rule finds nothing would always pass."""
    registered = manager.rules()
    if code not in registered:
        raise PluginError(
            f"no rule {code!r} is registered"
            + (did_you_mean(code, registered) or "; is the plug-in that has it installed?")
        )
    return Checker(plugins=manager, selection=Selection(preview=True))


def _context(today: date | None, context: RuleContext | None) -> RuleContext:
    chosen = context or RuleContext(today=today or date.today())
    if today is not None:
        chosen = attrs.evolve(chosen, today=today)
    return chosen


def assert_finds(
    subject: Goal | str,
    code: str,
    *,
    today: date | None = None,
    plugins: PluginManager | None = None,
    context: RuleContext | None = None,
) -> None:
    """Fail unless rule ``code`` reports something about ``subject`` (a goal or a statement).

    A code no registered rule has is a :class:`~therapy_goals.errors.PluginError`, not a pass.
    """
    report = _report(subject, code, today=today, plugins=plugins, context=context)
    if code not in report.codes():
        raise AssertionError(f"{code} found nothing; the findings were {report.codes()}")


def assert_clean(
    subject: Goal | str,
    code: str,
    *,
    today: date | None = None,
    plugins: PluginManager | None = None,
    context: RuleContext | None = None,
) -> None:
    """Fail if rule ``code`` reports anything about ``subject``.

    A code no registered rule has is a :class:`~therapy_goals.errors.PluginError`: otherwise a
    misspelt code would make every such assertion pass.
    """
    report = _report(subject, code, today=today, plugins=plugins, context=context)
    found = [f for f in report.findings if f.code == code]
    if found:
        raise AssertionError(f"{code} reported: {found[0].message}")


@attrs.frozen
class RuleCase:
    """One case from a rule's data file: the subject, its context, and whether the rule fires."""

    code: str
    expect_finding: bool
    subject: Goal | str
    context: RuleContext

    def describe(self) -> str:
        what = self.subject if isinstance(self.subject, str) else self.subject.statement
        return f"{self.code} {'triggers' if self.expect_finding else 'passes'}: {what}"

    def check(self, *, plugins: PluginManager | None = None) -> None:
        """Assert the case: the rule fires on a trigger case and stays quiet on a pass case."""
        assertion = assert_finds if self.expect_finding else assert_clean
        assertion(self.subject, self.code, plugins=plugins, context=self.context)


def goal_from_table(table: dict[str, Any], **defaults: Any) -> Goal:
    """A goal from a case's table, with defaults for the fields the case does not give."""
    return from_dict(
        {"schema_version": 1, "type": "goal", **GOAL_DEFAULTS, **defaults, **table}, Goal
    )


CASE_KINDS = {"trigger": True, "pass": False}
"""The tables of a case file, and whether their cases expect a finding."""

CASE_KEYS = ("text", "goal", "today", "concerns", "other_goals")
"""The keys a case may have: ``text`` or ``goal``, then the context."""


def _case(code: str, expect: bool, table: dict[str, Any]) -> RuleCase:
    for key in table:
        if key not in CASE_KEYS:
            raise ValidationError.at(
                key,
                "unknown key"
                + did_you_mean(key, CASE_KEYS)
                + " (a case has text or goal, and may have today, concerns, other_goals)",
            )
    if ("text" in table) == ("goal" in table):
        raise ValidationError.at(
            "", 'give text = "..." or goal = { statement = "...", ... }, one of the two'
        )
    try:
        today = date.fromisoformat(str(table.get("today", DEFAULT_TODAY.isoformat())))
    except ValueError:
        raise ValidationError.at(
            "today", f"must be a date like 2026-03-02, got {table['today']!r}"
        ) from None
    others = tuple(
        goal_from_table(other, id=f"other-{index}")
        for index, other in enumerate(table.get("other_goals", []))
    )
    concerns = table.get("concerns")
    context = RuleContext(
        today=today, other_goals=others, concerns=tuple(concerns) if concerns is not None else None
    )
    subject: Goal | str = table["text"] if "text" in table else goal_from_table(table["goal"])
    return RuleCase(code, expect, subject, context)


def load_rule_cases(path: Path) -> list[RuleCase]:
    """The trigger and pass cases of one rule's TOML file (named after the rule's code).

    Raises :class:`~therapy_goals.errors.ValidationError` for a file with no cases, a table
    other than ``[[trigger]]`` and ``[[pass]]``, or a case that is not one.
    """
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    code = Path(path).stem
    problems: list[Problem] = []
    for table in data:
        if table not in CASE_KINDS:
            close = difflib.get_close_matches(table, list(CASE_KINDS), n=1, cutoff=0.6)
            meant = f"; did you mean [[{close[0]}]]?" if close else ""
            problems.append(
                Problem(table, f"a case file has [[trigger]] and [[pass]] tables only{meant}")
            )
    cases: list[RuleCase] = []
    for kind, expect in CASE_KINDS.items():
        for index, table in enumerate(data.get(kind, [])):
            try:
                cases.append(_case(code, expect, table))
            except ValidationError as error:
                problems.extend(error.within(f"{kind}[{index}]").problems)
    if not problems and not cases:
        problems.append(Problem("", "no cases: add [[trigger]] or [[pass]] tables"))
    if problems:
        raise ValidationError(_in_file(path, p) for p in problems)
    return cases


def _in_file(path: Path, problem: Problem) -> Problem:
    """``problem`` with the file's name in front, as a compiler names the file of an error."""
    return Problem(f"{path}: {problem.path}" if problem.path else str(path), problem.message)
