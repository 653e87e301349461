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
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from therapy_goals.model import Goal
from therapy_goals.plugins import PluginManager, get_plugin_manager
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
    *,
    today: date | None,
    plugins: PluginManager | None,
    context: RuleContext | None,
) -> Report:
    manager = plugins or get_plugin_manager(load_entrypoints=True)
    checker = Checker(plugins=manager, selection=Selection(preview=True))
    chosen = context or RuleContext(today=today or date.today())
    if today is not None:
        chosen = attrs.evolve(chosen, today=today)
    return checker.check(subject, context=chosen)


def assert_finds(
    subject: Goal | str,
    code: str,
    *,
    today: date | None = None,
    plugins: PluginManager | None = None,
    context: RuleContext | None = None,
) -> None:
    """Fail unless rule ``code`` reports something about ``subject`` (a goal or a statement)."""
    report = _report(subject, today=today, plugins=plugins, context=context)
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
    """Fail if rule ``code`` reports anything about ``subject``."""
    report = _report(subject, today=today, plugins=plugins, context=context)
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


def _case(code: str, expect: bool, table: dict[str, Any]) -> RuleCase:
    today = date.fromisoformat(table.get("today", DEFAULT_TODAY.isoformat()))
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
    """The trigger and pass cases of one rule's TOML file (named after the rule's code)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    code = Path(path).stem
    return [_case(code, True, t) for t in data.get("trigger", [])] + [
        _case(code, False, t) for t in data.get("pass", [])
    ]
