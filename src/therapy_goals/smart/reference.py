"""The rule reference as Markdown, generated from each rule's own documentation.

``python -m therapy_goals.smart.reference`` prints it; ``docs/smart-rules.md`` holds a copy that a
test keeps up to date, like ruff's generated rule pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from therapy_goals.smart.types import Criterion, Rule

__all__ = ["rules_markdown"]


def _rule_markdown(rule: Rule) -> list[str]:
    lines = [
        f"### {rule.code} `{rule.name}`",
        "",
        f"{rule.summary}. Severity **{rule.severity.value}**, {rule.status.value}.",
        "",
        f"**What it checks.** {rule.docs.what}",
        "",
        f"**Why it matters.** {rule.docs.why}",
        "",
        f"**Example.** {rule.docs.example}",
        "",
        f"**Better.** {rule.docs.better}",
        "",
    ]
    if rule.options:
        options = ", ".join(f"`{name}` = {value:g}" for name, value in rule.options.items())
        lines += [f"**Options.** {options}", ""]
    return lines


def rules_markdown(rules: Iterable[Rule]) -> str:
    """Every rule, grouped by criterion in SMART order, then by code."""
    ordered = sorted(rules, key=lambda r: (list(Criterion).index(r.criterion), r.code))
    lines: list[str] = []
    for criterion in Criterion:
        in_criterion = [r for r in ordered if r.criterion is criterion]
        if in_criterion:
            lines += [f"## {criterion.value.capitalize()}", ""]
            for rule in in_criterion:
                lines += _rule_markdown(rule)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover - a convenience for regenerating the docs
    from therapy_goals.smart.rules import BUILTIN_RULES

    print(rules_markdown(BUILTIN_RULES), end="")
