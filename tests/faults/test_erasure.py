"""Erasure you can prove: after ``purge_client`` no byte of the client's data is in any file.

Each test plants text that appears nowhere else, purges its client, then reads every byte of
every file of the store (SQLite: the database, ``-wal``, ``-shm`` and any journal; JSON folder:
every file, temporaries included; PostgreSQL: the table, TOAST and index files of the store's
tables, read from the server's data folder when this process can).
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from therapy_goals import (
    AchievementStatus,
    Goal,
    LifecycleStatus,
    ProgressEntry,
    Review,
    ReviewDecision,
    StorageError,
    Store,
    open_store,
)
from therapy_goals.cli import cli
from therapy_goals.storage.sqlite import SQLiteStore

SECRET = "Zebra-quartz-9317 my brother's name"
CLIENT = "client-Xylophone-4471"
KEEP = "Walk with the dog every morning"


def moment(day: int) -> datetime:
    return datetime(2026, 3, day, 9, 0, tzinfo=UTC)


def planted(store: Store) -> None:
    """Goals, history, progress and a review that name the secret client and text, and one
    goal of another client that must survive."""
    for number in range(3):
        goal = store.add(
            Goal(
                id=f"secret-{number}",
                client_id=CLIENT,
                statement=f"{SECRET}: practise saying no, {number + 2} times a week",
                start=date(2026, 3, 2),
                notes=SECRET * 40,  # long enough for PostgreSQL to keep it out of line (TOAST)
            )
        )
        store.update(attrs.evolve(goal, status=LifecycleStatus.ACTIVE))
        store.add_progress(ProgressEntry(goal_id=goal.id, at=moment(3), value=2, note=SECRET))
        store.add_review(
            Review(
                goal_id=goal.id,
                achievement=AchievementStatus.IN_PROGRESS,
                decision=ReviewDecision.CONTINUE,
                at=moment(4),
                notes=SECRET,
            )
        )
    store.add(Goal(id="kept", client_id="someone-else", statement=KEEP, start=date(2026, 3, 2)))


def secrets_in(files: Iterator[Path] | list[Path]) -> list[str]:
    """The names of the files that hold any byte sequence of the secret client or text."""
    needles = [SECRET.encode(), CLIENT.encode(), SECRET.encode("utf-16-le")]
    return sorted(
        path.name
        for path in files
        if path.is_file() and any(needle in path.read_bytes() for needle in needles)
    )


def every_file(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


# --- SQLite ---------------------------------------------------------------------------------------


READER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN")
connection.execute("SELECT count(*) FROM goals").fetchone()
print("reading", flush=True)
sys.stdin.readline()          # hold the read transaction (an old snapshot) until told
connection.execute("COMMIT")
print("done", flush=True)
sys.stdin.readline()          # stay connected, not reading
"""


class Reader:
    """Another process holding a read transaction on the database, ended when told."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", READER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.readline() == "reading"

    def readline(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def finish_reading(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        assert self.readline() == "done"

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


@pytest.fixture
def reader_of(tmp_path: Path) -> Iterator[type[Reader]]:
    readers: list[Reader] = []

    class Tracked(Reader):
        def __init__(self, path: Path) -> None:
            super().__init__(path)
            readers.append(self)

    yield Tracked
    for reader in readers:
        reader.close()


def test_sqlite_purge_leaves_nothing_in_the_database_wal_shm_or_journal(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    with SQLiteStore(path) as store:
        planted(store)
        assert secrets_in(every_file(tmp_path)), "the test plants nothing it could find"
        store.purge_client(CLIENT)
        assert secrets_in(every_file(tmp_path)) == []
        assert store.get("kept").statement == KEEP
        assert store.finish_erasure() == []


def test_sqlite_purge_inside_a_transaction_erases_after_the_commit(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    with SQLiteStore(path) as store:
        planted(store)
        with store.transaction():
            store.add(Goal(id="new", client_id="other", statement=KEEP, start=date(2026, 3, 2)))
            assert store.purge_client(CLIENT) == 3
        assert secrets_in(every_file(tmp_path)) == []
        assert [g.id for g in store.goals()] == ["kept", "new"]


def test_sqlite_purge_waits_for_a_reader_of_an_older_snapshot(
    tmp_path: Path, reader_of: type[Reader]
) -> None:
    path = tmp_path / "goals.db"
    with SQLiteStore(path) as store:
        planted(store)
        reader = reader_of(path)
        # The reader ends its read half a second into the purge's wait (at most 30 s).
        threading.Timer(0.5, reader.finish_reading).start()
        store.purge_client(CLIENT)
        assert not store.erasure_pending
        assert secrets_in(every_file(tmp_path)) == []


def test_sqlite_text_a_long_reader_kept_in_the_wal_goes_at_the_next_write(
    tmp_path: Path, reader_of: type[Reader]
) -> None:
    """The exact moment: a reader that began before the purge and reads on past the wait keeps
    the erased text in ``-wal``; the store's first write after that reader ends removes it."""
    path = tmp_path / "goals.db"
    with SQLiteStore(path) as store:
        planted(store)
        store.erasure_wait_ms = 200
        reader = reader_of(path)
        store.purge_client(CLIENT)
        assert store.erasure_pending
        assert secrets_in(every_file(tmp_path)) == ["goals.db-wal"]
        store.add(Goal(id="other", client_id="x", statement=KEEP, start=date(2026, 3, 2)))
        assert store.erasure_pending, "the reader still reads: nothing could be done yet"
        reader.finish_reading()  # still connected, but reading no longer
        store.add(Goal(id="later", client_id="x", statement=KEEP, start=date(2026, 3, 2)))
        assert not store.erasure_pending
        assert secrets_in(every_file(tmp_path)) == []


