"""Where each backend's stores live during the tests."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from therapy_goals.storage import Store, open_store

POSTGRES_ENV = "THERAPY_GOALS_TEST_POSTGRES"


def postgres_url() -> str:
    """The server the PostgreSQL tests use; they skip with the reason when none is configured."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set; .ci/run starts a server and sets it")
        pytest.skip(f"no PostgreSQL server configured: set {POSTGRES_ENV}=postgresql://...")
    return url


@pytest.fixture
def postgres_schema_url() -> Iterator[Callable[[], str]]:
    """Make URLs that each point at a new, empty schema; the schemas are dropped afterwards."""
    import psycopg

    base = postgres_url()
    schemas: list[str] = []

    def make() -> str:
        schema = f"tg_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f"CREATE SCHEMA {schema}")
        schemas.append(schema)
        joiner = "&" if "?" in base else "?"
        return f"{base}{joiner}options=-csearch_path%3D{schema}"

    yield make
    with psycopg.connect(base, autocommit=True) as connection:
        for schema in schemas:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def folder_urls(tmp_path: Path, scheme: str, suffix: str = "") -> Callable[[], Callable[[], Store]]:
    def make() -> Callable[[], Store]:
        url = f"{scheme}://{tmp_path / (uuid.uuid4().hex + suffix)}"
        return lambda: open_store(url)

    return make
