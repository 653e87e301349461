"""Choosing a backend by URL scheme: ``open_store(url)``.

Backends register through the ``register_storage`` hook with a :class:`StorageBackend`, like
SQLAlchemy dialects: ``memory://``, ``sqlite:///path/goals.db``, ``jsondir:///path/folder`` and
``postgresql://user@host/db`` are built in. With no URL, ``open_store()`` uses the
``THERAPY_GOALS_STORE`` environment variable, else ``goals.db`` in the user's data folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from therapy_goals.contracts.storage import StorageBackend
from therapy_goals.errors import PluginError, StorageError
from therapy_goals.files import private_folder
from therapy_goals.plugins import PluginManager, default_plugin_manager
from therapy_goals.storage.base import Store

__all__ = ["STORE_ENV", "StorageBackend", "default_store_url", "open_store", "path_from_url"]

STORE_ENV = "THERAPY_GOALS_STORE"
"""Environment variable: the store URL used when none is given."""


def default_store_url(environ: Mapping[str, str] | None = None) -> str:
    """``THERAPY_GOALS_STORE`` if set, else an SQLite file in the user's data folder."""
    env = os.environ if environ is None else environ
    if env.get(STORE_ENV):
        return env[STORE_ENV]
    from platformdirs import user_data_path  # noqa: PLC0415 - only needed for the default

    folder: Path = user_data_path("therapy-goals", appauthor=False)
    return f"sqlite://{folder / 'goals.db'}"


def path_from_url(url: str) -> Path:
    """The file of a ``scheme:///absolute/path`` or ``scheme:relative/path`` URL."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.netloc or not path:
        raise StorageError(
            f"{url!r}: write sqlite:///absolute/path/goals.db or sqlite:relative/goals.db"
        )
    return Path(path)


def _make_data_folder(folder: Path) -> None:
    """Create the user's data folder for the default store (readable by its owner only)."""
    try:
        private_folder(folder)
    except OSError as error:
        raise StorageError(
            f"cannot create the data folder {folder}: {error.strerror}; set {STORE_ENV} or "
            "--store to a store you can write"
        ) from None


def open_store(url: str | None = None, *, plugins: PluginManager | None = None) -> Store:
    """Open the store ``url`` names, with the backend registered for its scheme.

    ``plugins`` is a :class:`~therapy_goals.plugins.PluginManager` (default: the shared
    :func:`~therapy_goals.plugins.default_plugin_manager`).
    """
    chosen = url or default_store_url()
    if url is None and not os.environ.get(STORE_ENV):
        _make_data_folder(path_from_url(chosen).parent)
    scheme = urlsplit(chosen).scheme
    if not scheme:
        raise StorageError(f"{chosen!r} is not a store URL; write e.g. sqlite:///path/goals.db")
    manager = plugins if plugins is not None else default_plugin_manager()
    backends = manager.storage_backends()
    backend = backends.get(scheme) or backends.get(scheme.split("+", 1)[0])
    if backend is None:
        known = ", ".join(f"{name}://" for name in sorted(backends))
        raise StorageError(f"no storage backend for {scheme!r}; known schemes: {known}")
    store = backend.open(chosen)
    if not isinstance(store, Store):
        raise PluginError(
            f"the storage backend for {scheme!r} returned {type(store).__name__} from open(); "
            "open must return a Store (a Backend subclass)"
        )
    store.plugins = manager
    return store
