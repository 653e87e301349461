"""Every rule against its own cases: goals and statements that must trigger it, and must not."""

from __future__ import annotations

import pytest

from therapy_goals import Criterion, get_plugin_manager
from therapy_goals.smart.rules import BUILTIN_RULES

from .cases import CASES, Case, all_cases, load_rule_cases

MANAGER = get_plugin_manager(load_entrypoints=False, environ={})
CASE_LIST = all_cases()


@pytest.mark.parametrize("case", CASE_LIST, ids=Case.describe)
def test_rule_case(case: Case) -> None:
    case.check(plugins=MANAGER)


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.code)
def test_every_rule_has_cases_both_ways(rule) -> None:  # type: ignore[no-untyped-def]
    path = CASES / f"{rule.code}.toml"
    assert path.is_file(), f"add {path.relative_to(CASES.parent.parent.parent)}"
    cases = load_rule_cases(path)
    assert sum(c.expect_finding for c in cases) >= 2, "at least two goals that trigger it"
    assert sum(not c.expect_finding for c in cases) >= 2, "at least two goals that do not"


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.code)
def test_every_rule_is_fully_documented(rule) -> None:  # type: ignore[no-untyped-def]
    for section in ("what", "why", "example", "better"):
        text = getattr(rule.docs, section)
        assert len(text.split()) >= 3, f"{rule.code}: write the '{section}' section"
    assert rule.summary[0].isupper()
    assert rule.name.split(".")[0] == rule.criterion.value
    for option in rule.options:
        assert f"`{option}`" in rule.docs.what, f"{rule.code}: document option {option}"


def test_case_files_name_real_rules() -> None:
    codes = {rule.code for rule in BUILTIN_RULES}
    assert {path.stem for path in CASES.glob("*.toml")} <= codes


def test_the_builtin_rules_cover_all_five_criteria() -> None:
    assert len(BUILTIN_RULES) >= 20
    assert {rule.criterion for rule in BUILTIN_RULES} == set(Criterion)
    assert len({rule.code for rule in BUILTIN_RULES}) == len(BUILTIN_RULES)


def test_every_rule_has_an_up_to_date_documentation_page() -> None:
    from pathlib import Path

    from therapy_goals import get_plugin_manager
    from therapy_goals.smart.reference import rule_pages

    folder = Path(__file__).parent.parent.parent / "docs" / "rules"
    rules = get_plugin_manager(load_entrypoints=False, environ={}).rules().values()
    pages = rule_pages(rules)
    assert {f"{rule.code}.md" for rule in rules} < set(pages)
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.md")}
    assert set(on_disk) == set(pages), "a rule without a page, or a page without a rule"
    for name, text in pages.items():
        assert on_disk[name] == text, (
            f"docs/rules/{name} is stale: python -m therapy_goals.smart.reference docs/rules"
        )
