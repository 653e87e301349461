"""Faults, not promises: killed writers, racing writers, and what reaches the logs."""

from __future__ import annotations

import logging
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import attrs
import pytest

from therapy_goals import ConflictError, Goal, ProgressEntry, ValidationError, open_store
from therapy_goals.storage.sqlite import SQLiteStore

from ..storage.conftest import postgres_url

BATCH = 5

WRITER = f"""
import sys
from datetime import date
from therapy_goals import Goal, open_store

url, run = sys.argv[1], sys.argv[2]
with open_store(url) as store:
    batch = 0
    while True:
        with store.transaction():
            for item in range({BATCH}):
                store.add(Goal(id=f"{{run}}-{{batch:05}}-{{item}}", client_id=run,
                               statement="Written by a process that will be killed",
                               start=date(2026, 3, 2)))
        batch += 1
        if batch == 1:
            print("writing", flush=True)
"""


def kill_writer_mid_batch(url: str, run: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, run], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "writing"
    time.sleep(random.uniform(0.01, 0.25))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()


@pytest.mark.parametrize("scheme", ["sqlite", "jsondir"])
def test_a_writer_killed_mid_batch_leaves_every_committed_goal_whole(
    tmp_path: Path, scheme: str
) -> None:
    url = f"{scheme}://{tmp_path / 'store'}"
    runs = [f"run{n:02}" for n in range(12)]
    for run in runs:
        kill_writer_mid_batch(url, run)
    with open_store(url) as store:
        goals = list(store.goals())  # every goal parses: none is half-written
        assert goals, "the writers wrote nothing before being killed"
        assert all(g.statement == "Written by a process that will be killed" for g in goals)
        assert all(len(store.history(g.id)) == 1 for g in goals[:50])
        if store.capabilities.atomic_transactions:
            batches = Counter(g.id.rsplit("-", 1)[0] for g in goals)
            assert set(batches.values()) == {BATCH}, "a batch was committed in part"
        if isinstance(store, SQLiteStore):
            assert store.integrity_check() == "ok"


INCREMENTER = """
import sys, attrs
from therapy_goals import ConflictError, open_store

url, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
retries = 0
with open_store(url) as store:
    for n in range(count):
        for goal_id in ("shared-1", "shared-2"):
            while True:
                current = store.get(goal_id)
                changed = attrs.evolve(current, tags=(*current.tags, f"{worker}-{n}"))
                try:
                    store.update(changed, by=worker)
                    break
                except ConflictError:
                    retries += 1
print(retries)
"""


def race(url: str, workers: int = 4, count: int = 25) -> int:
    """``workers`` processes each update two shared goals ``count`` times from copies that go
    stale under them (4 x 25 x 2 = 200 contended updates by default)."""
    with open_store(url) as store:
        for goal_id in ("shared-1", "shared-2"):
            store.add(Goal(id=goal_id, client_id="c", statement="Walk", start=date(2026, 3, 2)))
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", INCREMENTER, url, f"w{n}", str(count)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(workers)
    ]
    retries = sum(int(p.communicate(timeout=300)[0]) for p in processes)
    assert all(p.returncode == 0 for p in processes)
    with open_store(url) as store:
        for goal_id in ("shared-1", "shared-2"):
            final = store.get(goal_id)
            expected = {f"w{w}-{n}" for w in range(workers) for n in range(count)}
            assert set(final.tags) == expected, "an update was lost"
            assert final.revision == 1 + workers * count
            assert len(store.history(goal_id)) == 1 + workers * count
    return retries


def test_racing_writers_lose_no_update_on_sqlite(tmp_path: Path) -> None:
    race(f"sqlite://{tmp_path / 'race.db'}")


def test_racing_writers_lose_no_update_on_jsondir(tmp_path: Path) -> None:
    race(f"jsondir://{tmp_path / 'race'}")


def test_racing_writers_lose_no_update_on_postgres(
    postgres_schema_url: Callable[[], str],
) -> None:
    postgres_url()
    race(postgres_schema_url())


def test_private_text_never_reaches_logs_at_info(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    secret, note = "I hear voices at night", "my sister does not know"
    caplog.set_level(logging.INFO)
    for url in ("memory://", f"sqlite://{tmp_path / 'a.db'}", f"jsondir://{tmp_path / 'j'}"):
        with open_store(url) as store:
            saved = store.add(
                Goal(id="g1", client_id="c1", statement=secret, notes=note, start=date(2026, 3, 2))
            )
            store.update(attrs.evolve(saved, area="sleep"))
            store.add_progress(ProgressEntry(goal_id="g1", value=17.25, note=note))
            with pytest.raises(ConflictError):
                store.update(saved)
            with pytest.raises(ValidationError):
                Goal(
                    id="g2", client_id="c1", statement=secret, start=date(2026, 3, 2), confidence=77
                )
            store.export_client("c1")
            store.purge_client("c1")
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert secret not in logged
    assert note not in logged
    assert "17.25" not in logged  # not a bare integer: temporary paths hold numbers too
    assert any("purged a client" in r.getMessage() for r in caplog.records)


def test_a_killed_writer_leaves_no_lock_behind_for_jsondir(tmp_path: Path) -> None:
    url = f"jsondir://{tmp_path / 'store'}"
    kill_writer_mid_batch(url, "first")
    with open_store(url) as store:  # flock is released with the killed process
        store.add(Goal(id="after", client_id="c", statement="Walk", start=date(2026, 3, 2)))
        assert store.get("after").revision == 1
    assert os.path.exists(tmp_path / "store" / ".lock")
