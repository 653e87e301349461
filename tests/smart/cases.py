"""Loading rule cases from the data files in tests/data/rule-cases (one TOML file per rule).

A case is a plain statement (``text = "..."``) or a structured goal (``goal = {...}`` in the JSON
form, with defaults for the fields a case does not care about), optionally with ``today``,
``concerns`` and ``other_goals`` for the rule context.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from therapy_goals import Goal, RuleContext, from_dict

CASES = Path(__file__).parent.parent / "data" / "rule-cases"
DEFAULT_TODAY = date(2026, 3, 2)
GOAL_DEFAULTS: dict[str, Any] = {
    "id": "case-goal",
    "client_id": "case-client",
    "start": "2026-03-02",
    "created": "2026-03-01T09:00:00+00:00",
}


@attrs.frozen
class Case:
    code: str
    expect_finding: bool
    subject: Goal | str
    context: RuleContext

    def describe(self) -> str:
        what = self.subject if isinstance(self.subject, str) else self.subject.statement
        return f"{self.code} {'triggers' if self.expect_finding else 'passes'}: {what}"


def goal_from_table(table: dict[str, Any], **defaults: Any) -> Goal:
    document = {"schema_version": 1, "type": "goal", **GOAL_DEFAULTS, **defaults, **table}
    return from_dict(document, Goal)


def _case(code: str, expect: bool, table: dict[str, Any]) -> Case:
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
    return Case(code, expect, subject, context)


def load_cases(path: Path) -> list[Case]:
    data = tomllib.loads(path.read_text())
    code = path.stem
    return [_case(code, True, t) for t in data.get("trigger", [])] + [
        _case(code, False, t) for t in data.get("pass", [])
    ]


def all_cases() -> list[Case]:
    return [case for path in sorted(CASES.glob("*.toml")) for case in load_cases(path)]
