"""Storage backends as plug-ins: memory, SQLite (the default), a JSON folder, PostgreSQL.

>>> with open_store("memory://") as store:
...     store.capabilities.persistent
False
"""

from therapy_goals.storage.base import Capabilities, GoalRevision, ImportSummary, Store
from therapy_goals.storage.registry import STORE_ENV, StorageBackend, default_store_url, open_store

__all__ = [
    "STORE_ENV",
    "Capabilities",
    "GoalRevision",
    "ImportSummary",
    "StorageBackend",
    "Store",
    "default_store_url",
    "open_store",
]
