"""The library's own rule cases, loaded with the helpers it ships for plug-in authors."""

from __future__ import annotations

from pathlib import Path

from therapy_goals.testing.rules import RuleCase, load_rule_cases

CASES = Path(__file__).parent.parent / "data" / "rule-cases"
Case = RuleCase

__all__ = ["CASES", "Case", "all_cases", "load_rule_cases"]


def all_cases() -> list[RuleCase]:
    return [case for path in sorted(CASES.glob("*.toml")) for case in load_rule_cases(path)]
