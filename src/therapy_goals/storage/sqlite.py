"""The SQLite store: the embedded default, one file on disk.

WAL journal with synchronous=FULL, a busy timeout for concurrent writers, foreign keys on, writes
in ``BEGIN IMMEDIATE`` transactions, the schema version in ``PRAGMA user_version``, and
``secure_delete`` with a checkpoint after a purge, so erased text does not linger in the file.
The database file (and so its -wal and -shm files) is created readable by its owner only. A file
(or folder) this process cannot write is opened for reading only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

from therapy_goals.errors import StorageError
from therapy_goals.storage.base import Capabilities
from therapy_goals.storage.registry import path_from_url
from therapy_goals.storage.sql import SCHEMA_VERSION, SqlStore

__all__ = ["SQLiteStore", "path_from_url"]

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000


_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _writable(path: Path) -> bool:
    """Whether this process may change the database: its file, and the folder SQLite creates
    the file's ``-wal`` and ``-shm`` in."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


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
    erasure_wait_ms: int = BUSY_TIMEOUT_MS
    """How long a purge waits for readers of older snapshots before leaving the ``-wal`` file
    for later (see :attr:`erasure_pending`)."""

    def __init__(self, path: str | Path, *, url: str | None = None) -> None:
        self.path = Path(path)
        super().__init__(url or f"sqlite://{self.path.resolve()}")
        if not self.path.exists():
            _create_private(self.path, self.url)
        if not os.access(self.path, os.R_OK):
            raise StorageError(
                f"{self.url}: cannot open the database: this process may not read the file "
                "(permission denied)"
            )
        self.read_only = not _writable(self.path)
        self._erasure_pending = False
        try:
            self._connection = self._connect()
        except sqlite3.Error as error:
            raise StorageError(f"{self.url}: cannot open the database: {error}") from None
        try:
            self._configure()
            self._migrate()
        except BaseException:
            self._connection.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        """A connection to the file; for a read-only store, one that never writes to it.

        SQLite reads a WAL database through its ``-shm`` file, which it must be able to create:
        in a folder this process cannot write, a store closed cleanly (no ``-wal`` left) is
        opened ``immutable`` (nobody can be writing it: a writer would need that folder too),
        and one with a ``-wal`` and ``-shm`` left is read through them.
        """
        if not self.read_only:
            return sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        location = quote(str(self.path.resolve()))
        frozen = not _wal(self.path).exists() and not os.access(self.path.parent, os.W_OK)
        options = "mode=ro&immutable=1" if frozen else "mode=ro"
        return sqlite3.connect(
            f"file:{location}?{options}",
            uri=True,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )

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
        if self.read_only:
            if version < SCHEMA_VERSION:
                raise StorageError(
                    f"{self.url}: is open for reading only, and "
                    + (
                        "is empty"
                        if version == 0
                        else f"needs upgrading from schema {version} to {SCHEMA_VERSION}"
                    )
                    + "; open it once where its file and folder are writable"
                )
            logger.debug("opened %s for reading only", self.url)
            return
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

    def _storage_error(self, error: Exception) -> StorageError:
        if getattr(error, "sqlite_errorname", "") == "SQLITE_IOERR_FSYNC":
            return StorageError(
                f"{self.url}: the disk did not confirm a write ({error}); the change may have "
                "been saved: read it back before making it again"
            )
        return super()._storage_error(error)

    def _read_schema_version(self) -> int:
        try:
            return int(self._connection.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as error:
            if getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB":
                problem = "is not a therapy-goals database"
            else:
                problem = "cannot read the database"
            raise StorageError(f"{self.url}: {problem}: {error}") from None

    def _write_schema_version(self, version: int) -> None:
        self._run(f"PRAGMA user_version = {int(version)}")

    def _after_purge(self) -> None:
        self._erasure_pending = True
        if not self._checkpoint(wait=True):
            logger.warning(
                "store %s: erased data stays in the -wal file (a reader that began before the "
                "purge is still reading, or the disk refused the checkpoint); it is cleared at "
                "this store's next write, finish_erasure() or close",
                self.url,
            )

    def _checkpoint(self, *, wait: bool) -> bool:
        """Copy the WAL into the database file and truncate it to nothing, so that erased data
        is in neither; ``wait``: up to ``erasure_wait_ms`` for readers of older snapshots
        (without it, a busy WAL is left for later). True when the WAL is empty."""
        # It runs after a commit: if it fails (a full disk), the change it follows is still
        # committed, so the failure is not raised; the WAL is left for the next try.
        try:
            self._run(f"PRAGMA busy_timeout = {int(self.erasure_wait_ms) if wait else 0}")
            try:
                busy, _, _ = self._one("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                self._run(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        except StorageError:
            return False
        if not busy:
            self._erasure_pending = False
        return not busy

    def _end_unit(self, *, commit: bool) -> None:
        super()._end_unit(commit=commit)
        if self._erasure_pending and not self._purged:
            self._checkpoint(wait=False)

    def _finish_erasure(self) -> list[str]:
        if self._checkpoint(wait=True):
            return []
        return [
            f"{self.path.name}-wal, until the readers that began before the purge finish "
            "(then call finish_erasure() again, or close the store)"
        ]

    @property
    def erasure_pending(self) -> bool:
        """Whether data erased by this store may still be in its ``-wal`` file (a reader that
        began before the purge was still reading when it ended); cleared by the next write,
        :meth:`finish_erasure` or :meth:`close`."""
        return self._erasure_pending

    def integrity_check(self) -> str:
        """SQLite's own check of the file: ``"ok"`` when all is well."""
        return str(self._one("PRAGMA integrity_check")[0])

    def close(self) -> None:
        if self._erasure_pending:
            self._checkpoint(wait=False)
        self._connection.close()
