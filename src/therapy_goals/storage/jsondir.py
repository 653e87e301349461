"""The JSON folder store: one readable JSON file per goal, with its progress and reviews, and
beside it the goal's past revisions, one JSON document per line.

Every write of a goal file replaces the whole file atomically (a temporary file in the same
folder, fsync, ``os.replace``, fsync of the folder), under an exclusive lock on ``.lock`` so that
writers in several processes take turns. A goal's history only grows: an update appends the
revision it replaces to ``history/<hash>.jsonl`` (fsynced) and then replaces the goal file, so
an update costs the same whatever the length of the history (issue 19: a goal file holding its
history had grown to 1.49 MB and was rewritten on every update). A crash between the two leaves
a line for a revision that is still the current one; readers take from the log only revisions
older than the goal file's, and a last line cut short by a crash is left out and cut off before
the next append. Files are created readable by their owner only. A unit of work is undone if
its block raises, but a crash in the middle of one can leave some of its goals written and
others not (``atomic_transactions`` is false); each goal itself is always whole. A folder this
process cannot write is opened for reading only (readers take no lock).

Layout (schema 3; a folder of schema 1, with each goal's history inside its file, is brought to
it when first opened for writing, and read as it is when it cannot be written; schema 3 added
the uses of if-then plans to goal files, so a folder of schema 2 only has its marker raised, and
its files are written as schema 3 when next changed)::

    folder/store.json               {"format": "therapy-goals-jsondir", "schema_version": 3}
    folder/.lock
    folder/goals/<sha256 of the id>.json     the current revision, progress, reviews, ...
    folder/history/<sha256 of the id>.jsonl  every earlier revision, oldest first
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

import attrs
import orjson

from therapy_goals.errors import NotFoundError, StorageError, ValidationError
from therapy_goals.files import private_folder
from therapy_goals.model import (
    Goal,
    GoalRevision,
    LifecycleStatus,
    PlanUse,
    ProgressEntry,
    Review,
    StepCompletion,
)
from therapy_goals.serialization import decode_fields, document_fields
from therapy_goals.storage.backend import (
    Capabilities,
    Record,
    first_repeated,
    record_name,
    stale,
    taken,
)
from therapy_goals.storage.base import Store
from therapy_goals.storage.registry import path_from_url

__all__ = ["JsonDirStore"]

logger = logging.getLogger(__name__)

FORMAT = "therapy-goals-jsondir"
SCHEMA_VERSION = 3


def _write_atomically(path: Path, data: dict[str, Any]) -> None:
    """Replace ``path`` with ``data`` so that a reader or a crash sees the old file or the new."""
    _replace_bytes(path, orjson.dumps(data, option=orjson.OPT_INDENT_2))


def _replace_bytes(path: Path, text: bytes) -> None:
    """Replace ``path`` with ``text``: a temporary in the same folder, fsync, ``os.replace``,
    fsync of the folder. A failure leaves the old file and no temporary."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _revision(item: Any) -> GoalRevision:
    """A history item: a ``goal-revision`` document, or the layout files had before it."""
    if isinstance(item, dict) and "type" not in item:
        return GoalRevision(
            revision=item["revision"],
            at=datetime.fromisoformat(item["at"]),
            by=item["by"],
            change=item["change"],
            goal=decode_fields(item["goal"], Goal),
        )
    return decode_fields(item, GoalRevision)


_RECORD_LISTS: dict[type[Any], str] = {
    ProgressEntry: "progress",
    Review: "reviews",
    StepCompletion: "completions",
    PlanUse: "plan_uses",
}
"""Where a goal file keeps each kind of record."""


@attrs.define
class _GoalFile:
    """One goal as held in its file: its current revision and its records. A file of schema 1
    also holds the goal's earlier revisions (``inline_history``), moved to the goal's history
    log when the file is next written."""

    goal_id: str
    archived: bool
    current: GoalRevision
    progress: list[ProgressEntry]
    reviews: list[Review]
    completions: list[StepCompletion] = attrs.Factory(list)
    plan_uses: list[PlanUse] = attrs.Factory(list)
    inline_history: list[GoalRevision] | None = None

    @property
    def goal(self) -> Goal:
        return self.current.goal

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "goal_id": self.goal_id,
            "archived": self.archived,
            "current": document_fields(self.current),
            "progress": [document_fields(entry) for entry in self.progress],
            "reviews": [document_fields(review) for review in self.reviews],
            "completions": [document_fields(completion) for completion in self.completions],
            "plan_uses": [document_fields(use) for use in self.plan_uses],
        }