@pytest.mark.parametrize("how", ["finish_erasure", "close"])
def test_sqlite_text_a_long_reader_kept_goes_at_finish_erasure_or_close(
    tmp_path: Path, reader_of: type[Reader], how: str
) -> None:
    path = tmp_path / "goals.db"
    store = SQLiteStore(path)
    planted(store)
    store.erasure_wait_ms = 200
    reader = reader_of(path)
    store.purge_client(CLIENT)
    assert store.finish_erasure() == [
        "goals.db-wal, until the readers that began before the purge finish (then call "
        "finish_erasure() again, or close the store)"
    ]
    reader.finish_reading()
    if how == "finish_erasure":
        assert store.finish_erasure() == []
    store.close()
    assert secrets_in(every_file(tmp_path)) == []


# --- JSON folder ----------------------------------------------------------------------------------


def test_jsondir_purge_inside_a_transaction_leaves_no_file_with_the_text(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(f"jsondir://{folder}") as store:
        planted(store)
        # What a crash in the middle of a write leaves: a temporary with a goal's whole text.
        (folder / "goals" / ".tmp-crashed.json").write_text(SECRET)
        with store.transaction():
            assert store.purge_client(CLIENT) == 3
        assert secrets_in(every_file(folder)) == []
        assert store.get("kept").statement == KEEP
        assert store.finish_erasure() == []


# --- PostgreSQL -----------------------------------------------------------------------------------


def relation_files(store: Store) -> list[Path]:
    """The files of the store's tables, their TOAST tables and every index on them."""
    from therapy_goals.storage.postgres import ERASED_TABLES

    run = store._one  # type: ignore[attr-defined]
    data = Path(run("SHOW data_directory")[0])
    files: list[Path] = []
    for table in ERASED_TABLES:
        oid = run("SELECT to_regclass(?)::oid", (table,))[0]
        relations = [
            row[0]
            for row in store._rows(  # type: ignore[attr-defined]
                "SELECT pg_relation_filepath(c.oid) FROM pg_class c WHERE c.oid = ? "
                "OR c.oid = (SELECT reltoastrelid FROM pg_class WHERE oid = ?) "
                "OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = ? "
                "OR indrelid = (SELECT reltoastrelid FROM pg_class WHERE oid = ?))",
                (oid, oid, oid, oid),
            )
        ]
        for relation in relations:
            files.extend(data.glob(f"{relation}*"))
    return files


@pytest.fixture
def postgres_store(postgres_schema_url: object) -> Iterator[Store]:
    url = postgres_schema_url()  # type: ignore[operator]
    with open_store(url) as store:
        try:
            run = store._one  # type: ignore[attr-defined]
            data = Path(run("SHOW data_directory")[0])
            readable = data.is_dir() and any(data.iterdir())
        except StorageError:  # not a superuser: it may not look
            readable = False
        if not readable:
            pytest.skip("the server's data folder is not readable here: cannot look at its files")
        yield store


def test_postgres_keeps_erased_rows_until_vacuum_full_and_then_not(
    postgres_store: Store,
) -> None:
    """What storage.md says: after a purge the rows' bytes stay in the table and index files
    (plain VACUUM does not remove them); ``finish_erasure`` rewrites the tables, after which no
    file of them holds a byte of the erased data; the server's WAL is named as still holding it."""
    store = postgres_store
    planted(store)
    store._run("CHECKPOINT")  # type: ignore[attr-defined]
    before = relation_files(store)
    assert secrets_in(before), "the test plants nothing it could find"
    store.purge_client(CLIENT)
    store._run("VACUUM goals, goal_history, progress, reviews, step_completions")  # type: ignore[attr-defined]
    store._run("CHECKPOINT")  # type: ignore[attr-defined]
    assert secrets_in(relation_files(store)), "plain VACUUM left no trace: update storage.md"
    beyond = store.finish_erasure()
    store._run("CHECKPOINT")  # type: ignore[attr-defined]
    assert secrets_in(relation_files(store) + before) == []
    assert store.get("kept").statement == KEEP
    assert any("write-ahead log" in place for place in beyond)
    assert any("backups" in place for place in beyond)


def test_the_command_says_where_erased_data_may_still_be(postgres_schema_url: object) -> None:
    url = postgres_schema_url()  # type: ignore[operator]
    with open_store(url) as store:
        planted(store)
    result = CliRunner().invoke(cli, ["--store", url, "purge-client", CLIENT, "--yes"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("erased 3 goal(s) of client")
    assert "erased data may still be in the server's write-ahead log (pg_wal)" in result.output


def test_the_command_on_sqlite_says_nothing_is_left(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'goals.db'}"
    with open_store(url) as store:
        planted(store)
    result = CliRunner().invoke(cli, ["--store", url, "purge-client", CLIENT, "--yes"])
    assert result.exit_code == 0, result.output
    assert "may still be" not in result.output
    assert secrets_in(every_file(tmp_path)) == []
