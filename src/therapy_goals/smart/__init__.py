"""SMART checks: rules with codes, like a linter for therapy goals.

>>> from datetime import date
>>> check("Exercise three times a week for 30 minutes", today=date(2026, 3, 2)).codes()
['R101', 'T101']

Rules come from plug-ins through the ``register_rules`` hook; the built-in ones live in
:mod:`therapy_goals.smart.rules`. :class:`Selection` chooses which run; :class:`Checker` runs them.
"""

from therapy_goals.contracts.rules import (
    Advice,
    Criterion,
    Finding,
    Report,
    Rule,
    RuleCheck,
    RuleContext,
    RuleDocs,
    RuleStatus,
    Severity,
    Subject,
    Verdict,
)
from therapy_goals.contracts.statements import Frequency, Horizon, ScoreTarget, StatementFacts
from therapy_goals.smart.define import rule
from therapy_goals.smart.drafting import parse_goal
from therapy_goals.smart.engine import Checker, check
from therapy_goals.smart.selection import ActiveRule, Selection
from therapy_goals.smart.text import clear_statement_cache, read_statement

__all__ = [
    "ActiveRule",
    "Advice",
    "Checker",
    "Criterion",
    "Finding",
    "Frequency",
    "Horizon",
    "Report",
    "Rule",
    "RuleCheck",
    "RuleContext",
    "RuleDocs",
    "RuleStatus",
    "ScoreTarget",
    "Selection",
    "Severity",
    "StatementFacts",
    "Subject",
    "Verdict",
    "check",
    "clear_statement_cache",
    "parse_goal",
    "read_statement",
    "rule",
]
