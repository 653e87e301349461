"""The trusted read path (issue 19): rows the store signed are read without the per-field checks,
and must give exactly what the strict reader gives; any changed byte sends the row back to the
strict reader, which explains it."""

from __future__ import annotations

import inspect
import logging
import shutil
import sqlite3
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from therapy_goals import (
    AchievementStatus,
    Goal,
    GoalRevision,
    IfThenPlan,
    PlanUse,
    ProgressEntry,
    Review,
    ReviewDecision,
    Step,
    StepCompletion,
    StorageError,
    from_json,
)
from therapy_goals.model import Administration, Measure, goal, records
from therapy_goals.model.relations import cross_field_checks
from therapy_goals.serialization import encode
from therapy_goals.serialization.trusted import Untrusted, checksum, read_trusted
from therapy_goals.storage import open_store, sql
from therapy_goals.storage.sql import SCHEMA_VERSION
from therapy_goals.storage.sqlite import SQLiteStore
from therapy_goals.testing import strategies as tgst

KINDS: list[tuple[type[Any], st.SearchStrategy[Any]]] = [
    (Goal, tgst.goals()),
    (ProgressEntry, tgst.progress_entries()),
    (Review, tgst.reviews()),
    (StepCompletion, tgst.step_completions()),
    (PlanUse, tgst.plan_uses()),
]


@pytest.mark.parametrize(("kind", "strategy"), KINDS, ids=lambda v: getattr(v, "__name__", ""))
@given(data=st.data())
def test_a_trusted_read_gives_what_the_strict_reader_gives(
    kind: type[Any], strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    obj = data.draw(strategy)
    text = encode(obj)
    trusted, strict = read_trusted(text, kind), from_json(text, kind)
    assert trusted == strict == obj
    # Equal is not enough: the same types all the way down (an int stays an int, a tuple a
    # tuple, template parameters a read-only mapping), so that the objects print and behave alike.
    assert repr(trusted) == repr(strict)
    assert encode(trusted) == text
    assert hash(trusted) == hash(strict) if _hashable(strict) else True


def _hashable(obj: Any) -> bool:
    try:
        hash(obj)
    except TypeError:
        return False
    return True


@given(tgst.goals())
def test_a_trusted_goal_is_as_frozen_as_a_strict_one(made: Goal) -> None:
    trusted = read_trusted(encode(made), Goal)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        trusted.statement = "changed"  # type: ignore[misc]
    if trusted.template is not None:
        with pytest.raises(TypeError):
            trusted.template.parameters["x"] = 1  # type: ignore[index]


def test_a_revision_is_read_the_trusted_way_too() -> None:
    made = Goal(id="g1", client_id="c1", statement="Walk daily", start=date(2026, 3, 2))
    revision = GoalRevision(revision=1, at=made.created, by=None, change="added", goal=made)
    assert read_trusted(encode(revision), GoalRevision) == revision


@pytest.mark.parametrize(
    "text",
    [
        '{"schema_version":2,"type":"goal"}',
        '{"schema_version":1,"type":"review","goal_id":"g1"}',
        "[1, 2]",
        '{"schema_version":1,"type":"step-completion","goal_id":"g1","step_id":"s",'
        '"day":"2026-03-02","done":true,"note":null,"id":"c1","entered_in_error":null,'
        '"extra":1}',
    ],
    ids=["another version", "another type", "not an object", "a key it does not know"],
)
def test_a_document_the_library_could_not_have_written_is_not_trusted(text: str) -> None:
    kind = StepCompletion if "step-completion" in text else Goal
    with pytest.raises(Untrusted):
        read_trusted(text, kind)


@pytest.mark.parametrize(
    ("key", "value"),
    [("schema_version", None), ("type", None), ("schema_version", 2), ("type", "review")],
)
def test_a_whole_goal_without_its_version_or_type_is_not_trusted(key: str, value: Any) -> None:
    # Every key but the one changed is a goal's: only the version or type tells it apart.
    made = Goal(id="g1", client_id="c1", statement="Walk daily", start=date(2026, 3, 2))
    document = orjson.loads(encode(made))
    if value is None:
        del document[key]
    else:
        document[key] = value
    with pytest.raises(Untrusted):
        read_trusted(orjson.dumps(document), Goal)
    assert read_trusted(encode(made), Goal) == made


# --- the checks that relate fields are kept ------------------------------------------------------


def _model_validators(cls: type[Any]) -> set[tuple[str, Any]]:
    """Every validator of ``cls`` written in the model's own modules (not a shared factory such
    as ``non_blank``): each takes the object and so may relate fields. Reads attrs' private
    ``_validators`` of a list of validators; a test may, the library does not."""
    found = set()
    for field in attrs.fields(cls):
        validator = field.validator
        parts = getattr(validator, "_validators", (validator,))
        for part in parts:
            function = getattr(part, "__func__", part)
            module = inspect.getmodule(function)
            if module in (goal, records) and inspect.isfunction(function):
                found.add((field.name, function))
    return found


@pytest.mark.parametrize(
    "cls", [Goal, Measure, ProgressEntry, Administration, Review, GoalRevision]
)
def test_every_check_that_relates_fields_is_listed_for_the_trusted_reader(cls: type[Any]) -> None:
    listed = {(name, check) for name, check in cross_field_checks(cls)}
    per_field = {"_check_parameters", "_each_coding"}  # look at one field's own value only
    written = {(name, f) for name, f in _model_validators(cls) if f.__name__ not in per_field}
    assert listed == written


def test_a_signed_row_whose_fields_disagree_is_read_strictly_and_refused(tmp_path: Path) -> None:
    # The checksum is right, so the row is trusted; but its due date is before its start,
    # which the relating checks still catch: the strict reader then explains.
    path = tmp_path / "goals.db"
    made = Goal(
        id="g1",
        client_id="c1",
        statement="Walk daily",
        start=date(2026, 3, 2),
        due=date(2026, 5, 1),
    )
    with SQLiteStore(path) as store:
        store.add(made)
    text = encode(made).replace('"due":"2026-05-01"', '"due":"2026-01-01"')
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE goals SET document = ?, checksum = ? WHERE id = 'g1'", (text, checksum(text))
        )
    with SQLiteStore(path) as store, pytest.raises(StorageError, match=r"goal 'g1'.*due"):
        store.get("g1")


