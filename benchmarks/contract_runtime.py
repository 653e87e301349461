"""How long the shipped store contract takes, as a plug-in author runs it.

Runs ``pytest`` in a new process, in an empty folder (so hypothesis starts with no saved
examples), on a test module that subclasses ``StoreContract`` once for the correct in-memory
store and once for each deliberately broken backend of ``tests/storage/broken_backends.py``,
and prints each one's wall time and how many contract tests failed::

    .venv/bin/python -m benchmarks.contract_runtime            # hypothesis's default profile
    .venv/bin/python -m benchmarks.contract_runtime --runs 3   # the slowest of three runs

It measures; it asserts nothing. The test suite checks that every broken backend fails.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODULE = """
import pytest

from therapy_goals.storage.memory import MemoryStore
from therapy_goals.testing.store_contract import StoreContract
from tests.storage import broken_backends

KIND = {kind!r}
Store = MemoryStore if KIND == "MemoryStore" else getattr(broken_backends, KIND)


class TestBackend(StoreContract):
    @pytest.fixture
    def new_location(self):
        def make():
            store = Store()
            return lambda: store

        return make
"""


def run_once(kind: str) -> tuple[float, str]:
    """Seconds for the whole suite on ``kind``, and pytest's summary line."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "test_contract.py").write_text(MODULE.format(kind=kind))
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"],
            cwd=folder,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
            check=False,
        )
        seconds = time.perf_counter() - started
    summary = next(
        (
            line
            for line in reversed(result.stdout.splitlines())
            if re.search(r"passed|failed", line)
        ),
        result.stdout[-300:] + result.stderr[-300:],
    )
    return seconds, summary.strip("= ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per backend; the slowest shown")
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.storage.broken_backends import BROKEN  # noqa: PLC0415 - found through ROOT

    print("| backend | slowest wall time (s) | pytest says |")
    print("| --- | ---: | --- |")
    for kind in ("MemoryStore", *(k.__name__ for k in BROKEN)):
        results = [run_once(kind) for _ in range(arguments.runs)]
        seconds, summary = max(results)
        print(f"| {kind} | {seconds:.1f} | {summary} |")


if __name__ == "__main__":
    main()
