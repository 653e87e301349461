"""The child process of the I/O fault tests: ``failing_io.so`` is preloaded into it.

``python -m tests.faults.io_workload SHIM SCHEME FOLDER ERRNO KINDS PERSISTENT`` runs the
workload below once to count the write (or sync) calls it makes on the store's files, then for
N = 1, 2, ... runs it on a fresh store with the Nth of them failing, until a run in which
nothing failed. After each run it takes the fault away and checks, as SQLite's own I/O-error
tests do:

- the failure reached the caller as a library error (anything else ends this process with a
  traceback, and the test with it);
- the store opens again, SQLite's integrity check passes and no temporary file is left;
- the store holds exactly what the steps that succeeded committed; the step that failed is
  wholly in or wholly out (a failed sync may come after the data reached the disk), except in a
  store without atomic transactions whose undo failed too, where each goal it names is;
- the store takes a new write.

It prints one JSON line: how many calls were counted and, for each N, the step that failed (or
``null`` when no step saw the failure: the library retried or did not need that call, and the
checks above still hold), its message, and whether the failed step's change was kept:
``"out"``, ``"in"``, or ``"part"`` (a JSON folder's unit of work on a full disk, goal by goal,
as its message says).
"""

from __future__ import annotations

import contextlib
import copy
import ctypes
import json
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs

from therapy_goals import (
    AchievementStatus,
    Goal,
    LifecycleStatus,
    ProgressEntry,
    Review,
    ReviewDecision,
    Store,
    TherapyGoalsError,
    open_store,
)

State = dict[str, Any]
"""What the store should hold: ``{"goals": {id: [client, statement, revision]},
"progress": ["goal id/entry id"], "reviews": ["goal id/review id"]}``, kept by hand, sharing
no code with any store."""


def goal(goal_id: str, client: str = "c1") -> Goal:
    return Goal(
        id=goal_id,
        client_id=client,
        statement=f"Walk for 20 minutes, goal {goal_id}",
        start=date(2026, 3, 2),
        created=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )


def at(day: int) -> datetime:
    return datetime(2026, 3, day, 9, tzinfo=UTC)


def added(*goals: tuple[str, str]) -> Callable[[State], None]:
    def effect(state: State) -> None:
        for goal_id, client in goals:
            state["goals"][goal_id] = [client, f"Walk for 20 minutes, goal {goal_id}", 1]

    return effect


def add_many(store: Store) -> None:
    store.add_many([goal("g2"), goal("g3", "c2"), goal("g4", "c2")])


def update(store: Store) -> None:
    store.update(attrs.evolve(store.get("g1"), statement="Walk for 30 minutes, goal g1"))


def updated(state: State) -> None:
    state["goals"]["g1"][1:] = ["Walk for 30 minutes, goal g1", 2]


def activate(store: Store) -> None:
    store.update(attrs.evolve(store.get("g2"), status=LifecycleStatus.ACTIVE))


def activated(state: State) -> None:
    state["goals"]["g2"][2] += 1


def progress(store: Store) -> None:
    store.add_progress(ProgressEntry(id="p1", goal_id="g1", value=3, at=at(3)))


def review(store: Store) -> None:
    store.add_review(
        Review(
            id="r1",
            goal_id="g1",
            achievement=AchievementStatus.IMPROVING,
            decision=ReviewDecision.CONTINUE,
            at=at(4),
        )
    )


def mixed_transaction(store: Store) -> None:
    with store.transaction():
        store.add(goal("g5"))
        store.add_progress(ProgressEntry(id="p2", goal_id="g2", value=4, at=at(5)))
        store.update(attrs.evolve(store.get("g1"), notes="seen at the review"))


def mixed(state: State) -> None:
    added(("g5", "c1"))(state)
    state["progress"].append("g2/p2")
    state["goals"]["g1"][2] += 1


def purge(store: Store) -> None:
    store.purge_client("c2")


def purged(state: State) -> None:
    for goal_id in ("g3", "g4"):
        del state["goals"][goal_id]


STEPS: list[tuple[str, Callable[[Store], Any], Callable[[State], None]]] = [
    ("add", lambda store: store.add(goal("g1")), added(("g1", "c1"))),
    ("add_many", add_many, added(("g2", "c1"), ("g3", "c2"), ("g4", "c2"))),
    ("update", update, updated),
    ("status", activate, activated),
    ("progress", progress, lambda state: state["progress"].append("g1/p1")),
    ("review", review, lambda state: state["reviews"].append("g1/r1")),
    ("transaction", mixed_transaction, mixed),
    ("purge", purge, purged),
]


