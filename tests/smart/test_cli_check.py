"""The check and rules commands, as a person or a script would use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from therapy_goals.cli import cli

GOLDEN = Path(__file__).parent.parent / "data" / "sample-record.json"
TODAY = ["--today", "2026-03-02"]


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, list(args), input=input, env={"THERAPY_GOALS_DISABLE_PLUGINS": ""}
    )
    return result.exit_code, result.stdout, result.stderr


def test_json_output_has_one_object_per_input_in_the_documented_shape() -> None:
    code, out, _ = run(
        "check",
        *TODAY,
        "--format",
        "json",
        "I want to be happier",
        "Go to bed by 10 PM every night for the next four weeks",
    )
    assert code == 1
    first, second = json.loads(out)
    assert first["input"] == "I want to be happier"
    assert first["criteria"] == {
        "specific": "unmet",
        "measurable": "unmet",
        "achievable": "unknown",
        "relevant": "unknown",
        "time_bound": "unmet",
    }
    assert set(first["findings"][0]) == {
        "code",
        "name",
        "criterion",
        "severity",
        "message",
        "suggestion",
        "field",
    }
    assert [f["code"] for f in first["findings"]] == ["S101", "M101", "R101", "R102", "T101"]
    assert second["criteria"]["time_bound"] == "met"


def test_text_output_groups_findings_under_their_criterion() -> None:
    code, out, _ = run("check", *TODAY, "Exercise three times a week for 30 minutes")
    assert code == 1
    lines = out.splitlines()
    time_bound = lines.index("  time-bound  unmet")
    assert lines[time_bound + 1].startswith('    T101 error   due: "3 times a week" says how often')
    assert "  specific    met" in lines
    assert lines[-1] == "1 checked, 0 fully SMART: 1 error(s), 0 warning(s), 1 tip(s)"


def test_exit_status_is_0_without_error_level_findings() -> None:
    code, _, _ = run(
        "check", *TODAY, "--ignore", "T101", "Exercise three times a week for 30 minutes"
    )
    assert code == 0


def test_severity_and_option_overrides_from_the_command_line() -> None:
    statement = "Exercise for 90 minutes every day for 4 weeks"
    code, out, _ = run("check", *TODAY, "--format", "json", "--severity", "A101=error", statement)
    assert code == 1
    assert {f["code"]: f["severity"] for f in json.loads(out)[0]["findings"]}["A101"] == "error"
    code, out, _ = run(
        "check", *TODAY, "--format", "json", "--option", "A101.max_weekly_minutes=900", statement
    )
    assert "A101" not in [f["code"] for f in json.loads(out)[0]["findings"]]


def test_select_limits_the_rules_that_run() -> None:
    code, out, _ = run(
        "check", *TODAY, "--format", "json", "--select", "time-bound,M1", "I want to be happier"
    )
    assert code == 1
    assert [f["code"] for f in json.loads(out)[0]["findings"]] == ["M101", "T101"]


def test_concerns_enable_the_outside_concerns_rule() -> None:
    _code, out, _ = run(
        "check",
        *TODAY,
        "--format",
        "json",
        "--concern",
        "anxiety",
        "Go to bed by 10 pm every night for 4 weeks",
    )
    assert "R104" in [f["code"] for f in json.loads(out)[0]["findings"]]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("check",), "give either one or more statements, or --file FILE"),
        (("check", "--file", "x.json", "Walk"), "give either one or more statements"),
        (("check", "--select", "Q9", "Walk"), "'Q9' matches no rule"),
        (("check", "--severity", "A101=loud", "Walk"), "LEVEL error, warning or info"),
        (("check", "--option", "A101=3", "Walk"), "CODE.OPTION=NUMBER"),
        (("check", "--option", "A101.max_hours=3", "Walk"), "options.A101.max_hours"),
        (("check", "--today", "tomorrow", "Walk"), "tomorrow"),
        (("check", "--file", "/no/such/file.json"), "cannot read /no/such/file.json"),
        (("rules", "Z999"), "there is no rule 'Z999'"),
    ],
)
def test_bad_usage_or_input_exits_2_with_a_clear_message(
    args: tuple[str, ...], fragment: str
) -> None:
    code, _out, err = run(*args)
    assert code == 2
    assert fragment in err


def test_check_file_uses_the_record_as_context_for_each_goal(tmp_path: Path) -> None:
    record = json.loads(GOLDEN.read_text())
    first = record["goals"][0]
    extra = [{**first, "id": f"goal-{n}", "steps": [], "plans": []} for n in range(3)]
    record["goals"] = [first, *extra]
    record.pop("plan_uses")  # uses of the first goal's plans only
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    _code, out, _ = run("check", *TODAY, "--format", "json", "--file", str(path))
    reports = json.loads(out)
    assert [r["input"] for r in reports] == ["goal-anxiety-1", "goal-0", "goal-1", "goal-2"]
    assert all("A105" in [f["code"] for f in r["findings"]] for r in reports)


def test_rules_lists_every_rule_and_explains_one() -> None:
    code, out, _ = run("rules", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 20
    assert {"S101", "M104", "A101", "R101", "T101"} <= {r["code"] for r in rows}
    code, out, _ = run("rules", "t101")
    assert code == 0
    for heading in ("What it checks", "Why it matters", "Example", "Better"):
        assert f"\n{heading}\n" in out
    assert out.startswith("T101 time-bound.no-horizon (error, stable)")
    code, out, _ = run("rules", "A101", "--format", "json")
    assert json.loads(out)["options"] == {"max_weekly_minutes": 600}


# --- check tells the truth (issue 14) ------------------------------------------------------------


def test_criteria_no_selected_rule_judges_are_not_checked_never_met() -> None:
    from therapy_goals import Selection, Verdict, check

    # No selected rule objects to this statement, so a checker that called every criterion
    # without a rule "met" would report it fully SMART; only S and M were looked at.
    report = check("Walk for 20 minutes every day", selection=Selection(select=("S", "M")))
    assert {c.value: v for c, v in report.verdicts.items()} == {
        "specific": Verdict.MET,
        "measurable": Verdict.MET,
        "achievable": Verdict.NOT_CHECKED,
        "relevant": Verdict.NOT_CHECKED,
        "time-bound": Verdict.NOT_CHECKED,
    }
    assert not report.is_smart
    code, out, _ = run("check", *TODAY, "--ignore", "A,R,T", "Walk for 20 minutes every day")
    assert code == 0
    assert out.splitlines()[1:6] == [
        "  specific    met",
        "  measurable  met",
        "  achievable  not checked",
        "  relevant    not checked",
        "  time-bound  not checked",
    ]
    assert out.splitlines()[-1].startswith("1 checked, 0 fully SMART")
    _, out, _ = run("check", *TODAY, "--format", "json", "--select", "T", "Walk daily")
    assert json.loads(out)[0]["criteria"]["specific"] == "not-checked"


def test_area_and_why_give_a_plain_statement_what_relevant_needs() -> None:
    statement = "Walk for 20 minutes every day for the next 6 weeks"
    _, out, _ = run("check", *TODAY, "--format", "json", statement)
    assert json.loads(out)[0]["criteria"]["relevant"] == "unknown"  # no reason given
    _, out, _ = run(
        "check", *TODAY, "--format", "json", "--why", "To have energy for my kids", statement
    )
    [report] = json.loads(out)
    assert report["criteria"]["relevant"] == "met"
    assert "R101" not in [f["code"] for f in report["findings"]]
    code, _, err = run("check", *TODAY, "--area", "Not A Slug!", statement)
    assert (code, err.count("\n")) == (2, 1)
    assert err.startswith("Error: statement: area: ")
    code, _, err = run("check", "--file", str(GOLDEN), "--why", "x")
    assert code == 2
    assert "--area and --why go with a statement" in err


@pytest.mark.parametrize("exported", ["full", "json", "fhir", "csv"])
def test_check_file_reads_what_export_writes(tmp_path: Path, exported: str) -> None:
    store = f"sqlite://{tmp_path / 'goals.db'}"
    env = {"THERAPY_GOALS_DISABLE_PLUGINS": "", "THERAPY_GOALS_STORE": store}
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(GOLDEN)], env=env).exit_code == 0
    path = tmp_path / f"export.{exported}"
    made = runner.invoke(
        cli, ["export", "--client", "client-0001", "--format", exported, "-o", str(path)], env=env
    )
    assert made.exit_code == 0, made.stderr
    code, out, err = run("check", *TODAY, "--format", "json", "--file", str(path))
    assert code == 0, err
    assert [r["input"] for r in json.loads(out)] == ["goal-anxiety-1"]


@pytest.mark.parametrize("words", [("I", "want", "to", "be", "happier"), ("Exercise", "daily")])
def test_unquoted_words_get_a_hint_to_quote_the_statement(words: tuple[str, ...]) -> None:
    code, out, err = run("check", *words)
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {len(words)} single words, each of which would be checked as a statement of "
        f'its own; put one statement in quotes: therapy-goals check "{" ".join(words)}"\n'
    )
    # Several quoted statements are still several statements.
    code, out, _ = run("check", *TODAY, "Walk daily for 4 weeks", "Sleep by 11 pm for a month")
    assert out.splitlines()[-1].startswith("2 checked")
