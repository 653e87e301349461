"""How the command shows goals to a person: the ``list`` table and the ``show`` page.

Only presentation lives here; what is shown comes from the store and the progress engine. Ids
appear in their short form (:func:`~therapy_goals.cli.basics.short_id`), which every command
accepts back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from therapy_goals.model import Goal, Measure, PlanUse, ProgressEntry, Review, Step, short_id
from therapy_goals.progress.plans import summarize_plan_uses

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Stored text safe for a terminal, on one line: control characters (an escape sequence
    that clears the screen or retitles the window, a bell, a line break) become spaces."""
    return _CONTROL.sub(" ", text)


GOAL_HEADER = ("ID", "CLIENT", "STATUS", "DUE", "GOAL")
"""The columns of the ``list`` table; all but the last are padded to their widest cell."""


def goal_cells(goal: Goal, depth: int) -> tuple[str, str, str, str, str]:
    """One row of the ``list`` table: an objective's statement is indented under its goal."""
    return (
        short_id(goal.id),
        printable(goal.client_id),
        goal.status.value,
        goal.due.isoformat() if goal.due else "-",
        "  " * depth + ("- " if depth else "") + printable(goal.statement),
    )


def column_widths(rows: Iterable[tuple[str, ...]], *, at_least: Sequence[int] = ()) -> list[int]:
    """The width of each padded column over the header and ``rows`` (and ``at_least``: the
    widths of rows seen before)."""
    widths = [len(cell) for cell in GOAL_HEADER[:4]]
    if at_least:
        widths = [max(width, seen) for width, seen in zip(widths, at_least, strict=True)]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row[:4], strict=False)]
    return widths


def table_line(row: tuple[str, ...], widths: Sequence[int]) -> str:
    """A row of the ``list`` table with its padded columns at ``widths``."""
    padded = "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
    return f"{padded}  {row[4]}"


def goal_table(rows: Sequence[tuple[Goal, int]]) -> list[str]:
    """The lines of the ``list`` table: a header, then one line per goal, objectives indented."""
    cells = [goal_cells(goal, depth) for goal, depth in rows]
    widths = column_widths(cells)
    return [table_line(row, widths) for row in [GOAL_HEADER, *cells]]


def describe_measure(measure: Measure) -> str:
    """``GAD-7 total (score): from 15 to 7, lower is better``."""
    unit = f" ({measure.unit})" if measure.unit and measure.unit not in measure.name else ""
    span = []
    if measure.baseline is not None:
        span.append(f"from {measure.baseline:g}")
    if measure.target is not None:
        span.append(f"to {measure.target:g}")
    better = {"increase": "higher is better", "decrease": "lower is better"}.get(
        measure.direction.value, f"aim: {measure.direction.value}"
    )
    return f"{measure.name}{unit}: {' '.join(span) or 'no target'}, {better}"


def describe_step(step: Step) -> str:
    """``Walk for 20 minutes, 3 per week, 20 min``."""
    parts = [step.action]
    if step.schedule is not None:
        parts.append(f"{step.schedule.count} per {step.schedule.per.value}")
    if step.minutes is not None:
        parts.append(f"{step.minutes} min")
    if step.due is not None:
        parts.append(f"by {step.due.isoformat()}")
    return ", ".join(parts)


def goal_page(
    goal: Goal,
    *,
    progress: Sequence[ProgressEntry],
    reviews: Sequence[Review],
    objectives: Sequence[Goal],
    today: date,
    plan_uses: Sequence[PlanUse] = (),
) -> list[str]:
    """The lines ``show`` prints: what a therapist looks at before a session."""
    lines = [
        f"goal {short_id(goal.id)} (revision {goal.revision}) of client {goal.client_id}",
        f"  {goal.statement}",
        f"  status:      {goal.status.value}"
        + (f", achievement {goal.achievement.value}" if goal.achievement else ""),
        f"  area:        {goal.area or '-'}",
    ]
    due = "no due date"
    if goal.due is not None:
        left = (goal.due - today).days
        when = f"in {left} day(s)" if left >= 0 else f"{-left} day(s) ago"
        due = f"due {goal.due.isoformat()} ({when})"
    lines.append(f"  dates:       started {goal.start.isoformat()}, {due}")
    if goal.why_it_matters:
        lines.append(f"  why:         {goal.why_it_matters}")
    if goal.parent_id:
        lines.append(f"  objective of {short_id(goal.parent_id)}")
    lines.append(f"  measure:     {describe_measure(goal.measure) if goal.measure else '-'}")
    if goal.steps:
        lines.append("  steps:")
        lines += [f"    {step.id}  {describe_step(step)}" for step in goal.steps]
    if goal.obstacles:
        lines.append("  obstacles:   " + "; ".join(goal.obstacles))
    if goal.plans:
        lines.append("  if-then plans:")
        lines += [
            f"    {number}  {short_id(use.plan.id)}  {use.describe()}"
            for number, use in enumerate(summarize_plan_uses(goal, plan_uses), start=1)
        ]
    if goal.supporters:
        lines.append("  supporters:  " + ", ".join(goal.supporters))
    if objectives:
        lines.append("  objectives:")
        lines += [f"    {short_id(o.id)}  {o.statement}" for o in objectives]
    counted = [e for e in progress if e.counts]
    if counted:
        latest = max(counted, key=lambda e: e.at)
        lines.append(
            f"  latest:      {latest.value:g} on {latest.at.date().isoformat()} "
            f"({latest.source.value}); {len(counted)} entr{'y' if len(counted) == 1 else 'ies'}"
        )
    else:
        lines.append("  latest:      no progress logged yet")
    kept = [r for r in reviews if r.counts]
    if kept:
        last = max(kept, key=lambda r: r.at)
        following = last.next_review.isoformat() if last.next_review else "not set"
        lines.append(
            f"  last review: {last.at.date().isoformat()}, {last.achievement.value}, "
            f"decided {last.decision.value}; next review {following}"
        )
    else:
        lines.append("  last review: none yet")
    return [printable(line) for line in lines]
