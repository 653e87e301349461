"""The review workflow, due reviews, and the report with its charts, on a store with history."""

from __future__ import annotations

import re
import struct
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from therapy_goals import (
    PHQ9,
    AchievementStatus,
    Administration,
    Checker,
    ConflictError,
    Direction,
    Goal,
    LifecycleStatus,
    Measure,
    ProgressEntry,
    ProgressSource,
    Review,
    ReviewDecision,
    StatusTransitionError,
    StepCompletion,
    ValidationError,
    get_plugin_manager,
    hookimpl,
    sample_record,
)
from therapy_goals.cli import cli
from therapy_goals.progress.charts import FEWEST_SHARED
from therapy_goals.progress.report import client_report
from therapy_goals.progress.reviews import due_for_review, prepare_review, record_review
from therapy_goals.storage import Store, open_store

START = date(2026, 1, 5)
MANAGER = get_plugin_manager(load_entrypoints=False, environ={})


def at(day: int) -> datetime:
    return datetime.combine(START + timedelta(days=day), datetime.min.time(), UTC) + timedelta(
        hours=18
    )


def review(day: int, decision: ReviewDecision, **changes: object) -> Review:
    fields: dict[str, object] = {
        "goal_id": "goal-anxiety-1",
        "at": at(day),
        "achievement": AchievementStatus.IMPROVING,
        "decision": decision,
    }
    fields.update(changes)
    return Review(**fields)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A store with about four months of a client's generated history."""
    opened = open_store(f"sqlite://{tmp_path / 'goals.db'}")
    record = sample_record(start=START)
    opened.add(record.goals[0])
    for week in range(16):
        opened.add_progress(
            ProgressEntry(
                id=f"gad-{week}",
                goal_id="goal-anxiety-1",
                value=max(6, 16 - week * 0.7),
                at=at(7 * week),
            )
        )
        for day in (0, 2, 4):
            opened.add_step_completion(
                StepCompletion(
                    id=f"done-{week}-{day}",
                    goal_id="goal-anxiety-1",
                    step_id="step-mindfulness",
                    day=START + timedelta(days=7 * week + day),
                )
            )
    return opened


def test_prepare_review_gathers_summary_wins_and_reviews(store: Store) -> None:
    prep = prepare_review(
        store,
        "goal-anxiety-1",
        today=START + timedelta(weeks=12),
        questionnaires=MANAGER.questionnaires(),
    )
    assert prep.summary.entries == 16
    assert prep.summary.change is not None
    assert prep.summary.change.recovery
    assert "target-reached" in [w.kind for w in prep.wins]


def test_each_decision_acts_on_the_goal_and_history_keeps_the_old_one(store: Store) -> None:
    goal = record_review(store, review(28, ReviewDecision.CONTINUE, attainment=0))
    assert goal.status is LifecycleStatus.ACTIVE
    assert goal.achievement is AchievementStatus.IMPROVING
    revised = attrs.evolve(goal, statement="Practise mindfulness four times a week")
    goal = record_review(
        store,
        review(56, ReviewDecision.REVISE, notes="Ready for more"),
        revised=revised,
        by="therapist-1",
    )
    assert goal.statement == "Practise mindfulness four times a week"
    goal = record_review(store, review(84, ReviewDecision.PAUSE))
    assert goal.status is LifecycleStatus.ON_HOLD
    goal = record_review(
        store, review(98, ReviewDecision.COMPLETE, achievement=AchievementStatus.ACHIEVED)
    )
    assert goal.status is LifecycleStatus.COMPLETED
    history = store.history("goal-anxiety-1")
    assert [h.change for h in history] == ["added", "continue", "revised", "pause", "complete"]
    assert history[2].by == "therapist-1"
    assert history[1].goal.statement.startswith("Practise mindfulness for 10 minutes")
    assert len(store.reviews("goal-anxiety-1")) == 4


def test_revise_needs_the_revised_goal_and_nothing_is_recorded_without_it(store: Store) -> None:
    with pytest.raises(ValidationError, match="revised"):
        record_review(store, review(28, ReviewDecision.REVISE))
    assert store.reviews("goal-anxiety-1") == []


def test_a_refused_move_records_nothing(store: Store) -> None:
    store.update(attrs.evolve(store.get("goal-anxiety-1"), status=LifecycleStatus.COMPLETED))
    with pytest.raises(StatusTransitionError, match="cannot change from 'completed' to 'on-hold'"):
        record_review(store, review(28, ReviewDecision.PAUSE))
    assert store.reviews("goal-anxiety-1") == []


