"""The iCalendar export plans exactly what the schedule plans (issue 17).

Checked with a real parser: icalendar reads the file and recurring-ical-events expands every
recurrence, as a calendar application would; the expected count is the hand formula adherence
uses (count x occurrences per day of the period x days, whole occurrences).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import attrs
import icalendar
import pytest
import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import ClientRecord, Goal, Period, Schedule, Step
from therapy_goals.exchange.calendar import record_to_ics

DAYS_PER_OCCURRENCE_RATE = {Period.DAY: 1.0, Period.WEEK: 1 / 7, Period.MONTH: 12 / 364}
"""Occurrences a day for one per day, week, month (a month is 52/12 weeks, as adherence has it)."""


def record_with(schedule: Schedule, start: date, days: int, action: str = "Walk") -> ClientRecord:
    goal = Goal(
        id="g1",
        client_id="c1",
        statement="Walk",
        start=start,
        due=start + timedelta(days=days - 1),
        steps=(Step(id="s1", action=action, schedule=schedule),),
        created=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return ClientRecord(client_id="c1", goals=(goal,))


def occurrences(ics: bytes, start: date, days: int) -> list[object]:
    calendar = icalendar.Calendar.from_ical(ics)
    return list(recurring_ical_events.of(calendar).between(start, start + timedelta(days=days)))


@given(
    count=st.integers(1, 12),
    per=st.sampled_from(Period),
    start=st.dates(date(2024, 1, 1), date(2030, 12, 31)),
    days=st.integers(1, 1200),
)
def test_expanded_occurrences_are_the_planned_number(
    count: int, per: Period, start: date, days: int
) -> None:
    planned = math.floor(count * DAYS_PER_OCCURRENCE_RATE[per] * days + 1e-9)
    ics = record_to_ics(record_with(Schedule(count=count, per=per), start, days))
    found = occurrences(ics, start, days)
    assert len(found) == planned
    assert all(start <= _day(event) < start + timedelta(days=days) for event in found)


def _day(event: object) -> date:
    value = event["DTSTART"].dt  # type: ignore[index]
    return value if not isinstance(value, datetime) else value.date()


@pytest.mark.parametrize(
    ("schedule", "rule"),
    [
        (Schedule(count=3, per=Period.WEEK), {"FREQ": ["WEEKLY"], "BYDAY": ["MO", "WE", "SA"]}),
        (Schedule(count=1, per=Period.WEEK), {"FREQ": ["WEEKLY"], "BYDAY": ["MO"]}),
        (Schedule(count=2, per=Period.MONTH), {"FREQ": ["WEEKLY"], "INTERVAL": [2]}),
        (Schedule(count=1, per=Period.MONTH), {"FREQ": ["MONTHLY"]}),
        (Schedule(count=3, per=Period.MONTH), {"FREQ": ["DAILY"], "INTERVAL": [10]}),
        (Schedule(count=4, per=Period.MONTH), {"FREQ": ["WEEKLY"]}),
        (Schedule(count=1, per=Period.DAY), {"FREQ": ["DAILY"]}),
    ],
)
def test_a_schedule_reads_as_a_person_would_set_it(
    schedule: Schedule, rule: dict[str, object]
) -> None:
    """3 a week is three weekdays spread from the start day (a Monday); every two weeks
    (2 a month) is every other week, not monthly."""
    ics = record_to_ics(record_with(schedule, date(2026, 3, 2), 84))
    [event] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    found = {key: event["RRULE"][key] for key in rule}
    assert found == rule
    assert "COUNT" in event["RRULE"]


def test_each_event_has_a_reminder_a_stable_uid_and_a_stamp() -> None:
    record = record_with(Schedule(count=3, per=Period.WEEK), date(2026, 3, 2), 28)
    first, again = record_to_ics(record), record_to_ics(record)
    assert first == again  # re-exporting (or re-subscribing) gives the same events, same UIDs
    [event] = icalendar.Calendar.from_ical(first).walk("VEVENT")
    assert str(event["UID"]) == "g1-s1@therapy-goals"
    assert event.decoded("DTSTAMP") == datetime(2026, 1, 1, tzinfo=UTC)
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(hours=9)  # 9:00 on the day


def test_several_a_day_are_several_events_a_day() -> None:
    ics = record_to_ics(record_with(Schedule(count=3, per=Period.DAY), date(2026, 3, 2), 10))
    events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert sorted(str(e["UID"]) for e in events) == [
        "g1-s1-1@therapy-goals",
        "g1-s1-2@therapy-goals",
        "g1-s1-3@therapy-goals",
    ]
    assert len(occurrences(ics, date(2026, 3, 2), 10)) == 30


def test_a_goal_without_a_due_date_repeats_until_changed() -> None:
    record = record_with(Schedule(count=1, per=Period.WEEK), date(2026, 3, 2), 28)
    open_ended = attrs.evolve(record, goals=(attrs.evolve(record.goals[0], due=None),))
    [event] = icalendar.Calendar.from_ical(record_to_ics(open_ended)).walk("VEVENT")
    assert "COUNT" not in event["RRULE"]
    assert "UNTIL" not in event["RRULE"]
    assert len(occurrences(record_to_ics(open_ended), date(2026, 3, 2), 70)) == 10
