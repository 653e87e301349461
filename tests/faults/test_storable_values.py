"""Issue 18: the model refuses what no backend can store, so a value accepted is a value every
store keeps: lone surrogates (no UTF-8 for them), NUL (PostgreSQL text refuses it), and moments
whose UTC value falls outside years 1-9999 (they overflowed on write, or broke progress())."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from therapy_goals import Goal, ProgressEntry, ValidationError, open_store


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("walk \ud800 daily", "must not hold a lone surrogate (U+D800), which no store can keep"),
        ("walk\x00daily", "must not hold the NUL character (U+0000), which no store can keep"),
    ],
)
def test_text_no_store_can_keep_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        Goal(client_id="c1", statement=text, start=date(2026, 3, 2))
    assert str(info.value) == f"statement: {message}"
    with pytest.raises(ValidationError, match="client_id: must not hold"):
        Goal(client_id=text, statement="Walk", start=date(2026, 3, 2))


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=5))),  # UTC: the year 0
        datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5))),  # UTC: year 10000
    ],
)
def test_a_moment_outside_years_1_to_9999_in_utc_is_refused(moment: datetime) -> None:
    with pytest.raises(
        ValidationError, match=r"created: must fall between 0001-01-02 and 9999-12-30 in UTC"
    ):
        Goal(client_id="c1", statement="Walk", start=date(2026, 3, 2), created=moment)


def test_the_edges_that_are_kept_round_trip_through_a_store(tmp_path: object) -> None:
    earliest = datetime(1, 1, 2, tzinfo=UTC)
    goal = Goal(client_id="c1", statement="Walk \U0001f6b6", start=date(2, 1, 1), created=earliest)
    with open_store("memory://") as store:
        saved = store.add(goal)
        assert store.get(goal.id).created == earliest
        entry = ProgressEntry(goal_id=saved.id, value=1, at=datetime(2, 1, 1, tzinfo=UTC))
        store.add_progress(entry)
        assert [e.at for e in store.progress(saved.id)] == [entry.at]
