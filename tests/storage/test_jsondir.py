"""What the JSON folder store promises beyond the contract: private, whole files; clear errors."""

from __future__ import annotations

import hashlib
import itertools
import json
import stat
from datetime import date
from pathlib import Path

import orjson
import pytest

from therapy_goals import Goal, NotFoundError, StorageError, open_store
from therapy_goals.serialization import document_fields
from therapy_goals.storage.jsondir import SCHEMA_VERSION, JsonDirStore


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
    path.write_text(json.dumps({**data, "schema_version": SCHEMA_VERSION + 1}))
    newer = f"schema version {SCHEMA_VERSION + 1}"
    with JsonDirStore(folder) as store, pytest.raises(StorageError, match=newer):
        store.get("g1")


def test_a_store_of_a_newer_schema_is_refused_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    JsonDirStore(folder).close()
    (folder / "store.json").write_text('{"format": "therapy-goals-jsondir", "schema_version": 9}')
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
    for folder in ("", "goals", "history"):
        (tmp_path / "store" / folder / ".tmp-crashed.json").write_text(secret)
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


# --- each goal's history in its own log (schema 2, issue 19) -------------------------------------


def _files(folder: Path, goal_id: str) -> tuple[Path, Path]:
    name = hashlib.sha256(goal_id.encode()).hexdigest()[:40]
    return folder / "goals" / f"{name}.json", folder / "history" / f"{name}.jsonl"


def test_an_update_appends_the_revision_it_replaces_and_keeps_the_goal_file_small(
    tmp_path: Path,
) -> None:
    import attrs

    folder = tmp_path / "store"
    with JsonDirStore(folder) as store:
        store.add(goal("g1"))
        goal_file, log = _files(folder, "g1")
        assert not log.exists()  # nothing to keep before the first update
        sizes, logged = [], []
        for n in range(1, 41):
            store.update(attrs.evolve(store.get("g1"), notes=f"note {n:02}"))
            sizes.append(goal_file.stat().st_size)
            logged.append(log.read_bytes())
        history = store.history("g1")
    # The log only grows: each update adds one line, the revision it replaced, and leaves the
    # lines before byte for byte as they were; the goal file holds the current revision only.
    assert all(later.startswith(earlier) for earlier, later in itertools.pairwise(logged))
    lines = log.read_text().splitlines()
    assert [json.loads(line)["revision"] for line in lines] == list(range(1, 41))
    assert json.loads(lines[1])["goal"]["notes"] == "note 01"
    current = json.loads(goal_file.read_text())
    assert current["current"]["revision"] == 41
    assert "history" not in current
    # "note 01" .. "note 40" have one length; the times may differ by a digit or two.
    assert max(sizes) - min(sizes) <= 4
    assert [r.revision for r in history] == list(range(1, 42))
    assert [r.goal.notes for r in history[1:3]] == ["note 01", "note 02"]
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_crash_between_the_log_and_the_goal_file_loses_nothing(tmp_path: Path) -> None:
    """An update appends to the log (fsync), then replaces the goal file. Killed between the
    two, or mid-line, the log holds a line as new as the file's revision, or a cut one."""
    import attrs

    folder = tmp_path / "store"
    with JsonDirStore(folder) as store:
        store.add(goal("g1"))
        store.update(attrs.evolve(store.get("g1"), notes="second"))
        _, log = _files(folder, "g1")
        whole = log.read_bytes()
        [_, second] = store.history("g1")
        current_line = orjson.dumps(document_fields(second))
        # The update to revision 3 logged revision 2, then died before replacing the file ...
        log.write_bytes(whole + current_line + b"\n")
        assert [r.revision for r in store.history("g1")] == [1, 2]
        # ... or died writing the line.
        log.write_bytes(whole + current_line[:25])
        assert [r.revision for r in store.history("g1")] == [1, 2]
        assert store.get("g1").notes == "second"
        # The next update cuts the torn line off and goes on.
        store.update(attrs.evolve(store.get("g1"), notes="third"))
        assert [r.goal.notes for r in store.history("g1")] == [None, "second", "third"]
    assert [json.loads(line)["revision"] for line in log.read_text().splitlines()] == [1, 2]


def test_a_unit_of_work_undone_cuts_the_log_back(tmp_path: Path) -> None:
    import attrs

    folder = tmp_path / "store"
    with JsonDirStore(folder) as store:
        store.add(goal("g1"))
        store.update(attrs.evolve(store.get("g1"), notes="kept"))
        _, log = _files(folder, "g1")
        before = log.read_bytes()

        def update_then_fail(goal_id: str, *, add: bool) -> None:
            with store.transaction():
                if add:
                    store.add(goal(goal_id))
                store.update(attrs.evolve(store.get(goal_id), notes="undone"))
                raise RuntimeError("the app changed its mind")

        with pytest.raises(RuntimeError):
            update_then_fail("g1", add=False)
        assert log.read_bytes() == before
        assert [r.goal.notes for r in store.history("g1")] == [None, "kept"]
        with pytest.raises(RuntimeError):
            update_then_fail("g2", add=True)
        assert not any(p.exists() for p in _files(folder, "g2"))


