"""The store contract, run against every built-in backend: each is a few lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from therapy_goals.storage import Store, open_store
from therapy_goals.storage.memory import MemoryStore
from therapy_goals.testing.store_contract import StoreContract

from .conftest import folder_urls

Maker = Callable[[], Callable[[], Store]]


class TestMemoryStore(StoreContract):
    @pytest.fixture
    def new_location(self) -> Maker:
        def make() -> Callable[[], Store]:
            store = MemoryStore()
            return lambda: store

        return make


class TestSQLiteStore(StoreContract):
    @pytest.fixture
    def new_location(self, tmp_path: Path) -> Maker:
        return folder_urls(tmp_path, "sqlite", ".db")


class TestJsonDirStore(StoreContract):
    @pytest.fixture
    def new_location(self, tmp_path: Path) -> Maker:
        return folder_urls(tmp_path, "jsondir")


class TestPostgresStore(StoreContract):
    @pytest.fixture
    def new_location(self, postgres_schema_url: Callable[[], str]) -> Maker:
        def make() -> Callable[[], Store]:
            url = postgres_schema_url()
            return lambda: open_store(url)

        return make