def test_plugins_hear_about_recorded_reviews(store: Store) -> None:
    heard = []

    class Listener:
        @hookimpl
        def review_recorded(self, review: Review, goal: Goal) -> None:
            heard.append((review.decision, goal.revision))

    manager = get_plugin_manager(plugins=[Listener()], load_entrypoints=False, environ={})
    record_review(store, review(28, ReviewDecision.CONTINUE), plugins=manager)
    assert heard == [(ReviewDecision.CONTINUE, 2)]


def test_due_for_review_lists_passed_next_review_dates(store: Store) -> None:
    record_review(
        store, review(28, ReviewDecision.CONTINUE, next_review=START + timedelta(days=56))
    )
    assert due_for_review(store, today=START + timedelta(days=56)) == []
    [(goal, due)] = due_for_review(store, today=START + timedelta(days=57))
    assert (goal.id, due) == ("goal-anxiety-1", START + timedelta(days=56))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_report_renders_with_real_charts(store: Store, tmp_path: Path) -> None:
    record_review(store, review(28, ReviewDecision.CONTINUE, attainment=1))
    made = client_report(
        store,
        "client-0001",
        today=START + timedelta(weeks=16),
        checker=Checker(plugins=MANAGER),
        questionnaires=MANAGER.questionnaires(),
        chart_dir=tmp_path / "charts",
        report_dir=tmp_path,
    )
    text = made.markdown
    assert text.startswith("# Goals review for client client-0001")
    assert "Goal Attainment Scaling T-score: 60.0" in text
    assert "- SMART: specific met" in text
    assert re.search(r"- Steps: 37 of \d+ planned done \(\d+%\)", text)  # 3 a week until due
    assert re.search(
        r"- Questionnaire: severe -> mild; RCI -\d\.\d\d; reliable improvement; recovered", text
    )
    assert "- Wins: " in text
    png, svg = made.charts
    assert png_size(png) == (800, 450)
    assert svg.read_text().lstrip().startswith("<?xml")
    assert f"]({png.relative_to(tmp_path)})" in text
    assert oct(png.stat().st_mode & 0o777) == "0o600"
    import matplotlib.image

    assert matplotlib.image.imread(png).shape[:2] == (450, 800)


