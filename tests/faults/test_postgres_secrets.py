"""Issue 18: a PostgreSQL password given in the URL is never kept, logged or printed."""

from __future__ import annotations

import logging
import os

import pytest

from therapy_goals import StorageError, open_store

psycopg = pytest.importorskip("psycopg")

from therapy_goals.storage.postgres import redacted  # noqa: E402 - needs psycopg


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ann:s3cret@db.example:5432/goals", "postgresql://ann@db.example:5432/goals"),
        (
            "postgresql://ann@db.example/goals?password=s3cret&sslmode=require",
            "postgresql://ann@db.example/goals?sslmode=require",
        ),
        ("postgresql://db.example/goals", "postgresql://db.example/goals"),
        ("postgresql://ann:p%40ss@db.example/goals", "postgresql://ann@db.example/goals"),
    ],
)
def test_the_url_is_shown_without_its_password(url: str, shown: str) -> None:
    assert redacted(url) == shown


def test_a_failed_connection_names_the_server_but_not_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG), pytest.raises(StorageError) as info:
        open_store("postgresql://ann:s3cret@127.0.0.1:1/goals?password=s3cret")
    assert "127.0.0.1:1" in str(info.value)
    assert "s3cret" not in str(info.value)
    assert "s3cret" not in caplog.text


@pytest.mark.skipif(
    not os.environ.get("THERAPY_GOALS_TEST_POSTGRES"), reason="no PostgreSQL server configured"
)
def test_an_open_store_keeps_no_password(caplog: pytest.LogCaptureFixture) -> None:
    base = os.environ["THERAPY_GOALS_TEST_POSTGRES"]
    scheme, rest = base.split("://", 1)
    user, host = rest.split("@", 1)
    url = f"{scheme}://{user.split(':')[0]}:not-checked-by-trust@{host}"
    with caplog.at_level(logging.DEBUG):
        store = open_store(url)
    try:
        assert "not-checked-by-trust" not in store.url
        assert "not-checked-by-trust" not in caplog.text
    finally:
        store.close()
