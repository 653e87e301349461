"""The order in which people read a client's goals: soonest due first, objectives under their goal.

One order for every place that shows goals to a person (the ``list`` table, ``show``, the
report), so a goal is never in one place in one view and elsewhere in the next.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from therapy_goals.model.goal import Goal

__all__ = ["reading_order"]

_LATEST_DUE = date.max


def reading_order(goals: Iterable[Goal]) -> list[tuple[Goal, int]]:
    """The goals sorted by due date (undated last) then created, each objective right under its
    goal; each with its depth (0 for a goal, 1 for its objectives, ...)."""

    def key(goal: Goal) -> tuple[date, str, str]:
        return (goal.due or _LATEST_DUE, goal.created.isoformat(), goal.id)

    chosen = sorted(goals, key=key)
    ids = {goal.id for goal in chosen}
    children: dict[str, list[Goal]] = {}
    for goal in chosen:
        if goal.parent_id is not None and goal.parent_id in ids:
            children.setdefault(goal.parent_id, []).append(goal)
    ordered: list[tuple[Goal, int]] = []
    placed: set[str] = set()

    def place(goal: Goal, depth: int) -> None:
        if goal.id in placed:  # a cycle of parents cannot be saved, but never loop on one
            return
        placed.add(goal.id)
        ordered.append((goal, depth))
        for child in children.get(goal.id, ()):
            place(child, depth + 1)

    for goal in chosen:
        if goal.parent_id is None or goal.parent_id not in ids:
            place(goal, 0)
    for goal in chosen:  # objectives whose parents form a loop: shown, not lost
        place(goal, 0)
    return ordered
