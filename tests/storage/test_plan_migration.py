"""Stores written before if-then plans open, keep everything, and then keep plans and their uses
(issue 21): the SQLite file and the JSON folder were made by the previous version
(``make_schema_4.py``, ``make_jsondir_schema_2.py`` beside them); PostgreSQL's tables are made
by the previous version's migrations."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import pytest

from therapy_goals import Goal, IfThenPlan, PlanUse, ValidationError
from therapy_goals.serialization import to_json
from therapy_goals.storage import Store, jsondir, open_store, sql
from therapy_goals.storage.jsondir import JsonDirStore
from therapy_goals.storage.sqlite import SQLiteStore

STORES = Path(__file__).parent.parent / "data" / "stores"
SCHEMA_4 = STORES / "schema-4.db"
JSONDIR_SCHEMA_2 = STORES / "jsondir-schema-2"

PLAN = IfThenPlan(
    id="p-phone",
    situation="it is 22:30 and I am still on my phone",
    response="put the phone in the kitchen",
    step_id="s1",
)


def _what_the_old_version_wrote(store: Store) -> None:
    """As make_schema_4.py / make_jsondir_schema_2.py made it, by hand."""
    goal = store.get("g-sleep")
    assert goal.revision == 2
    assert goal.notes == "Agreed in session 3"
    assert (goal.plans, goal.obstacles, goal.supporters) == ((), (), ())
    assert [entry.value for entry in store.progress("g-sleep")] == [0, 1, 2, 3, 0, 1, 2]
    assert [c.id for c in store.step_completions("g-sleep")] == ["c1"]
    assert [r.id for r in store.reviews("g-sleep")] == ["r1"]
    assert [r.revision for r in store.history("g-sleep")] == [1, 2]
    assert store.plan_uses("g-sleep") == []


def _add_a_plan_and_use_it(store: Store) -> None:
    goal = store.get("g-sleep")
    store.update(
        attrs.evolve(
            goal,
            plans=(PLAN,),
            obstacles=("scrolling in bed",),
            supporters=("my partner",),
        )
    )
    store.add_plan_use(
        PlanUse(
            goal_id="g-sleep",
            plan_id="p-phone",
            at=datetime(2026, 3, 20, 22, 35, tzinfo=UTC),
            helped=True,
            id="u1",
        )
    )


def _the_plan_is_kept(store: Store) -> None:
    goal = store.get("g-sleep")
    assert goal.plans == (PLAN,)
    assert goal.obstacles == ("scrolling in bed",)
    assert goal.supporters == ("my partner",)
    [use] = store.plan_uses("g-sleep")
    assert (use.id, use.plan_id, use.helped) == ("u1", "p-phone", True)
    assert [r.revision for r in store.history("g-sleep")] == [1, 2, 3]


def test_a_sqlite_file_of_schema_4_is_migrated_and_then_keeps_plans(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    shutil.copyfile(SCHEMA_4, path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (4,)
    with SQLiteStore(path) as store:
        _what_the_old_version_wrote(store)
        _add_a_plan_and_use_it(store)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (sql.SCHEMA_VERSION,)
        [(document,)] = connection.execute("SELECT document FROM plan_uses").fetchall()
        assert json.loads(document)["plan_id"] == "p-phone"
    with SQLiteStore(path) as again:
        _the_plan_is_kept(again)


def test_a_json_folder_of_schema_2_is_upgraded_and_then_keeps_plans(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    shutil.copytree(JSONDIR_SCHEMA_2, folder)
    assert json.loads((folder / "store.json").read_text())["schema_version"] == 2
    with JsonDirStore(folder) as store:
        # Only the marker changes: an earlier version, which would drop the uses of plans when
        # it rewrote a goal file, now refuses the folder.
        assert json.loads((folder / "store.json").read_text())["schema_version"] == 3
        _what_the_old_version_wrote(store)
        _add_a_plan_and_use_it(store)
    [goal_file] = (folder / "goals").glob("*.json")
    written = json.loads(goal_file.read_text())
    assert written["schema_version"] == jsondir.SCHEMA_VERSION
    assert [use["id"] for use in written["plan_uses"]] == ["u1"]
    with JsonDirStore(folder) as again:
        _the_plan_is_kept(again)


def test_a_postgresql_store_of_schema_4_is_migrated_and_then_keeps_plans(
    postgres_schema_url: Callable[[], str],
) -> None:
    import psycopg

    from therapy_goals.storage.postgres import PostgresStore

    url = postgres_schema_url()
    old = Goal(
        id="g-sleep",
        client_id="c-17",
        statement="Be in bed by 23:00 on at least 5 weeknights a week for 8 weeks",
        start=date(2026, 3, 2),
    )
    version_4 = sum(len(steps) for steps in sql.MIGRATIONS[:4])
    with psycopg.connect(url, autocommit=True) as connection:
        for statement in sql.migration_statements(0, PostgresStore.client_of_document)[:version_4]:
            connection.execute(statement)
        connection.execute("CREATE TABLE therapy_goals_schema (version INTEGER NOT NULL)")
        connection.execute("INSERT INTO therapy_goals_schema (version) VALUES (4)")
        connection.execute(
            "INSERT INTO goals (id, client_id, status, area, due, revision, document) "
            "VALUES ('g-sleep', 'c-17', 'proposed', NULL, NULL, 1, %s)",
            (to_json(old),),
        )
        connection.execute(
            "INSERT INTO goal_history (goal_id, revision, at, by_whom, change, document, "
            "client_id) VALUES ('g-sleep', 1, '2026-03-02T10:00:00.000000Z', NULL, 'added', %s, "
            "'c-17')",
            (to_json(old),),
        )
    with open_store(url) as store:
        assert store.get("g-sleep") == old
        assert store.plan_uses("g-sleep") == []
        plan = attrs.evolve(PLAN, step_id=None)
        store.update(attrs.evolve(old, plans=(plan,)))
        store.add_plan_use(
            PlanUse(goal_id="g-sleep", plan_id="p-phone", at=datetime(2026, 3, 20, tzinfo=UTC))
        )
    with open_store(url) as again:
        assert again.get("g-sleep").plans == (plan,)
        assert [use.plan_id for use in again.plan_uses("g-sleep")] == ["p-phone"]
        assert again.purge_client("c-17") == 1
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT version FROM therapy_goals_schema").fetchone() == (
            sql.SCHEMA_VERSION,
        )
        assert connection.execute("SELECT count(*) FROM plan_uses").fetchone() == (0,)


def test_a_use_of_a_plan_the_goal_does_not_have_is_refused(tmp_path: Path) -> None:
    with open_store("memory://") as store:
        store.add(Goal(id="g1", client_id="c1", statement="Sleep by 23:00", start=date(2026, 3, 2)))
        with pytest.raises(ValidationError, match="plan_id: goal 'g1' has no plan 'p9'"):
            store.add_plan_use(
                PlanUse(goal_id="g1", plan_id="p9", at=datetime(2026, 3, 3, tzinfo=UTC))
            )
        assert store.plan_uses("g1") == []
