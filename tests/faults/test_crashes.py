"""SIGKILL in the middle of ``add_many``, a mixed transaction or a purge, on every persistent
backend: what was reported done is there, and the step in flight is all or nothing.

The JSON folder has no atomic transactions (``capabilities.atomic_transactions`` is false) and
promises less, exactly this: every goal file is whole, each goal the step in flight touches is
as before it or as after it, every other goal is as the steps reported done left it, and no
temporary file is left once the store is opened again.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from therapy_goals import open_store

from .crash_workload import expected_after
from .io_workload import assert_histories_whole, goal_by_goal, normal, snapshot

ROOT = Path(__file__).parent.parent.parent
KILLS = 6


def kill_at_random(url: str, rng: random.Random) -> list[tuple[int, int]]:
    """Start the writer, kill it after a random number of steps and a random pause, and return
    the steps it reported done."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.crash_workload", url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines, errors = read_then_kill(process, rng.randrange(1, 12), rng.uniform(0, 0.05))
    assert process.returncode == -signal.SIGKILL, errors
    done = []
    for line in lines:
        if line.strip():
            _, round_, step = line.split()
            done.append((int(round_), int(step)))
    return done


def read_then_kill(
    process: subprocess.Popen[str], wait_for: int, pause: float
) -> tuple[list[str], str]:
    """Read ``wait_for`` lines of ``process``, wait ``pause`` seconds, kill it, and return every
    line it wrote and its standard error.

    The rest is read through the same file objects, never with ``communicate()``: that reads
    the pipes' descriptors and loses what ``readline`` had already buffered, and a lost "done"
    line made a purge the writer finished look like one the store should not have made.
    """
    assert process.stdout is not None
    assert process.stderr is not None
    lines = [process.stdout.readline().rstrip("\n") for _ in range(wait_for)]
    time.sleep(pause)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)  # once it is dead, nothing more is written: both pipes end
    lines += process.stdout.read().splitlines()
    errors = process.stderr.read()
    process.stdout.close()
    process.stderr.close()
    return lines, errors


def test_every_line_the_writer_wrote_is_read() -> None:
    # A writer quicker than the reader: ``communicate()`` after one readline returned 81 of
    # these 1,000 lines (the rest sat in readline's buffer).
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time\nfor i in range(1000): print(f'done 0 {i}', flush=True)\ntime.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.5)
    lines, errors = read_then_kill(process, 1, 0.5)
    assert lines == [f"done 0 {i}" for i in range(1000)], errors


def check_after_crash(url: str, done: list[tuple[int, int]], folder: Path | None) -> str:
    before, after, touched = expected_after(done)
    with open_store(url) as store:
        found = snapshot(store)
        if store.capabilities.atomic_transactions:
            assert found in (normal(before), normal(after)), (
                f"after {len(done)} steps: {found}; the step in flight was split"
            )
        else:
            goal_by_goal(found, before, after, ", ".join(repr(g) for g in touched))
        assert_histories_whole(store)
        if hasattr(store, "integrity_check"):
            assert store.integrity_check() == "ok"
        if folder is not None:
            assert not list(folder.rglob(".tmp-*")), "a temporary outlived the next open"
    return "out" if found == normal(before) else "in" if found == normal(after) else "part"


@pytest.mark.parametrize("scheme", ["sqlite", "jsondir"])
def test_a_writer_killed_mid_step_leaves_done_steps_and_the_rest_all_or_nothing(
    tmp_path: Path, scheme: str
) -> None:
    rng = random.Random(f"crash-{scheme}")
    for kill in range(KILLS):
        folder = tmp_path / f"kill{kill}"
        folder.mkdir()
        url = f"{scheme}://{folder / 'store'}"
        done = kill_at_random(url, rng)
        check_after_crash(url, done, folder)


def test_a_writer_killed_mid_step_on_postgres(postgres_schema_url: Callable[[], str]) -> None:
    rng = random.Random("crash-postgres")
    for _ in range(KILLS):
        url = postgres_schema_url()
        done = kill_at_random(url, rng)
        check_after_crash(url, done, None)
