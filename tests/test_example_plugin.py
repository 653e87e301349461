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


def therapy_goals(
    env: dict[str, str], *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).with_name("therapy-goals")
    return subprocess.run(
        [str(command), *args], env=env, input=input, capture_output=True, text=True, check=False
    )


def test_the_plugin_is_listed_with_its_version_and_hook(installed: dict[str, str]) -> None:
    result = therapy_goals(installed, "plugins", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["example"]["version"] == "0.1.0"
    assert rows["example"]["hooks"] == ["register_rules", "register_templates"]


def test_its_rule_is_listed_and_documented(installed: dict[str, str]) -> None:
    listed = therapy_goals(installed, "rules")
    lines = listed.stdout.splitlines()
    heading = next(i for i, line in enumerate(lines) if line == "from example (0.1.0):")
    assert lines[heading + 1].startswith("  X101   achievable.no-support")
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


def test_its_templates_in_code_and_as_a_data_file_are_listed(installed: dict[str, str]) -> None:
    result = therapy_goals(installed, "templates", "--format", "json")
    ids = {row["id"] for row in json.loads(result.stdout)}
    assert {"example.gratitude-letter", "example.walking-buddy"} <= ids
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("template", "param", "statement"),
    [
        (
            "example.gratitude-letter",
            "person=my aunt",
            "Write a letter of thanks to my aunt and read it to them within 3 weeks",
        ),
        (
            "example.walking-buddy",
            "buddy=Sam",
            "Walk with Sam every week, 1 per week, for the next 6 weeks",
        ),
    ],
)
def test_both_templates_instantiate(
    installed: dict[str, str], template: str, param: str, statement: str
) -> None:
    result = therapy_goals(
        installed,
        "new",
        "--template",
        template,
        "--client",
        "c-1",
        "--param",
        param,
        "--start",
        "2026-03-02",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    [goal] = json.loads(result.stdout)
    assert goal["statement"] == statement
    assert goal["template"]["id"] == template
    checked = therapy_goals(
        installed,
        "check",
        "--today",
        "2026-03-02",
        "--file",
        "-",
        "--format",
        "json",
        input=result.stdout,
    )
    assert checked.returncode == 0, checked.stdout
