"""Review dates and step schedules as an iCalendar (``.ics``) file, via the icalendar package.

Each scheduled step becomes recurring all-day events from the goal's start that plan exactly what
its schedule plans, the number adherence counts (see :meth:`Schedule.planned_in`):

- ``n`` a day: ``n`` daily events;
- ``n`` a week (up to 7): one weekly event on ``n`` weekdays spread from the start day (3 a week
  from a Monday: Monday, Wednesday, Saturday); more than 7 a week: daily events for the whole
  weeks' worth, plus a weekly one for the rest;
- ``n`` a month: monthly (1), every other week (2), weekly (4), else every few days.

With a due date each event has a ``COUNT``, so the occurrences a calendar shows up to the due
date are the planned number; without one it repeats until the goal changes. Each event has a
reminder at 9:00 on the day, a ``UID`` made of the goal's and step's ids (re-importing or
re-subscribing updates events instead of doubling them) and the goal's last change as its
``DTSTAMP``, so the same record always gives the same file. Planned reviews (a review's
``next_review``) are all-day events. Needs ``icalendar`` (the ``[calendar]`` extra).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from therapy_goals.errors import MissingDependencyError
from therapy_goals.model import ClientRecord, Goal, Period, Schedule, Step

__all__ = ["record_to_ics", "recurrences"]

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAYS_PER_MONTH_OCCURRENCE = 364 / 12
"""A month as adherence counts it: 52/12 weeks."""
REMINDER = timedelta(hours=9)
"""When the reminder of an all-day step event goes off: 9:00 on the day."""


def recurrences(schedule: Schedule, start: date, due: date | None) -> list[dict[str, Any]]:
    """The RRULEs (as icalendar takes them) that plan ``schedule`` from ``start`` to ``due``.

    With ``due``, their ``COUNT``s add up to the whole occurrences the schedule plans in those
    days, the number adherence uses; a rule whose count would be 0 is left out.
    """
    days = None if due is None else (due - start).days + 1
    rules: list[tuple[dict[str, Any], Schedule]] = []
    count, per = schedule.count, schedule.per
    if per is Period.DAY:
        rules += [({"freq": "DAILY"}, Schedule(count=1, per=Period.DAY))] * count
    elif per is Period.WEEK:
        rules += [({"freq": "DAILY"}, Schedule(count=1, per=Period.DAY))] * (count // 7)
        if count % 7:
            first = start.weekday()
            spread = sorted({(first + round(i * 7 / (count % 7))) % 7 for i in range(count % 7)})
            by_day = [_WEEKDAYS[d] for d in sorted(spread, key=lambda d: (d - first) % 7)]
            rules.append(
                ({"freq": "WEEKLY", "byday": by_day}, Schedule(count=count % 7, per=Period.WEEK))
            )
    else:
        rules.append((_monthly(count, start, days), schedule))
    made = []
    for rule, part in rules:
        if days is None:
            made.append(rule)
            continue
        planned = math.floor(part.planned_in(days) + 1e-9)
        if planned > 0:
            made.append({**rule, "count": planned})
    return made


def _monthly(count: int, start: date, days: int | None) -> dict[str, Any]:
    """``count`` a month as a person would set it in a calendar, spaced no wider than a month's
    share (52/12 weeks / count) so that a ``COUNT`` always fits before the due date.

    Monthly on the start's day of the month only when every month has that day (a 30th skips
    February) and the goal is under 3 years (31-day months run ahead of 52/12 weeks slowly).
    """
    if count == 1 and start.day <= 28 and (days is None or days <= 3 * 365):
        return {"freq": "MONTHLY"}
    weeks = _DAYS_PER_MONTH_OCCURRENCE / count / 7
    whole = round(weeks)
    if whole >= 1 and 0 <= weeks - whole <= 0.2:  # a whole number of weeks, never wider
        return {"freq": "WEEKLY", "interval": whole} if whole > 1 else {"freq": "WEEKLY"}
    return {"freq": "DAILY", "interval": max(1, math.floor(_DAYS_PER_MONTH_OCCURRENCE / count))}


def record_to_ics(record: ClientRecord) -> bytes:
    """An iCalendar file with the record's step schedules and planned reviews."""
    try:
        import icalendar  # noqa: PLC0415 - optional
    except ImportError as error:
        raise MissingDependencyError(
            "the calendar export needs icalendar; install therapy-goals[calendar]"
        ) from error
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//therapy-goals//EN")
    calendar.add("version", "2.0")
    goals = {goal.id: goal for goal in record.goals}
    for goal in record.goals:
        for step in goal.steps:
            if step.schedule is None:
                continue
            rules = recurrences(step.schedule, goal.start, goal.due)
            for number, rule in enumerate(rules, start=1):
                uid = f"{goal.id}-{step.id}" + (f"-{number}" if len(rules) > 1 else "")
                calendar.add_component(_step_event(icalendar, goal, step, rule, uid))
    for review in record.reviews:
        if review.next_review is None or review.goal_id not in goals:
            continue
        event = icalendar.Event()
        event.add("uid", f"review-{review.id}@therapy-goals")
        event.add("dtstamp", review.at)
        event.add("summary", "Goal review")
        event.add("dtstart", review.next_review)
        event.add("dtend", review.next_review + timedelta(days=1))
        event.add("description", goals[review.goal_id].statement)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _step_event(icalendar: Any, goal: Goal, step: Step, rule: dict[str, Any], uid: str) -> Any:
    schedule = step.schedule
    assert schedule is not None  # only scheduled steps get here
    event = icalendar.Event()
    event.add("uid", f"{uid}@therapy-goals")
    event.add("dtstamp", goal.updated)
    event.add("summary", step.action)
    event.add("dtstart", goal.start)
    event.add("dtend", goal.start + timedelta(days=1))
    event.add("rrule", rule)
    event.add("description", f"{schedule.count} times per {schedule.per.value}")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", step.action)
    alarm.add("trigger", REMINDER)
    event.add_component(alarm)
    return event