def snapshot(store: Store) -> State:
    goals = list(store.goals(include_archived=True))
    return {
        "goals": {g.id: [g.client_id, g.statement, g.revision] for g in goals},
        "progress": sorted(f"{g.id}/{e.id}" for g in goals for e in store.progress(g.id)),
        "reviews": sorted(f"{g.id}/{r.id}" for g in goals for r in store.reviews(g.id)),
    }


def assert_histories_whole(store: Store) -> None:
    """Each goal's history holds every revision from the first to the current one, once, in
    order, and ends with the goal as it is: whatever a fault or a crash interrupted."""
    for goal in store.goals(include_archived=True):
        history = store.history(goal.id)
        assert [r.revision for r in history] == list(range(1, goal.revision + 1)), (
            f"goal {goal.id}: history {[r.revision for r in history]} at revision {goal.revision}"
        )
        assert history[-1].goal == goal, f"goal {goal.id}: history ends elsewhere"


def normal(state: State) -> State:
    return {**state, "progress": sorted(state["progress"]), "reviews": sorted(state["reviews"])}


def run_once(url: str) -> tuple[State, State | None, str | None, str | None]:
    """The workload on a new store; returns the state expected, the state had the failed step
    been kept, the failed step and its message."""
    state: State = {"goals": {}, "progress": [], "reviews": []}
    try:
        store = open_store(url)
    except TherapyGoalsError as error:
        return state, None, "open", str(error)
    try:
        for name, action, effect in STEPS:
            try:
                action(store)
            except TherapyGoalsError as error:
                kept = copy.deepcopy(state)
                effect(kept)
                return state, kept, name, str(error)
            effect(state)
        return state, None, None, None
    finally:
        # Closing under a fault may fail; reopening below must still work.
        with contextlib.suppress(TherapyGoalsError):
            store.close()


def goal_by_goal(found: State, expected: State, kept: State, named: str) -> None:
    """What a store without atomic transactions promises when a failed unit of work could not
    be undone: each goal the message names is as before the unit or as after it, whole; every
    other goal is as before."""
    for goal_id in {*found["goals"], *expected["goals"], *kept["goals"]}:
        allowed = [expected["goals"].get(goal_id)]
        if repr(goal_id) in named:
            allowed.append(kept["goals"].get(goal_id))
        assert found["goals"].get(goal_id) in allowed, f"goal {goal_id}: {found}"
    for kind in ("progress", "reviews"):
        for item in {*found[kind], *expected[kind], *kept[kind]}:
            allowed = {item in expected[kind]}
            if repr(item.split("/")[0]) in named:
                allowed.add(item in kept[kind])
            assert (item in found[kind]) in allowed, f"{kind} {item}: {found}"


def check_reopened(
    url: str, folder: Path, expected: State, kept: State | None, message: str | None
) -> str:
    with open_store(url) as store:
        found = snapshot(store)
        if found == normal(expected):
            verdict = "out"
        elif kept is not None and found == normal(kept):
            verdict = "in"
        elif kept is not None and message and "could not be wholly undone" in message:
            assert not store.capabilities.atomic_transactions, message
            goal_by_goal(found, expected, kept, message)
            verdict = "part"
        else:
            raise AssertionError(f"{url}: holds {found}, expected {expected} or {kept}")
        assert_histories_whole(store)
        if hasattr(store, "integrity_check"):
            assert store.integrity_check() == "ok"
        leftovers = [p.name for p in folder.rglob(".tmp-*")]
        assert not leftovers, f"temporaries left after reopening: {leftovers}"
        store.add(goal("after"))
        assert store.get("after").revision == 1
    return verdict


def main(shim: str, scheme: str, base: str, error: int, kinds: int, persistent: bool) -> None:
    library = ctypes.CDLL(shim)
    library.fault_arm.argtypes = [ctypes.c_char_p, ctypes.c_long, ctypes.c_int] + [ctypes.c_int] * 2
    library.fault_counted.restype = ctypes.c_long
    runs: dict[int, Any] = {}
    counted = 0
    n = 0
    while True:
        folder = Path(base) / f"n{n}"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        url = f"{scheme}://{folder / 'store'}"
        library.fault_arm(str(folder).encode(), n, error, kinds, int(persistent))
        try:
            expected, kept, failed, message = run_once(url)
        finally:
            library.fault_disarm()
        if n == 0:
            counted = library.fault_counted()
            assert failed is None, f"the workload fails with no fault: {failed}: {message}"
        elif not library.fault_failed():
            break  # N is past the last call: every N has been tried
        verdict = check_reopened(url, folder, expected, kept, message)
        runs[n] = {"failed": failed, "message": message, "kept": verdict}
        shutil.rmtree(folder)
        n += 1
    print(json.dumps({"counted": counted, "runs": runs}))


if __name__ == "__main__":
    shim, scheme, base, error, kinds, persistent = sys.argv[1:]
    main(shim, scheme, base, int(error), int(kinds), persistent == "1")
