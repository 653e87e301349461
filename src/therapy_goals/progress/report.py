"""A review-ready report for one client, in Markdown, with a chart per measured goal.

Charts need matplotlib (``pip install therapy-goals[plot]``); without it the text report is
complete and says how to add the charts. Nothing here logs the report's content.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import attrs

from therapy_goals.contracts.questionnaires import Questionnaire
from therapy_goals.model import Goal, ProgressEntry, Review, reading_order
from therapy_goals.progress.charts import ChartDrawing, plan_chart
from therapy_goals.progress.gas import latest_attainment_t_score
from therapy_goals.progress.plans import PlanUseSummary
from therapy_goals.progress.reviews import review_preparation
from therapy_goals.progress.summary import MIN_SPAN_DAYS
from therapy_goals.smart import Checker, RuleContext
from therapy_goals.storage.base import Store

__all__ = ["ClientReport", "client_report"]


@attrs.frozen
class ClientReport:
    """The report's Markdown text and the chart files written next to it."""

    markdown: str
    charts: tuple[Path, ...]


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
"""What makes inline Markdown mid-line: emphasis, code, links and images (``[``), tables. Block
syntax (``#``, ``>``, ``-``) only acts at the start of a line, and the text never starts one."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def markdown_text(text: str) -> str:
    """Stored text as plain words in Markdown, on one line.

    A statement is typed by a person or comes from another system: unescaped, ``![x](url)`` would
    load an image from the web when the report is opened, ``<img>`` or ``<script>`` would be
    HTML, and a line break then ``## ...`` a heading. Inline Markdown punctuation is
    backslash-escaped, ``<`` and ``&`` become entities, control characters and line breaks become
    spaces, so the text always continues the line it is put on.
    """
    one_line = " ".join(_CONTROL.sub(" ", text).split())
    escaped = one_line.replace("&", "&amp;").replace("<", "&lt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _goal_section(
    store: Store,
    goal: Goal,
    *,
    today: date,
    checker: Checker,
    context: RuleContext,
    questionnaires: Mapping[str, Questionnaire],
    report_dir: Path | None,
    drawing: ChartDrawing | None,
    depth: int,
    goals: Sequence[Goal],
    reviews: Sequence[Review],
) -> list[str]:
    # Each goal's records are read once, for its summary, wins and chart alike; its objectives
    # come from the client's goals the report has read already.
    entries = list(store.progress(goal.id))
    scored_on = questionnaires.get(goal.measure.questionnaire or "") if goal.measure else None
    prep = review_preparation(
        goal,
        entries,
        store.step_completions(goal.id),
        reviews,
        [g for g in goals if g.parent_id == goal.id],
        today=today,
        questionnaire=scored_on,
        plan_uses=store.plan_uses(goal.id),
    )
    summary = prep.summary
    verdicts = checker.check(goal, context=context).verdicts
    heading = "##" if depth == 0 else "### Objective:"
    lines = [f"{heading} {markdown_text(goal.statement)}", ""]
    for entry in prep.flagged:
        given = entry.administration
        if given is not None:
            known = questionnaires.get(given.questionnaire)
            lines.append(
                f"- **Needs follow-up:** {known.name if known else given.questionnaire} on "
                f"{entry.at.date().isoformat()}: {markdown_text('; '.join(given.flags))}"
            )
    due = goal.due.isoformat() if goal.due else "no due date"
    lines.append(f"- Area: {goal.area or 'none'} | Status: {goal.status.value} | Due: {due}")
    lines.append("- SMART: " + ", ".join(f"{c.value} {v.value}" for c, v in verdicts.items()))
    if goal.measure is not None:
        m = goal.measure
        latest = (
            f"latest {_fmt(summary.latest)} on {summary.latest_at.date().isoformat()}"
            if summary.latest_at
            else "no entries yet"
        )
        percent = f" ({summary.percent:g}% of the way)" if summary.percent is not None else ""
        lines.append(
            f"- Measure: {markdown_text(m.name)}, from {_fmt(summary.start_value)} to "
            f"{_fmt(m.target)}; "
            f"{latest}{percent}"
        )
    if summary.entries and not summary.enough_data:
        lines.append(
            f"- Trend: not enough data yet (needs 2 entries at least {MIN_SPAN_DAYS} days apart)"
        )
    if summary.slope_per_week is not None:
        projected = (
            f"; at this rate the target is reached around {summary.projected.isoformat()}"
            if summary.projected
            else ""
        )
        lines.append(f"- Trend: {summary.slope_per_week:+.2f} per week{projected}")
    lines.append(
        f"- Standing: {summary.standing.value}; suggested achievement: {summary.achievement.value}"
    )
    if summary.adherence is not None:
        lines.append(
            f"- Steps: {summary.done} of {summary.planned} planned done ({summary.adherence:.0%})"
        )
    lines += _plan_lines(goal, prep.plans)
    if summary.change is not None:
        change = summary.change
        words = [f"{summary.band_at_start} -> {summary.band_now}", f"RCI {change.rci:+.2f}"]
        if change.reliable_improvement:
            words.append("reliable improvement")
        if change.reliable_deterioration:
            words.append("reliable deterioration")
        words.append("recovered" if change.recovery else "not recovered yet")
        lines.append("- Questionnaire: " + "; ".join(words))
    if prep.wins:
        lines.append(
            "- Wins: "
            + "; ".join(f"{markdown_text(w.message)} ({w.on.isoformat()})" for w in prep.wins)
        )
    counted = [r for r in prep.reviews if r.counts]
    if counted:
        last = counted[-1]
        level = f", GAS {last.attainment:+d}" if last.attainment is not None else ""
        following = f"; next review {last.next_review.isoformat()}" if last.next_review else ""
        lines.append(
            f"- Last review: {last.at.date().isoformat()} {last.achievement.value}{level}, "
            f"decided {last.decision.value}{following}"
        )
    if drawing is not None:
        lines += _chart_lines(goal, entries, drawing, report_dir, scored_on)
    return [*lines, ""]


def _plan_lines(goal: Goal, plans: Sequence[PlanUseSummary]) -> list[str]:
    """The goal's obstacles, its if-then plans with their use, and who supports the client."""
    lines = []
    if goal.obstacles:
        lines.append("- Obstacles: " + "; ".join(markdown_text(o) for o in goal.obstacles))
    lines += [f"- If-then plan: {markdown_text(plan.describe())}" for plan in plans]
    if goal.supporters:
        lines.append("- Supporters: " + ", ".join(markdown_text(s) for s in goal.supporters))
    return lines


