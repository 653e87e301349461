"""Inputs a person can type end in one line and a non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from therapy_goals.cli import cli

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            [
                "new",
                "--template",
                "anxiety.gad7-mindfulness",
                "--client",
                "c",
                "--start",
                "9999-12-01",
            ],
            None,
            "start: 9999-12-01 is too late: the goal's dates would pass year 9999",
        ),
        (["check", "--file", "-"], DEEP, "standard input: is not valid JSON: nested too deeply"),
        (["--store", "sqlite:////proc/goals.db", "list"], None, "cannot create the database"),
        (["--store", "jsondir://{tmp}/a-file", "list"], None, "a-file is a file, not a folder"),
        (
            ["--store", "sqlite://{tmp}/tpyo/dir/goals.db", "list"],
            None,
            "tpyo/dir does not exist; create it, or check the path",
        ),
        (["purge-client", "", "--yes"], None, "client_id: must name a client; nothing was erased"),
        (["import", "{tmp}/deep.json"], None, "deep.json: is not valid JSON: nested too deeply"),
        (["status", "nope", "active"], None, "no goal whose id starts with 'nope' in the store"),
        (["mark-error", "nope", "e1", "--reason", "typo"], None, "no goal whose id starts with"),
        (["delete", "some-goal"], None, "add --yes"),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else None,
)
def test_bad_input_ends_in_one_line(
    tmp_path: Path, args: list[str], stdin: str | None, message: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "deep.json").write_text(DEEP)
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    result = CliRunner().invoke(cli, argv, input=stdin)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    assert not (tmp_path / "tpyo").exists()
