"""The testing kit for plug-in authors: fixtures, strategies, rule helpers, and its docs page."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import (
    Checker,
    Criterion,
    Goal,
    PluginManager,
    RuleContext,
    Verdict,
    get_plugin_manager,
)
from therapy_goals.storage import Store
from therapy_goals.testing.rules import assert_clean, assert_finds
from therapy_goals.testing.strategies import goals_breaking

DOCS = Path(__file__).parent.parent / "docs" / "testing.md"
_MANAGER = get_plugin_manager(load_entrypoints=False, environ={})


def test_from_type_works_without_importing_the_strategies() -> None:
    code = (
        "import warnings; warnings.simplefilter('ignore')\n"
        "from hypothesis import strategies as st\n"
        "from therapy_goals import ClientRecord, Goal\n"
        "print(type(st.from_type(Goal).example()).__name__,"
        " type(st.from_type(ClientRecord).example()).__name__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["Goal", "ClientRecord"]


@pytest.mark.parametrize("criterion", list(Criterion))
@given(data=st.data())
def test_goals_breaking_a_criterion_break_exactly_that_one(
    criterion: Criterion, data: st.DataObject
) -> None:
    goal = data.draw(goals_breaking(criterion.value))
    checker = Checker(plugins=_MANAGER)
    verdicts = checker.check(goal, context=RuleContext(today=goal.start)).verdicts
    assert verdicts[criterion] is Verdict.UNMET
    assert all(v is Verdict.MET for c, v in verdicts.items() if c is not criterion), verdicts


def test_rule_helpers_say_what_they_saw() -> None:
    assert_finds("I want to be happier", "S101", today=date(2026, 3, 2), plugins=_MANAGER)
    with pytest.raises(AssertionError, match=r"T101 found nothing; the findings were \[\]"):
        assert_finds(
            "Walk for 20 minutes three times a week for the next 8 weeks so that I sleep better",
            "T101",
            plugins=_MANAGER,
        )
    with pytest.raises(AssertionError, match="S101 reported: "):
        assert_clean("I want to be happier", "S101", plugins=_MANAGER)


def test_the_fixtures(
    plugin_manager: PluginManager,
    register_plugin: Callable[[object], PluginManager],
    memory_store: Store,
    goal_factory: Callable[..., Goal],
) -> None:
    assert "json" in plugin_manager.exporters()
    assert "S101" in register_plugin(object()).rules()
    first, second = goal_factory(), goal_factory(area="sleep")
    assert first.id != second.id
    assert second.area == "sleep"
    memory_store.add(first)
    assert [g.id for g in memory_store.goals()] == [first.id]


def test_the_testing_page_runs(pytester: pytest.Pytester) -> None:
    [code] = re.findall(r"```python\n(.*?)```", DOCS.read_text(), flags=re.DOTALL)
    pytester.makepyfile(test_from_docs=code)
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider", "-W", "ignore")
    result.assert_outcomes(passed=4)


def test_the_strategies_can_be_imported_before_hypothesis_in_a_fresh_interpreter() -> None:
    """The kit's documented first line (issue 16): hypothesis runs our entry point while the
    strategies module is still importing it; that must not end in a false "install
    therapy-goals[testing]"."""
    program = (
        "from therapy_goals.testing import strategies\n"
        "from hypothesis import strategies as st\n"
        "from therapy_goals import Goal\n"
        "goal = strategies.goals().example()\n"
        "drawn = st.from_type(Goal).example()\n"
        "print(type(goal).__name__, type(drawn).__name__)\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == "Goal Goal\n"
