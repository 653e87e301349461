"""Issue 16: every mistake a plug-in author makes is loud, names the plug-in and the item, and says
the fix. Each test installs a small plug-in package (a module plus its dist-info, laid out as pip
would) that makes one mistake, and runs it the way its author would: through the command, the
plug-in manager, or the testing kit."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from therapy_goals import (
    Parameter,
    ParameterType,
    PluginError,
    ValidationError,
    get_plugin_manager,
    hookimpl,
)
from therapy_goals.cli import cli
from therapy_goals.plugins import DISABLE_PLUGINS_ENV
from therapy_goals.testing.rules import assert_clean, assert_finds, load_rule_cases

from .conftest import FakeDistribution

SLEEP_RULE = """
from therapy_goals import Criterion, Rule, RuleDocs, Severity, hookimpl

def _check(subject, context, options):
    return ()

RULE = Rule(
    code="SLP101",
    criterion=Criterion.SPECIFIC,
    name="specific.sleep-window",
    severity=Severity.WARNING,
    summary="A sleep goal names a time window",
    docs=RuleDocs(what="w", why="y", example="b", better="g"),
    check=_check,
)
"""


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={DISABLE_PLUGINS_ENV: "", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def test_a_hook_that_returns_rules_instead_of_calling_register_is_named(
    fake_distribution: FakeDistribution,
) -> None:
    fake_distribution(
        "tg_returns",
        SLEEP_RULE + "\n@hookimpl\ndef register_rules(register):\n    return [RULE]\n",
    )
    manager = get_plugin_manager(environ={})
    assert "SLP101" not in manager.rules()
    [problem] = manager.problems
    assert problem.plugin == "tg_returns"
    assert "register_rules returned a list" in problem.message
    assert "call register(rule) once for each" in problem.message
    status, out, err = run("rules")
    assert status == 0
    assert "S101" in out  # the rest still work
    assert "warning: plug-in 'tg_returns': register_rules returned a list" in err


def test_a_callers_own_plugin_that_returns_rules_raises() -> None:
    class Returns:
        @hookimpl
        def register_rules(self, register: object) -> list[str]:
            return ["not registered"]

    manager = get_plugin_manager(plugins=[Returns()], load_entrypoints=False, environ={})
    with pytest.raises(PluginError, match="register_rules returned a list"):
        manager.rules()


def test_a_function_missing_hookimpl_is_named_with_the_fix(
    fake_distribution: FakeDistribution,
) -> None:
    fake_distribution(
        "tg_unmarked", SLEEP_RULE + "\ndef register_rules(register):\n    register(RULE)\n"
    )
    manager = get_plugin_manager(environ={})
    [problem] = manager.problems
    assert problem.plugin == "tg_unmarked"
    assert "register_rules is not marked with @hookimpl" in problem.message
    assert "from therapy_goals import hookimpl" in problem.message
    status, _, err = run("check", "Walk for 20 minutes every day for 8 weeks")
    assert status == 0
    assert "warning: plug-in 'tg_unmarked': register_rules is not marked with @hookimpl" in err


def test_a_misspelt_hook_name_says_which_hook_was_meant(
    fake_distribution: FakeDistribution,
) -> None:
    fake_distribution(
        "tg_typo", SLEEP_RULE + "\n@hookimpl\ndef register_rule(register):\n    register(RULE)\n"
    )
    manager = get_plugin_manager(environ={})
    [failure] = manager.load_failures
    assert "register_rule" in failure.error
    assert "did you mean 'register_rules'?" in failure.error
    status, _, err = run("rules")
    assert status == 0
    assert "warning: plug-in 'tg_typo' (tg-typo 1.2.3) was not loaded" in err
    assert "did you mean 'register_rules'?" in err


def test_an_unknown_name_in_the_disable_variable_is_warned_about_by_every_listing_command() -> None:
    for command in (["rules"], ["templates"], ["check", "Walk 20 minutes a day for 8 weeks"]):
        _, _, err = run(*command, env={DISABLE_PLUGINS_ENV: "therapy_goals.smart.rulez"})
        assert (
            "warning: THERAPY_GOALS_DISABLE_PLUGINS names 'therapy_goals.smart.rulez', which no "
            "plug-in has; did you mean 'therapy_goals.smart.rules'?"
        ) in err, command


def test_a_plugin_that_fails_to_load_makes_check_warn(
    fake_distribution: FakeDistribution,
) -> None:
    fake_distribution("tg_broken", "import a_module_that_does_not_exist\n", version="2.0.1")
    status, out, err = run("check", "Walk for 20 minutes every day for the next 8 weeks")
    assert status == 0, out
    assert (
        "warning: plug-in 'tg_broken' (tg-broken 2.0.1) was not loaded, so its rules, templates "
        "and other contributions are missing: ModuleNotFoundError"
    ) in err


def test_assert_clean_with_a_code_no_rule_has_fails_loudly() -> None:
    with pytest.raises(PluginError, match=r"no rule 'S1O1' is registered; did you mean 'S101'\?"):
        assert_clean("Walk for 20 minutes a day for 8 weeks", "S1O1")
    with pytest.raises(PluginError, match=r"no rule 'SLP101' is registered"):
        assert_finds("Be happier", "SLP101")


def write_cases(tmp_path: Path, code: str, text: str) -> Path:
    path = tmp_path / f"{code}.toml"
    path.write_text(textwrap.dedent(text))
    return path


def test_a_case_file_with_an_unknown_table_is_refused_with_the_right_name(tmp_path: Path) -> None:
    path = write_cases(tmp_path, "S101", '[[triggers]]\ntext = "I want to be happier"\n')
    with pytest.raises(ValidationError) as info:
        load_rule_cases(path)
    assert str(info.value) == (
        f"{path}: triggers: a case file has [[trigger]] and [[pass]] tables only; "
        "did you mean [[trigger]]?"
    )


def test_a_case_file_with_no_cases_is_refused(tmp_path: Path) -> None:
    path = write_cases(tmp_path, "S101", "# nothing yet\n")
    with pytest.raises(ValidationError, match=r"no cases: add \[\[trigger\]\] or \[\[pass\]\]"):
        load_rule_cases(path)


def test_a_case_with_a_misspelt_key_names_it_and_the_key_meant(tmp_path: Path) -> None:
    path = write_cases(
        tmp_path, "S101", '[[pass]]\ngaol = { statement = "Walk", due = "2026-05-01" }\n'
    )
    with pytest.raises(ValidationError) as info:
        load_rule_cases(path)
    assert str(info.value) == (
        f"{path}: pass[0].gaol: unknown key; did you mean 'goal'? "
        "(a case has text or goal, and may have today, concerns, other_goals)"
    )
    neither = write_cases(tmp_path, "S102", '[[trigger]]\ntoday = "2026-03-02"\n')
    with pytest.raises(ValidationError, match=r"trigger\[0\]: give text = \"...\" or goal = {"):
        load_rule_cases(neither)


def test_a_parameter_whose_minimum_is_above_its_maximum_is_refused_when_made() -> None:
    with pytest.raises(ValidationError, match=r"max: must be at least min \(7\), got 3"):
        Parameter(name="nights", type=ParameterType.INT, min=7, max=3, help="Nights a week")


def test_a_template_file_with_min_above_max_is_reported_not_listed(
    fake_distribution: FakeDistribution, tmp_path: Path
) -> None:
    folder = fake_distribution(
        "tg_sleepy",
        """
        from pathlib import Path
        from therapy_goals import hookimpl
        from therapy_goals.templates import templates_in_folder

        @hookimpl
        def register_templates(register):
            for item in templates_in_folder(Path(__file__).parent / "tg_sleepy_templates"):
                register(item)
        """,
    )
    (folder / "tg_sleepy_templates").mkdir()
    (folder / "tg_sleepy_templates" / "sleep-wind-down.toml").write_text(
        textwrap.dedent(
            """
            id = "sleep.wind-down"
            title = "Wind down before bed"
            area = "sleep"
            version = "1"
            description = "A screen-free wind-down routine"

            [[parameters]]
            name = "minutes"
            type = "int"
            min = 60
            max = 10
            help = "Minutes"

            [goal]
            statement = "Spend {minutes} minutes screen-free before bed every night for 4 weeks"
            horizon_weeks = 4
            """
        )
    )
    status, out, err = run("templates")
    assert status == 0
    assert "sleep.wind-down" not in out
    assert "sleep-wind-down.toml" in err
    assert "max: must be at least min (60), got 10" in err


def test_a_clash_leaves_the_later_item_out_and_never_suggests_blocking_a_builtin(
    fake_distribution: FakeDistribution,
) -> None:
    fake_distribution(
        "tg_clash",
        SLEEP_RULE.replace('"SLP101"', '"S201"')
        + "\n@hookimpl\ndef register_rules(register):\n    register(RULE)\n",
    )
    status, out, err = run("rules")
    assert status == 0
    assert "S101" in out
    assert "S201" not in out
    assert (
        "warning: plug-in 'tg_clash': register_rules: 'S201' is left out: the code letters 'S' "
        "belong to 'therapy_goals.smart.rules'; give the plug-in's rules letters of their own"
    ) in err
    assert "DISABLE_PLUGINS=therapy_goals" not in err
    status, out, _ = run("check", "Walk for 20 minutes every day for the next 8 weeks")
    assert status == 0, out
    _, out, _ = run("templates")
    assert "anxiety." in out


def test_rules_and_templates_say_which_plugin_contributed_each(
    fake_distribution: FakeDistribution,
) -> None:
    fake_distribution(
        "tg_sleep_rule",
        SLEEP_RULE + "\n@hookimpl\ndef register_rules(register):\n    register(RULE)\n",
    )
    _, out, _ = run("rules", "--format", "json")
    import json

    by_code = {row["code"]: row for row in json.loads(out)}
    assert by_code["SLP101"]["plugin"] == "tg_sleep_rule"
    assert by_code["S101"]["plugin"] == "therapy_goals.smart.rules"
    _, out, _ = run("rules")
    lines = out.splitlines()
    assert lines[0] == "from therapy_goals.smart.rules (built-in):"
    assert lines[-2:][0] == "from tg_sleep_rule (1.2.3):"
    assert lines[-1].startswith("  SLP101 specific.sleep-window")
    _, out, _ = run("templates", "--format", "json")
    rows = json.loads(out)
    assert {row["plugin"] for row in rows} == {"therapy_goals.templates.builtin"}
    _, out, _ = run("templates")
    assert "therapy_goals.templates.builtin" in out