def test_a_damaged_history_line_is_named(tmp_path: Path) -> None:
    import attrs

    folder = tmp_path / "store"
    with JsonDirStore(folder) as store:
        store.add(goal("g1"))
        store.update(attrs.evolve(store.get("g1"), notes="second"))
        store.update(attrs.evolve(store.get("g1"), notes="third"))
        _, log = _files(folder, "g1")
        first, second = log.read_bytes().splitlines(keepends=True)
        log.write_bytes(first[:30] + b"}\n" + second)
        with pytest.raises(StorageError, match=rf"{log.name} line 1 cannot be read"):
            store.history("g1")
        assert store.get("g1").notes == "third"  # the current revision does not need the log


def test_a_log_a_crashed_purge_left_is_removed_when_the_folder_is_opened(tmp_path: Path) -> None:
    import attrs

    folder = tmp_path / "store"
    with JsonDirStore(folder) as store:
        store.add(goal("g1"))
        store.update(attrs.evolve(store.get("g1"), statement="Walk daily by the canal"))
    goal_file, log = _files(folder, "g1")
    goal_file.unlink()  # a purge removes the goal file first; killed before the log
    assert b"Walk daily" in log.read_bytes()
    with JsonDirStore(folder):
        assert not log.exists()


SCHEMA_1 = Path(__file__).parent.parent / "data" / "stores" / "jsondir-schema-1"
"""A folder therapy-goals wrote at schema 1 (see make_jsondir_schema_1.py beside it)."""


def _read_all(store: JsonDirStore) -> dict[str, object]:
    return {
        goal_id: (
            store.get(goal_id),
            store.history(goal_id),
            list(store.progress(goal_id)),
            store.reviews(goal_id),
        )
        for goal_id in ("g-walk", "g-call")
    }


def test_a_folder_of_schema_1_is_upgraded_when_opened_for_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import shutil

    import attrs

    old = tmp_path / "old"
    shutil.copytree(SCHEMA_1, old)
    unchanged = snapshot(old)
    with monkeypatch.context() as patched:  # as a reader without write access (root has it)
        patched.setattr(os, "access", lambda path, mode: mode != os.W_OK)
        with JsonDirStore(old) as reader:
            assert reader.read_only
            before = _read_all(reader)
    assert snapshot(old) == unchanged  # read as it is, nothing changed
    with JsonDirStore(old) as store:
        assert json.loads((old / "store.json").read_text())["schema_version"] == SCHEMA_VERSION
        assert _read_all(store) == before
        walk = store.history("g-walk")
        # As make_jsondir_schema_1.py made them.
        assert [(r.revision, r.change, r.by) for r in walk] == [
            (1, "added", "therapist-4"),
            (2, "updated", "therapist-4"),
            (3, "status: proposed -> active", "therapist-4"),
        ]
        assert walk[1].goal.notes == "Mornings suit better"
        assert [e.value for e in store.progress("g-walk")] == [2]
        assert [r.revision for r in store.history("g-call")] == [1]
        for goal_id, revisions in (("g-walk", [1, 2]), ("g-call", None)):
            goal_file, log = _files(old, goal_id)
            assert "history" not in json.loads(goal_file.read_text())
            if revisions is None:
                assert not log.exists()
            else:
                lines = log.read_text().splitlines()
                assert [json.loads(line)["revision"] for line in lines] == revisions
        store.update(attrs.evolve(store.get("g-walk"), notes="Evenings now"))
        assert [r.revision for r in store.history("g-walk")] == [1, 2, 3, 4]
    with JsonDirStore(old) as again:
        assert [r.revision for r in again.history("g-walk")] == [1, 2, 3, 4]


def test_a_damaged_goal_file_does_not_keep_a_schema_1_folder_from_opening(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging
    import shutil

    old = tmp_path / "old"
    shutil.copytree(SCHEMA_1, old)
    walk_file, _ = _files(old, "g-walk")
    walk_file.write_text('{"format": "therapy-goals-jsondir", "schema_version": 1, "goal_id": ')
    with caplog.at_level(logging.WARNING, "therapy_goals"), JsonDirStore(old) as store:
        assert [r.revision for r in store.history("g-call")] == [1]
        with pytest.raises(StorageError, match=rf"{walk_file.name} cannot be read"):
            store.get("g-walk")
    assert [r.getMessage() for r in caplog.records] == [
        f"store {store.url}: {walk_file.name} cannot be read; left at schema 1"
    ]
