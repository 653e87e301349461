"""The sortable timestamp columns: fixed-width UTC text whose order is time order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from therapy_goals.storage.sql import sortable

aware = st.datetimes(
    min_value=datetime(1, 1, 2),  # naive bounds; the zones are drawn below
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-9, minutes=-30))]
    ),
)


def test_a_moment_is_written_as_utc_with_microseconds() -> None:
    # By hand: 11:30 at +02:00 is 09:30 UTC.
    moment = datetime(2026, 3, 2, 11, 30, 5, 120, tzinfo=timezone(timedelta(hours=2)))
    assert sortable(moment) == "2026-03-02T09:30:05.000120Z"
    assert sortable(datetime(2026, 3, 2, tzinfo=UTC)) == "2026-03-02T00:00:00.000000Z"


@given(aware)
def test_the_text_is_what_strftime_has_always_written(moment: datetime) -> None:
    # The format stores have used since schema 1, so that rows written before compare alike.
    assert sortable(moment) == moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@given(aware, aware)
def test_text_order_is_time_order(first: datetime, second: datetime) -> None:
    if first.astimezone(UTC).year >= 1000 and second.astimezone(UTC).year >= 1000:
        assert (sortable(first) < sortable(second)) == (first < second)
