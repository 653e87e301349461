"""What the SQLite and PostgreSQL stores share: one schema, one set of parameterised queries.

Each goal is a row with the columns the queries filter on and the goal's JSON document (with
its schema version); every saved revision is a row of ``goal_history``. Backends supply the
connection, how a write transaction begins, and the driver's error class. SQL text never holds a
value: every value is a parameter.
"""

from __future__ import annotations

import abc
import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

import attrs

from therapy_goals.errors import ConflictError, NotFoundError, StorageError, ValidationError
from therapy_goals.model import Goal, LifecycleStatus, ProgressEntry, Review, StepCompletion
from therapy_goals.storage.base import GoalRevision, Store, now, stamp_update
from therapy_goals.storage.codec import decode, document_fields, encode, encode_dict

__all__ = ["SCHEMA_VERSION", "SqlStore"]

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
"""The version of the tables; a store written by a newer version is refused, not changed."""

MIGRATIONS: Sequence[Sequence[str]] = (
    (
        """CREATE TABLE goals (
            id TEXT PRIMARY KEY,
            client_id TEXT NOT NULL,
            status TEXT NOT NULL,
            area TEXT,
            due TEXT,
            revision INTEGER NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0,
            document TEXT NOT NULL)""",
        "CREATE INDEX goals_by_client ON goals (client_id, id)",
        "CREATE INDEX goals_by_status ON goals (status, id)",
        "CREATE INDEX goals_by_area ON goals (area, id)",
        "CREATE INDEX goals_by_due ON goals (due)",
        """CREATE TABLE goal_history (
            goal_id TEXT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
            revision INTEGER NOT NULL,
            at TEXT NOT NULL,
            by_whom TEXT,
            change TEXT NOT NULL,
            document TEXT NOT NULL,
            PRIMARY KEY (goal_id, revision))""",
        """CREATE TABLE progress (
            id TEXT PRIMARY KEY,
            goal_id TEXT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            document TEXT NOT NULL)""",
        "CREATE INDEX progress_by_goal ON progress (goal_id, at)",
        """CREATE TABLE reviews (
            id TEXT PRIMARY KEY,
            goal_id TEXT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            document TEXT NOT NULL)""",
        "CREATE INDEX reviews_by_goal ON reviews (goal_id, at)",
    ),
    (
        """CREATE TABLE step_completions (
            id TEXT PRIMARY KEY,
            goal_id TEXT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            document TEXT NOT NULL)""",
        "CREATE INDEX step_completions_by_goal ON step_completions (goal_id, day)",
    ),
)
"""Forward migrations: entry N brings the tables from version N to N + 1."""

_FETCH = 500


def sortable(moment: datetime) -> str:
    """A timestamp as fixed-width UTC text, so that text order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _goal_row(goal: Goal, revision: int, document: str) -> tuple[Any, ...]:
    """The goals table's columns for ``goal`` (without its id), with its document text."""
    due = goal.due.isoformat() if goal.due else None
    return (goal.client_id, goal.status.value, goal.area, due, revision, document)


def _first_revision(goal: Goal) -> str:
    """The document of ``goal`` saved as revision 1, made without building a new Goal."""
    document = document_fields(goal)
    document["revision"] = 1
    return encode_dict(document)


