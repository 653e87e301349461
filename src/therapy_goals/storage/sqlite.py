"""The SQLite store: the embedded default, one file on disk.

WAL journal with synchronous=FULL, a busy timeout for concurrent writers, foreign keys on, writes
in ``BEGIN IMMEDIATE`` transactions, the schema version in ``PRAGMA user_version``, and
``secure_delete`` with a checkpoint after a purge, so erased text does not linger in the file.
The database file (and so its -wal and -shm files) is created readable by its owner only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any, ClassVar

from therapy_goals.errors import StorageError
from therapy_goals.storage.base import Capabilities
from therapy_goals.storage.registry import path_from_url
from therapy_goals.storage.sql import SqlStore

__all__ = ["SQLiteStore", "path_from_url"]

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000


_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"


def _create_private(path: Path, url: str) -> None:
    """Create an empty file readable and writable by its owner only, in a folder that exists.

    A missing folder is an error, not something to create: it is far more often a typo in the
    path than a wish for new folders (only the default data folder is created, by open_store).
    """
    if not path.parent.is_dir():
        raise StorageError(
            f"{url}: the folder {path.parent} does not exist; create it, or check the path"
        )
    try:
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise StorageError(f"{url}: cannot create the database: {error.strerror}") from None


class SQLiteStore(SqlStore):
    """A store in one SQLite file. ``sqlite:///path/goals.db`` opens (or creates) it."""

    capabilities: ClassVar[Capabilities] = Capabilities(
        atomic_transactions=True, persistent=True, multi_process=True
    )
    offset_only = " LIMIT -1 OFFSET ?"

    def __init__(self, path: str | Path, *, url: str | None = None) -> None:
        self.path = Path(path)
        super().__init__(url or f"sqlite://{self.path.resolve()}")
        if not self.path.exists():
            _create_private(self.path, self.url)
        try:
            self._connection = sqlite3.connect(
                self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error as error:
            raise StorageError(f"{self.url}: cannot open the database: {error}") from None
        try:
            self._configure()
            self._migrate()
        except BaseException:
            self._connection.close()
            raise

    @classmethod
    def from_url(cls, url: str) -> SQLiteStore:
        """Open the store a ``sqlite:`` URL names."""
        return cls(path_from_url(url), url=url)

    def _configure(self) -> None:
        # Everything that refuses a file comes before the first pragma that changes it (the
        # journal mode rewrites the header): a file that is not a database, another
        # application's database, a store of a newer version are all left as they were.
        version = self._read_schema_version()
        self._refuse_newer(version)
        if version == 0:
            tables = [row[0] for row in self._connection.execute(_TABLES).fetchall()]
            if tables:
                raise StorageError(
                    f"{self.url}: is not a therapy-goals store (it has the tables "
                    f"{', '.join(sorted(tables)[:5])}) and was left untouched; give a new file"
                )
        for pragma in (
            f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
            "PRAGMA foreign_keys = ON",
            "PRAGMA secure_delete = ON",
            "PRAGMA synchronous = FULL",
        ):
            self._run(pragma)
        mode = self._one("PRAGMA journal_mode")[0]
        if mode != "wal":
            self._run("PRAGMA journal_mode = WAL")
        logger.debug("opened %s at schema version %d", self.url, version)

    def _cursor(self) -> Any:
        return self._connection.cursor()

    def _begin_write(self) -> None:
        self._connection.execute("BEGIN IMMEDIATE")

    def _driver_error(self) -> type[Exception]:
        return sqlite3.Error

    def _integrity_error(self) -> type[Exception]:
        return sqlite3.IntegrityError

    def _read_schema_version(self) -> int:
        try:
            return int(self._connection.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.Error as error:
            raise StorageError(f"{self.url}: is not a therapy-goals database: {error}") from None

    def _write_schema_version(self, version: int) -> None:
        self._run(f"PRAGMA user_version = {int(version)}")

    def _after_purge(self) -> None:
        self._run("PRAGMA wal_checkpoint(TRUNCATE)")

    def integrity_check(self) -> str:
        """SQLite's own check of the file: ``"ok"`` when all is well."""
        return str(self._one("PRAGMA integrity_check")[0])

    def close(self) -> None:
        self._connection.close()