def _chart_lines(
    goal: Goal,
    entries: Sequence[ProgressEntry],
    drawing: ChartDrawing,
    report_dir: Path | None,
    scored_on: Questionnaire | None,
) -> list[str]:
    """Plan the goal's chart for ``drawing``; the Markdown lines that show it."""
    plan = plan_chart(goal, entries, scored_on)
    if plan is None:
        return []
    drawing.add(plan)
    target = (drawing.folder / plan.stem).with_suffix(".png")  # where draw_chart puts it
    shown = (
        target.relative_to(report_dir)
        if report_dir and target.is_relative_to(report_dir)
        else target
    )
    label = markdown_text(goal.measure.name) if goal.measure else "progress"
    return ["", f"![{label}]({shown})"]


def client_report(
    store: Store,
    client_id: str,
    *,
    today: date,
    checker: Checker,
    questionnaires: Mapping[str, Questionnaire],
    chart_dir: Path | None = None,
    report_dir: Path | None = None,
    chart_workers: int | None = 1,
) -> ClientReport:
    """The Markdown report of a client's goals as of ``today``, with charts in ``chart_dir``.

    ``chart_workers`` processes draw the charts (see
    :class:`~therapy_goals.progress.charts.ChartDrawing`): the default, 1, draws them here after
    the text and starts nothing; more, or ``None`` for one per processor, start helpers that
    draw while the text is made.
    """
    goals = list(store.goals(client_id=client_id))
    every_review = {goal.id: store.reviews(goal.id) for goal in goals}
    reviews = [r for goal in goals for r in every_review[goal.id] if r.counts]
    t_score = latest_attainment_t_score(goals, reviews)
    lines = [
        f"# Goals review for client {markdown_text(client_id)}",
        "",
        f"Prepared {today.isoformat()}.",
    ]
    lines.append(f"{len(goals)} goal(s). ")
    lines[-1] += (
        f"Goal Attainment Scaling T-score: {t_score:.1f} (50 = as expected)."
        if t_score is not None
        else "No goal attainment levels recorded yet."
    )
    if chart_dir is not None:
        try:
            import matplotlib  # noqa: F401, PLC0415
        except ImportError:
            lines.append(
                "Charts: install therapy-goals[plot] (matplotlib) to add a chart for each goal."
            )
            chart_dir = None
    lines.append("")
    context = RuleContext(today=today, other_goals=tuple(goals))
    with contextlib.ExitStack() as stack:
        drawing = None
        if chart_dir is not None:  # helpers, if any, start now and draw while the text is made
            measured = sum(goal.measure is not None for goal in goals)
            drawing = stack.enter_context(
                ChartDrawing(chart_dir, workers=chart_workers, expected=measured)
            )
        for goal, depth in reading_order(goals):
            lines += _goal_section(
                store,
                goal,
                today=today,
                checker=checker,
                context=context,
                questionnaires=questionnaires,
                report_dir=report_dir,
                drawing=drawing,
                depth=depth,
                goals=goals,
                reviews=every_review[goal.id],
            )
        drawn = [] if drawing is None else drawing.finish()
    return ClientReport(
        markdown="\n".join(lines).rstrip() + "\n",
        charts=tuple(path for pair in drawn for path in pair),
    )
