"""`therapy-goals demo`: the whole loop for a made-up client, in the store in use."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from therapy_goals import Goal, LifecycleStatus
from therapy_goals.cli import cli
from therapy_goals.storage import open_store


def demo(tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli,
        ["--store", f"sqlite://{tmp_path / 'goals.db'}", "demo", "--today", "2026-11-30",
         "-o", str(tmp_path / "out"), *extra],
    )  # fmt: skip
    return result.exit_code, result.stdout, result.stderr


def test_the_demo_walks_a_client_through_twelve_weeks_and_writes_the_report(
    tmp_path: Path,
) -> None:
    code, out, err = demo(tmp_path)
    assert code == 0, err
    with open_store(f"sqlite://{tmp_path / 'goals.db'}") as store:
        goals = {g.statement.split(":")[0]: g for g in store.goals(client_id="demo-client")}
        statuses = {name[:10]: g.status for name, g in goals.items()}
        # Three goals agreed and active; a four-rung ladder, two rungs done, the third under way.
        assert statuses == {
            "Practise m": LifecycleStatus.ACTIVE,
            "Bring my P": LifecycleStatus.ACTIVE,
            "Face busy ": LifecycleStatus.ACTIVE,
            "Rung 1 of ": LifecycleStatus.COMPLETED,
            "Rung 2 of ": LifecycleStatus.COMPLETED,
            "Rung 3 of ": LifecycleStatus.ACTIVE,
            "Rung 4 of ": LifecycleStatus.PROPOSED,
        }
        mindfulness = next(g for g in goals.values() if g.statement.startswith("Practise"))
        # Revised from 10 to 15 minutes a session; the 16-week horizon it was agreed with stays.
        assert mindfulness.statement == (
            "Practise mindfulness for 15 minutes 3 times a week to bring my GAD-7 score from 15 "
            "to 7 within 16 weeks"
        )
        assert mindfulness.due == date(2026, 12, 28)  # 12 weeks ago + 16 weeks
        assert [r.change for r in store.history(mindfulness.id)] == ["added", "active", "revised"]
        every: list[Goal] = list(goals.values())
        administered = [
            e for g in every for e in store.progress(g.id) if e.administration is not None
        ]
        # A GAD-7 and a PHQ-9 every two weeks, weeks 0 to 12: 7 of each.
        assert sorted(e.administration.questionnaire for e in administered if e.administration) == (
            ["gad7"] * 7 + ["phq9"] * 7
        )
        flagged = [e for e in administered if e.administration and e.administration.flags]
        assert len(flagged) == 1
        wrong = [e for g in every for e in store.progress(g.id) if not e.counts]
        assert [(e.value, e.entered_in_error.reason) for e in wrong if e.entered_in_error] == [
            (6, "meant 64")
        ]
        [review] = store.reviews(mindfulness.id)
        assert review.decision.value == "revise"
        assert len(review.wins) == 3
    report = tmp_path / "out" / "report.md"
    text = report.read_text()
    assert text.startswith("# Goals review for client demo-client")
    assert "**Needs follow-up:** PHQ-9" in text
    # The ladder's if-then plan, used on 7 Fridays, helped on 6 (SHOP_PLAN_USES, by hand).
    assert (
        "- If-then plan: If I want to leave the situation early, then I will stay two more "
        "minutes and breathe out slowly. Used 7 times, helped 6 of 7 times rated;"
    ) in text
    assert "- Obstacles: wanting to leave before the anxiety eases" in text
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    # Every goal with a measured value gets a PNG and an SVG: all but the fourth rung, not begun.
    assert len(list((tmp_path / "out" / "charts").glob("*.png"))) == 6
    lines = out.splitlines()
    assert lines[0] == f"Made client 'demo-client' in sqlite://{tmp_path / 'goals.db'}:"
    assert "Try next:" in lines
    assert f"  therapy-goals show {mindfulness.id[:8]}" in lines


def test_running_the_demo_twice_replaces_its_client_and_nothing_else(tmp_path: Path) -> None:
    assert demo(tmp_path)[0] == 0
    code, out, _ = demo(tmp_path)
    assert code == 0
    assert out.splitlines()[0] == "replaced the demo client of an earlier run (7 goal(s))"
    with open_store(f"sqlite://{tmp_path / 'goals.db'}") as store:
        assert len(list(store.goals(client_id="demo-client", include_archived=True))) == 7
        assert len(list((tmp_path / "out" / "charts").glob("*.svg"))) == 6


def test_the_demo_never_touches_a_real_client_or_a_report_it_did_not_write(
    tmp_path: Path,
) -> None:
    with open_store(f"sqlite://{tmp_path / 'goals.db'}") as store:
        store.add(Goal(client_id="demo-client", statement="Walk daily", start=date(2026, 3, 2)))
    code, out, err = demo(tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        "Error: client 'demo-client' holds goals the demo did not make; choose another with "
        "--client\n"
    )
    (tmp_path / "out").mkdir(exist_ok=True)
    (tmp_path / "out" / "report.md").write_text("# My own notes\n")
    code, _, err = demo(tmp_path, "--client", "demo-2")
    assert code == 2
    assert "report.md exists and is not a demo report" in err
    assert (tmp_path / "out" / "report.md").read_text() == "# My own notes\n"
    with open_store(f"sqlite://{tmp_path / 'goals.db'}") as store:  # refused before any write
        assert list(store.goals(client_id="demo-2")) == []
