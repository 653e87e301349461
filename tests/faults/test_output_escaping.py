"""Issue 18: stored text cannot act on what shows it. A statement is typed by a person (or comes
from another system): in the Markdown report it must not become an image that loads from the
web, raw HTML or a heading; in the terminal its escape sequences must not reach the screen."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import attrs
from click.testing import CliRunner

from therapy_goals import open_store, sample_record
from therapy_goals.cli import cli

HOSTILE = (
    '<img src="https://evil.example/p.png"> ![x](https://evil.example/y.png) [a](javascript:x)\n'
    "## Injected heading \x1b[2J\x1b]0;title\x07 bell"
)


def store_with_hostile_statement(tmp_path: Path) -> str:
    url = f"sqlite://{tmp_path / 'goals.db'}"
    record = sample_record(start=date(2026, 3, 2))
    goal = attrs.evolve(record.goals[0], statement=HOSTILE)
    with open_store(url) as store:
        store.import_record(attrs.evolve(record, goals=(goal,)))
    return url


def test_the_report_escapes_stored_text(tmp_path: Path) -> None:
    url = store_with_hostile_statement(tmp_path)
    args = ["--store", url, "report", "--client", "client-0001", "--today", "2026-03-30"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    markdown = result.stdout
    assert "<img" not in markdown
    unescaped_link = re.compile(r"(?<!\\)\]\(")  # "](" not preceded by a backslash
    assert not unescaped_link.search(markdown.split("\n\n![")[0])
    assert not any(line.startswith("## Injected") for line in markdown.splitlines())
    assert "\x1b" not in markdown
    assert "evil.example" in markdown  # the words are kept, as text


def test_list_and_show_strip_terminal_control_characters(tmp_path: Path) -> None:
    url = store_with_hostile_statement(tmp_path)
    for args in (["list"], ["show", "goal-anxiety-1"]):
        result = CliRunner().invoke(cli, ["--store", url, *args])
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout
        assert "\x07" not in result.stdout
        assert "## Injected heading" in result.stdout.replace("\n", " ") or args == ["list"]
