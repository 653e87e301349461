"""The order in which people read a client's goals: soonest due first, objectives under their goal.

One order for every place that shows goals to a person (the ``list`` table, ``show``, the
report), so a goal is never in one place in one view and elsewhere in the next. A listing of
many goals streams it (:func:`streamed_reading_order`): the goals come already sorted by
:func:`reading_key` (a store's ``goals_by_due``), and only the objectives are held in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime

from therapy_goals.model.goal import Goal

__all__ = ["objectives_by_parent", "reading_key", "reading_order", "streamed_reading_order"]

_LATEST_DUE = date.max


def reading_key(goal: Goal) -> tuple[date, datetime, str]:
    """Where a goal sorts among its peers: by due date (undated last), then when it was made,
    then by id."""
    return (goal.due or _LATEST_DUE, goal.created, goal.id)


def objectives_by_parent(
    objectives: Iterable[Goal], listed: Iterable[str]
) -> dict[str, list[Goal]]:
    """The ``objectives`` whose parent is among the ``listed`` ids, by parent, each list in
    reading order: what :func:`streamed_reading_order` places under their goal."""
    present = set(listed)
    children: dict[str, list[Goal]] = {}
    for goal in objectives:
        if goal.parent_id is not None and goal.parent_id in present:
            children.setdefault(goal.parent_id, []).append(goal)
    for siblings in children.values():
        siblings.sort(key=reading_key)
    return children


def streamed_reading_order(
    in_reading_key_order: Iterable[Goal], children: Mapping[str, Sequence[Goal]]
) -> Iterator[tuple[Goal, int]]:
    """Goals already sorted by :func:`reading_key`, each objective moved right under its goal;
    each with its depth (0 for a goal, 1 for its objectives, ...).

    ``children`` is :func:`objectives_by_parent` of the same goals: only they are held in
    memory, so a listing of a million goals streams.
    """
    placed_under: set[str] = {child.id for siblings in children.values() for child in siblings}
    placed: set[str] = set()

    def place(goal: Goal, depth: int) -> Iterator[tuple[Goal, int]]:
        if goal.id in placed_under:
            if goal.id in placed:  # a cycle of parents cannot be saved, but never loop on one
                return
            placed.add(goal.id)
        yield goal, depth
        for child in children.get(goal.id, ()):
            yield from place(child, depth + 1)

    for goal in in_reading_key_order:
        if goal.id not in placed_under:
            yield from place(goal, 0)
    # Objectives whose parents form a loop never came under a goal: shown, not lost.
    stranded = [
        child for siblings in children.values() for child in siblings if child.id not in placed
    ]
    for goal in sorted(stranded, key=reading_key):
        yield from place(goal, 0)


def reading_order(goals: Iterable[Goal]) -> list[tuple[Goal, int]]:
    """The goals sorted by due date (undated last) then created, each objective right under its
    goal; each with its depth (0 for a goal, 1 for its objectives, ...)."""
    chosen = sorted(goals, key=reading_key)
    children = objectives_by_parent(chosen, (goal.id for goal in chosen))
    return list(streamed_reading_order(chosen, children))
