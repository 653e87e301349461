"""The PostgreSQL store: for apps with many users and several app servers (extra ``[postgres]``).

The same tables and queries as SQLite (see :mod:`therapy_goals.storage.sql`), through psycopg 3
in autocommit mode with explicit transactions; ``add_many`` and ``add_progress_many`` send their
rows with ``COPY``, the fastest way into PostgreSQL. The schema version is kept in the table
``therapy_goals_schema``. After a purge, erased rows stay in the table files until
``finish_erasure`` rewrites them (``VACUUM FULL``); the storage guide lists what the server
keeps beyond that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from therapy_goals.errors import MissingDependencyError, StorageError
from therapy_goals.storage.base import Capabilities
from therapy_goals.storage.sql import SqlStore

try:
    import psycopg
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise MissingDependencyError(
        "the PostgreSQL store needs psycopg; install therapy-goals[postgres]"
    ) from error

__all__ = ["ERASED_TABLES", "SERVER_KEEPS", "PostgresStore", "redacted"]

ERASED_TABLES = (
    "goals",
    "goal_history",
    "progress",
    "reviews",
    "step_completions",
    "plan_uses",
)
"""The tables that hold a client's data, rewritten by ``finish_erasure``."""

SERVER_KEEPS = (
    "the server's write-ahead log (pg_wal), until its segments are recycled after checkpoints",
    "WAL archives, streaming replicas and backups (pg_dump files, base backups) made before "
    "the purge",
    "the server's log, if it logs statements with their parameters (log_statement = 'all')",
)
"""Where a PostgreSQL server may keep erased data after ``VACUUM FULL``: the operator's part."""


def redacted(url: str) -> str:
    """``url`` without a password, in its user part (``ann:secret@``) or as a ``password``
    query parameter, so that what the store keeps, logs and prints never holds one."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        credentials, host = netloc.rsplit("@", 1)
        netloc = f"{credentials.split(':', 1)[0]}@{host}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "password"]
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


class PostgresStore(SqlStore):
    """A store in a PostgreSQL database. ``postgresql://user@host:port/dbname`` opens it."""

    capabilities: ClassVar[Capabilities] = Capabilities(
        atomic_transactions=True, persistent=True, multi_process=True
    )
    placeholder = "%s"
    offset_only = " OFFSET %s"
    byte_order = ' COLLATE "C"'
    client_of_document = "(document::json ->> 'client_id')"
    savepoints = True

    def __init__(self, url: str) -> None:
        super().__init__(redacted(url))  # the password is used to connect, never kept
        try:
            self._connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            message = str(error).replace(url, self.url)
            raise StorageError(f"{self.url}: cannot connect: {message}") from None
        try:
            self._migrate()
        except BaseException:
            self._connection.close()
            raise

    def _safe_url(self) -> str:
        """The URL without its password, for messages (see :func:`redacted`)."""
        return redacted(self.url)

    def _cursor(self) -> Any:
        return self._connection.cursor()

    def _begin_write(self) -> None:
        self._connection.execute("BEGIN")

    def _driver_error(self) -> type[Exception]:
        return psycopg.Error

    def _integrity_error(self) -> type[Exception]:
        return psycopg.IntegrityError

    def _write_rows(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        # Table and column names come from the store's own code, never from input.
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self._cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    def _migrate(self) -> None:
        # A database may hold other applications' tables, but not ones named like ours without
        # our schema version: that is another application's data, refused before any change.
        if self._read_schema_version() == 0:
            taken = [
                table
                for table in ERASED_TABLES
                if self._one("SELECT to_regclass(?)", (table,))[0] is not None
            ]
            if taken:
                raise StorageError(
                    f"{self.url}: already has tables named {', '.join(taken)} that are not a "
                    "therapy-goals store's (there is no therapy_goals_schema table); they were "
                    "left untouched: use another database or schema (options=-csearch_path=...)"
                )
        super()._migrate()

    def _read_schema_version(self) -> int:
        row = self._one("SELECT to_regclass('therapy_goals_schema')")
        if row[0] is None:
            return 0
        found = self._one("SELECT version FROM therapy_goals_schema")
        return int(found[0]) if found else 0

    def _write_schema_version(self, version: int) -> None:
        self._run("CREATE TABLE IF NOT EXISTS therapy_goals_schema (version INTEGER NOT NULL)")
        self._run("DELETE FROM therapy_goals_schema")
        self._run("INSERT INTO therapy_goals_schema (version) VALUES (?)", (version,))

    def _finish_erasure(self) -> list[str]:
        # A DELETE leaves the rows' bytes in the table, TOAST and index files (plain VACUUM
        # only marks the space free); VACUUM FULL writes new files and drops the old ones.
        self._run(f"VACUUM FULL {', '.join(ERASED_TABLES)}")
        return list(SERVER_KEEPS)

    def close(self) -> None:
        self._connection.close()
