"""What the SQLite store promises beyond the contract: private files, pragmas, schema, erasure."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from therapy_goals import Goal, StorageError
from therapy_goals.serialization import to_json
from therapy_goals.storage.sql import MIGRATIONS, SCHEMA_VERSION
from therapy_goals.storage.sqlite import SQLiteStore

SECRET = "I panic when I think about my father"


def goal(goal_id: str, client: str = "c1") -> Goal:
    return Goal(id=goal_id, client_id=client, statement=SECRET, start=date(2026, 3, 2))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_files_are_private_and_pragmas_set(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    with SQLiteStore(path) as store:
        store.add(goal("g1"))
        for name in ("goals.db", "goals.db-wal", "goals.db-shm"):
            mode = stat.S_IMODE((path.parent / name).stat().st_mode)
            assert mode == 0o600, (name, oct(mode))
        assert store._one("PRAGMA journal_mode")[0] == "wal"
        assert store._one("PRAGMA foreign_keys")[0] == 1
        assert store._one("PRAGMA secure_delete")[0] == 1
        assert store._one("PRAGMA busy_timeout")[0] == 30_000
        assert store._one("PRAGMA user_version")[0] == SCHEMA_VERSION
        assert store.integrity_check() == "ok"


def test_a_purge_leaves_no_readable_text_in_the_files(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    with SQLiteStore(path) as store:
        store.add(goal("g1", "leaving"))
        store.add(goal("g2", "leaving"))
        store.add(
            Goal(id="g3", client_id="staying", statement="Walk daily", start=date(2026, 3, 2))
        )
        store.purge_client("leaving")
        on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir())
        assert SECRET.encode() not in on_disk
        assert b"Walk daily" in on_disk


def test_a_newer_schema_is_refused_and_the_file_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 7")
    before = digest(path)
    with pytest.raises(StorageError, match="newer therapy-goals \\(schema 7"):
        SQLiteStore(path)
    assert digest(path) == before


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    path.write_bytes(b"these are my private notes, not a database" * 100)
    before = digest(path)
    with pytest.raises(StorageError, match="is not a therapy-goals database"):
        SQLiteStore(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["goals.db"]


def test_a_truncated_file_gives_the_library_error(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    with SQLiteStore(path) as store:
        store.add_many(goal(f"g{i:04}") for i in range(300))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    def open_and_read() -> None:  # opening or reading, whichever meets the damage first
        with SQLiteStore(path) as store:
            list(store.goals())

    with pytest.raises(StorageError):
        open_and_read()


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        ("{not json", "goal 'g1' cannot be read: is not valid JSON"),
        ('{"schema_version": 2, "type": "goal"}', "schema_version: is 2 but"),
    ],
)
def test_an_unreadable_row_names_its_goal(tmp_path: Path, document: str, fragment: str) -> None:
    path = tmp_path / "goals.db"
    with SQLiteStore(path) as store:
        store.add(goal("g1"))
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE goals SET document = ? WHERE id = 'g1'", (document,))
    with SQLiteStore(path) as store:
        with pytest.raises(StorageError, match=fragment):
            store.get("g1")
        with pytest.raises(StorageError, match=fragment):
            list(store.goals())


def test_a_new_file_is_migrated_in_one_step(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()
    with SQLiteStore(path) as store:
        tables = {
            row[0] for row in store._rows("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert {"goals", "goal_history", "progress", "reviews", "step_completions"} <= tables
        assert store._one("PRAGMA user_version")[0] == SCHEMA_VERSION


def test_a_version_1_store_is_migrated_forward_keeping_its_goals(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    with sqlite3.connect(path) as connection:
        for statement in MIGRATIONS[0]:
            connection.execute(statement)
        connection.execute("PRAGMA user_version = 1")
        connection.execute(
            "INSERT INTO goals (id, client_id, status, area, due, revision, document) "
            "VALUES ('g1', 'c1', 'proposed', NULL, NULL, 1, ?)",
            (to_json(goal("g1")),),
        )
    with SQLiteStore(path) as store:
        assert store._one("PRAGMA user_version")[0] == SCHEMA_VERSION
        assert store.get("g1").statement == SECRET
        assert store.step_completions("g1") == []


def test_a_goal_that_changed_client_before_version_3_is_erased_with_either_client(
    tmp_path: Path,
) -> None:
    # Before schema 3 a revision could carry another client; such a goal must be found by
    # either client, and erased with everything it holds.
    path = tmp_path / "v2.db"
    first, moved = goal("g1", "old-client"), goal("g1", "new-client")
    with sqlite3.connect(path) as connection:
        for steps in MIGRATIONS[:2]:
            for statement in steps:
                connection.execute(statement)
        connection.execute("PRAGMA user_version = 2")
        connection.execute(
            "INSERT INTO goals (id, client_id, status, area, due, revision, document) "
            "VALUES ('g1', 'new-client', 'proposed', NULL, NULL, 2, ?)",
            (to_json(moved),),
        )
        for revision, document in ((1, to_json(first)), (2, to_json(moved))):
            connection.execute(
                "INSERT INTO goal_history (goal_id, revision, at, by_whom, change, document) "
                "VALUES ('g1', ?, '2026-03-02T10:00:00.000000Z', NULL, 'updated', ?)",
                (revision, document),
            )
    with SQLiteStore(path) as store:
        assert store._one("PRAGMA user_version")[0] == SCHEMA_VERSION
        assert store.purge_client("old-client") == 1
        assert list(store.goals(include_archived=True)) == []
    assert SECRET.encode() not in b"".join(p.read_bytes() for p in tmp_path.glob("v2.db*"))


def test_a_missing_folder_is_an_error_and_nothing_is_created(tmp_path: Path) -> None:
    typo = tmp_path / "tpyo" / "dir" / "goals.db"
    with pytest.raises(StorageError, match=r"the folder .*tpyo/dir does not exist"):
        SQLiteStore(typo)
    assert list(tmp_path.iterdir()) == []


def test_the_default_data_folder_is_created_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from therapy_goals.storage import STORE_ENV, open_store

    monkeypatch.delenv(STORE_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with open_store() as store:
        store.add(goal("g1"))
    folder = tmp_path / "data" / "therapy-goals"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "goals.db").stat().st_mode) == 0o600


def test_urls_name_absolute_and_relative_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with SQLiteStore.from_url(f"sqlite://{tmp_path / 'abs.db'}") as store:
        assert store.path == tmp_path / "abs.db"
    (tmp_path / "rel").mkdir()
    with SQLiteStore.from_url("sqlite:rel/goals.db") as store:
        assert (tmp_path / "rel" / "goals.db").exists()
    with pytest.raises(StorageError, match="write sqlite:///absolute"):
        SQLiteStore.from_url("sqlite://host/goals.db")


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_another_applications_database_is_refused_untouched(tmp_path: Path) -> None:
    """Issue 18: a SQLite file of another application was adopted: our tables were added."""
    import sqlite3

    from therapy_goals import StorageError, open_store

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (x)")
        other.execute("INSERT INTO notes VALUES (1)")
    other.close()
    before = _digest(path)
    with pytest.raises(
        StorageError, match=r"is not a therapy-goals store \(it has the tables notes\)"
    ):
        open_store(f"sqlite://{path}")
    assert _digest(path) == before


def test_a_newer_schema_is_refused_without_changing_a_byte(tmp_path: Path) -> None:
    """Issue 18: a newer store in rollback-journal mode was switched to WAL before the refusal."""
    import sqlite3

    from therapy_goals import StorageError, open_store

    path = tmp_path / "newer.db"
    open_store(f"sqlite://{path}").close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    connection.execute(f"PRAGMA user_version = {version + 1}")
    connection.commit()
    connection.close()
    before = _digest(path)
    with pytest.raises(StorageError, match="written by a newer therapy-goals"):
        open_store(f"sqlite://{path}")
    assert _digest(path) == before
    assert not path.with_name("newer.db-wal").exists()
