"""The ``plan`` commands, and obstacles and supporters through ``edit`` (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from therapy_goals.cli import cli


def test_a_plan_is_added_used_listed_shown_and_removed(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"THERAPY_GOALS_STORE": f"sqlite://{tmp_path / 'goals.db'}"}

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli, list(args), env=env)
        assert result.exit_code == code, result.output
        return result.stdout if code == 0 else result.stderr

    made = run("new", "--template", "physical-activity.walking", "--client", "c1", "--start",
               "2026-03-02", "--format", "json")  # fmt: skip
    goal_id = json.loads(made)[0]["id"]
    short = goal_id[:8]
    # The template's own plan is number 1; a second one is added.
    added = run("plan", "add", short, "--if", "my knee hurts", "--then", "swim for 20 minutes")
    assert added.startswith("added plan 2 (")
    assert added.rstrip().endswith(
        f"to goal {short}: If my knee hurts, then I will swim for 20 minutes."
    )
    run("plan", "used", short, "2", "--at", "2026-03-05T18:00", "--helped")
    run("plan", "used", short, "2", "--at", "2026-03-07T18:00", "--did-not-help")
    run("plan", "used", short, "1", "--at", "2026-03-06T18:00")
    listed = run("plan", "list", short).splitlines()
    assert listed[0].endswith("Used once; last on 2026-03-06.")
    assert listed[1].endswith(
        "If my knee hurts, then I will swim for 20 minutes. Used 2 times, helped 1 of 2 times "
        "rated; last on 2026-03-07."
    )
    rows = json.loads(run("plan", "list", short, "--format", "json"))
    assert [(r["number"], r["uses"], r["helped"]) for r in rows] == [(1, 1, 0), (2, 2, 1)]
    assert rows[0]["step_id"] == "step-1"  # the walking template's plan is its walk, indoors
    shown = run("show", short, "--today", "2026-03-08")
    assert "  if-then plans:" in shown
    assert "  obstacles:   bad weather on a walking day" in shown
    # Mistakes name what to type instead; nothing is saved.
    assert "has no plan '7'; its plans: 1 (" in run("plan", "used", short, "7", code=2)
    assert "before the goal's start 2026-03-02" in run(
        "plan", "used", short, "1", "--at", "2026-01-01T10:00", code=1
    )
    assert "has no step 'step-9'" in run(
        "plan", "add", short, "--if", "x", "--then", "walk", "--step", "step-9", code=2
    )
    entries = run("entries", short)
    assert entries.count("  plan  ") == 3
    removed = run("plan", "remove", short, "2")
    assert removed.startswith("removed plan ")
    assert len(json.loads(run("plan", "list", short, "--format", "json"))) == 1
    history = run("history", short)
    assert "plan added" in history
    assert "plan removed" in history


def test_edit_sets_obstacles_and_supporters(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"THERAPY_GOALS_STORE": f"sqlite://{tmp_path / 'goals.db'}"}
    made = runner.invoke(
        cli,
        ["new", "--template", "sleep.regular-bedtime", "--client", "c1", "--format", "json"],
        env=env,
    )
    goal_id = json.loads(made.stdout)[0]["id"]
    edited = runner.invoke(
        cli,
        ["edit", goal_id, "--obstacle", "night shifts", "--obstacle", "a noisy flat",
         "--supporter", "my sister"],
        env=env,
    )  # fmt: skip
    assert edited.exit_code == 0, edited.output
    assert "obstacles, supporters" in edited.stdout
    shown = json.loads(runner.invoke(cli, ["show", goal_id, "--format", "json"], env=env).stdout)
    assert shown["obstacles"] == ["night shifts", "a noisy flat"]
    assert shown["supporters"] == ["my sister"]