class JsonDirStore(Store):
    """A store in a folder of JSON files. ``jsondir:///path/folder`` opens (or creates) it."""

    capabilities: ClassVar[Capabilities] = Capabilities(
        atomic_transactions=False, persistent=True, multi_process=True
    )

    def __init__(self, folder: str | Path, *, url: str | None = None) -> None:
        self.folder = Path(folder)
        self.url = url or f"jsondir://{self.folder.resolve()}"
        self._goals = self.folder / "goals"
        self._history = self.folder / "history"
        self._lock = -1
        self._undo: dict[Path, tuple[str, bytes | None]] = {}
        """Each file the unit of work replaced or removed: its goal's id and its bytes before."""
        self._appended: dict[Path, tuple[str, int | None]] = {}
        """Each history log the unit of work appended to: its goal's id and its size before
        (None: it was new)."""
        self._ids_cache: dict[Path, tuple[tuple[int, int, int], dict[str, set[str]]]] = {}
        """Each goal file's record ids by kind, with the file's inode, size and time when read."""
        self._open_or_create()

    @classmethod
    def from_url(cls, url: str) -> JsonDirStore:
        """Open the store a ``jsondir:`` URL names."""
        return cls(path_from_url(url), url=url)

    def _open_or_create(self) -> None:
        try:
            version = self._open_or_create_folder()
        except OSError as error:
            raise StorageError(f"{self.url}: cannot open the folder: {error.strerror}") from None
        folders = [self.folder, self._goals]
        if self._history.exists():
            folders.append(self._history)
        self.read_only = not all(os.access(f, os.W_OK) for f in folders)
        if not self.read_only:
            with self.transaction():  # takes the lock, and clears what a crashed write left
                if version < SCHEMA_VERSION:
                    self._upgrade(version)
                self._remove_orphan_logs()

    def _remove_orphan_logs(self) -> None:
        """Delete history logs whose goal file is gone: a purge removes the file first, so a
        crash in between leaves the log, with the erased client's words (only called under the
        lock, when opening: a crash ends the process, so the next step is an opening)."""
        with self._writing("remove what a crashed purge left"):
            for log in self._history.glob("*.jsonl"):
                if not (self._goals / log.with_suffix(".json").name).exists():
                    log.unlink(missing_ok=True)

    def _upgrade(self, version: int) -> None:
        """Bring a folder to the current schema. From schema 1, each goal's history moves out of
        its file into its history log: each file is moved as an update moves it (log first), so
        a crash leaves every goal readable and the next opening goes on where this one stopped.
        A file that cannot be read stays as it is (this version reads schema 1 files too), so
        that one damaged goal does not keep the folder from opening. From schema 2 only the
        marker changes (its files read as they are), so that an earlier version, which would
        drop the uses of plans when it rewrote a goal file, refuses the folder."""
        with self._writing(f"bring the folder to schema {SCHEMA_VERSION}"):
            if version < 2:
                self._move_histories_out()
            _write_atomically(
                self.folder / "store.json", {"format": FORMAT, "schema_version": SCHEMA_VERSION}
            )

    def _move_histories_out(self) -> None:
        """Schema 1 to 2: move each goal's inline history to its log (see :meth:`_upgrade`)."""
        private_folder(self._history)
        for path in sorted(self._goals.glob("*.json")):
            if path.name.startswith("."):
                continue
            try:
                record = self._read(path)
            except StorageError:  # left as it is: reading it still explains what is wrong
                logger.warning("store %s: %s cannot be read; left at schema 1", self.url, path.name)
                continue
            if record.inline_history is not None:
                self._move_history_out(record)
                _write_atomically(path, record.to_json())
                # Moved: a later failure must not cut this goal's log back (each goal moved is
                # whole, so nothing of the upgrade is undone, only left unfinished).
                self._appended = {}

    def _open_or_create_folder(self) -> int:
        """Open the folder, or make a new store in it; the schema version it is at."""
        if self.folder.exists() and not self.folder.is_dir():
            raise StorageError(f"{self.url}: {self.folder} is a file, not a folder")
        if not self.folder.exists() and not self.folder.parent.is_dir():
            raise StorageError(
                f"{self.url}: the folder {self.folder.parent} does not exist; create it, or "
                "check the path"
            )
        marker = self.folder / "store.json"
        if marker.exists():
            try:
                info = json.loads(marker.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise StorageError(f"{self.url}: store.json cannot be read: {error}") from None
            if not isinstance(info, dict) or info.get("format") != FORMAT:
                raise StorageError(f"{self.url}: store.json is not a therapy-goals store marker")
            version = info.get("schema_version")
            if not isinstance(version, int) or version > SCHEMA_VERSION:
                raise StorageError(
                    f"{self.url}: written by a newer therapy-goals (schema {version!r}; this "
                    f"version reads up to {SCHEMA_VERSION}); upgrade therapy-goals to open it"
                )
            return version
        if self.folder.exists() and not self._unfinished_creation() and any(self.folder.iterdir()):
            raise StorageError(
                f"{self.url}: the folder is not empty and has no store.json; give an empty "
                "or new folder"
            )
        private_folder(self.folder)
        os.chmod(self.folder, 0o700)  # an empty folder given to us becomes ours alone
        private_folder(self._goals)
        private_folder(self._history)
        _write_atomically(marker, {"format": FORMAT, "schema_version": SCHEMA_VERSION})
        return SCHEMA_VERSION

    def _unfinished_creation(self) -> bool:
        """Whether the folder holds only what a creation that failed before writing store.json
        leaves (an empty goals folder, temporaries); if so, they are cleared to start again."""
        found = list(self.folder.iterdir())
        leftovers = [path for path in found if path.name.startswith(".tmp-")]
        ours = [path for path in found if path in (self._goals, self._history)]
        if not found or len(leftovers) + len(ours) != len(found):
            return False
        if any(any(folder.iterdir()) for folder in ours):
            return False
        for leftover in leftovers:
            leftover.unlink()
        return True

    # --- files -----------------------------------------------------------------------------------

    def _path(self, goal_id: str) -> Path:
        return self._goals / f"{hashlib.sha256(goal_id.encode('utf-8')).hexdigest()[:40]}.json"

    def _read(self, path: Path) -> _GoalFile:
        place = f"{self.url}: {path.name}"
        try:
            raw = orjson.loads(path.read_bytes())
        except (OSError, ValueError) as error:
            raise StorageError(f"{place} cannot be read: {error}") from None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise StorageError(f"{place} is not a therapy-goals goal file")
        version = raw.get("schema_version")
        if version not in (1, 2, SCHEMA_VERSION):
            raise StorageError(
                f"{place} has schema version {version!r}; this version of therapy-goals reads "
                f"1 to {SCHEMA_VERSION}"
            )
        try:
            if version == 1:  # the goal's whole history inside: moved out at the next write
                history = [_revision(item) for item in raw["history"]]
                current, inline = history[-1], history[:-1]
            else:
                current, inline = decode_fields(raw["current"], GoalRevision), None
            return _GoalFile(
                goal_id=raw["goal_id"],
                archived=bool(raw["archived"]),
                current=current,
                inline_history=inline,
                progress=[decode_fields(item, ProgressEntry) for item in raw["progress"]],
                reviews=[decode_fields(item, Review) for item in raw["reviews"]],
                completions=[
                    decode_fields(item, StepCompletion) for item in raw.get("completions", [])
                ],
                plan_uses=[decode_fields(item, PlanUse) for item in raw.get("plan_uses", [])],
            )
        except (ValidationError, KeyError, TypeError, ValueError, IndexError) as error:
            raise StorageError(f"{place} cannot be read: {error!r}") from None

    def _log_path(self, goal_id: str) -> Path:
        return self._history / self._path(goal_id).with_suffix(".jsonl").name

    def _past(self, record: _GoalFile) -> list[GoalRevision]:
        """The goal's revisions before its current one, oldest first."""
        if record.inline_history is not None:
            return list(record.inline_history)
        log = self._log_path(record.goal_id)
        try:
            text = log.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as error:
            raise StorageError(f"{self.url}: {log.name} cannot be read: {error}") from None
        lines = text.split(b"\n")
        lines.pop()  # what follows the last line break: empty, or a line a crash cut short
        found: dict[int, GoalRevision] = {}
        for number, line in enumerate(lines, start=1):
            try:
                revision = decode_fields(orjson.loads(line), GoalRevision)
            except (ValidationError, ValueError, TypeError) as error:
                raise StorageError(
                    f"{self.url}: {log.name} line {number} cannot be read: {error}"
                ) from None
            # A revision at or past the current one is from an update a crash stopped before
            # it replaced the goal file; a revision logged twice, from an update that was then
            # undone and made again: the later line is the one the file went on from.
            if revision.revision < record.current.revision:
                found[revision.revision] = revision
        return [found[number] for number in sorted(found)]

    def _load(self, goal_id: str) -> _GoalFile:
        path = self._path(goal_id)
        if not path.exists():
            raise NotFoundError(f"no goal {goal_id!r} in {self.url}")
        return self._read(path)

    def _all(self) -> Iterator[_GoalFile]:
        for path in sorted(self._goals.glob("*.json")):
            if not path.name.startswith("."):
                yield self._read(path)

    @contextmanager
    def _writing(self, what: str) -> Iterator[None]:
        """Turn a failed file operation (a full disk, a read-only folder) into a StorageError
        naming the store; the unit of work it is in is then rolled back."""
        try:
            yield
        except OSError as error:
            raise StorageError(
                f"{self.url}: cannot {what}: {error.strerror or error}; nothing of this change "
                "was kept"
            ) from None

    def _save(self, record: _GoalFile) -> None:
        path = self._path(record.goal_id)
        with self._writing("write a goal's file"):
            if path not in self._undo:
                self._undo[path] = (record.goal_id, path.read_bytes() if path.exists() else None)
            if record.inline_history is not None:
                self._move_history_out(record)
            _write_atomically(path, record.to_json())

    def _move_history_out(self, record: _GoalFile) -> None:
        """Append the earlier revisions a file of schema 1 holds to the goal's history log."""
        if record.inline_history:
            self._append_history(record.goal_id, record.inline_history)
        record.inline_history = None

    def _append_history(self, goal_id: str, revisions: Sequence[GoalRevision]) -> None:
        """Add ``revisions`` at the end of the goal's history log, one line each, and fsync it
        before anything refers to them. A last line a crash cut short is cut off first."""
        log = self._log_path(goal_id)
        text = b"".join(orjson.dumps(document_fields(r)) + b"\n" for r in revisions)
        new = not log.exists()
        descriptor = os.open(log, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            size = os.fstat(descriptor).st_size
            if size and os.pread(descriptor, 1, size - 1) != b"\n":
                size = log.read_bytes().rfind(b"\n") + 1
                os.ftruncate(descriptor, size)
            self._appended.setdefault(log, (goal_id, None if new else size))
            written = 0
            while written < len(text):
                written += os.write(descriptor, text[written:])
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if new:
            _sync_folder(log.parent)

    def _remove(self, goal_id: str) -> None:
        with self._writing("remove a goal's files"):
            for path in (self._path(goal_id), self._log_path(goal_id)):
                if path not in self._undo:
                    self._undo[path] = (goal_id, path.read_bytes() if path.exists() else None)
                path.unlink(missing_ok=True)
                _sync_folder(path.parent)

    def _begin_unit(self) -> None:
        with self._writing("lock the store"):
            self._lock = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._lock, fcntl.LOCK_EX)
        self._undo, self._appended = {}, {}
        self._remove_leftovers()

    def _remove_leftovers(self) -> None:
        """Delete temporaries a crashed or failed write left (``.tmp-*``): they may hold a goal's
        whole text, which erasure must not leave behind. Only called under the exclusive lock,
        which every writer holds while its temporary exists, so none is in use."""
        for folder in (self.folder, self._goals, self._history):
            for leftover in folder.glob(".tmp-*"):
                leftover.unlink(missing_ok=True)

    def _end_unit(self, *, commit: bool) -> None:
        try:
            if not commit:
                self._restore()
        finally:
            self._undo, self._appended = {}, {}
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            os.close(self._lock)

    def _restore(self) -> None:
        """Put back every file the failed unit of work changed, then cut each history log it
        appended to back to its size before. Restoring needs the disk too: a goal that cannot
        be put back (a full disk) is named, and keeps the failed change, whole, its log too (a
        revision the unit logged is then older than its file's, read as history; or, if the
        file is back as before, as new as the file's, ignored)."""
        failed: list[str] = []
        reason = ""
        for path, (goal_id, before) in self._undo.items():
            try:
                if before is None:
                    path.unlink(missing_ok=True)
                else:
                    _replace_bytes(path, before)
            except OSError as error:
                failed.append(goal_id)
                reason = error.strerror or str(error)
        for log, (goal_id, size) in self._appended.items():
            if goal_id in failed:  # its file may hold the failed revision: keep its history
                continue
            # A log that cannot be cut back keeps lines as new as its restored file's revision,
            # which readers ignore: nothing to report (and no reason to overwrite one that is).
            with contextlib.suppress(OSError):
                if size is None:
                    log.unlink(missing_ok=True)
                else:
                    os.truncate(log, size)
        try:
            _sync_folder(self._goals)
            if self._history.exists():
                _sync_folder(self._history)
        except OSError as error:
            failed = failed or sorted(goal_id for goal_id, _ in self._undo.values())
            reason = error.strerror or str(error)
        if failed:
            raise StorageError(
                f"{self.url}: a change failed and could not be wholly undone ({reason}): every "
                f"goal file is whole, but {', '.join(repr(g) for g in sorted(failed))} may hold "
                "the failed change; check them once the disk is writable again"
            )

    # --- reading -------------------------------------------------------------------------------

    def get(self, goal_id: str) -> Goal:
        return self._load(goal_id).goal

    def goals(
        self,
        *,
        client_id: str | None = None,
        status: LifecycleStatus | None = None,
        area: str | None = None,
        due_before: date | None = None,
        include_archived: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[Goal]:
        chosen = sorted(
            (
                record.goal
                for record in self._all()
                if (include_archived or not record.archived)
                and (client_id is None or record.goal.client_id == client_id)
                and (status is None or record.goal.status is status)
                and (area is None or record.goal.area == area)
                and (
                    due_before is None
                    or (record.goal.due is not None and record.goal.due < due_before)
                )
            ),
            key=lambda goal: goal.id,
        )
        end = None if limit is None else offset + limit
        return iter(chosen[offset:end])

    def is_archived(self, goal_id: str) -> bool:
        return self._load(goal_id).archived

    def history(self, goal_id: str) -> list[GoalRevision]:
        record = self._load(goal_id)
        return [*self._past(record), record.current]

    def progress(
        self, goal_id: str, *, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[ProgressEntry]:
        path = self._path(goal_id)
        entries = self._read(path).progress if path.exists() else []
        chosen = [
            e
            for e in entries
            if (since is None or e.at >= since) and (until is None or e.at < until)
        ]
        return iter(sorted(chosen, key=lambda e: (e.at.astimezone(UTC), e.id)))

    def reviews(self, goal_id: str) -> list[Review]:
        path = self._path(goal_id)
        found = self._read(path).reviews if path.exists() else []
        return sorted(found, key=lambda r: (r.at.astimezone(UTC), r.id))

    def step_completions(self, goal_id: str) -> list[StepCompletion]:
        path = self._path(goal_id)
        found = self._read(path).completions if path.exists() else []
        return sorted(found, key=lambda c: (c.day, c.id))

    def plan_uses(self, goal_id: str) -> list[PlanUse]:
        path = self._path(goal_id)
        found = self._read(path).plan_uses if path.exists() else []
        return sorted(found, key=lambda u: (u.at.astimezone(UTC), u.id))

    # --- writing ---------------------------------------------------------------------------------

    def _insert_goals(self, goals: Sequence[Goal], *, at: datetime, by: str | None) -> None:
        ids = [goal.id for goal in goals]
        clash = next((i for i in ids if self._path(i).exists()), None) or first_repeated(ids)
        if clash is not None:
            raise taken("goal", clash)
        for goal in goals:
            revision = GoalRevision(revision=1, at=at, by=by, change="added", goal=goal)
            self._save(_GoalFile(goal.id, False, revision, [], []))

    def _replace_goal(
        self,
        goal: Goal,
        *,
        expected_revision: int,
        at: datetime,
        by: str | None,
        change: str,
        archive: bool = False,
    ) -> None:
        record = self._load(goal.id)
        if record.goal.revision != expected_revision:
            raise stale(goal.id, record.goal.revision, expected_revision)
        with self._writing("write a goal's history"):
            self._move_history_out(record)
            self._append_history(goal.id, [record.current])
        record.current = GoalRevision(
            revision=goal.revision, at=at, by=by, change=change, goal=goal
        )
        record.archived = record.archived or archive
        self._save(record)

    def _delete_goals(self, goal_ids: Collection[str]) -> None:
        for goal_id in goal_ids:
            if self._path(goal_id).exists():
                self._remove(goal_id)

    def _record_ids(self, kind: str) -> set[str]:
        """The ids of every record of ``kind`` in the store (``"progress"``, ...), to refuse a
        taken one.

        Ids must be unique across the store, so every goal file is consulted; but only a file
        that changed since this store last looked (by inode, size and modification time: every
        write replaces the file) is read again, and only for its ids, without building the
        records (issue 19: reading and validating every file made each add cost 145 ms in a
        store of 300 goals with 20 entries each).
        """
        seen: dict[Path, tuple[tuple[int, int, int], dict[str, set[str]]]] = {}
        for path in self._goals.glob("*.json"):
            if path.name.startswith("."):
                continue
            try:
                status = path.stat()
            except FileNotFoundError:  # removed by another writer since the listing
                continue
            stamp = (status.st_ino, status.st_size, status.st_mtime_ns)
            cached = self._ids_cache.get(path)
            if cached is None or cached[0] != stamp:
                cached = (stamp, self._ids_in(path))
            seen[path] = cached
        self._ids_cache = seen
        return {record_id for _, ids in seen.values() for record_id in ids.get(kind, ())}

    def _ids_in(self, path: Path) -> dict[str, set[str]]:
        """The record ids a goal file holds, by kind, read without building the records."""
        try:
            raw = orjson.loads(path.read_bytes())
            return {
                kind: {item["id"] for item in raw.get(kind, [])} for kind in _RECORD_LISTS.values()
            }
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            # Not readable as ours: read it the strict way, which names the problem.
            record = self._read(path)
            return {
                kind: {item.id for item in getattr(record, kind)} for kind in _RECORD_LISTS.values()
            }

    def _client_goal_ids(self, client_id: str) -> set[str]:
        return {
            record.goal_id
            for record in self._all()
            if any(
                revision.goal.client_id == client_id
                for revision in [*self._past(record), record.current]
            )
        }

    def _insert_records(self, records: Sequence[Record]) -> None:
        if not records:
            return
        kind = _RECORD_LISTS[type(records[0])]
        ids = [record.id for record in records]
        known = self._record_ids(kind)
        clash = next((i for i in ids if i in known), None) or first_repeated(ids)
        if clash is not None:
            raise taken(record_name(records[0]), clash)
        by_goal: dict[str, list[Record]] = {}
        for record in records:
            by_goal.setdefault(record.goal_id, []).append(record)
        for goal_id, added in by_goal.items():
            goal_file = self._load(goal_id)
            getattr(goal_file, kind).extend(added)
            self._save(goal_file)

    def _replace_record(self, record: Record) -> None:
        goal_file = self._load(record.goal_id)
        listed = getattr(goal_file, _RECORD_LISTS[type(record)])
        place = next((i for i, item in enumerate(listed) if item.id == record.id), None)
        if place is None:
            raise NotFoundError(f"no {record_name(record)} {record.id!r} in {self.url}")
        listed[place] = record
        self._save(goal_file)

    def close(self) -> None:
        """Nothing stays open between operations."""
