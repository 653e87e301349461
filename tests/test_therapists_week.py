"""docs/therapists-week.md shows the real output of its commands: this test runs them all.

Each ``console`` block of the page is a list of ``$ therapy-goals ...`` commands, each followed by
what it printed (standard output and error, as a terminal shows them). The test runs the commands
in order on a fresh default store and compares every output with the page. Ids are random, so
they are matched by position: the n-th id in a recorded output stands for the n-th id in the
real one, and a command that names a recorded id is run with the real id it stands for.

To bring the page up to date after a deliberate change of output, run
``THERAPY_GOALS_WRITE_DOCS=1 python -m pytest tests/test_therapists_week.py`` and read the diff.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from therapy_goals.cli import cli
from therapy_goals.model import short_id
from therapy_goals.storage import Store, open_store

PAGE = Path(__file__).parent.parent / "docs" / "therapists-week.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
ID = re.compile(r"\b[0-9a-f]{8}(?:[0-9a-f]{24})?\b")
SHOWN_DATA_HOME = "/home/you/.local/share"
"""Where the page says the data folder is (the test's own is a temporary folder)."""


def parse(block: str) -> list[tuple[str, str]]:
    """The (command, recorded output) pairs of a console block."""
    pairs: list[tuple[str, str]] = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            pairs.append((line[2:].rstrip("\n"), ""))
        elif pairs:
            command, output = pairs[-1]
            pairs[-1] = (command, output + line)
    return pairs


PLACEHOLDERS: dict[str, Callable[[Store], str]] = {
    "alex": lambda store: next(iter(store.goals(client_id="alex"))).id,
    "mindfulness": lambda store: _demo_goal(store, "Practise mindfulness"),
    "ladder": lambda store: _demo_goal(store, "Face busy shops"),
    "rung3": lambda store: _demo_goal(store, "Rung 3 of"),
    "rung4": lambda store: _demo_goal(store, "Rung 4 of"),
    "alex-typo": lambda store: next(
        e.id for g in store.goals(client_id="alex") for e in store.progress(g.id) if e.value == 4
    ),
}
"""How a ``<name>`` in a command of a page written by hand is resolved; a written page holds ids."""


def _demo_goal(store: Store, start: str) -> str:
    return next(g.id for g in store.goals(client_id="demo-client") if g.statement.startswith(start))


def test_the_therapists_week_page_shows_what_the_commands_print(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data_home = tmp_path / "data"
    env = {"XDG_DATA_HOME": str(data_home), "THERAPY_GOALS_STORE": None}
    store_url = f"sqlite://{data_home / 'therapy-goals' / 'goals.db'}"
    runner = CliRunner()
    page = PAGE.read_text()
    real_of: dict[str, str] = {}  # the page's id -> this run's id
    written: list[str] = []
    mismatches: list[str] = []
    for block in BLOCK.findall(page):
        new_block = ""
        for command, recorded in parse(block):
            words = shlex.split(command)
            assert words[0] == "therapy-goals", command
            args = []
            for word in words[1:]:
                named = word
                if word.startswith("<") and word.endswith(">"):
                    with open_store(store_url) as store:
                        named = short_id(PLACEHOLDERS[word[1:-1]](store))
                args.append(real_of.get(named, named))
            result = runner.invoke(cli, args, env=env)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                command,
                result.exception,
            )
            output = result.output.replace(str(data_home), SHOWN_DATA_HOME)
            recorded_ids, real_ids = ID.findall(recorded), ID.findall(output)
            if len(recorded_ids) == len(real_ids):
                for page_id, real_id in zip(recorded_ids, real_ids, strict=True):
                    real_of.setdefault(page_id, real_id)
            page_of = {real: page for page, real in real_of.items()}
            shown = ID.sub(lambda m, known=page_of: known.get(m.group(), m.group()), output)
            if shown != recorded:
                mismatches.append(f"$ {command}\n--- page\n{recorded}--- real\n{shown}")
            real_command = command  # as written, with this run's ids in place of the page's
            for word, arg in zip(words[1:], args, strict=True):
                if word != arg:
                    real_command = real_command.replace(word, arg, 1)
            new_block += f"$ {real_command}\n{output}"
        written.append(new_block)
    if os.environ.get("THERAPY_GOALS_WRITE_DOCS"):
        parts = BLOCK.split(page)
        rebuilt = parts[0]
        for index, block in enumerate(written):
            rebuilt += f"```console\n{block}```" + parts[2 * index + 2]
        PAGE.write_text(rebuilt)
        return
    assert not mismatches, "docs/therapists-week.md is out of date:\n" + "\n".join(mismatches)