class SqlStore(Store):
    """A store on a DB-API connection whose placeholders are written ``?`` in the queries."""

    placeholder = "?"
    offset_only = " OFFSET ?"
    byte_order = ""
    """Appended to ORDER BY on ids so that every backend sorts them as Python does."""

    def __init__(self, url: str) -> None:
        self.url = url

    # --- what a backend supplies -----------------------------------------------------------------

    @abc.abstractmethod
    def _cursor(self) -> Any:
        """A new cursor on the store's connection."""

    @abc.abstractmethod
    def _begin_write(self) -> None:
        """Start a transaction that will write (SQLite: BEGIN IMMEDIATE)."""

    @abc.abstractmethod
    def _driver_error(self) -> type[Exception]:
        """The base class of the driver's errors, turned into StorageError."""

    @abc.abstractmethod
    def _integrity_error(self) -> type[Exception]:
        """The driver's error for a broken unique or foreign key, turned into ConflictError."""

    @abc.abstractmethod
    def _read_schema_version(self) -> int:
        """The schema version recorded in the store (0 for a new, empty store)."""

    @abc.abstractmethod
    def _write_schema_version(self, version: int) -> None:
        """Record the schema version, inside the migration's transaction."""

    # --- plumbing ---------------------------------------------------------------------------------

    def _sql(self, text: str) -> str:
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    def _run(self, text: str, params: Sequence[Any] = ()) -> Any:
        cursor = self._cursor()
        try:
            cursor.execute(self._sql(text), params)
        except self._driver_error() as error:
            raise self._storage_error(error) from None
        return cursor

    def _storage_error(self, error: Exception) -> StorageError:
        return StorageError(f"{self.url}: the database refused the operation: {error}")

    def _one(self, text: str, params: Sequence[Any] = ()) -> Any:
        return self._run(text, params).fetchone()

    def _rows(self, text: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        cursor = self._run(text, params)
        while True:
            try:
                batch = cursor.fetchmany(_FETCH)
            except self._driver_error() as error:
                raise self._storage_error(error) from None
            if not batch:
                return
            yield from batch

    def _decode(self, text: Any, kind: type[Any], place: str) -> Any:
        try:
            return decode(text, kind)
        except ValidationError as error:
            raise StorageError(f"{self.url}: {place} cannot be read: {error}") from None

    def _begin_unit(self) -> None:
        try:
            self._begin_write()
        except self._driver_error() as error:
            raise self._storage_error(error) from None

    def _end_unit(self, *, commit: bool) -> None:
        self._end("COMMIT" if commit else "ROLLBACK")

    def _end(self, statement: str) -> None:
        try:
            self._cursor().execute(statement)
        except self._driver_error() as error:
            raise self._storage_error(error) from None

    def _migrate(self) -> None:
        version = self._read_schema_version()
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"{self.url}: written by a newer therapy-goals (schema {version}; this version "
                f"reads up to {SCHEMA_VERSION}); upgrade therapy-goals to open it"
            )
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            for steps in MIGRATIONS[version:]:
                for statement in steps:
                    self._run(statement)
            self._write_schema_version(SCHEMA_VERSION)
        logger.info(
            "store %s: schema migrated from version %d to %d", self.url, version, SCHEMA_VERSION
        )

    # --- goals ------------------------------------------------------------------------------------

    def _insert_goals(self, goals: Iterable[Goal], by: str | None) -> int:
        """Insert new goals as revision 1, each document serialised once for both tables."""
        at = sortable(now())
        listed = list(goals)
        if not listed:
            return 0
        documents = [_first_revision(goal) for goal in listed]
        goal_rows = [
            (*_goal_row(goal, 1, document), goal.id)
            for goal, document in zip(listed, documents, strict=True)
        ]
        history_rows = [
            (goal.id, 1, at, by, "added", document)
            for goal, document in zip(listed, documents, strict=True)
        ]
        try:
            self._write_rows(
                "goals",
                ("client_id", "status", "area", "due", "revision", "document", "id"),
                goal_rows,
            )
            self._write_rows(
                "goal_history",
                ("goal_id", "revision", "at", "by_whom", "change", "document"),
                history_rows,
            )
        except self._integrity_error():
            # The transaction is now failed (PostgreSQL refuses further statements in it), so
            # the message cannot say which id; the caller's block rolls everything back.
            raise ConflictError(
                f"{self.url}: a goal with one of these ids already exists; use new ids"
            ) from None
        except self._driver_error() as error:
            raise self._storage_error(error) from None
        if self._listening():
            self._announce([attrs.evolve(goal, revision=1) for goal in listed])
        return len(listed)

    def _write_rows(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Insert many rows into ``table`` (PostgreSQL overrides this with COPY)."""
        marks = ", ".join("?" * len(columns))
        self._cursor().executemany(
            self._sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"), rows
        )

    def add(self, goal: Goal, *, by: str | None = None) -> Goal:
        with self.transaction():
            self._check_new(
                self._one("SELECT 1 FROM goals WHERE id = ?", (goal.id,)) is not None,
                "goal",
                goal.id,
            )
            self._insert_goals([goal], by)
        return attrs.evolve(goal, revision=1)

    def add_many(self, goals: Iterable[Goal], *, by: str | None = None) -> int:
        with self.transaction():
            return self._insert_goals(goals, by)

    def get(self, goal_id: str) -> Goal:
        row = self._one("SELECT document FROM goals WHERE id = ?", (goal_id,))
        if row is None:
            raise NotFoundError(f"no goal {goal_id!r} in {self.url}")
        goal: Goal = self._decode(row[0], Goal, f"goal {goal_id!r}")
        return goal

    def _save_revision(
        self, goal: Goal, expected_revision: int, by: str | None, change: str, archive: bool = False
    ) -> Goal:
        at = now()
        saved = stamp_update(goal, expected_revision + 1, at)
        document = encode(saved)
        cursor = self._run(
            "UPDATE goals SET client_id = ?, status = ?, area = ?, due = ?, revision = ?, "
            "document = ?, archived = archived + ? WHERE id = ? AND revision = ?",
            (
                *_goal_row(saved, saved.revision, document),
                1 if archive else 0,
                goal.id,
                expected_revision,
            ),
        )
        if cursor.rowcount != 1:
            row = self._one("SELECT revision FROM goals WHERE id = ?", (goal.id,))
            if row is None:
                raise NotFoundError(f"no goal {goal.id!r} in {self.url}")
            raise ConflictError(
                f"goal {goal.id!r} is at revision {row[0]}, not {expected_revision}; "
                "read it again and re-apply the change"
            )
        self._run(
            "INSERT INTO goal_history (goal_id, revision, at, by_whom, change, document) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (saved.id, saved.revision, sortable(at), by, change, document),
        )
        self._announce([saved])
        return saved

    def update(
        self, goal: Goal, *, expected_revision: int, by: str | None = None, change: str = "updated"
    ) -> Goal:
        with self.transaction():
            return self._save_revision(goal, expected_revision, by, change)

    def archive(self, goal_id: str, *, by: str | None = None) -> Goal:
        with self.transaction():
            current = self.get(goal_id)
            archived = self.is_archived(goal_id)
            return self._save_revision(current, current.revision, by, "archived", not archived)

    def delete(self, goal_id: str) -> None:
        with self.transaction():
            if self._run("DELETE FROM goals WHERE id = ?", (goal_id,)).rowcount != 1:
                raise NotFoundError(f"no goal {goal_id!r} in {self.url}")

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
        conditions: list[str] = []
        params: list[Any] = []
        for column, value in (("client_id", client_id), ("status", status), ("area", area)):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(value.value if isinstance(value, LifecycleStatus) else value)
        if due_before is not None:
            conditions.append("due < ?")
            params.append(due_before.isoformat())
        if not include_archived:
            conditions.append("archived = 0")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        paging = ""
        if limit is not None:
            paging = " LIMIT ? OFFSET ?"
            params += [limit, offset]
        elif offset:
            paging = self.offset_only
            params.append(offset)
        text = f"SELECT id, document FROM goals {where} ORDER BY id{self.byte_order}{paging}"
        return (self._decode(doc, Goal, f"goal {gid!r}") for gid, doc in self._rows(text, params))

    def is_archived(self, goal_id: str) -> bool:
        row = self._one("SELECT archived FROM goals WHERE id = ?", (goal_id,))
        if row is None:
            raise NotFoundError(f"no goal {goal_id!r} in {self.url}")
        return bool(row[0])

    def history(self, goal_id: str) -> list[GoalRevision]:
        self.is_archived(goal_id)  # NotFoundError for an unknown goal
        rows = self._rows(
            "SELECT revision, at, by_whom, change, document FROM goal_history "
            "WHERE goal_id = ? ORDER BY revision",
            (goal_id,),
        )
        return [
            GoalRevision(
                revision=revision,
                at=datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC),
                by=by,
                change=change,
                goal=self._decode(doc, Goal, f"revision {revision} of goal {goal_id!r}"),
            )
            for revision, at, by, change, doc in rows
        ]

    # --- progress and reviews ------------------------------------------------------------------

    def _add_entry(
        self, table: str, what: str, item: ProgressEntry | Review | StepCompletion, when: str
    ) -> None:
        column = "day" if table == "step_completions" else "at"
        with self.transaction():
            self.is_archived(item.goal_id)
            exists = self._one(f"SELECT 1 FROM {table} WHERE id = ?", (item.id,)) is not None
            self._check_new(exists, what, item.id)
            self._run(
                f"INSERT INTO {table} (id, goal_id, {column}, document) VALUES (?, ?, ?, ?)",
                (item.id, item.goal_id, when, encode(item)),
            )

    def add_progress(self, entry: ProgressEntry) -> ProgressEntry:
        self._add_entry("progress", "progress entry", entry, sortable(entry.at))
        return entry

    def add_progress_many(self, entries: Iterable[ProgressEntry]) -> int:
        listed = list(entries)
        rows = [(e.id, e.goal_id, sortable(e.at), encode(e)) for e in listed]
        with self.transaction():
            self._require_goals({entry.goal_id for entry in listed})
            try:
                self._write_rows("progress", ("id", "goal_id", "at", "document"), rows)
            except self._integrity_error():
                raise ConflictError(
                    f"{self.url}: a progress entry with one of these ids already exists; "
                    "nothing was added"
                ) from None
            except self._driver_error() as error:
                raise self._storage_error(error) from None
        return len(rows)

    def _require_goals(self, goal_ids: set[str], chunk: int = 500) -> None:
        """NotFoundError naming a goal id that is not in the store."""
        wanted = sorted(goal_ids)
        for first in range(0, len(wanted), chunk):
            part = wanted[first : first + chunk]
            marks = ", ".join("?" * len(part))
            found = {
                row[0] for row in self._rows(f"SELECT id FROM goals WHERE id IN ({marks})", part)
            }
            missing = [goal_id for goal_id in part if goal_id not in found]
            if missing:
                raise NotFoundError(
                    f"no goal {missing[0]!r} in {self.url} ({len(missing)} unknown goal id(s) "
                    "in these entries); nothing was added"
                )

    def progress(
        self, goal_id: str, *, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[ProgressEntry]:
        conditions: list[str] = ["goal_id = ?"]
        params: list[Any] = [goal_id]
        if since is not None:
            conditions.append("at >= ?")
            params.append(sortable(since))
        if until is not None:
            conditions.append("at < ?")
            params.append(sortable(until))
        rows = self._rows(
            f"SELECT id, document FROM progress WHERE {' AND '.join(conditions)} "
            f"ORDER BY at, id{self.byte_order}",
            params,
        )
        return (self._decode(doc, ProgressEntry, f"progress entry {eid!r}") for eid, doc in rows)

    def add_review(self, review: Review) -> Review:
        self._add_entry("reviews", "review", review, sortable(review.at))
        return review

    def reviews(self, goal_id: str) -> list[Review]:
        rows = self._rows(
            f"SELECT id, document FROM reviews WHERE goal_id = ? ORDER BY at, id{self.byte_order}",
            (goal_id,),
        )
        return [self._decode(doc, Review, f"review {rid!r}") for rid, doc in rows]

    def add_step_completion(self, completion: StepCompletion) -> StepCompletion:
        self._add_entry(
            "step_completions", "step completion", completion, completion.day.isoformat()
        )
        return completion

    def step_completions(self, goal_id: str) -> list[StepCompletion]:
        rows = self._rows(
            "SELECT id, document FROM step_completions WHERE goal_id = ? "
            f"ORDER BY day, id{self.byte_order}",
            (goal_id,),
        )
        return [self._decode(doc, StepCompletion, f"step completion {cid!r}") for cid, doc in rows]

    def purge_client(self, client_id: str) -> int:
        with self.transaction():
            erased: int = self._run("DELETE FROM goals WHERE client_id = ?", (client_id,)).rowcount
        self._after_purge()
        logger.info("store %s: purged a client (%d goals)", self.url, erased)
        return erased

    def _after_purge(self) -> None:
        """Make erased data unreadable on disk where the backend can (SQLite: checkpoint)."""
