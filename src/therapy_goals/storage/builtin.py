"""The built-in storage backends, registered through the ``register_storage`` hook."""

from __future__ import annotations

from collections.abc import Callable

from therapy_goals.contracts.storage import StorageBackend
from therapy_goals.hookspecs import hookimpl
from therapy_goals.storage.base import Store

__all__ = ["register_storage"]


def _memory(url: str) -> Store:
    from therapy_goals.storage.memory import MemoryStore  # noqa: PLC0415 - open only what is used

    return MemoryStore(url)


def _sqlite(url: str) -> Store:
    from therapy_goals.storage.sqlite import SQLiteStore  # noqa: PLC0415 - open only what is used

    return SQLiteStore.from_url(url)


def _jsondir(url: str) -> Store:
    from therapy_goals.storage.jsondir import JsonDirStore  # noqa: PLC0415 - open only what is used

    return JsonDirStore.from_url(url)


def _postgresql(url: str) -> Store:
    from therapy_goals.storage.postgres import PostgresStore  # noqa: PLC0415 - needs [postgres]

    return PostgresStore(url)


@hookimpl
def register_storage(register: Callable[[StorageBackend], None]) -> None:
    register(StorageBackend(scheme="memory", open=_memory, description="In memory, for tests"))
    register(StorageBackend(scheme="sqlite", open=_sqlite, description="One SQLite file (default)"))
    register(StorageBackend(scheme="jsondir", open=_jsondir, description="A folder of JSON files"))
    register(
        StorageBackend(
            scheme="postgresql", open=_postgresql, description="PostgreSQL (extra [postgres])"
        )
    )
    register(StorageBackend(scheme="postgres", open=_postgresql, description="Alias of postgresql"))
