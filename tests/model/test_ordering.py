"""Reading order (due, made, id; objectives under their goal), streamed or not, against the
order written out by hand and against the first implementation (kept here as the reference)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from therapy_goals.model import (
    Goal,
    objectives_by_parent,
    reading_key,
    reading_order,
    streamed_reading_order,
)

START = date(2026, 3, 2)


def _goal(goal_id: str, parent: str | None = None, due: int | None = None, hour: int = 9) -> Goal:
    made = datetime(2026, 3, 1, hour, tzinfo=UTC)
    return Goal(
        id=goal_id,
        client_id="c1",
        statement=f"Goal {goal_id}",
        start=START,
        due=None if due is None else START + timedelta(days=due),
        parent_id=parent,
        created=made,
        updated=made,
    )


def _reference(goals: list[Goal]) -> list[tuple[str, int]]:
    """reading_order as first written (before it streamed): sort everything, then place."""
    chosen = sorted(goals, key=lambda g: (g.due or date.max, g.created, g.id))
    ids = {goal.id for goal in chosen}
    children: dict[str, list[Goal]] = {}
    for goal in chosen:
        if goal.parent_id is not None and goal.parent_id in ids:
            children.setdefault(goal.parent_id, []).append(goal)
    ordered: list[tuple[str, int]] = []
    placed: set[str] = set()

    def place(goal: Goal, depth: int) -> None:
        if goal.id in placed:
            return
        placed.add(goal.id)
        ordered.append((goal.id, depth))
        for child in children.get(goal.id, ()):
            place(child, depth + 1)

    for goal in chosen:
        if goal.parent_id is None or goal.parent_id not in ids:
            place(goal, 0)
    for goal in chosen:
        place(goal, 0)
    return ordered


def test_the_order_by_hand() -> None:
    goals = [
        _goal("plan", due=30),
        _goal("sleep", due=10),
        _goal("wind-down", parent="sleep", due=20),
        _goal("phone-away", parent="sleep", due=5),
        _goal("no-date"),
        _goal("orphan", parent="not-listed", due=1),
    ]
    assert [(goal.id, depth) for goal, depth in reading_order(goals)] == [
        ("orphan", 0),
        ("sleep", 0),
        ("phone-away", 1),
        ("wind-down", 1),
        ("plan", 0),
        ("no-date", 0),
    ]


IDS = [f"g{n}" for n in range(8)]


@st.composite
def _goal_sets(draw: st.DrawFn) -> list[Goal]:
    chosen = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=8))
    return [
        _goal(
            goal_id,
            parent=draw(st.none() | st.sampled_from([i for i in [*IDS, "gone"] if i != goal_id])),
            due=draw(st.none() | st.integers(0, 3)),
            hour=draw(st.integers(8, 10)),
        )
        for goal_id in chosen
    ]


@given(_goal_sets())
def test_reading_order_is_the_first_implementations_order(goals: list[Goal]) -> None:
    assert [(goal.id, depth) for goal, depth in reading_order(goals)] == _reference(goals)


@given(_goal_sets())
def test_streaming_needs_only_the_objectives_and_gives_the_same_order(goals: list[Goal]) -> None:
    # What the list command does: the goals come sorted from the store, and only the goals
    # with a parent are held.
    objectives = [goal for goal in goals if goal.parent_id is not None]
    parents = {goal.parent_id for goal in objectives}
    children = objectives_by_parent(objectives, [g.id for g in goals if g.id in parents])
    streamed = streamed_reading_order(iter(sorted(goals, key=reading_key)), children)
    assert [(goal.id, depth) for goal, depth in streamed] == _reference(goals)
    assert sorted(
        goal.id for goal, _ in streamed_reading_order(sorted(goals, key=reading_key), children)
    ) == sorted(goal.id for goal in goals)
