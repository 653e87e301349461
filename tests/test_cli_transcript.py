"""A therapist's twelve weeks with one client, through the command only, checked at every step.

The expected values are worked out by hand from the GAD-7's published scoring (seven items, 0-3
each; minimal 0-4, mild 5-9, moderate 10-14, severe 15-21: Spitzer et al. 2006) and from the
dates: the goal starts on Monday 2026-03-02, so week n begins 7n days later.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from therapy_goals.cli import cli

START = date(2026, 3, 2)
ANSWERS = {  # week -> the client's GAD-7 item answers
    0: "3 2 2 2 2 2 2",  # 15 severe
    2: "2 2 2 2 2 2 2",  # 14 moderate
    4: "2 2 2 1 2 1 2",  # 12 moderate
    6: "2 1 2 1 1 1 2",  # 10 moderate
    8: "1 1 2 1 1 1 1",  # 8 mild
    10: "1 1 1 1 1 1 1",  # 7 mild: the target
    12: "1 1 1 0 1 1 1",  # 6 mild
}
TOTALS = {0: 15, 2: 14, 4: 12, 6: 10, 8: 8, 10: 7, 12: 6}
BANDS = {0: "severe", 2: "moderate", 4: "moderate", 6: "moderate", 8: "mild", 10: "mild"}
MISSED = {(1, 2), (3, 0), (5, 4), (7, 2), (9, 0), (11, 4)}  # (week, weekday) without practice


def day(week: int, weekday: int = 0) -> date:
    return START + timedelta(weeks=week, days=weekday)


def test_twelve_weeks_of_one_client_through_the_command(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"THERAPY_GOALS_STORE": f"sqlite://{tmp_path / 'goals.db'}"}

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli, list(args), env=env)
        assert result.exit_code == code, (args, result.output)
        assert "Traceback" not in result.output
        return result.output

    # Week 0, the first session: a goal from a template, agreed and made active.
    made = run("new", "--template", "anxiety.gad7-mindfulness", "--client", "c-12",
               "--start", "2026-03-02", "--why", "To enjoy time with my kids")  # fmt: skip
    first = made.splitlines()[0]
    goal = first.split()[2]
    assert re.fullmatch(r"[0-9a-f]{8}", goal)
    assert first == (
        f"saved goal {goal} for client c-12 (proposed): Practise mindfulness for 10 minutes 3 "
        "times a week to bring my GAD-7 score from 15 to 7 within 12 weeks"
    )
    assert (
        run("status", goal, "active") == f"goal {goal} is now active (was proposed), revision 2\n"
    )

    # Every two weeks, the GAD-7 in the session.
    for week, answers in ANSWERS.items():
        if week == 6:
            continue  # scored at the review, below
        out = run("score", "gad7", *answers.split(), "--goal", goal,
                  "--at", f"{day(week).isoformat()}T10:00")  # fmt: skip
        saved, result = out.splitlines()[:2]
        assert saved.startswith(f"saved GAD-7 total {TOTALS[week]} with its answers to goal {goal}")
        at_or_above = "at or above" if TOTALS[week] >= 8 else "below"
        assert result.startswith(f"GAD-7 total {TOTALS[week]} ({BANDS.get(week, 'mild')}), "
                                 f"{at_or_above} the clinical cut-off of 8")  # fmt: skip

    # Between sessions, practice on Monday, Wednesday and Friday; six sessions missed.
    for week in range(12):
        for weekday in (0, 2, 4):
            missed = (week, weekday) in MISSED
            out = run("log-step", goal, "step-1", "--day", day(week, weekday).isoformat(),
                      *(["--missed"] if missed else []))  # fmt: skip
            assert out.startswith(
                f"saved step step-1 of goal {goal} as {'missed' if missed else 'done'} on "
                f"{day(week, weekday).isoformat()}"
            )

    # Week 5: the client logs 1 for 11 from home; the therapist marks it entered-in-error.
    out = run("log", goal, "1", "--at", f"{day(5, 3).isoformat()}T20:00")
    assert out.startswith(f"saved progress 1 for goal {goal} at 2026-04-09T20:00+00:00 (entry ")
    typo = out.split("(entry ")[1].rstrip(")\n")
    listed = [line for line in run("entries", goal).splitlines() if line.startswith(typo)]
    assert listed == [f"{typo}  2026-04-09T20:00  progress  1 (self-report)"]
    assert run("mark-error", goal, typo, "--reason", "meant 11").startswith(
        f"marked record {typo} of goal {goal} entered-in-error"
    )
    assert run("entries", goal).count("[entered-in-error]") == 1

    # Week 6, the review: improving; the practice goes up to 15 minutes (a revision).
    run("score", "gad7", *ANSWERS[6].split(), "--goal", goal, "--at", "2026-04-13T10:00")
    revised = json.loads(run("show", goal, "--format", "json"))
    revised["statement"] = revised["statement"].replace("10 minutes", "15 minutes")
    revised["steps"][0]["minutes"] = 15
    revised_file = tmp_path / "revised.json"
    revised_file.write_text(json.dumps(revised))
    out = run("review", goal, "--achievement", "improving", "--decision", "revise",
              "--attainment", "0", "--win", "Practised most weeks", "--notes", "Longer sessions",
              "--next-review", "2026-05-25", "--revised-file", str(revised_file),
              "--at", "2026-04-13T10:30")  # fmt: skip
    assert re.fullmatch(
        rf"saved review [0-9a-f]{{8}}: goal {goal} is active \(improving\), revision 3\n", out
    )
    shown = run("show", goal, "--today", "2026-04-13").splitlines()
    assert shown[1] == (
        "  Practise mindfulness for 15 minutes 3 times a week to bring my GAD-7 score from 15 "
        "to 7 within 12 weeks"
    )
    assert shown[4] == "  dates:       started 2026-03-02, due 2026-05-25 (in 42 day(s))"
    assert "  last review: 2026-04-13, improving, decided revise; next review 2026-05-25" in shown

    # Week 12: the report for the last review.
    report = run("report", "--client", "c-12", "--today", "2026-05-25")
    # From 15 to 6, with the target 7: (15 - 6) / (15 - 7) = 112.5% of the way.
    assert "- Measure: GAD-7 total, from 15 to 7; latest 6 on 2026-05-25 (112.5% of the way)" in (
        report
    )
    # Reached in week 10 (7 on 2026-05-11); counted, the typo would have "reached" it in week 5.
    assert "Target reached (2026-05-11)" in report
    assert "2026-04-09" not in report
    # Severe to mild, above the cut-off (8) to below it: a reliable improvement and recovery.
    assert re.search(r"- Questionnaire: severe -> mild; RCI -\d\.\d\d; reliable improvement; "
                     r"recovered", report)  # fmt: skip
    # 36 practice sessions planned (3 a week for 12 weeks), 6 missed: 30 done.
    assert "30 of" in report.split("- Steps: ")[1].split("\n")[0]

    # The review that ends the goal, and the record for the client.
    out = run("review", goal, "--achievement", "achieved", "--decision", "complete",
              "--attainment", "1", "--at", "2026-05-25T10:30")  # fmt: skip
    assert out.endswith(f": goal {goal} is completed (achieved), revision 4\n")
    # A completed goal can be reopened (active), never cancelled (docs/concepts.md): exit 1.
    refused = run("status", goal, "cancelled", code=1)
    assert refused == (
        "Error: status: cannot change from 'completed' to 'cancelled'; allowed from 'completed': "
        "active, entered-in-error\n"
    )
    exported = tmp_path / "c-12.json"
    assert run("export", "--client", "c-12", "-o", str(exported)) == f"wrote {exported}\n"
    record = json.loads(exported.read_text())
    assert [r["change"] for r in record["history"]] == ["added", "active", "revised", "complete"]
    assert len(record["progress"]) == 8  # 7 administrations and the typo, marked
    assert sum(1 for e in record["progress"] if e["entered_in_error"]) == 1
    assert len(record["completions"]) == 36

    # The client asks to be forgotten.
    assert run("purge-client", "c-12", "--yes") == (
        "erased 1 goal(s) of client 'c-12' with their history, progress and reviews\n"
    )
    assert run("list", "--client", "c-12", code=2) == (
        "Error: no goals for client 'c-12' in the store; check the client id\n"
    )