# --- a changed byte is detected ----------------------------------------------------------------


def _filled_store(path: Path) -> dict[str, tuple[str, str]]:
    """A store with one row of each kind; for each table, the key of its row and its text."""
    made = Goal(
        id="g1",
        client_id="c1",
        statement="Sleep by 23:00 on weeknights",
        start=date(2026, 3, 2),
        due=date(2026, 6, 1),
        steps=(Step(id="s1", action="Phone in the kitchen at 22:30"),),
        plans=(IfThenPlan(id="p1", situation="I wake at 3 am", response="get up", step_id="s1"),),
    )
    entry = ProgressEntry(goal_id="g1", value=4, at=made.created, id="p1", note="tired")
    review = Review(
        goal_id="g1",
        achievement=AchievementStatus.IMPROVING,
        decision=ReviewDecision.CONTINUE,
        at=made.created,
        wins=("slept by 23:00 twice",),
        id="r1",
    )
    completion = StepCompletion(goal_id="g1", step_id="s1", day=date(2026, 3, 3), id="c1")
    use = PlanUse(goal_id="g1", plan_id="p1", at=made.created, helped=True, id="u1")
    with SQLiteStore(path) as store:
        store.add(made)
        store.add_progress(entry)
        store.add_review(review)
        store.add_step_completion(completion)
        store.add_plan_use(use)
    return {
        "goals": ("id", "g1"),
        "progress": ("id", "p1"),
        "reviews": ("id", "r1"),
        "step_completions": ("id", "c1"),
        "plan_uses": ("id", "u1"),
        "goal_history": ("goal_id", "g1"),
    }


def _read_everything(store: SQLiteStore) -> str | None:
    """Read every row; the error if one could not be read."""
    try:
        store.get("g1")
        list(store.goals())
        store.history("g1")
        list(store.progress("g1"))
        store.reviews("g1")
        store.step_completions("g1")
        store.plan_uses("g1")
    except StorageError as error:
        return str(error)
    return None


