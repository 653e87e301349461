"""A PostgreSQL database or schema that is not ours, or is a newer store's, is refused untouched."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from therapy_goals import StorageError, open_store

from ..storage.conftest import postgres_url


def schema_of(url: str) -> str:
    found = re.search(r"search_path%3D(\w+)", url)
    assert found is not None
    return found.group(1)


def catalog(url: str) -> list[Any]:
    """Every table of the schema with its columns, and every row of every table."""
    schema = schema_of(url)
    with psycopg.connect(postgres_url(), autocommit=True) as connection:
        columns = connection.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s ORDER BY 1, 2",
            (schema,),
        ).fetchall()
        tables = sorted({row[0] for row in columns})
        rows = [
            connection.execute(f"SELECT * FROM {schema}.{table} ORDER BY 1").fetchall()
            for table in tables
        ]
    return [columns, rows]


def test_another_applications_goals_table_is_refused_untouched(
    postgres_schema_url: Callable[[], str],
) -> None:
    url = postgres_schema_url()
    with psycopg.connect(postgres_url(), autocommit=True) as connection:
        connection.execute(f"CREATE TABLE {schema_of(url)}.goals (id INTEGER, title TEXT)")
        connection.execute(f"INSERT INTO {schema_of(url)}.goals VALUES (1, 'theirs')")
    before = catalog(url)
    with pytest.raises(StorageError, match="already has tables named goals that are not a "):
        open_store(url)
    assert catalog(url) == before


def test_a_newer_store_is_refused_untouched(postgres_schema_url: Callable[[], str]) -> None:
    url = postgres_schema_url()
    open_store(url).close()
    with psycopg.connect(postgres_url(), autocommit=True) as connection:
        connection.execute(f"UPDATE {schema_of(url)}.therapy_goals_schema SET version = 99")
    before = catalog(url)
    with pytest.raises(StorageError, match=r"written by a newer therapy-goals \(schema 99;"):
        open_store(url)
    assert catalog(url) == before
