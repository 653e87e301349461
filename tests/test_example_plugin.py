"""The example plug-in in examples/ installs with pip and plugs in through its entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "therapy-goals-example-plugin"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Install the example plug-in with pip into its own folder; the environment to see it."""
    target = tmp_path_factory.mktemp("example-plugin")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(EXAMPLE),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return {**os.environ, "PYTHONPATH": str(target), "THERAPY_GOALS_DISABLE_PLUGINS": ""}


def therapy_goals(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).with_name("therapy-goals")
    return subprocess.run(
        [str(command), *args], env=env, capture_output=True, text=True, check=False
    )


def test_the_plugin_is_listed_with_its_version_and_hook(installed: dict[str, str]) -> None:
    result = therapy_goals(installed, "plugins", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["example"]["version"] == "0.1.0"
    assert rows["example"]["hooks"] == ["register_rules"]


def test_its_rule_is_listed_and_documented(installed: dict[str, str]) -> None:
    listed = therapy_goals(installed, "rules")
    assert "X101  achievable.no-support" in listed.stdout
    explained = therapy_goals(installed, "rules", "X101")
    assert "Why it matters" in explained.stdout


def test_its_rule_appears_in_findings(installed: dict[str, str]) -> None:
    statement = "Walk for 20 minutes three times a week for 8 weeks"
    result = therapy_goals(installed, "check", "--format", "json", statement)
    codes = [f["code"] for f in json.loads(result.stdout)[0]["findings"]]
    assert "X101" in codes
    supported = therapy_goals(installed, "check", "--format", "json", f"{statement} with my sister")
    assert "X101" not in [f["code"] for f in json.loads(supported.stdout)[0]["findings"]]


def test_blocking_it_by_name_removes_its_rule(installed: dict[str, str]) -> None:
    env = {**installed, "THERAPY_GOALS_DISABLE_PLUGINS": "example"}
    assert "X101" not in therapy_goals(env, "rules").stdout
