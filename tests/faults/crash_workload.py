"""The writer the crash tests kill: ``python -m tests.faults.crash_workload URL``.

Round after round it runs ``add_many`` of five goals, a mixed transaction (a new goal, an
update, a progress entry and a review on three other goals) and, from the third round on, the
purge of the client of two rounds before. After each call returns it prints ``done ROUND STEP``;
the test kills it with SIGKILL at a random moment and works out, from the lines it got, what the
store must hold (see :func:`expected_after`).
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime

import attrs

from therapy_goals import (
    AchievementStatus,
    Goal,
    ProgressEntry,
    Review,
    ReviewDecision,
    Store,
    open_store,
)

from .io_workload import State

Step = tuple[Callable[[Store], object], Callable[[State], None], tuple[str, ...]]
"""What a step does to a store, what it does to the expected state, and the goals it touches."""

MOMENT = datetime(2026, 3, 3, 9, tzinfo=UTC)


def statement(goal_id: str) -> str:
    return f"Walk for 20 minutes, goal {goal_id}"


def goal(goal_id: str, client: str) -> Goal:
    return Goal(
        id=goal_id,
        client_id=client,
        statement=statement(goal_id),
        start=date(2026, 3, 2),
        created=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )


def steps(round_: int) -> list[Step]:
    client = f"client-{round_}"
    ids = [f"r{round_}-g{n}" for n in range(5)]
    new = f"r{round_}-t"

    def add_many(store: Store) -> None:
        store.add_many([goal(goal_id, client) for goal_id in ids])

    def added(state: State) -> None:
        for goal_id in ids:
            state["goals"][goal_id] = [client, statement(goal_id), 1]

    def transaction(store: Store) -> None:
        with store.transaction():
            store.add(goal(new, client))
            store.update(attrs.evolve(store.get(ids[0]), statement=f"Run, goal {ids[0]}"))
            store.add_progress(ProgressEntry(id=f"{new}-p", goal_id=ids[1], value=3, at=MOMENT))
            store.add_review(
                Review(
                    id=f"{new}-r",
                    goal_id=ids[2],
                    achievement=AchievementStatus.IMPROVING,
                    decision=ReviewDecision.CONTINUE,
                    at=MOMENT,
                )
            )

    def transacted(state: State) -> None:
        state["goals"][new] = [client, statement(new), 1]
        state["goals"][ids[0]][1:] = [f"Run, goal {ids[0]}", 2]
        state["progress"].append(f"{ids[1]}/{new}-p")
        state["reviews"].append(f"{ids[2]}/{new}-r")

    chosen: list[Step] = [
        (add_many, added, tuple(ids)),
        (transaction, transacted, (new, ids[0], ids[1], ids[2])),
    ]
    if round_ >= 2:
        old = round_ - 2
        old_ids = (*(f"r{old}-g{n}" for n in range(5)), f"r{old}-t")

        def purge(store: Store) -> None:
            store.purge_client(f"client-{old}")

        def purged(state: State) -> None:
            for goal_id in old_ids:
                state["goals"].pop(goal_id, None)
            for kind in ("progress", "reviews"):
                state[kind] = [i for i in state[kind] if not i.startswith(f"r{old}-")]

        chosen.append((purge, purged, old_ids))
    return chosen


def expected_after(done: list[tuple[int, int]]) -> tuple[State, State, tuple[str, ...]]:
    """From the steps reported done, in order: the state the store must hold if the step in
    flight when the writer died left nothing, the state if it was wholly kept, and the goals
    that step touches."""
    state: State = {"goals": {}, "progress": [], "reviews": []}
    round_, step = 0, -1
    for round_, step in done:
        steps(round_)[step][1](state)
    following = steps(round_)
    round_, step = (round_, step + 1) if step + 1 < len(following) else (round_ + 1, 0)
    _, effect, touched = steps(round_)[step]
    kept = copy.deepcopy(state)
    effect(kept)
    return state, kept, touched


def main(url: str) -> None:
    with open_store(url) as store:
        round_ = 0
        while True:
            for number, (action, _, _) in enumerate(steps(round_)):
                action(store)
                print(f"done {round_} {number}", flush=True)
            round_ += 1


if __name__ == "__main__":
    main(sys.argv[1])
