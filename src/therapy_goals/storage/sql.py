"""What the SQLite and PostgreSQL stores share: one schema, one set of parameterised queries.

Each goal is a row with the columns the queries filter on and the goal's JSON document (with
its schema version); every saved revision is a row of ``goal_history``. Backends supply the
connection, how a write transaction begins, and the driver's error class. SQL text never holds a
value: every value is a parameter.
"""

from __future__ import annotations

import abc
import logging
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from therapy_goals.errors import ConflictError, NotFoundError, StorageError, ValidationError
from therapy_goals.model import (
    Goal,
    GoalRevision,
    LifecycleStatus,
    PlanUse,
    ProgressEntry,
    Review,
    StepCompletion,
)
from therapy_goals.serialization import decode, document_fields, encode, encode_dict
from therapy_goals.serialization.trusted import checksum, signed_reader
from therapy_goals.storage.backend import Record, record_name, stale, taken
from therapy_goals.storage.base import Store

__all__ = ["SCHEMA_VERSION", "SqlStore", "migration_statements"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

SCHEMA_VERSION = 5
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
    (
        # Each revision records its client, so that erasure finds a goal by any client it ever
        # had (stores written before version 3 let a revision change the client).
        "ALTER TABLE goal_history ADD COLUMN client_id TEXT",
        "UPDATE goal_history SET client_id = {client_of_document}",
        "CREATE INDEX goal_history_by_client ON goal_history (client_id)",
    ),
    (
        # The checksum of each document the store wrote, so that reads can trust it (see
        # therapy_goals.serialization.trusted); rows written before are signed by
        # SqlStore._sign_existing_rows once they read cleanly.
        *(
            f"ALTER TABLE {table} ADD COLUMN checksum BIGINT"
            for table in ("goals", "goal_history", "progress", "reviews", "step_completions")
        ),
        # When each goal was made, as sortable UTC text: with ``due``, the order people read
        # goals in (SqlStore.goals_by_due), so that a listing streams instead of sorting.
        "ALTER TABLE goals ADD COLUMN created TEXT",
    ),
    (
        # The moments the client used one of a goal's if-then plans (issue 21). Goals keep their
        # plans, obstacles and supporters in their document: no column, since no query filters
        # on them. The new version also keeps an earlier one from opening a store whose goals
        # it would save without their plans.
        """CREATE TABLE plan_uses (
            id TEXT PRIMARY KEY,
            goal_id TEXT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            document TEXT NOT NULL,
            checksum BIGINT)""",
        "CREATE INDEX plan_uses_by_goal ON plan_uses (goal_id, at)",
    ),
)
"""Forward migrations: entry N brings the tables from version N to N + 1. ``{client_of_document}``
stands for the backend's SQL expression of the ``client_id`` in a ``document`` column."""

_FETCH = 500


def migration_statements(version: int, client_of_document: str) -> list[str]:
    """The statements that bring the tables from ``version`` to :data:`SCHEMA_VERSION`, with
    ``client_of_document`` (a backend's SQL for the client id in a document) filled in."""
    return [
        statement.replace("{client_of_document}", client_of_document)
        for steps in MIGRATIONS[version:]
        for statement in steps
    ]


def sortable(moment: datetime) -> str:
    """A timestamp as fixed-width UTC text, so that text order is time order:
    ``2026-03-02T09:00:00.000000Z``, what ``strftime("%Y-%m-%dT%H:%M:%S.%fZ")`` gives in UTC.

    Written with ``%`` from the parts, in a third of the time of ``strftime`` (every goal and
    record a store writes has one); years before 1000, which this pads and the C library's
    ``strftime`` does not, keep the text stores have always had.
    """
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    if moment.year < 1000:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (  # noqa: UP031 - the fastest way measured
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond,
    )


def _goal_row(goal: Goal, revision: int, document: str) -> tuple[Any, ...]:
    """The goals table's columns for ``goal`` (without its id), with its document text and
    that text's checksum."""
    due = goal.due.isoformat() if goal.due else None
    return (
        goal.client_id,
        goal.status.value,
        goal.area,
        due,
        revision,
        document,
        checksum(document),
        sortable(goal.created),
    )


_GOAL_COLUMNS = (
    "client_id",
    "status",
    "area",
    "due",
    "revision",
    "document",
    "checksum",
    "created",
)
_GOAL_SUM = _GOAL_COLUMNS.index("checksum")
_HISTORY_COLUMNS = (
    "goal_id",
    "client_id",
    "revision",
    "at",
    "by_whom",
    "change",
    "document",
    "checksum",
)

