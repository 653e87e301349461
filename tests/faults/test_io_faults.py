"""I/O errors in the style of SQLite's own tests, for both file-based backends.

``failing_io.c`` is built once and preloaded into a child process (``io_workload.py``), where
it makes the Nth write or sync call on the store's files fail with ENOSPC, EACCES or EIO, once
or from then on (a full disk), for every N the workload reaches: open, add, add_many, update,
a status change, progress, a review, a mixed transaction and a purge. The child checks each run
(library errors only, the store reopens, nothing committed is lost, the failed step is wholly in
or out, no temporary is left, the store takes a new write) and reports; this test checks the
report.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
WRITES, SYNCS = 1, 2


@pytest.fixture(scope="session")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None or not sys.platform.startswith("linux"):
        if os.environ.get("CI"):
            pytest.fail("the I/O fault tests need a C compiler on Linux (Debian: gcc)")
        pytest.skip("no C compiler on Linux to build the failing file system double")
    library = tmp_path_factory.mktemp("shim") / "failing_io.so"
    subprocess.run(
        [
            compiler,
            "-shared",
            "-fPIC",
            "-O2",
            "-o",
            str(library),
            str(HERE / "failing_io.c"),
            "-ldl",
        ],
        check=True,
        capture_output=True,
    )
    return library


def run_workload(
    shim: Path, scheme: str, folder: Path, error: int, kinds: int, persistent: bool
) -> dict[str, object]:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.faults.io_workload",
            str(shim),
            scheme,
            str(folder),
            str(error),
            str(kinds),
            "1" if persistent else "0",
        ],
        cwd=ROOT,
        env={**os.environ, "LD_PRELOAD": str(shim)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    assert "Traceback" not in completed.stderr
    report: dict[str, object] = json.loads(completed.stdout.splitlines()[-1])
    return report


@pytest.mark.parametrize("persistent", [False, True], ids=["once", "from-then-on"])
@pytest.mark.parametrize("kinds", [WRITES, SYNCS], ids=["write", "sync"])
@pytest.mark.parametrize(
    "error", [errno.ENOSPC, errno.EACCES, errno.EIO], ids=["ENOSPC", "EACCES", "EIO"]
)
@pytest.mark.parametrize("scheme", ["sqlite", "jsondir"])
def test_every_failing_write_or_sync_is_a_clean_error_and_loses_nothing(
    shim: Path,
    tmp_path: Path,
    scheme: str,
    error: int,
    kinds: int,
    persistent: bool,
) -> None:
    report = run_workload(shim, scheme, tmp_path, error, kinds, persistent)
    counted = report["counted"]
    runs = report["runs"]
    assert isinstance(counted, int)
    assert isinstance(runs, dict)
    assert counted > 0, "the workload made no call the double could fail"
    # Every N from 0 (no fault) to the last call was run and passed the child's checks.
    assert sorted(int(n) for n in runs) == list(range(len(runs)))
    assert len(runs) >= counted
    failed_steps = {run["failed"] for run in runs.values()} - {None}
    assert {"open", "add", "transaction"} <= failed_steps, failed_steps
    for n, run in runs.items():
        message = run["message"]
        if message is None:
            assert run["kept"] == "out", f"N={n}: a change failed silently"
            continue
        assert message.startswith(f"{scheme}://{tmp_path}/n{n}/store: "), message
        if "nothing of this change was kept" in message:
            assert run["kept"] == "out", f"N={n}: the message says nothing was kept: {message}"
        if run["kept"] == "in":
            assert "may have been saved" in message or "may hold" in message, (n, message)
        if scheme == "sqlite":
            assert run["kept"] in ("out", "in"), f"N={n}: a SQLite transaction was split"
