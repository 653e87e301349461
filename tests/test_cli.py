"""The therapy-goals command, run as a person would run it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from therapy_goals import ClientRecord, __version__, from_json
from therapy_goals.cli import cli

GOLDEN = Path(__file__).parent / "data" / "sample-record.json"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, list(args), input=input, env={"THERAPY_GOALS_DISABLE_PLUGINS": ""}
    )
    return result.exit_code, result.stdout, result.stderr


def test_example_writes_the_sample_record_in_the_json_form() -> None:
    code, out, _ = run("example", "--start", "2026-03-02")
    assert code == 0
    assert json.loads(out) == json.loads(GOLDEN.read_text())
    assert from_json(out, ClientRecord).goals[0].area == "anxiety"


def test_example_refuses_an_unknown_format_and_lists_the_known_ones() -> None:
    code, _, err = run("example", "--format", "docx")
    assert code == 2
    assert "unknown format 'docx'; choose from csv, fhir, ics, json" in err


def test_example_writes_a_private_new_file_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    code, _, err = run("example", "-o", str(target))
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    before = target.read_bytes()
    code, _, err = run("example", "-o", str(target), "--start", "2020-01-01")
    assert code == 2
    assert "already exists" in err
    assert target.read_bytes() == before


def test_check_file_reads_the_sample_record_and_finds_it_smart() -> None:
    code, out, _ = run("check", "--file", str(GOLDEN), "--today", "2026-03-02")
    assert code == 0
    assert "goal goal-anxiety-1: Practise mindfulness" in out
    assert out.count(" met") == 5
    assert out.rstrip().endswith("1 checked, 1 fully SMART: 0 error(s), 0 warning(s), 0 tip(s)")


def test_check_file_lists_every_problem_of_a_bad_document_and_exits_2() -> None:
    data = json.loads(GOLDEN.read_text())
    data["goals"][0]["confidence"] = 12
    data["reviews"][0]["decision"] = "stop"
    code, out, err = run("check", "--file", "-", input=json.dumps(data))
    assert code == 2
    assert out == ""
    assert "2 problem(s)" in err
    assert "goals[0].confidence: must be between 0 and 10, got 12" in err
    assert "reviews[0].decision: must be one of continue, revise" in err


def test_check_file_reports_text_that_is_not_json() -> None:
    code, _, err = run("check", "--file", "-", input="{not json")
    assert code == 2
    assert "(document): is not valid JSON" in err


def test_check_file_reads_an_array_of_goal_documents_naming_bad_items() -> None:
    data = json.loads(GOLDEN.read_text())
    goal = {"schema_version": 1, "type": "goal", **data["goals"][0]}
    broken = {**goal, "id": "other", "start": "yesterday"}
    code, out, _ = run("check", "--file", "-", "--format", "json", input=json.dumps([goal]))
    assert code == 0
    assert [report["input"] for report in json.loads(out)] == ["goal-anxiety-1"]
    code, _, err = run("check", "--file", "-", input=json.dumps([goal, broken]))
    assert code == 2
    assert "[1].start: must be a date as YYYY-MM-DD" in err


def test_the_installed_command_runs_and_reports_its_version() -> None:
    command = Path(sys.executable).with_name("therapy-goals")
    result = subprocess.run(
        [str(command), "--version"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "THERAPY_GOALS_DISABLE_PLUGINS": ""},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"therapy-goals, version {__version__}"


def test_python_dash_m_runs_the_command() -> None:
    import subprocess
    import sys

    finished = subprocess.run(
        [sys.executable, "-m", "therapy_goals", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert finished.stdout.startswith("Usage: python -m therapy_goals [OPTIONS] COMMAND")
    assert "list" in finished.stdout