@given(text=st.text(max_size=300))
def test_the_checksum_is_the_crc_32_of_the_key_and_the_text(text: str) -> None:
    # As docs/storage.md says: CRC-32 (the zip/PNG polynomial) over the key naming the document
    # schema and trust version, then the document's UTF-8 text; 0xCBF43926 is the published check
    # value of CRC-32 over "123456789". The text is appended here, not chained as the code does.
    assert zlib.crc32(b"123456789") == 0xCBF43926
    key = b"therapy-goals document v1 trust v1"
    assert checksum(text) == zlib.crc32(key + text.encode("utf-8"))
    assert 0 <= checksum(text) < 2**32


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(
    table=st.sampled_from(
        ["goals", "progress", "reviews", "step_completions", "plan_uses", "goal_history"]
    ),
    column=st.sampled_from(["document", "checksum"]),
    where=st.floats(0, 1, exclude_max=True),
    change=st.integers(1, 255),
)
def test_a_changed_byte_in_any_row_is_detected(
    tmp_path_factory: pytest.TempPathFactory,
    caplog: pytest.LogCaptureFixture,
    table: str,
    column: str,
    where: float,
    change: int,
) -> None:
    path = tmp_path_factory.mktemp("flip") / "goals.db"
    keys = _filled_store(path)
    key, value = keys[table]
    with sqlite3.connect(path) as connection:
        [stored] = connection.execute(
            f"SELECT {column} FROM {table} WHERE {key} = ?", (value,)
        ).fetchone()
        if column == "checksum":  # a number of 4 bytes: change one of them
            changed: str | int = stored ^ (change << (8 * int(where * 4)))
        else:
            data = bytearray(stored.encode("utf-8"))
            at = int(where * len(data))
            data[at] ^= change
            changed = data.decode("utf-8", errors="replace")
            if changed == stored:  # the flip made a byte that is not UTF-8 text, replaced alike
                return
        connection.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (changed, value))
    caplog.clear()
    with SQLiteStore(path) as store, caplog.at_level(logging.WARNING, "therapy_goals"):
        error = _read_everything(store)
    assert error is None or "cannot be read" in error
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("does not match its checksum" in message for message in warnings), warnings
    assert all("tired" not in message and "23:00" not in message for message in warnings)


