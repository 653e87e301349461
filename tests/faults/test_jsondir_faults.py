"""Issue 18, in the style of SQLite's own I/O-error tests: make the Nth file write (or folder
fsync) of a JSON folder store fail, for N = 1, 2, ... over a workload, and check that every
failure is a StorageError naming the store, that the store still opens, and that nothing
committed before the failure is lost."""

from __future__ import annotations

import errno
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

from therapy_goals import Goal, ProgressEntry, Review, StorageError, open_store
from therapy_goals.model import AchievementStatus, ReviewDecision
from therapy_goals.storage import jsondir

START = date(2026, 3, 2)


def goal(goal_id: str, client: str = "c1") -> Goal:
    return Goal(
        id=goal_id,
        client_id=client,
        statement=f"Walk, goal {goal_id}",
        start=START,
        created=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )


def workload(store: Any) -> list[str]:
    """Writes of every kind; returns what it committed, step by step."""
    done = []
    store.add(goal("g2"))
    done.append("add g2")
    current = store.get("g1")
    store.update(attrs.evolve(current, notes="second revision"))
    done.append("update g1")
    store.add_progress(
        ProgressEntry(id="e1", goal_id="g1", value=3, at=datetime(2026, 3, 3, tzinfo=UTC))
    )
    done.append("progress e1")
    store.add_review(
        Review(
            id="r1",
            goal_id="g1",
            achievement=AchievementStatus.IMPROVING,
            decision=ReviewDecision.CONTINUE,
            at=datetime(2026, 3, 4, tzinfo=UTC),
        )
    )
    done.append("review r1")
    with store.transaction():
        store.add(goal("g3"))
        store.add(goal("g4"))
    done.append("add g3 g4")
    store.purge_client("c2")
    done.append("purge c2")
    return done


def failing_at(count: int, real: Callable[..., Any], calls: list[int]) -> Callable[..., Any]:
    def fail_or_do(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == count:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    return fail_or_do


@pytest.mark.parametrize("fault", ["_write_atomically", "_sync_folder"])
def test_the_nth_failed_write_is_a_storage_error_and_loses_nothing_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    failures = 0
    for count in range(1, 60):
        url = f"jsondir://{tmp_path / f'{fault}-{count}'}"
        with open_store(url) as store:
            store.add(goal("g1"))
            store.add(goal("gone", client="c2"))
        calls: list[int] = []
        with monkeypatch.context() as patch:
            patch.setattr(jsondir, fault, failing_at(count, getattr(jsondir, fault), calls))
            done: list[str] = []
            message = ""
            try:
                with open_store(url) as store:
                    done = workload(store)
            except StorageError as error:  # any other exception fails the test
                failures += 1
                message = str(error)
            if message:
                assert url in message
                assert "No space left on device" in message
        with open_store(url) as store:  # no fault: it opens, and what was committed is there
            held = {g.id for g in store.goals(include_archived=True)}
            assert "g1" in held
            if "add g2" in done:
                assert "g2" in held
            if "update g1" in done:
                assert store.get("g1").notes == "second revision"
            if "add g3 g4" in done:
                assert {"g3", "g4"} <= held
            assert not list((tmp_path / f"{fault}-{count}").rglob(".tmp-*"))
        if not calls or len(calls) < count:  # the workload finished before the Nth call
            break
    assert failures > 5  # the faults really were injected into the workload
