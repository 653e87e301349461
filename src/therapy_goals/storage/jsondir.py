"""The JSON folder store: one readable JSON file per goal, with its history, progress and reviews.

Every write replaces a whole file atomically (a temporary file in the same folder, fsync,
``os.replace``, fsync of the folder), under an exclusive lock on ``.lock`` so that writers in
several processes take turns. Files are created readable by their owner only. A unit of work is
undone if its block raises, but a crash in the middle of one can leave some of its goals written
and others not (``atomic_transactions`` is false); each goal file itself is always whole.

Layout::

    folder/store.json          {"format": "therapy-goals-jsondir", "schema_version": 1}
    folder/.lock
    folder/goals/<sha256 of the id>.json
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

import attrs

from therapy_goals.errors import ConflictError, NotFoundError, StorageError, ValidationError
from therapy_goals.model import Goal, LifecycleStatus, ProgressEntry, Review, StepCompletion
from therapy_goals.serialization import from_dict, to_dict
from therapy_goals.storage.base import Capabilities, GoalRevision, Store, now, stamp_update
from therapy_goals.storage.sqlite import path_from_url

__all__ = ["JsonDirStore"]

FORMAT = "therapy-goals-jsondir"
SCHEMA_VERSION = 1


def _write_atomically(path: Path, data: dict[str, Any]) -> None:
    """Replace ``path`` with ``data`` so that a reader or a crash sees the old file or the new."""
    text = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
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


@attrs.define
class _GoalFile:
    """Everything about one goal, as held in its file."""

    goal_id: str
    archived: bool
    history: list[GoalRevision]
    progress: list[ProgressEntry]
    reviews: list[Review]
    completions: list[StepCompletion] = attrs.Factory(list)

    @property
    def goal(self) -> Goal:
        return self.history[-1].goal

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "goal_id": self.goal_id,
            "archived": self.archived,
            "history": [
                {
                    "revision": r.revision,
                    "at": r.at.isoformat(),
                    "by": r.by,
                    "change": r.change,
                    "goal": to_dict(r.goal),
                }
                for r in self.history
            ],
            "progress": [to_dict(entry) for entry in self.progress],
            "reviews": [to_dict(review) for review in self.reviews],
            "completions": [to_dict(completion) for completion in self.completions],
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
        self._lock = -1
        self._undo: dict[Path, bytes | None] = {}
        self._open_or_create()

    @classmethod
    def from_url(cls, url: str) -> JsonDirStore:
        """Open the store a ``jsondir:`` URL names."""
        return cls(path_from_url(url), url=url)

    def _open_or_create(self) -> None:
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
            return
        if self.folder.exists() and any(self.folder.iterdir()):
            raise StorageError(
                f"{self.url}: the folder is not empty and has no store.json; give an empty "
                "or new folder"
            )
        self._goals.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        _write_atomically(marker, {"format": FORMAT, "schema_version": SCHEMA_VERSION})

    # --- files -----------------------------------------------------------------------------------

    def _path(self, goal_id: str) -> Path:
        return self._goals / f"{hashlib.sha256(goal_id.encode('utf-8')).hexdigest()[:40]}.json"

    def _read(self, path: Path) -> _GoalFile:
        place = f"{self.url}: {path.name}"
        try:
            raw = json.loads(path.read_bytes().decode("utf-8"))
        except (OSError, ValueError) as error:
            raise StorageError(f"{place} cannot be read: {error}") from None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise StorageError(f"{place} is not a therapy-goals goal file")
        if raw.get("schema_version") != SCHEMA_VERSION:
            raise StorageError(
                f"{place} has schema version {raw.get('schema_version')!r}; this version of "
                f"therapy-goals reads {SCHEMA_VERSION}"
            )
        try:
            history = [
                GoalRevision(
                    revision=item["revision"],
                    at=datetime.fromisoformat(item["at"]),
                    by=item["by"],
                    change=item["change"],
                    goal=from_dict(item["goal"], Goal),
                )
                for item in raw["history"]
            ]
            return _GoalFile(
                goal_id=raw["goal_id"],
                archived=bool(raw["archived"]),
                history=history,
                progress=[from_dict(item, ProgressEntry) for item in raw["progress"]],
                reviews=[from_dict(item, Review) for item in raw["reviews"]],
                completions=[from_dict(i, StepCompletion) for i in raw.get("completions", [])],
            )
        except (ValidationError, KeyError, TypeError, ValueError) as error:
            raise StorageError(f"{place} cannot be read: {error!r}") from None

    def _load(self, goal_id: str) -> _GoalFile:
        path = self._path(goal_id)
        if not path.exists():
            raise NotFoundError(f"no goal {goal_id!r} in {self.url}")
        return self._read(path)

    def _all(self) -> Iterator[_GoalFile]:
        for path in sorted(self._goals.glob("*.json")):
            if not path.name.startswith("."):
                yield self._read(path)

    def _save(self, record: _GoalFile) -> None:
        path = self._path(record.goal_id)
        if path not in self._undo:
            self._undo[path] = path.read_bytes() if path.exists() else None
        _write_atomically(path, record.to_json())

    def _remove(self, record: _GoalFile) -> None:
        path = self._path(record.goal_id)
        if path not in self._undo:
            self._undo[path] = path.read_bytes() if path.exists() else None
        path.unlink(missing_ok=True)
        _sync_folder(path.parent)

    def _begin_unit(self) -> None:
        self._lock = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        self._undo = {}

    def _end_unit(self, *, commit: bool) -> None:
        try:
            if not commit:
                self._restore()
        finally:
            self._undo = {}
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            os.close(self._lock)

    def _restore(self) -> None:
        for path, before in self._undo.items():
            if before is None:
                path.unlink(missing_ok=True)
            else:
                descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
                with os.fdopen(descriptor, "wb") as file:
                    file.write(before)
                    os.fsync(file.fileno())
                os.replace(temporary, path)
        _sync_folder(self._goals)

    # --- goals ------------------------------------------------------------------------------------

    def add(self, goal: Goal, *, by: str | None = None) -> Goal:
        with self.transaction():
            self._check_new(self._path(goal.id).exists(), "goal", goal.id)
            saved = attrs.evolve(goal, revision=1)
            revision = GoalRevision(revision=1, at=now(), by=by, change="added", goal=saved)
            self._save(_GoalFile(goal.id, False, [revision], [], []))
            self._announce([saved])
            return saved

    def get(self, goal_id: str) -> Goal:
        return self._load(goal_id).goal

    def _append(self, record: _GoalFile, goal: Goal, by: str | None, change: str) -> Goal:
        at = now()
        saved = stamp_update(goal, record.goal.revision + 1, at)
        record.history.append(
            GoalRevision(revision=saved.revision, at=at, by=by, change=change, goal=saved)
        )
        return saved

    def update(
        self, goal: Goal, *, expected_revision: int, by: str | None = None, change: str = "updated"
    ) -> Goal:
        with self.transaction():
            record = self._load(goal.id)
            if record.goal.revision != expected_revision:
                raise ConflictError(
                    f"goal {goal.id!r} is at revision {record.goal.revision}, not "
                    f"{expected_revision}; read it again and re-apply the change"
                )
            saved = self._append(record, goal, by, change)
            self._save(record)
            self._announce([saved])
            return saved

    def archive(self, goal_id: str, *, by: str | None = None) -> Goal:
        with self.transaction():
            record = self._load(goal_id)
            saved = self._append(record, record.goal, by, "archived")
            record.archived = True
            self._save(record)
            self._announce([saved])
            return saved

    def delete(self, goal_id: str) -> None:
        with self.transaction():
            self._remove(self._load(goal_id))

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
        return list(self._load(goal_id).history)

    # --- progress and reviews ------------------------------------------------------------------

    def add_progress(self, entry: ProgressEntry) -> ProgressEntry:
        with self.transaction():
            record = self._load(entry.goal_id)
            taken = any(e.id == entry.id for other in self._all() for e in other.progress)
            self._check_new(taken, "progress entry", entry.id)
            record.progress.append(entry)
            self._save(record)
            return entry

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

    def add_review(self, review: Review) -> Review:
        with self.transaction():
            record = self._load(review.goal_id)
            taken = any(r.id == review.id for other in self._all() for r in other.reviews)
            self._check_new(taken, "review", review.id)
            record.reviews.append(review)
            self._save(record)
            return review

    def reviews(self, goal_id: str) -> list[Review]:
        path = self._path(goal_id)
        found = self._read(path).reviews if path.exists() else []
        return sorted(found, key=lambda r: (r.at.astimezone(UTC), r.id))

    def add_step_completion(self, completion: StepCompletion) -> StepCompletion:
        with self.transaction():
            record = self._load(completion.goal_id)
            taken = any(c.id == completion.id for other in self._all() for c in other.completions)
            self._check_new(taken, "step completion", completion.id)
            record.completions.append(completion)
            self._save(record)
            return completion

    def step_completions(self, goal_id: str) -> list[StepCompletion]:
        path = self._path(goal_id)
        found = self._read(path).completions if path.exists() else []
        return sorted(found, key=lambda c: (c.day, c.id))

    def purge_client(self, client_id: str) -> int:
        with self.transaction():
            doomed = [record for record in self._all() if record.goal.client_id == client_id]
            for record in doomed:
                self._remove(record)
            return len(doomed)

    def close(self) -> None:
        """Nothing stays open between operations."""
