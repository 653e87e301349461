"""Charts a therapist reads at a glance: the plan (pure) and the drawn files."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from therapy_goals import GAD7, Direction, Goal, Measure, ProgressEntry
from therapy_goals.progress import ChartPlan, chart_goal, draw_charts, plan_chart
from therapy_goals.progress.charts import FEWEST_SHARED

STATEMENT = (
    "Practise mindfulness for 10 minutes three times a week to bring my GAD-7 score from 15 "
    "to under 8 within 12 weeks"
)


def anxiety_goal(goal_id: str = "5f2a90aa4c1e4f0e9d3b2a1c0b9a8f7e") -> Goal:
    return Goal(
        id=goal_id,
        client_id="c1",
        statement=STATEMENT,
        start=date(2026, 3, 2),
        due=date(2026, 5, 25),
        measure=Measure(
            name="GAD-7 total",
            direction=Direction.DECREASE,
            questionnaire="gad7",
            baseline=15,
            target=7,
        ),
    )


def entries(goal: Goal, values: list[float]) -> list[ProgressEntry]:
    start = datetime(2026, 3, 2, 18, tzinfo=UTC)
    return [
        ProgressEntry(goal_id=goal.id, value=v, at=start + timedelta(weeks=2 * n))
        for n, v in enumerate(values)
    ]


def test_the_plan_titles_names_and_shades_a_questionnaire_chart() -> None:
    goal = anxiety_goal()
    plan = plan_chart(goal, entries(goal, [15, 12, 9]), GAD7)
    assert plan is not None
    # The statement, cut at a word before 70 characters.
    assert plan.title == "Practise mindfulness for 10 minutes three times a week to bring my..."
    assert plan.stem == "5f2a90aa-practise-mindfulness-for-10-minutes"
    # GAD-7 severity: minimal 0-4, mild 5-9, moderate 10-14, severe 15-21 (Spitzer et al. 2006,
    # Arch Intern Med 166:1092); the shading meets halfway between whole scores.
    assert [(b.label, b.low, b.high) for b in plan.bands] == [
        ("minimal", 0, 4.5),
        ("mild", 4.5, 9.5),
        ("moderate", 9.5, 14.5),
        ("severe", 14.5, 21),
    ]
    assert plan.y_range == (0, 21)  # the axis starts at the questionnaire's minimum
    assert (GAD7.cutoff, f"clinical cut-off {GAD7.cutoff}", "#c53030") in plan.lines
    assert [label for _, label, _ in plan.lines][:2] == ["baseline 15", "target 7"]
    assert plan.points[-1][1] == 9


def test_an_entry_marked_in_error_is_not_drawn_and_nothing_means_no_chart() -> None:
    goal = anxiety_goal()
    first, typo = entries(goal, [15, 4])
    import attrs

    from therapy_goals.model import Correction

    wrong = attrs.evolve(typo, entered_in_error=Correction(reason="meant 14", at=typo.at))
    plan = plan_chart(goal, [first, wrong], GAD7)
    assert plan is not None
    assert [value for _, value in plan.points] == [15]
    assert plan_chart(goal, [wrong], GAD7) is None
    unmeasured = Goal(client_id="c1", statement="Walk daily", start=date(2026, 3, 2))
    assert plan_chart(unmeasured, entries(unmeasured, [1]), None) is None


@pytest.mark.parametrize(
    ("goal_id", "stem_start"),
    [
        ("goal-anxiety-1", "goal-anxiety-1-practise"),
        ("../../etc/passwd", "etc-passwd-"),  # never a path out of the chart folder
    ],
)
def test_file_names_are_safe_and_name_the_goal(goal_id: str, stem_start: str) -> None:
    plan = plan_chart(anxiety_goal(goal_id), entries(anxiety_goal(goal_id), [15]), None)
    assert plan is not None
    assert plan.stem.startswith(stem_start)
    assert "/" not in plan.stem
    assert plan.y_range is None  # no questionnaire, no bounds on the measure: fit the values


def test_the_drawn_svg_carries_the_title_bands_and_cut_off_as_text(tmp_path: Path) -> None:
    goal = anxiety_goal()
    drawn = chart_goal(goal, entries(goal, [15, 12, 9]), tmp_path / "charts", questionnaire=GAD7)
    assert drawn is not None
    png, svg = drawn
    assert (png.name, svg.name) == (
        "5f2a90aa-practise-mindfulness-for-10-minutes.png",
        "5f2a90aa-practise-mindfulness-for-10-minutes.svg",
    )
    text = svg.read_text()
    for shown in ("Practise mindfulness for 10 minutes three times a week to bring my...",
                  "minimal", "mild", "moderate", "severe", f"clinical cut-off {GAD7.cutoff}",
                  "target 7"):  # fmt: skip
        assert shown in text, shown
    assert oct(svg.stat().st_mode & 0o777) == "0o600"


def several_plans(count: int) -> list[ChartPlan]:
    """Charts of ``count`` goals, some on GAD-7 (bands, cut-off), some without a questionnaire."""
    plans = []
    for n in range(count):
        goal = anxiety_goal(f"goal-{n:02}")
        plan = plan_chart(goal, entries(goal, [15 - n % 5, 12, 9 + n % 3]), GAD7 if n % 2 else None)
        assert plan is not None
        plans.append(plan)
    return plans


def test_charts_drawn_in_helper_processes_are_the_charts_drawn_here(tmp_path: Path) -> None:
    plans = several_plans(FEWEST_SHARED + 1)
    here = draw_charts(plans, tmp_path / "here", workers=1)
    shared = draw_charts(plans, tmp_path / "shared", workers=3)
    # The same files, in the plans' order, whoever drew them: the expected bytes come from
    # drawing each plan on its own with chart_goal's drawing.
    assert [(png.name, svg.name) for png, svg in shared] == [
        (f"{plan.stem}.png", f"{plan.stem}.svg") for plan in plans
    ]
    assert [p.parent for pair in shared for p in pair] == [tmp_path / "shared"] * len(plans) * 2
    for (png, svg), (own_png, own_svg) in zip(shared, here, strict=True):
        assert png.read_bytes() == own_png.read_bytes()
        assert svg.read_bytes() == own_svg.read_bytes()
        assert oct(png.stat().st_mode & 0o777) == oct(svg.stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "shared").stat().st_mode & 0o777) == "0o700"


def test_drawing_no_charts_makes_nothing(tmp_path: Path) -> None:
    assert draw_charts([], tmp_path / "none", workers=None) == []
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize("workers", [0, -1])
def test_a_worker_count_below_one_is_refused(tmp_path: Path, workers: int) -> None:
    from therapy_goals import TherapyGoalsError

    with pytest.raises(TherapyGoalsError, match="workers"):
        draw_charts(several_plans(1), tmp_path, workers=workers)


def test_plans_a_killed_helper_held_are_drawn_by_the_caller(tmp_path: Path) -> None:
    """As ChartDrawing says: a helper that dies (killed, out of memory) leaves its plans to the
    process that made the drawing, and every chart is still drawn once, whole."""
    import os
    import signal

    from therapy_goals.progress import ChartDrawing

    plans = several_plans(FEWEST_SHARED + 2)
    with ChartDrawing(tmp_path / "charts", workers=2, expected=len(plans)) as drawing:
        for plan in plans:
            drawing.add(plan)
        helpers = list(drawing._pool._processes.values())  # type: ignore[union-attr]
        assert helpers  # a helper was started for these plans
        for helper in helpers:
            os.kill(helper.pid, signal.SIGKILL)
            helper.join(timeout=30)
        drawn = drawing.finish()
    assert [(png.name, svg.name) for png, svg in drawn] == [
        (f"{plan.stem}.png", f"{plan.stem}.svg") for plan in plans
    ]
    alone = draw_charts(plans, tmp_path / "alone", workers=1)
    for (png, svg), (own_png, own_svg) in zip(drawn, alone, strict=True):
        assert png.read_bytes() == own_png.read_bytes()
        assert svg.read_bytes() == own_svg.read_bytes()
