"""`therapy-goals plugin new NAME` makes a plug-in package that passes its own tests, installs
with pip and plugs in through its entry point (issue 16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from therapy_goals.cli import cli


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scaffold") / "sleep"
    result = CliRunner().invoke(cli, ["plugin", "new", "sleep-helpers", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"created {folder} (7 files): rule SH101, template sleep-helpers.evening-walk, tests"
    )
    return folder


def test_its_own_tests_pass_without_installing_it(made: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"],
        cwd=made,
        capture_output=True,
        text=True,
        env={**os.environ, "THERAPY_GOALS_DISABLE_PLUGINS": ""},
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "6 passed" in result.stdout


def test_it_installs_and_plugs_in_by_its_entry_point(made: Path, tmp_path: Path) -> None:
    project = tomllib.loads((made / "pyproject.toml").read_text())["project"]
    assert project["entry-points"]["therapy_goals"] == {
        "sleep-helpers": "therapy_goals_sleep_helpers.plugin"
    }
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    subprocess.run(
        [*pip, "--no-build-isolation", "--target", str(tmp_path), str(made)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "THERAPY_GOALS_DISABLE_PLUGINS": ""}
    command = str(Path(sys.executable).with_name("therapy-goals"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [command, *args], env=env, capture_output=True, text=True, check=False
        )

    shown = run("plugins", "--format", "json")
    assert shown.returncode == 0, shown.stdout + shown.stderr
    [row] = [row for row in json.loads(shown.stdout) if row["name"] == "sleep-helpers"]
    assert row["hooks"] == ["register_rules", "register_templates"]
    assert "From the plug-in sleep-helpers (0.1.0)" in run("rules", "SH101").stdout
    checked = run("check", "Walk for 20 minutes 3 times a week for the next 6 weeks")
    assert "SH101" in checked.stdout
    assert checked.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Sleep"], "plug-in name 'Sleep': use lower-case letters, digits and single hyphens"),
        (["sleep--aids"], "plug-in name 'sleep--aids': use lower-case letters"),
        (["9lives"], "plug-in name '9lives': use lower-case letters"),
    ],
)
def test_a_bad_name_is_refused_with_what_to_type(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["plugin", "new", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_it_never_writes_over_a_folder(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    result = CliRunner().invoke(cli, ["plugin", "new", "calm", "--dir", str(tmp_path / "mine")])
    assert result.exit_code == 2
    assert f"{tmp_path / 'mine'} already exists" in result.output
    assert list((tmp_path / "mine").iterdir()) == []


@pytest.mark.parametrize(
    ("name", "code"),
    [("sleep-helpers", "SH101"), ("sleep", "SLE101"), ("s", "SX101"), ("my-mood-log-x", "MML101")],
)
def test_its_rule_letters_are_never_a_builtins(name: str, code: str) -> None:
    from therapy_goals.cli.scaffold import plugin_names

    assert plugin_names(name)["code"] == code
