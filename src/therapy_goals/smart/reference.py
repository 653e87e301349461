"""The rule reference as Markdown pages, generated from each rule's own documentation.

``python -m therapy_goals.smart.reference docs/rules`` writes one page per rule plus an index, as
ruff does for its rules; a test keeps the committed pages equal to what this module generates, so
a rule's documentation lives in one place, next to its code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from therapy_goals.contracts.rules import Criterion, Rule
from therapy_goals.smart.rules import BUILTIN_RULES

__all__ = ["rule_page", "rule_pages", "rules_index"]


def _ordered(rules: Iterable[Rule]) -> list[Rule]:
    """SMART order, then code."""
    return sorted(rules, key=lambda r: (list(Criterion).index(r.criterion), r.code))


def rule_page(rule: Rule) -> str:
    """One rule's page: what it checks, why, an example, a better version, and its options."""
    lines = [
        f"# {rule.code} `{rule.name}`",
        "",
        f"{rule.summary}.",
        "",
        "| criterion | severity | status |",
        "| --- | --- | --- |",
        f"| {rule.criterion.value} | {rule.severity.value} | {rule.status.value} |",
        "",
        "## What it checks",
        "",
        rule.docs.what,
        "",
        "## Why it matters",
        "",
        rule.docs.why,
        "",
        "## Example",
        "",
        rule.docs.example,
        "",
        "## Better",
        "",
        rule.docs.better,
        "",
    ]
    if rule.options:
        lines += ["## Options", "", "| option | default |", "| --- | --- |"]
        lines += [f"| `{name}` | {value:g} |" for name, value in rule.options.items()]
        name, value = next(iter(rule.options.items()))
        lines += [
            "",
            f'Change one with `Selection(options={{"{rule.code}": {{"{name}": {value * 2:g}}}}})` '
            f"or `therapy-goals check --option {rule.code}.{name}={value * 2:g}`.",
            "",
        ]
    lines += [
        "## Turning it off",
        "",
        f'`Selection(ignore=["{rule.code}"])` or `therapy-goals check --ignore {rule.code}`.',
    ]
    if rule.status.value == "preview":
        lines += [
            "",
            "This is a preview rule: it runs only when selected by its full code "
            f"(`--select {rule.code}`) or with `--preview`.",
        ]
    return "\n".join(lines) + "\n"


def rules_index(rules: Iterable[Rule]) -> str:
    """The index page: every rule in a table per criterion, each linking to its page."""
    ordered = _ordered(rules)
    lines = [
        "# Rules",
        "",
        "Every built-in SMART rule, generated from the rules' own documentation by",
        "`python -m therapy_goals.smart.reference docs/rules`. `therapy-goals rules CODE` prints",
        "the same text in a terminal. How rules are chosen and how verdicts follow from findings",
        "is explained in [the SMART rubric and rules](../smart-rules.md).",
        "",
    ]
    for criterion in Criterion:
        in_criterion = [r for r in ordered if r.criterion is criterion]
        if not in_criterion:
            continue
        lines += [
            f"## {criterion.value.capitalize()}",
            "",
            "| code | name | severity | summary |",
            "| --- | --- | --- | --- |",
        ]
        for rule in in_criterion:
            preview = " (preview)" if rule.status.value == "preview" else ""
            lines.append(
                f"| [{rule.code}]({rule.code}.md) | `{rule.name}` | "
                f"{rule.severity.value}{preview} | {rule.summary} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def rule_pages(rules: Iterable[Rule]) -> dict[str, str]:
    """File name -> Markdown for the index and every rule's page."""
    listed = list(rules)
    pages = {"index.md": rules_index(listed)}
    pages.update({f"{rule.code}.md": rule_page(rule) for rule in listed})
    return pages


def _write(folder: Path) -> None:  # pragma: no cover - a convenience for regenerating the docs
    folder.mkdir(parents=True, exist_ok=True)
    pages = rule_pages(BUILTIN_RULES)
    for stale in {p.name for p in folder.glob("*.md")} - set(pages):
        (folder / stale).unlink()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {folder}")


if __name__ == "__main__":  # pragma: no cover
    _write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules"))
