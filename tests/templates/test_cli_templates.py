"""The templates and new commands."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from therapy_goals import Goal, from_dict
from therapy_goals.cli import cli


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, list(args), input=input, env={"THERAPY_GOALS_DISABLE_PLUGINS": ""}
    )
    return result.exit_code, result.stdout, result.stderr


def test_templates_lists_all_or_one_area() -> None:
    code, out, _ = run("templates")
    assert code == 0
    assert len(out.splitlines()) >= 16
    code, out, _ = run("templates", "--area", "boundaries", "--format", "json")
    rows = json.loads(out)
    assert {row["area"] for row in rows} == {"boundaries"}
    assert len(rows) >= 3
    assert {"name", "type", "default", "min", "max", "choices", "help"} <= set(
        rows[0]["parameters"][0]
    )


def test_templates_show_explains_one() -> None:
    code, out, _ = run("templates", "show", "sleep.regular-bedtime")
    assert code == 0
    assert out.startswith("sleep.regular-bedtime (version 1, area sleep)")
    assert "nights_per_week (int, 3..7, default 5): Nights a week to keep it" in out
    assert "Ask the client:" in out


def test_new_prints_goal_documents_that_check_reads_back() -> None:
    code, out, err = run(
        "new",
        "--template",
        "physical-activity.walking",
        "--client",
        "c-9",
        "--start",
        "2026-03-02",
        "--param",
        "minutes=25",
        "--why",
        "To keep up with my kids",
        "--format",
        "json",
    )
    assert code == 0, err
    [document] = json.loads(out)
    assert err == (
        f"saved goal {document['id'][:8]} for client c-9 (proposed): Walk for 25 minutes 3 times "
        "a week for the next 8 weeks\n"
    )
    goal = from_dict(document, Goal)
    assert goal.client_id == "c-9"
    assert goal.statement == "Walk for 25 minutes 3 times a week for the next 8 weeks"
    assert goal.why_it_matters == "To keep up with my kids"
    assert goal.template is not None
    assert dict(goal.template.parameters) == {
        "minutes": 25,
        "walks_per_week": 3,
        "weeks": 8,
        # the walking template's typical obstacle and plan, as its file gives them (issue 21)
        "obstacle": "bad weather on a walking day",
        "plan_if": "it rains on a walking day",
        "plan_then": "walk indoors at the shopping centre for as long as I planned",
    }
    assert [(p.situation, p.step_id) for p in goal.plans] == [
        ("it rains on a walking day", "step-1")
    ]
    assert goal.obstacles == ("bad weather on a walking day",)
    code, out, _ = run("check", "--today", "2026-03-02", "--file", "-", input=out)
    assert code == 0
    assert "1 fully SMART" in out


def test_new_with_objectives_prints_them_after_the_goal() -> None:
    made = ("new", "--template", "anxiety.exposure-ladder", "--client", "c", "--param", "rungs=3")
    _code, out, _ = run(*made, "--no-save", "--format", "json")
    documents = json.loads(out)
    assert len(documents) == 4
    assert all(d["parent_id"] == documents[0]["id"] for d in documents[1:])
    code, out, _ = run(*made)
    lines = out.splitlines()
    assert code == 0
    assert len(lines) == 5  # the goal, its 3 rungs, and what to do next
    goal = lines[0].split()[2]
    assert lines[0].startswith(f"saved goal {goal} for client c (proposed): ")
    assert all(line.startswith("saved objective ") for line in lines[1:4])
    assert all(f" of goal {goal} for client c (proposed): Rung " in line for line in lines[1:4])
    assert lines[4] == f"next: therapy-goals status {goal} active, once agreed"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("new", "--template", "anxiety.nope", "--client", "c"), "no template 'anxiety.nope'"),
        (
            (
                "new",
                "--template",
                "anxiety.gad7-mindfulness",
                "--client",
                "c",
                "--param",
                "sessions_per_week=9",
            ),
            "sessions_per_week: must be 1..7, got 9",
        ),
        (
            ("new", "--template", "anxiety.gad7-mindfulness", "--client", "c", "--param", "x"),
            "write NAME=VALUE",
        ),
        (("templates", "--area", "gardening"), "no templates in area 'gardening'"),
        (("templates", "show", "nope.nope"), "no template 'nope.nope'"),
    ],
)
def test_bad_usage_exits_2_with_the_reason(args: tuple[str, ...], fragment: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert fragment in err
