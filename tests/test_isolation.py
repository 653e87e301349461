"""The test suite never writes into the user's own data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_a_run_with_a_fresh_home_leaves_it_empty(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("THERAPY_GOALS_STORE", "XDG_DATA_HOME")}
    env["HOME"] = str(home)
    # The tests that once wrote there: commands run in processes started by a module fixture.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "0",
            "-p",
            "no:cacheprovider",
            "tests/test_example_plugin.py",
            "tests/test_cli.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert " passed" in result.stdout
    assert list(home.rglob("*")) == []
