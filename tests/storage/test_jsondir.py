"""What the JSON folder store promises beyond the contract: private, whole files; clear errors."""

from __future__ import annotations

import hashlib
import json
import stat
from datetime import date
from pathlib import Path

import pytest

from therapy_goals import Goal, NotFoundError, StorageError, open_store
from therapy_goals.storage.jsondir import JsonDirStore


def goal(goal_id: str) -> Goal:
    return Goal(id=goal_id, client_id="c1", statement="Walk daily", start=date(2026, 3, 2))


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_files_are_private_and_whole(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with JsonDirStore(folder) as store:
        store.add(goal("g1"))
        store.add(goal("../../etc/passwd"))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert not any(p.name.startswith(".tmp-") for p in files)
    goal_files = sorted((folder / "goals").iterdir())
    assert len(goal_files) == 2
    assert all(json.loads(p.read_text())["format"] == "therapy-goals-jsondir" for p in goal_files)


def test_a_garbage_goal_file_is_named_and_nothing_changes(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with JsonDirStore(folder) as store:
        store.add(goal("g1"))
        [path] = (folder / "goals").iterdir()
    path.write_text('{"format": "therapy-goals-jsondir", "schema_version": 1, "goal_id": ')
    before = snapshot(folder)
    with JsonDirStore(folder) as store:
        with pytest.raises(StorageError, match=rf"{path.name} cannot be read"):
            store.get("g1")
        with pytest.raises(StorageError, match=path.name):
            list(store.goals())
    assert snapshot(folder) == before


def test_a_goal_file_of_a_newer_schema_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with JsonDirStore(folder) as store:
        store.add(goal("g1"))
    [path] = (folder / "goals").iterdir()
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "schema_version": 2}))
    with JsonDirStore(folder) as store, pytest.raises(StorageError, match="schema version 2"):
        store.get("g1")


def test_a_store_of_a_newer_schema_is_refused_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    JsonDirStore(folder).close()
    (folder / "store.json").write_text('{"format": "therapy-goals-jsondir", "schema_version": 3}')
    before = snapshot(folder)
    with pytest.raises(StorageError, match="newer therapy-goals"):
        JsonDirStore(folder)
    assert snapshot(folder) == before


def test_a_folder_with_other_files_is_not_taken_over(tmp_path: Path) -> None:
    (tmp_path / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(StorageError, match=r"not empty and has no store\.json"):
        JsonDirStore(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["holiday.jpg"]


def test_ids_never_become_paths(tmp_path: Path) -> None:
    with JsonDirStore(tmp_path / "store") as store:
        store.add(goal("../escape"))
        assert store.get("../escape").id == "../escape"
        with pytest.raises(NotFoundError):
            store.get("escape")
    assert not (tmp_path / "escape").exists()


def test_temporaries_a_crash_left_are_gone_after_the_next_write_and_after_purge(
    tmp_path: Path,
) -> None:
    """Issue 18: a `.tmp-*` file from a crash or a full disk held a goal's whole text, was never
    removed and survived purge_client (the right to be forgotten)."""
    from datetime import date

    from therapy_goals import sample_record

    url = f"jsondir://{tmp_path / 'store'}"
    with open_store(url) as store:
        store.import_record(sample_record(start=date(2026, 3, 2)))
    secret = "Practise mindfulness, the words of a crashed write"
    for folder in (tmp_path / "store", tmp_path / "store" / "goals"):
        (folder / ".tmp-crashed.json").write_text(secret)
    with open_store(url) as store:
        store.purge_client("client-0001")
    left = [p for p in (tmp_path / "store").rglob("*") if p.is_file()]
    assert not any(secret in p.read_text(errors="replace") for p in left)
    assert sorted(p.name for p in left) == [".lock", "store.json"]
    (tmp_path / "store" / "goals" / ".tmp-crashed.json").write_text(secret)
    with open_store(url) as store:  # opening alone clears them too
        assert not (tmp_path / "store" / "goals" / ".tmp-crashed.json").exists()
        assert store is not None


def test_a_record_id_taken_by_another_writer_is_refused(tmp_path: Path) -> None:
    """Record ids are unique across the store. Each store remembers the ids of the goal files
    it has read (issue 19), so it must notice a file another writer changed since."""
    from datetime import UTC, datetime

    from therapy_goals import ConflictError, ProgressEntry

    folder = tmp_path / "store"
    first, second = JsonDirStore(folder), JsonDirStore(folder)
    first.add_many([goal("g1"), goal("g2")])
    moment = datetime(2026, 3, 3, 9, tzinfo=UTC)
    first.add_progress(ProgressEntry(id="e1", goal_id="g1", value=1, at=moment))
    second.add_progress(ProgressEntry(id="e2", goal_id="g2", value=1, at=moment))
    with pytest.raises(ConflictError, match="progress entry 'e2' already exists"):
        first.add_progress(ProgressEntry(id="e2", goal_id="g1", value=2, at=moment))
    second.delete("g2")  # and an id freed by another writer can be used again
    first.add_progress(ProgressEntry(id="e2", goal_id="g1", value=2, at=moment))
    assert [e.id for e in first.progress("g1")] == ["e1", "e2"]