def test_a_row_without_a_checksum_is_read_strictly(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    _filled_store(path)
    with sqlite3.connect(path) as connection:
        for table in ("goals", "progress", "goal_history"):
            connection.execute(f"UPDATE {table} SET checksum = NULL")
        connection.execute(
            'UPDATE progress SET document = replace(document, \'"value":4\', \'"value":"4"\')'
        )
    with SQLiteStore(path) as store:
        assert store.get("g1").statement == "Sleep by 23:00 on weeknights"
        with pytest.raises(StorageError, match=r"progress entry 'p1' cannot be read: value"):
            list(store.progress("g1"))


# --- upgrading a store written before checksums ----------------------------------------------

SCHEMA_3 = Path(__file__).parent.parent / "data" / "stores" / "schema-3.db"
"""Written by therapy-goals at commit 2620d79 (schema 3); see make_schema_3.py beside it."""

_TABLES = {
    "goals": ("id", Goal),
    "goal_history": ("revision", Goal),
    "progress": ("id", ProgressEntry),
    "reviews": ("id", Review),
    "step_completions": ("id", StepCompletion),
}


def test_a_store_written_before_checksums_is_upgraded_and_every_row_signed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "goals.db"
    shutil.copyfile(SCHEMA_3, path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (3,)
        before = {
            table: {
                key: from_json(document, kind)
                for key, document in connection.execute(
                    f"SELECT {key_column}, document FROM {table}"
                )
            }
            for table, (key_column, kind) in _TABLES.items()
        }
    with SQLiteStore(path) as store:
        goal_now = store.get("g-sleep")
        history = store.history("g-sleep")
        entries = list(store.progress("g-sleep"))
        reviews = store.reviews("g-sleep")
        completions = store.step_completions("g-sleep")
    # What the file holds, by hand (make_schema_3.py): a goal updated once, seven entries.
    assert goal_now.revision == 2
    assert goal_now.notes == "Agreed in session 3"
    assert [entry.value for entry in entries] == [0, 1, 2, 3, 0, 1, 2]
    assert [entry.note for entry in entries].count("tired") == 1
    # ... and the same objects the strict reader made of the old rows.
    assert goal_now == before["goals"]["g-sleep"]
    assert [revision.goal for revision in history] == [before["goal_history"][n] for n in (1, 2)]
    assert entries == sorted(before["progress"].values(), key=lambda entry: entry.at)
    assert reviews == list(before["reviews"].values())
    assert completions == list(before["step_completions"].values())
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        # The goal's creation, 09:00 UTC on 2 March (make_schema_3.py), as the sortable column
        # goals_by_due orders by.
        assert connection.execute("SELECT created FROM goals").fetchall() == [
            ("2026-03-02T09:00:00.000000Z",)
        ]
        for table in _TABLES:
            rows = connection.execute(f"SELECT document, checksum FROM {table}").fetchall()
            assert rows, table
            assert all(signed == checksum(text) for text, signed in rows), table


def test_an_unreadable_old_row_is_left_unsigned_and_still_explained(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    shutil.copyfile(SCHEMA_3, path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE progress SET document = '{not json' WHERE id = 'p3'")
    with SQLiteStore(path) as store:
        with pytest.raises(StorageError, match=r"progress entry 'p3' cannot be read"):
            list(store.progress("g-sleep"))
        assert store.get("g-sleep").revision == 2
    with sqlite3.connect(path) as connection:
        unsigned = connection.execute("SELECT id FROM progress WHERE checksum IS NULL").fetchall()
    assert unsigned == [("p3",)]


@pytest.mark.parametrize("page", [1, 2, 3, 500])
def test_old_rows_are_signed_page_by_page_past_an_unreadable_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: int
) -> None:
    # Signing reads the old rows in pages (a large store is never all in memory); a row that
    # cannot be read stays unsigned without stopping the pages after it or looping on it.
    monkeypatch.setattr(sql, "_FETCH", page)
    path = tmp_path / "goals.db"
    shutil.copyfile(SCHEMA_3, path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE progress SET document = '{not json' WHERE id = 'p3'")
    with SQLiteStore(path):
        pass
    with sqlite3.connect(path) as connection:
        signed = connection.execute(
            "SELECT id FROM progress WHERE checksum IS NOT NULL ORDER BY id"
        ).fetchall()
        revisions = connection.execute(
            "SELECT count(*) FROM goal_history WHERE checksum IS NOT NULL"
        ).fetchone()
    assert [row[0] for row in signed] == ["p0", "p1", "p2", "p4", "p5", "p6"]
    assert revisions == (2,)


@pytest.mark.parametrize("table", ["goals", "goal_history", "progress", "reviews"])
def test_postgres_reads_a_changed_row_strictly_and_says_so(
    postgres_schema_url: Callable[[], str], caplog: pytest.LogCaptureFixture, table: str
) -> None:
    # The same signed rows on PostgreSQL: one changed letter in a document is seen.
    import psycopg

    url = postgres_schema_url()
    made = Goal(id="g1", client_id="c1", statement="Walk daily", start=date(2026, 3, 2))
    with open_store(url) as store:
        store.add(made)
        store.add_progress(ProgressEntry(goal_id="g1", value=3, at=made.created, id="p1"))
        store.add_review(
            Review(
                goal_id="g1",
                achievement=AchievementStatus.IMPROVING,
                decision=ReviewDecision.CONTINUE,
                at=made.created,
                id="r1",
            )
        )
    with psycopg.connect(url, autocommit=True) as connection:
        before, after = {"progress": ("p1", "p9"), "reviews": ("r1", "r9")}.get(table, ("c1", "c2"))
        connection.execute(
            f"UPDATE {table} SET document = replace(document, %s, %s)",
            (before, after),
        )
    with open_store(url) as store, caplog.at_level(logging.WARNING, "therapy_goals"):
        assert store.get("g1").client_id == ("c2" if table == "goals" else "c1")
        assert store.history("g1")[0].goal.client_id == ("c2" if table == "goal_history" else "c1")
        assert [e.id for e in store.progress("g1")] == ["p9" if table == "progress" else "p1"]
        assert [r.id for r in store.reviews("g1")] == ["r9" if table == "reviews" else "r1"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "does not match its checksum" in warnings[0]
