"""The guarantees table of docs/storage.md: each cell names tests, and each named test exists."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from therapy_goals import Goal, open_store

ROOT = Path(__file__).parent.parent.parent
GUIDE = ROOT / "docs" / "storage.md"
BACKENDS = ("Memory", "SQLite", "JSON folder", "PostgreSQL")
EVERY_TABLE_HAS = {"atomicity", "durability", "concurrency", "erasure"}


def guarantee_tables() -> dict[str, list[tuple[str, str, str]]]:
    """Each backend's table: (guarantee, what holds, proved by) rows."""
    section = GUIDE.read_text(encoding="utf-8").split("## Guarantees", 1)[1].split("\n## ", 1)[0]
    tables: dict[str, list[tuple[str, str, str]]] = {}
    for part in section.split("\n### ")[1:]:
        title, body = part.split("\n", 1)
        rows = [
            tuple(cell.strip() for cell in line.strip().strip("|").split(" | "))
            for line in body.splitlines()
            if line.startswith("| ") and not line.startswith("| guarantee") and "---" not in line
        ]
        if rows:
            tables[title.split(" (")[0]] = rows  # type: ignore[assignment]
    return tables


def test_every_backend_has_a_table_with_the_four_guarantees() -> None:
    tables = guarantee_tables()
    assert sorted(tables) == sorted(BACKENDS)
    for backend, rows in tables.items():
        assert all(len(row) == 3 for row in rows), backend
        assert {row[0] for row in rows} >= EVERY_TABLE_HAS, backend


def test_every_cell_names_tests_that_exist() -> None:
    named = []
    for backend, rows in guarantee_tables().items():
        for guarantee, _, proved_by in rows:
            tests = re.findall(r"`(tests/[^`]+)`", proved_by)
            assert tests, f"{backend}, {guarantee}: names no test"
            named.extend(tests)
    collect = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-n0"]
    collected = subprocess.run(
        [*collect, *sorted(set(named))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    found = {line.split("[")[0] for line in collected.stdout.splitlines() if "::" in line}
    for test in named:
        if "::" in test:
            assert test.split("[")[0] in found, f"{test} is named in storage.md but not collected"


def test_a_memory_store_keeps_nothing_once_closed() -> None:
    store = open_store("memory://")
    assert store.capabilities.persistent is False
    assert store.capabilities.multi_process is False
    store.add(Goal(id="g1", client_id="c", statement="Walk", start=date(2026, 3, 2)))
    store.close()
    with open_store("memory://") as again:
        assert list(again.goals(include_archived=True)) == []
