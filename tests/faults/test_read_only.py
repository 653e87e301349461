"""A store this process cannot write opens for reading: every read works, every write is a clean
StorageError, and not one byte of the store changes.

Permissions mean nothing to root, so when the tests run as root the reading process is started
without the capabilities that override them (``setpriv --bounding-set -dac_override``); it is
still root, the owner of the files, and so gets exactly the owner's permissions.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from therapy_goals import Goal, open_store

READ_THEN_WRITE = """
import json, sys
from datetime import date
from therapy_goals import Goal, StorageError, TherapyGoalsError, open_store

result = {}
try:
    store = open_store(sys.argv[1])
except TherapyGoalsError as error:
    print(json.dumps({"open": f"{type(error).__name__}: {error}"}))
    raise SystemExit
result["read_only"] = store.read_only
result["goals"] = sorted(goal.statement for goal in store.goals())
try:
    store.add(Goal(id="new", client_id="c", statement="Write me", start=date(2026, 3, 2)))
    result["write"] = "written"
except StorageError as error:
    result["write"] = str(error)
store.close()
print(json.dumps(result))
"""


def without_override() -> list[str]:
    """The command prefix that makes permissions count for this process's children."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot take away root's override")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def read_then_write(url: str) -> dict[str, object]:
    completed = subprocess.run(
        [*without_override(), sys.executable, "-c", READ_THEN_WRITE, url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    result: dict[str, object] = json.loads(completed.stdout)
    return result


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` that holds data, with the SHA-256 of its bytes.

    SQLite's ``-shm`` is left out: it is shared memory that every reader writes its locks and
    index into, never data. So is an empty ``-wal``: SQLite makes one to read a WAL database
    where the folder lets it, and it holds nothing.
    """
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not path.name.endswith("-shm")
        and not (path.name.endswith("-wal") and path.stat().st_size == 0)
    }


def make_store(url: str, *, crash: bool = False) -> None:
    """A store with two goals, closed cleanly, or (``crash``) left as a killed writer leaves it:
    the last goal only in the ``-wal`` file."""
    script = f"""
import os
from datetime import date
from therapy_goals import Goal, open_store
store = open_store({url!r})
store.add(Goal(id="a", client_id="c", statement="First goal", start=date(2026, 3, 2)))
store.add(Goal(id="b", client_id="c", statement="Second goal", start=date(2026, 3, 2)))
if {crash!r}:
    os._exit(0)
store.close()
"""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def lock(folder: Path, *, files: bool = False) -> Callable[[], None]:
    """Take write permission away from ``folder`` (and its files); returns the undo."""
    paths = [folder, *folder.rglob("*")] if files else [folder]
    modes = {path: path.stat().st_mode for path in paths}
    for path in reversed(paths):
        path.chmod(path.stat().st_mode & ~0o222)

    def undo() -> None:
        for path, mode in modes.items():
            path.chmod(mode)

    return undo


REFUSED = (
    "is open for reading only (its files are not writable by this process); nothing was changed"
)


@pytest.mark.parametrize("crash", [False, True], ids=["closed-cleanly", "wal-left-by-a-crash"])
def test_sqlite_store_in_a_read_only_folder_opens_for_reading(tmp_path: Path, crash: bool) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    url = f"sqlite://{folder / 'goals.db'}"
    make_store(url, crash=crash)
    assert (folder / "goals.db-wal").exists() is crash
    before = fingerprint(folder)
    undo = lock(folder)
    try:
        result = read_then_write(url)
    finally:
        undo()
    assert result == {
        "read_only": True,
        "goals": ["First goal", "Second goal"],
        "write": f"{url}: {REFUSED}",
    }
    assert fingerprint(folder) == before


def test_sqlite_file_that_is_read_only_opens_for_reading(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'goals.db'}"
    make_store(url)
    (tmp_path / "goals.db").chmod(0o400)
    before = fingerprint(tmp_path)
    result = read_then_write(url)
    assert result["read_only"] is True
    assert result["goals"] == ["First goal", "Second goal"]
    assert result["write"] == f"{url}: {REFUSED}"
    assert fingerprint(tmp_path) == before


def test_an_empty_read_only_sqlite_file_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    path.touch(mode=0o400)
    result = read_then_write(f"sqlite://{path}")
    assert result == {
        "open": f"StorageError: sqlite://{path}: is open for reading only, and is empty; open it "
        "once where its file and folder are writable"
    }
    assert path.read_bytes() == b""


def test_json_folder_that_is_read_only_opens_for_reading(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    url = f"jsondir://{folder}"
    make_store(url)
    before = fingerprint(folder)
    undo = lock(folder, files=True)
    try:
        result = read_then_write(url)
    finally:
        undo()
    assert result == {
        "read_only": True,
        "goals": ["First goal", "Second goal"],
        "write": f"{url}: {REFUSED}",
    }
    assert fingerprint(folder) == before


def test_a_writable_store_is_not_read_only(tmp_path: Path) -> None:
    for url in (f"sqlite://{tmp_path / 'goals.db'}", f"jsondir://{tmp_path / 'folder'}"):
        with open_store(url) as store:
            assert store.read_only is False
            store.add(Goal(id="a", client_id="c", statement="Walk", start=date(2026, 3, 2)))
            assert store.finish_erasure() == []


def test_an_unreadable_sqlite_file_is_a_clear_error(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'goals.db'}"
    make_store(url)
    (tmp_path / "goals.db").chmod(0o200)
    before = fingerprint(tmp_path)
    result = read_then_write(url)
    assert result == {
        "open": f"StorageError: {url}: cannot open the database: this process may not read "
        "the file (permission denied)"
    }
    (tmp_path / "goals.db").chmod(0o600)
    assert fingerprint(tmp_path) == before
