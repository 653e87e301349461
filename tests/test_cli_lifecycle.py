"""The lifecycle commands carry a goal from proposal to completion, and correct its records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from therapy_goals.cli import cli


def test_a_goal_goes_from_proposed_to_completed_and_a_wrong_entry_is_corrected(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    env = {"THERAPY_GOALS_STORE": f"sqlite://{tmp_path / 'goals.db'}"}

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli, list(args), env=env)
        assert result.exit_code == code, result.output
        return result.stdout if code == 0 else result.stderr

    made = run("new", "--template", "anxiety.gad7-mindfulness", "--client", "c1", "--start",
               "2026-03-02", "--format", "json")  # fmt: skip
    goal_id = json.loads(made)[0]["id"]
    short = goal_id[:8]
    # A proposed goal cannot be completed; it is agreed and made active first: refused, exit 1.
    refused = run("review", goal_id, "--achievement", "achieved", "--decision", "complete",
                  "--at", "2026-03-03T10:00", code=1)  # fmt: skip
    assert "cannot change from 'proposed' to 'completed'" in refused
    assert run("status", goal_id, "active") == (
        f"goal {short} is now active (was proposed), revision 2\n"
    )
    assert "illegal" not in run("log", goal_id, "14", "--at", "2026-03-09T18:00")
    run("log", goal_id, "41", "--at", "2026-03-16T18:00", code=1)  # GAD-7 totals end at 21
    run("log", goal_id, "4", "--at", "2026-03-16T18:00")  # a typo for 14
    run("log", goal_id, "12", "--at", "2026-03-23T18:00")
    listed = run("entries", goal_id).splitlines()
    assert [line.split()[2] for line in listed] == ["progress", "progress", "progress"]
    typo = next(line.split()[0] for line in listed if "  4 (self-report)" in line)
    assert len(typo) == 8  # a short id, which mark-error takes back
    assert run("mark-error", goal_id, typo, "--reason", "meant 14") == (
        f"marked record {typo} of goal {short} entered-in-error; it stays in the history and "
        "exports, and summaries leave it out\n"
    )
    assert run("mark-error", goal_id, typo, "--reason", "again", code=1).startswith(
        f"Error: progress entry '{typo}"
    )
    assert "[entered-in-error]" in run("entries", goal_id)
    report = run("report", "--client", "c1", "--today", "2026-03-24")
    # 15 -> 14 -> 12 without the typo: 3 of the 8 points to the target, 37.5% of the way.
    assert "latest 12 on 2026-03-23 (37.5% of the way)" in report
    # Counted, the typo (4) would have reached the target (7) and every milestone.
    assert "Target reached" not in report
    assert "75% of the way" not in report
    assert "25% of the way to the target (2026-03-23)" in report
    done = run("review", goal_id, "--achievement", "achieved", "--decision", "complete",
               "--at", "2026-03-24T10:00")  # fmt: skip
    assert f"goal {short} is completed" in done
    assert "archived goal" in run("archive", goal_id)
    assert short not in run("list", "--client", "c1")
    assert short in run("list", "--client", "c1", "--archived")
    assert "add --yes" in run("delete", goal_id, code=2)
    assert run("delete", goal_id, "--yes").startswith(f"deleted goal {short}")
    assert "no goal" in run("show", goal_id, code=2)


def test_goals_are_named_by_a_unique_start_of_their_id(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"THERAPY_GOALS_STORE": f"sqlite://{tmp_path / 'goals.db'}"}
    from therapy_goals import Goal
    from therapy_goals.storage import open_store

    with open_store(f"sqlite://{tmp_path / 'goals.db'}") as store:
        for goal_id in ("5f2a90aa", "5f2a91bb", "7c00ffee"):
            store.add(
                Goal(id=goal_id, client_id="c1", statement="Walk daily", start=date(2026, 3, 2))
            )

    def run(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(cli, list(args), env=env)
        return result.exit_code, result.stdout, result.stderr

    code, out, _ = run("show", "7c00", "--format", "json")
    assert (code, json.loads(out)["id"]) == (0, "7c00ffee")
    assert run("status", "5f2a91", "active")[1].startswith("goal 5f2a91bb is now active")
    code, _, err = run("show", "5f2a")
    assert (code, err) == (
        2,
        "Error: '5f2a' starts more than one goal id (5f2a90aa, 5f2a91bb); type more of it\n",
    )
    code, _, err = run("show", "7c0")
    assert (code, err) == (
        2,
        "Error: no goal '7c0'; give its id, or at least its first 4 characters\n",
    )
    assert run("show", "9999")[2] == "Error: no goal whose id starts with '9999' in the store\n"


def test_where_says_which_store_and_what_it_holds_and_unknown_clients_are_errors(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    path = tmp_path / "goals.db"
    env = {"THERAPY_GOALS_STORE": f"sqlite://{path}"}
    for client in ("c1", "c1", "c2"):
        runner.invoke(cli, ["new", "--template", "sleep.regular-bedtime", "--client", client],
                      env=env)  # fmt: skip
    goal_id = json.loads(runner.invoke(cli, ["list", "--client", "c2", "--format", "json"],
                                       env=env).stdout)[0]["id"]  # fmt: skip
    runner.invoke(cli, ["archive", goal_id], env=env)
    shown = runner.invoke(cli, ["where"], env=env)
    assert shown.stdout == (
        f"store: sqlite://{path} (from $THERAPY_GOALS_STORE)\n"
        f"path: {path}\n"
        "holds: 3 goal(s) of 2 client(s), 1 archived\n"
    )
    assert json.loads(runner.invoke(cli, ["where", "--format", "json"], env=env).stdout) == {
        "store": f"sqlite://{path}",
        "from": "$THERAPY_GOALS_STORE",
        "path": str(path),
        "goals": 3,
        "clients": 2,
        "archived": 1,
    }
    for command in (["export", "--client", "c9"], ["report", "--client", "c9"],
                    ["list", "--client", "c9"]):  # fmt: skip
        result = runner.invoke(cli, command, env=env)
        assert (result.exit_code, result.stderr) == (
            2,
            "Error: no goals for client 'c9' in the store; check the client id\n",
        )
    # A client whose only goal is archived is still known.
    assert runner.invoke(cli, ["export", "--client", "c2"], env=env).exit_code == 0


def test_edit_saves_a_new_revision_and_refuses_one_made_from_an_old_look(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"THERAPY_GOALS_STORE": f"sqlite://{tmp_path / 'goals.db'}"}

    def run(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(cli, list(args), env=env)
        return result.exit_code, result.stdout, result.stderr

    made = run("new", "--template", "anxiety.gad7-mindfulness", "--client", "c1", "--start",
               "2026-03-02", "--format", "json")[1]  # fmt: skip
    goal_id = json.loads(made)[0]["id"]
    code, out, _ = run("edit", goal_id, "--target", "6", "--confidence", "8", "--revision", "1")
    assert (code, out) == (0, f"edited goal {goal_id[:8]}: confidence, measure; revision 2\n")
    shown = json.loads(run("show", goal_id, "--format", "json")[1])
    assert (shown["measure"]["target"], shown["confidence"]) == (6, 8)
    code, _, err = run("edit", goal_id, "--area", "sleep", "--revision", "1")
    assert code == 1  # understood, but refused
    assert err.startswith(f"Error: goal '{goal_id[:8]}' is at revision 2, not 1: ")
    assert err.endswith(
        f"run `therapy-goals show {goal_id[:8]}` to see the changes, then edit again\n"
    )
    assert run("edit", goal_id)[2] == (
        "Error: say what to change, e.g. --due 2026-06-30 or --target 7\n"
    )
    code, _, err = run("edit", goal_id, "--target", "15")  # the baseline: no change to aim at
    assert (code, err) == (
        1,
        "Error: target: equals the baseline (15) but the direction is 'decrease'; set a target "
        "you want to move to, or use direction 'maintain'\n",
    )
    history = run("history", goal_id)[1]
    assert history.count("revision ") == 2
    assert "edited" in history.splitlines()[1]