_RECORD_TABLES: dict[type[Any], tuple[str, str, Callable[[Any], str]]] = {
    ProgressEntry: ("progress", "at", lambda entry: sortable(entry.at)),
    Review: ("reviews", "at", lambda review: sortable(review.at)),
    StepCompletion: ("step_completions", "day", lambda completion: completion.day.isoformat()),
    PlanUse: ("plan_uses", "at", lambda use: sortable(use.at)),
}
"""Each kind of record: its table, its time column, and that column's value for a record."""


_SIGNED_TABLES: Sequence[tuple[str, tuple[str, ...], type[Any]]] = (
    ("goals", ("id",), Goal),
    ("goal_history", ("goal_id", "revision"), Goal),
    ("progress", ("id",), ProgressEntry),
    ("reviews", ("id",), Review),
    ("step_completions", ("id",), StepCompletion),
    ("plan_uses", ("id",), PlanUse),
)
"""Each table whose rows hold a document: its key columns and the document's kind."""

_DERIVED_COLUMNS: dict[str, tuple[tuple[str, Callable[[Any], Any]], ...]] = {
    "goals": (("created", lambda goal: sortable(goal.created)),),
}
"""Columns a schema added that older rows fill from their document when they are signed."""


def _goal_filters(
    client_id: str | None,
    status: LifecycleStatus | None,
    area: str | None,
    due_before: date | None,
    include_archived: bool,
) -> tuple[str, list[Any]]:
    """The WHERE clause (empty when nothing is filtered) and its parameters for goal filters."""
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
    return (f"WHERE {' AND '.join(conditions)}" if conditions else ""), params


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
    client_of_document = "json_extract(document, '$.client_id')"
    """The SQL expression of the ``client_id`` held in a row's ``document`` (for migrations)."""
    savepoints = False
    """Whether a refused statement fails the whole transaction (PostgreSQL), so that writes
    that may be refused need a savepoint around them."""

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

    @contextmanager
    def _undone_alone(self) -> Iterator[None]:
        """Writes that may be refused (a taken id) in a savepoint where the backend needs one:
        a refused write is undone alone and the unit of work it is in goes on, as on every
        other backend (PostgreSQL otherwise refuses every later statement of the transaction)."""
        if not self.savepoints:
            yield
            return
        self._run("SAVEPOINT therapy_goals_write")
        try:
            yield
        except BaseException:
            self._run("ROLLBACK TO SAVEPOINT therapy_goals_write")
            raise
        self._run("RELEASE SAVEPOINT therapy_goals_write")

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

    def _decode(self, text: Any, signed: int | None, kind: type[Any], noun: str, key: Any) -> Any:
        """The object in a row's document: trusted when its checksum matches, else read strictly
        (a StorageError naming the row, ``noun`` and ``key``, when it cannot be read)."""
        made = signed_reader(kind)(text, signed)
        return made if made is not None else self._strict(text, signed, kind, noun, key)

    def _objects(self, text: str, params: Sequence[Any], kind: type[T], noun: str) -> Iterator[T]:
        """The objects of the rows ``text`` selects as ``(key, document, checksum)``: what
        :meth:`_decode` does for each, with the reader looked up once."""
        read = signed_reader(kind)
        for key, document, signed in self._rows(text, params):
            made = read(document, signed)
            yield made if made is not None else self._strict(document, signed, kind, noun, key)

    def _strict(self, text: Any, signed: int | None, kind: type[Any], noun: str, key: Any) -> Any:
        """A row's document read with every check; a checksum that does not match is logged."""
        if signed is not None and signed != checksum(text):
            logger.warning(
                "store %s: %s %r does not match its checksum (damaged or changed outside "
                "therapy-goals); read with every check",
                self.url,
                noun,
                key,
            )
        try:
            return decode(text, kind)
        except ValidationError as error:
            raise StorageError(f"{self.url}: {noun} {key!r} cannot be read: {error}") from None

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

    def _refuse_newer(self, version: int) -> None:
        """A store written by a newer version is refused, before anything is changed in it."""
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"{self.url}: written by a newer therapy-goals (schema {version}; this version "
                f"reads up to {SCHEMA_VERSION}); upgrade therapy-goals to open it"
            )

    def _migrate(self) -> None:
        version = self._read_schema_version()
        self._refuse_newer(version)
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            for statement in migration_statements(version, self.client_of_document):
                self._run(statement)
            if version:
                self._sign_existing_rows()
            self._write_schema_version(SCHEMA_VERSION)
        logger.info(
            "store %s: schema migrated from version %d to %d", self.url, version, SCHEMA_VERSION
        )

    def _sign_existing_rows(self) -> None:
        """Give every row written before checksums existed its checksum, once it reads cleanly.

        Each document is read with every check and written again in the library's own form, so
        that a trusted read of it later gives what the strict read gave now. A row that does not
        read is left unsigned: it goes on failing with the same clear error.
        """
        for table, key, kind in _SIGNED_TABLES:
            columns = ", ".join(key)
            derived = _DERIVED_COLUMNS.get(table, ())
            update = (
                f"UPDATE {table} SET document = ?, checksum = ?"
                + "".join(f", {column} = ?" for column, _ in derived)
                + f" WHERE {' AND '.join(f'{column} = ?' for column in key)}"
            )
            last: tuple[Any, ...] = ()
            while True:  # in pages, by key, so that a large store is never all in memory
                after = f" AND ({columns}) > ({', '.join('?' * len(key))})" if last else ""
                page = list(
                    self._rows(
                        f"SELECT {columns}, document FROM {table} "
                        f"WHERE checksum IS NULL{after} ORDER BY {columns} LIMIT ?",
                        (*last, _FETCH),
                    )
                )
                for *where, text in page:
                    try:
                        made = decode(text, kind)
                    except ValidationError:
                        logger.warning(
                            "store %s: a row of %s cannot be read; left unsigned", self.url, table
                        )
                        continue
                    document = encode(made)
                    values = [value(made) for _, value in derived]
                    self._run(update, (document, checksum(document), *values, *where))
                if len(page) < _FETCH:
                    break
                last = tuple(page[-1][:-1])

    # --- goals ------------------------------------------------------------------------------------

    def _insert_goals(self, goals: Sequence[Goal], *, at: datetime, by: str | None) -> None:
        """Insert new goals as revision 1, each document serialised once for both tables."""
        if not goals:
            return
        when = sortable(at)
        documents = [_first_revision(goal) for goal in goals]
        goal_rows = [
            (*_goal_row(goal, 1, document), goal.id)
            for goal, document in zip(goals, documents, strict=True)
        ]
        history_rows = [
            (goal.id, goal.client_id, 1, when, by, "added", document, row[_GOAL_SUM])
            for goal, document, row in zip(goals, documents, goal_rows, strict=True)
        ]
        try:
            with self._undone_alone():
                self._write_rows("goals", (*_GOAL_COLUMNS, "id"), goal_rows)
                self._write_rows("goal_history", _HISTORY_COLUMNS, history_rows)
        except self._integrity_error():
            if len(goals) == 1:
                raise taken("goal", goals[0].id) from None
            raise ConflictError(
                f"{self.url}: a goal with one of these ids already exists; use new ids"
            ) from None
        except self._driver_error() as error:
            raise self._storage_error(error) from None

    def _write_rows(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Insert many rows into ``table`` (PostgreSQL overrides this with COPY)."""
        marks = ", ".join("?" * len(columns))
        self._cursor().executemany(
            self._sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"), rows
        )

    def get(self, goal_id: str) -> Goal:
        row = self._one("SELECT document, checksum FROM goals WHERE id = ?", (goal_id,))
        if row is None:
            raise NotFoundError(f"no goal {goal_id!r} in {self.url}")
        goal: Goal = self._decode(row[0], row[1], Goal, "goal", goal_id)
        return goal

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
        document = encode(goal)
        row = _goal_row(goal, goal.revision, document)
        cursor = self._run(
            "UPDATE goals SET client_id = ?, status = ?, area = ?, due = ?, revision = ?, "
            "document = ?, checksum = ?, created = ?, "
            "archived = CASE WHEN ? = 1 THEN 1 ELSE archived END "
            "WHERE id = ? AND revision = ?",
            (
                *row,
                1 if archive else 0,
                goal.id,
                expected_revision,
            ),
        )
        if cursor.rowcount != 1:
            row = self._one("SELECT revision FROM goals WHERE id = ?", (goal.id,))
            if row is None:
                raise NotFoundError(f"no goal {goal.id!r} in {self.url}")
            raise stale(goal.id, row[0], expected_revision)
        marks = ", ".join("?" * len(_HISTORY_COLUMNS))
        self._run(
            f"INSERT INTO goal_history ({', '.join(_HISTORY_COLUMNS)}) VALUES ({marks})",
            (
                goal.id,
                goal.client_id,
                goal.revision,
                sortable(at),
                by,
                change,
                document,
                row[_GOAL_SUM],
            ),
        )

    def _delete_goals(self, goal_ids: Collection[str], chunk: int = 500) -> None:
        wanted = list(goal_ids)
        for first in range(0, len(wanted), chunk):
            part = wanted[first : first + chunk]
            self._run(f"DELETE FROM goals WHERE id IN ({', '.join('?' * len(part))})", part)

    def _client_goal_ids(self, client_id: str) -> set[str]:
        rows = self._rows(
            "SELECT id FROM goals WHERE client_id = ? "
            "UNION SELECT goal_id FROM goal_history WHERE client_id = ?",
            (client_id, client_id),
        )
        return {row[0] for row in rows}

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
        where, params = _goal_filters(client_id, status, area, due_before, include_archived)
        paging = ""
        if limit is not None:
            paging = " LIMIT ? OFFSET ?"
            params += [limit, offset]
        elif offset:
            paging = self.offset_only
            params.append(offset)
        text = (
            f"SELECT id, document, checksum FROM goals {where} ORDER BY id{self.byte_order}{paging}"
        )
        return self._objects(text, params, Goal, "goal")

    def goals_by_due(
        self,
        *,
        client_id: str | None = None,
        status: LifecycleStatus | None = None,
        area: str | None = None,
        due_before: date | None = None,
        include_archived: bool = False,
    ) -> Iterator[Goal]:
        # The database sorts (spilling to disk when it must), so a million goals stream.
        where, params = _goal_filters(client_id, status, area, due_before, include_archived)
        text = (
            f"SELECT id, document, checksum FROM goals {where} ORDER BY "
            f"CASE WHEN due IS NULL THEN 1 ELSE 0 END, due{self.byte_order}, "
            f"created{self.byte_order}, id{self.byte_order}"
        )
        return self._objects(text, params, Goal, "goal")

    def goal_ids_starting(self, prefix: str, *, limit: int = 10) -> list[str]:
        rows = self._rows(
            f"SELECT id FROM goals WHERE substr(id, 1, ?) = ? ORDER BY id{self.byte_order} LIMIT ?",
            (len(prefix), prefix, limit),
        )
        return [row[0] for row in rows]

    def is_archived(self, goal_id: str) -> bool:
        row = self._one("SELECT archived FROM goals WHERE id = ?", (goal_id,))
        if row is None:
            raise NotFoundError(f"no goal {goal_id!r} in {self.url}")
        return bool(row[0])

    def history(self, goal_id: str) -> list[GoalRevision]:
        self.is_archived(goal_id)  # NotFoundError for an unknown goal
        rows = self._rows(
            "SELECT revision, at, by_whom, change, document, checksum FROM goal_history "
            "WHERE goal_id = ? ORDER BY revision",
            (goal_id,),
        )
        return [
            GoalRevision(
                revision=revision,
                at=datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC),
                by=by,
                change=change,
                goal=self._decode(doc, signed, Goal, f"revision {revision} of goal", goal_id),
            )
            for revision, at, by, change, doc, signed in rows
        ]

    # --- progress, step records and reviews ---------------------------------------------------

    def _insert_records(self, records: Sequence[Record]) -> None:
        if not records:
            return
        table, column, when = _RECORD_TABLES[type(records[0])]
        documents = [encode(record) for record in records]
        rows = [
            (record.id, record.goal_id, when(record), document, checksum(document))
            for record, document in zip(records, documents, strict=True)
        ]
        try:
            with self._undone_alone():
                self._write_rows(table, ("id", "goal_id", column, "document", "checksum"), rows)
        except self._integrity_error():
            if len(records) == 1:
                raise taken(record_name(records[0]), records[0].id) from None
            raise ConflictError(
                f"{self.url}: a {record_name(records[0])} with one of these ids already exists; "
                "nothing was added"
            ) from None
        except self._driver_error() as error:
            raise self._storage_error(error) from None

    def _replace_record(self, record: Record) -> None:
        table, _, _ = _RECORD_TABLES[type(record)]
        document = encode(record)
        cursor = self._run(
            f"UPDATE {table} SET document = ?, checksum = ? WHERE id = ? AND goal_id = ?",
            (document, checksum(document), record.id, record.goal_id),
        )
        if cursor.rowcount != 1:
            raise NotFoundError(f"no {record_name(record)} {record.id!r} in {self.url}")

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
        return self._objects(
            f"SELECT id, document, checksum FROM progress WHERE {' AND '.join(conditions)} "
            f"ORDER BY at, id{self.byte_order}",
            params,
            ProgressEntry,
            "progress entry",
        )

    def reviews(self, goal_id: str) -> list[Review]:
        text = (
            "SELECT id, document, checksum FROM reviews WHERE goal_id = ? "
            f"ORDER BY at, id{self.byte_order}"
        )
        return list(self._objects(text, (goal_id,), Review, "review"))

    def step_completions(self, goal_id: str) -> list[StepCompletion]:
        text = (
            "SELECT id, document, checksum FROM step_completions WHERE goal_id = ? "
            f"ORDER BY day, id{self.byte_order}"
        )
        return list(self._objects(text, (goal_id,), StepCompletion, "step completion"))

    def plan_uses(self, goal_id: str) -> list[PlanUse]:
        text = (
            "SELECT id, document, checksum FROM plan_uses WHERE goal_id = ? "
            f"ORDER BY at, id{self.byte_order}"
        )
        return list(self._objects(text, (goal_id,), PlanUse, "plan use"))