def test_the_commands_log_score_review_and_report(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {
        "THERAPY_GOALS_STORE": f"sqlite://{tmp_path / 'cli.db'}",
        "THERAPY_GOALS_DISABLE_PLUGINS": "",
    }

    def run(*args: str) -> str:
        result = runner.invoke(cli, list(args), env=env)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    import json

    goal_id = json.loads(
        run(
            "new",
            "--template",
            "anxiety.gad7-mindfulness",
            "--client",
            "c",
            "--start",
            "2026-03-02",
            "--format",
            "json",
        )
    )[0]["id"]
    short = goal_id[:8]
    assert run("log", goal_id, "14", "--at", "2026-03-09T18:00").startswith(
        f"saved progress 14 for goal {short} at 2026-03-09T18:00+00:00 (entry "
    )
    scored = run(
        "score",
        "gad7",
        "1",
        "1",
        "1",
        "1",
        "2",
        "1",
        "1",
        "--goal",
        goal_id,
        "--at",
        "2026-03-23T18:00",
    )
    # Caseness is a total at or above the cut-off (GAD-7: 8), so 8 is at it, not above it.
    saved, scored = scored.split("\n", 1)
    assert saved.startswith(f"saved GAD-7 total 8 with its answers to goal {short} (entry ")
    assert scored.startswith("GAD-7 total 8 (mild), at or above the clinical cut-off of 8")
    assert run("log-step", goal_id, "step-1", "--day", "2026-03-03").startswith(
        f"saved step step-1 of goal {short} as done on 2026-03-03 (record "
    )
    recorded = run(
        "review",
        goal_id,
        "--achievement",
        "improving",
        "--decision",
        "continue",
        "--attainment",
        "1",
        "--next-review",
        "2026-03-20",
        "--at",
        "2026-03-10T10:00",
    )
    assert recorded.startswith("saved review ")
    assert recorded.endswith(f": goal {short} is proposed (improving), revision 2\n")
    assert run("due-reviews", "--today", "2026-03-25").startswith(
        f"{short}  c  review was due 2026-03-20  Practise mindfulness"
    )
    assert run("due-reviews", "--today", "2026-03-20") == ""
    [due] = json.loads(run("due-reviews", "--today", "2026-03-25", "--format", "json"))
    assert (due["review_due"], due["goal"]["id"]) == ("2026-03-20", goal_id)
    report = run("report", "--client", "c", "--today", "2026-03-25")
    # One goal at GAS level +1: T = 50 + 10 w / sqrt(0.7 w^2 + 0.3 w^2) = 60, whatever its weight.
    assert "Goal Attainment Scaling T-score: 60.0 (50 = as expected)." in report
    bad = runner.invoke(cli, ["score", "phq9", "1", "2"], env=env)
    assert bad.exit_code == 2
    assert "PHQ-9 has 9 items, got 2 answers" in bad.stderr


def test_without_matplotlib_the_report_says_how_to_get_charts(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    made = client_report(
        store,
        "client-0001",
        today=START + timedelta(weeks=4),
        checker=Checker(plugins=MANAGER),
        questionnaires=MANAGER.questionnaires(),
        chart_dir=tmp_path / "charts",
    )
    assert made.charts == ()
    assert "install therapy-goals[plot]" in made.markdown
    assert "- Measure: GAD-7 total" in made.markdown
    assert not (tmp_path / "charts").exists()


# --- reviews keep the store's promises ------------------------------------------------------------


def test_a_revise_from_a_stale_copy_is_refused_and_loses_nothing(store: Store) -> None:
    copy_a = store.get("goal-anxiety-1")
    copy_b = store.get("goal-anxiety-1")
    record_review(
        store,
        review(30, ReviewDecision.REVISE),
        revised=attrs.evolve(copy_a, notes="Practise after school drop-off"),
    )
    with pytest.raises(ConflictError, match="revision 2, not 1"):
        record_review(
            store,
            review(31, ReviewDecision.REVISE),
            revised=attrs.evolve(copy_b, notes="Practise before bed"),
        )
    kept = store.get("goal-anxiety-1")
    assert (kept.notes, kept.revision) == ("Practise after school drop-off", 2)
    assert [r.at for r in store.reviews("goal-anxiety-1")] == [at(30)]


@pytest.mark.parametrize("smuggled", [LifecycleStatus.COMPLETED, LifecycleStatus.PROPOSED])
def test_a_revise_cannot_change_the_status(store: Store, smuggled: LifecycleStatus) -> None:
    current = store.get("goal-anxiety-1")  # active
    with pytest.raises(ValidationError, match=r"revised\.status: a revision keeps the status"):
        record_review(
            store,
            review(30, ReviewDecision.REVISE),
            revised=attrs.evolve(current, status=smuggled),
        )
    assert store.get("goal-anxiety-1") == current
    assert store.reviews("goal-anxiety-1") == []


def test_a_flagged_administration_leads_the_review_and_the_report(store: Store) -> None:
    depression = Goal(
        id="goal-mood-1",
        client_id="client-0001",
        statement="Bring my PHQ-9 from 16 to under 10 within 12 weeks",
        start=START,
        due=START + timedelta(weeks=12),
        measure=Measure(
            name="PHQ-9 total",
            questionnaire="phq9",
            direction=Direction.DECREASE,
            baseline=16,
            target=9,
        ),
    )
    store.add(depression)
    answers = (2, 2, 1, 2, 1, 1, 2, 1, 1)  # item 9, self-harm, answered "several days"
    result = PHQ9.score(list(answers))
    store.add_progress(
        ProgressEntry(
            goal_id="goal-mood-1",
            value=result.total,
            at=at(14),
            source=ProgressSource.QUESTIONNAIRE,
            administration=Administration(
                questionnaire="phq9",
                answers=answers,
                total=result.total,
                band=result.band,
                flags=result.flags,
            ),
        )
    )
    prepared = prepare_review(store, "goal-mood-1", today=START + timedelta(days=15))
    assert [e.administration.answers for e in prepared.flagged if e.administration] == [answers]
    made = client_report(
        store,
        "client-0001",
        today=START + timedelta(days=15),
        checker=Checker(plugins=MANAGER),
        questionnaires=MANAGER.questionnaires(),
    ).markdown
    section = made.split("## Bring my PHQ-9")[1]
    assert section.splitlines()[2].startswith("- **Needs follow-up:** PHQ-9 on 2026-01-19: item 9")
    assert "- Trend: not enough data yet" in section  # one entry


def test_reviews_marked_in_error_set_no_next_review(store: Store) -> None:
    made = store.add_review(review(10, ReviewDecision.CONTINUE, next_review=START + timedelta(20)))
    assert [g.id for g, _ in due_for_review(store, today=START + timedelta(days=30))] == [
        "goal-anxiety-1"
    ]
    store.mark_entered_in_error(made, reason="recorded for the wrong client")
    assert due_for_review(store, today=START + timedelta(days=30)) == []


def test_the_command_refuses_each_broken_promise_in_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {
        "THERAPY_GOALS_STORE": f"sqlite://{tmp_path / 'cli.db'}",
        "THERAPY_GOALS_DISABLE_PLUGINS": "",
    }

    def run(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(cli, list(args), env=env)
        return result.exit_code, result.stdout, result.stderr

    import json

    code, out, _ = run(
        "new", "--template", "anxiety.gad7-mindfulness", "--client", "c1", "--start", "2026-03-02",
        "--format", "json",
    )  # fmt: skip
    goal_id = json.loads(out)[0]["id"]
    shown = json.loads(run("show", goal_id, "--format", "json")[1])
    copies = {}
    for name, change in {
        "a": {"notes": "A"},
        "b": {"notes": "B"},
        "done": {"status": "completed"},
        "moved": {"client_id": "c2"},
    }.items():
        copies[name] = tmp_path / f"{name}.json"
        copies[name].write_text(json.dumps({**shown, **change}))
    revise = ("review", goal_id, "--achievement", "improving", "--decision", "revise")
    assert run(*revise, "--revised-file", str(copies["a"]))[0] == 0
    refusals = {
        "b": f"is at revision 2, not 1: it was changed since this copy was read; read it again "
        f"and re-apply the change; run `therapy-goals show {goal_id[:8]} --format json > "
        "goal.json` again",
        "done": "is at revision 2, not 1",  # a stale copy is refused first
        "moved": "is at revision 2, not 1",
    }
    for name, message in refusals.items():
        code, _, err = run(*revise, "--revised-file", str(copies[name]))
        assert (code, err.count("\n")) == (1, 1), err  # understood, but refused
        assert message in err
    fresh = json.loads(run("show", goal_id, "--format", "json")[1])
    for change, message in (
        (
            {"status": "completed"},
            "revised.status: a revision keeps the status ('proposed'); change the status with a "
            "complete, pause or discontinue decision, or on its own",
        ),
        ({"client_id": "c2"}, "client_id: cannot change ('c1' is kept for the goal's life)"),
    ):
        copies["fresh"] = tmp_path / "fresh.json"
        copies["fresh"].write_text(json.dumps({**fresh, **change}))
        code, _, err = run(*revise, "--revised-file", str(copies["fresh"]))
        assert (code, err) == (1, f"Error: {message}\n")
    for args, message in (
        (("log", goal_id, "30"), "value: 30 is outside the allowed range (0-21) for GAD-7 total"),
        (
            ("log", goal_id, "10", "--at", "1990-01-01T12:00"),
            "at: 1990-01-01 is before the goal's start 2026-03-02; only a baseline may predate",
        ),
        (("log", goal_id, "10", "--at", "2099-01-01T12:00"), "is in the future"),
        (
            ("score", "phq9", *"111111111", "--goal", goal_id),
            "administration.questionnaire: 'phq9' cannot be attached to goal",
        ),
    ):
        code, _, err = run(*args)
        assert (code, err.count("\n")) == (1, 1), (args, err)
        assert message in err, (args, err)
    code, _, err = run("purge-client", "", "--yes")  # no client named: bad input, not refused
    assert (code, err) == (2, "Error: client_id: must name a client; nothing was erased\n")
    assert run("log", goal_id, "10", "--at", "1990-01-01T12:00", "--baseline")[0] == 0
    history = run("history", goal_id)[1]
    assert history.count("revision ") == 2, history  # nothing refused was saved
    assert json.loads(run("show", goal_id, "--format", "json")[1])["notes"] == "A"

    sleep = json.loads(
        run(
            "new", "--template", "sleep.regular-bedtime", "--client", "c1", "--start", "2026-03-02",
            "--format", "json",
        )[1]
    )[0]["id"]  # fmt: skip
    code, _, err = run("log", sleep, "1000", "--at", "2026-03-09T08:00")
    assert (code, err.count("\n")) == (1, 1)
    assert "value: 1000 is outside the allowed range (0-7)" in err
    # Two readings five minutes apart are no trend.
    assert run("log", goal_id, "12", "--at", "2026-03-09T18:00")[0] == 0
    assert run("log", goal_id, "9", "--at", "2026-03-09T18:05")[0] == 0
    report = run("report", "--client", "c1", "--today", "2026-03-10")[1]
    section = report.split("## Practise")[1].split("\n## ")[0]
    trend = [line for line in section.splitlines() if line.startswith("- Trend")]
    assert trend == ["- Trend: not enough data yet (needs 2 entries at least 7 days apart)"]


def test_the_report_reads_the_clients_goals_once_and_each_goals_records_once(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19: one pass over the client's goals and records. Listing the client's goals again
    for each goal (for its objectives) decoded 2,600 goals for a client with 50."""
    store.add(attrs.evolve(sample_record(start=START).goals[0], id="goal-2", statement="Walk"))
    calls: dict[str, int] = {}
    for name in ("goals", "get", "progress", "reviews", "step_completions"):
        method = getattr(store, name)

        def counted(*args: object, _name: str = name, _method: object = method, **kw: object):
            calls[_name] = calls.get(_name, 0) + 1
            return _method(*args, **kw)  # type: ignore[operator]

        monkeypatch.setattr(store, name, counted)
    client_report(
        store,
        "client-0001",
        today=START + timedelta(weeks=16),
        checker=Checker(plugins=MANAGER),
        questionnaires=MANAGER.questionnaires(),
        chart_dir=tmp_path / "charts",
    )
    assert calls == {"goals": 1, "progress": 2, "reviews": 2, "step_completions": 2}


def walking_client(url: str, goals: int) -> Store:
    """A store holding a client with ``goals`` measured goals, each with 20 daily entries."""
    opened = open_store(url)
    for n in range(goals):
        goal = Goal(
            id=f"goal-walk-{n}",
            client_id="client-walks",
            statement=f"Walk for {10 + n} minutes every day",
            start=START,
            measure=Measure(
                name="minutes walked",
                unit="minutes",
                baseline=0,
                target=30,
                direction=Direction.INCREASE,
            ),
        )
        opened.add(goal)
        opened.add_progress_many(
            ProgressEntry(goal_id=goal.id, id=f"{goal.id}-{d}", value=d + n, at=at(d))
            for d in range(20)
        )
    return opened


def test_a_report_drawn_by_several_processes_is_the_report_drawn_by_one(tmp_path: Path) -> None:
    opened = walking_client(f"sqlite://{tmp_path / 'many.db'}", FEWEST_SHARED)

    def report(folder: str, workers: int | None) -> tuple[str, list[bytes], list[str]]:
        made = client_report(
            opened,
            "client-walks",
            today=START + timedelta(days=30),
            checker=Checker(plugins=MANAGER),
            questionnaires=MANAGER.questionnaires(),
            chart_dir=tmp_path / folder / "charts",
            report_dir=tmp_path / folder,
            chart_workers=workers,
        )
        return made.markdown, [p.read_bytes() for p in made.charts], [p.name for p in made.charts]

    alone, shared = report("alone", 1), report("shared", 2)
    assert shared == alone
    text, _, names = alone
    # The goals in reading order (due dates alike, so by creation), a PNG and an SVG each, and
    # each PNG shown in the Markdown under the goal's own heading.
    assert [name.split("-")[2] for name in names[::2]] == [str(n) for n in range(FEWEST_SHARED)]
    assert [name.rsplit(".", 1)[1] for name in names] == ["png", "svg"] * FEWEST_SHARED
    for n, name in enumerate(names[::2]):
        section = text.split(f"## Walk for {10 + n} minutes every day")[1].split("\n## ")[0]
        assert f"![minutes walked](charts/{name})" in section
    opened.close()


def test_the_report_command_draws_its_charts_with_helpers(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'walks.db'}"
    walking_client(url, 4).close()
    runner = CliRunner()
    env = {"THERAPY_GOALS_STORE": url, "THERAPY_GOALS_DISABLE_PLUGINS": ""}
    args = ["report", "--client", "client-walks", "--today", "2026-02-04", "-o"]
    charts = ["--chart-dir", str(tmp_path / "charts")]
    shared = runner.invoke(cli, [*args, str(tmp_path / "r.md"), *charts], env=env)
    assert shared.exit_code == 0, shared.stderr
    assert shared.stderr == f"wrote {tmp_path / 'r.md'} and 8 chart file(s)\n"
    alone = runner.invoke(
        cli,
        [
            *args,
            str(tmp_path / "r1.md"),
            "--chart-dir",
            str(tmp_path / "c1"),
            "--chart-workers",
            "1",
        ],
        env=env,
    )
    assert alone.exit_code == 0, alone.stderr
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == sorted(
        p.name for p in (tmp_path / "c1").iterdir()
    )
    assert len(list((tmp_path / "c1").iterdir())) == 8
    refused = runner.invoke(cli, [*args, str(tmp_path / "r0.md"), *charts, "--chart-workers", "0"])
    assert refused.exit_code == 2
    assert "Invalid value for '--chart-workers': 0 is not in the range x>=1." in refused.stderr
    assert not (tmp_path / "r0.md").exists()
