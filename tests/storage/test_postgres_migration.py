"""The PostgreSQL store's forward migration keeps erasure complete (a server is needed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from therapy_goals import Goal
from therapy_goals.serialization import to_json
from therapy_goals.storage import open_store
from therapy_goals.storage.sql import MIGRATIONS, SCHEMA_VERSION, migration_statements

SECRET = "I panic when I think about my father"


def test_a_goal_that_changed_client_before_version_3_is_erased_with_either_client(
    postgres_schema_url: Callable[[], str],
) -> None:
    import psycopg

    from therapy_goals.storage.postgres import PostgresStore

    url = postgres_schema_url()
    first, moved = (
        Goal(id="g1", client_id=client, statement=SECRET, start=date(2026, 3, 2))
        for client in ("old-client", "new-client")
    )
    version_2 = len(MIGRATIONS[0]) + len(MIGRATIONS[1])
    with psycopg.connect(url, autocommit=True) as connection:
        for statement in migration_statements(0, PostgresStore.client_of_document)[:version_2]:
            connection.execute(statement)
        connection.execute("CREATE TABLE therapy_goals_schema (version INTEGER NOT NULL)")
        connection.execute("INSERT INTO therapy_goals_schema (version) VALUES (2)")
        connection.execute(
            "INSERT INTO goals (id, client_id, status, area, due, revision, document) "
            "VALUES ('g1', 'new-client', 'proposed', NULL, NULL, 2, %s)",
            (to_json(moved),),
        )
        for revision, document in ((1, to_json(first)), (2, to_json(moved))):
            connection.execute(
                "INSERT INTO goal_history (goal_id, revision, at, by_whom, change, document) "
                "VALUES ('g1', %s, '2026-03-02T10:00:00.000000Z', NULL, 'updated', %s)",
                (revision, document),
            )
    with open_store(url) as store:
        assert store.purge_client("old-client") == 1
        assert list(store.goals(include_archived=True)) == []
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT version FROM therapy_goals_schema").fetchone() == (
            SCHEMA_VERSION,
        )
        assert connection.execute("SELECT count(*) FROM goal_history").fetchone() == (0,)
