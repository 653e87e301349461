"""Choosing rules like ruff and flake8: select, extend-select, ignore, severities and options."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import attrs
import pytest

from therapy_goals import (
    Advice,
    Checker,
    PluginError,
    Rule,
    RuleStatus,
    Selection,
    Severity,
    ValidationError,
    get_plugin_manager,
    hookimpl,
    rule,
)
from therapy_goals.contracts.rules import RuleContext, Subject
from therapy_goals.smart.rules import BUILTIN_RULES

CODES = sorted(r.code for r in BUILTIN_RULES if r.status is RuleStatus.STABLE)


def selected(selection: Selection) -> list[str]:
    return [active.rule.code for active in selection.resolve(BUILTIN_RULES)]


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (Selection(), CODES),
        (Selection(select=("S101",)), ["S101"]),
        (Selection(select=("S1",)), [c for c in CODES if c.startswith("S1")]),
        (Selection(select=("specific",)), [c for c in CODES if c.startswith("S")]),
        (Selection(select=("time_bound",)), [c for c in CODES if c.startswith("T")]),
        (Selection(select=("time-bound", "R101")), ["R101"] + [c for c in CODES if c[0] == "T"]),
        (Selection(ignore=("S104",)), [c for c in CODES if c != "S104"]),
        (
            Selection(select=("specific",), ignore=("S104",)),
            ["S101", "S102", "S103", "S105", "S106", "S107", "S108", "S109", "S110"],
        ),
        (
            Selection(ignore=("S",), extend_select=("S101",)),
            [c for c in CODES if c[0] != "S"] + ["S101"],
        ),
        (Selection(select=("S101",), ignore=("specific",)), ["S101"]),
        (Selection(select=("S",), ignore=("S",)), []),
        (Selection(select="M101, A"), ["M101"] + [c for c in CODES if c[0] == "A"]),
        (Selection(ignore=("ALL",), extend_select=("T101",)), ["T101"]),
    ],
)
def test_the_most_specific_selector_wins(selection: Selection, expected: list[str]) -> None:
    assert selected(selection) == sorted(expected)


def test_builtin_preview_rules_run_only_when_named() -> None:
    assert "R103" not in selected(Selection())
    assert "R103" not in selected(Selection(select=("R",)))
    assert "R103" in selected(Selection(select=("R103",)))
    assert "R103" in selected(Selection(preview=True))


def test_severity_overrides_use_the_most_specific_selector() -> None:
    selection = Selection(severity={"A": Severity.INFO, "A104": Severity.ERROR})
    severities = {a.rule.code: a.severity for a in selection.resolve(BUILTIN_RULES)}
    assert severities["A101"] is Severity.INFO
    assert severities["A104"] is Severity.ERROR
    assert severities["S101"] is Severity.ERROR


def test_options_override_thresholds_and_change_findings() -> None:
    manager = get_plugin_manager(load_entrypoints=False, environ={})
    statement = "Exercise for 90 minutes every day"
    default = Checker(plugins=manager).check(statement)
    raised = Checker(
        plugins=manager, selection=Selection(options={"A101": {"max_weekly_minutes": 900}})
    ).check(statement)
    assert "A101" in default.codes()
    assert "A101" not in raised.codes()


@pytest.mark.parametrize(
    ("selection", "path", "fragment"),
    [
        (Selection(select=("Q9",)), "select[0]", "'Q9' matches no rule"),
        (Selection(ignore=("S101", "nonsense")), "ignore[1]", "matches no rule"),
        (Selection(extend_select=("Z",)), "extend_select[0]", "matches no rule"),
        (Selection(severity={"X1": Severity.INFO}), "severity[0]", "matches no rule"),
        (Selection(severity={"A1": "loud"}), "severity.A1", "error, warning, info"),  # type: ignore[dict-item]
        (Selection(options={"A999": {"x": 1}}), "options.A999", "not a rule code"),
        (
            Selection(options={"A101": {"max_hours": 1}}),
            "options.A101.max_hours",
            "max_weekly_minutes",
        ),
        (
            Selection(options={"A101": {"max_weekly_minutes": "lots"}}),
            "options.A101.max_weekly_minutes",
            "number",
        ),  # type: ignore[dict-item]
    ],
)
def test_a_bad_selection_is_a_clear_error(selection: Selection, path: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        selection.resolve(BUILTIN_RULES)
    assert info.value.problems[0].path == path
    assert fragment in str(info.value)


@rule(
    "X101",
    "achievable.names-support",
    Severity.INFO,
    summary="The goal does not say who will help",
    what="A statement that names no one who will support the client.",
    why="Support makes change more likely to last.",
    example="Walk three times a week",
    better="Walk three times a week with my neighbour",
    status=RuleStatus.PREVIEW,
)
def names_support(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    if " with " not in f" {subject.facts.normalised} ":
        yield Advice(
            message="No one is named to help.", suggestion="Say who could help.", field="statement"
        )


class SupportPlugin:
    def __init__(self, *rules: Rule) -> None:
        self.rules = rules

    @hookimpl
    def register_rules(self, register: Callable[[Rule], None]) -> None:
        for each in self.rules:
            register(each)


def manager_with(*plugins: object):  # type: ignore[no-untyped-def]
    return get_plugin_manager(plugins=plugins, load_entrypoints=False, environ={})


def test_preview_rules_run_only_when_selected_by_code_or_with_preview() -> None:
    manager = manager_with(SupportPlugin(names_support))
    assert "X101" not in Checker(plugins=manager).check("Walk daily").codes()
    by_code = Checker(plugins=manager, selection=Selection(extend_select=("X101",)))
    assert "X101" in by_code.check("Walk daily").codes()
    by_prefix = Checker(plugins=manager, selection=Selection(extend_select=("X",)))
    assert "X101" not in by_prefix.check("Walk daily").codes()
    with_preview = Checker(plugins=manager, selection=Selection(preview=True))
    assert "X101" in with_preview.check("Walk daily").codes()
    assert "X101" not in with_preview.check("Walk daily with my sister").codes()


def test_a_plugin_cannot_use_another_plugins_code_letters() -> None:
    stolen = attrs.evolve(names_support, code="A901")
    manager = manager_with(SupportPlugin(stolen))
    with pytest.raises(PluginError) as info:
        manager.rules()
    assert str(info.value) == (
        "plug-in 'SupportPlugin': register_rules: 'A901' is left out: the code letters 'A' "
        "belong to 'therapy_goals.smart.rules'; give the plug-in's rules letters of their own "
        "(e.g. SLP for SLP101)"
    )


def test_a_duplicate_code_names_both_plugins() -> None:
    manager = manager_with(SupportPlugin(names_support), SupportPlugin(names_support))
    with pytest.raises(PluginError, match="'X101' is left out: 'SupportPlugin' registered it"):
        manager.rules()


def test_a_rule_that_raises_is_reported_with_its_code() -> None:
    @rule(
        "Y101",
        "specific.broken",
        Severity.INFO,
        summary="Broken",
        what="Always fails here.",
        why="To test errors.",
        example="Any goal at all",
        better="No goal at all",
    )
    def broken(
        subject: Subject, context: RuleContext, options: Mapping[str, float]
    ) -> Iterator[Advice]:
        raise KeyError("oops")

    checker = Checker(plugins=manager_with(SupportPlugin(broken)))
    with pytest.raises(
        PluginError, match=r"rule Y101 \(specific.broken\) failed on goal .*KeyError"
    ):
        checker.check("Walk daily")


@pytest.mark.parametrize(
    ("code", "name", "fragment"),
    [
        ("S1", "specific.x", "capital letters and 3 digits"),
        ("s101", "specific.x", "capital letters and 3 digits"),
        ("ABCD101", "specific.x", "capital letters and 3 digits"),
        ("X101", "timebound.x", "must start with the criterion"),
        ("X101", "specific x", "must start with the criterion"),
        ("X101", "specific", "must start with the criterion"),
    ],
)
def test_rule_codes_and_names_are_checked(code: str, name: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        rule(
            code,
            name,
            Severity.INFO,
            summary="S",
            what="w w w",
            why="w w w",
            example="e e e",
            better="b b b",
        )(names_support.check)


def test_a_prefix_keeps_to_its_plugins_letters() -> None:
    """Issue 16: `--ignore S` must not switch off a plug-in's SLP101, nor `--select S1` run it."""
    from therapy_goals.smart.selection import _specificity

    own = next(rule for rule in BUILTIN_RULES if rule.code == "S101")
    foreign = attrs.evolve(own, code="SLP101")
    assert _specificity("S", own) is not None
    assert _specificity("S", foreign) is None
    assert _specificity("S1", foreign) is None
    assert _specificity("SLP", foreign) is not None
    assert _specificity("SLP1", foreign) is not None
    assert _specificity("SLP101", foreign) is not None
    assert _specificity("specific", foreign) is not None  # criteria still span plug-ins
