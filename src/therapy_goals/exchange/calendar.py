"""Review dates and step schedules as an iCalendar (``.ics``) file, via the icalendar package.

Each scheduled step becomes a recurring event from the goal's start until its due date; each
planned review (a review's ``next_review``) becomes an all-day event. Needs ``icalendar``
(installed with the ``[calendar]`` extra).
"""

from __future__ import annotations

from datetime import timedelta

from therapy_goals.errors import MissingDependencyError
from therapy_goals.model import ClientRecord, Period

__all__ = ["record_to_ics"]

_FREQUENCY = {Period.DAY: "DAILY", Period.WEEK: "WEEKLY", Period.MONTH: "MONTHLY"}


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
            event = icalendar.Event()
            event.add("uid", f"{goal.id}-{step.id}@therapy-goals")
            event.add("summary", step.action)
            event.add("dtstart", goal.start)
            event.add("dtend", goal.start + timedelta(days=1))
            rule: dict[str, object] = {
                "freq": _FREQUENCY[step.schedule.per],
                "count" if goal.due is None else "until": 12 if goal.due is None else goal.due,
            }
            event.add("rrule", rule)
            event.add("description", f"{step.schedule.count} times per {step.schedule.per.value}")
            calendar.add_component(event)
    for review in record.reviews:
        if review.next_review is None or review.goal_id not in goals:
            continue
        event = icalendar.Event()
        event.add("uid", f"review-{review.id}@therapy-goals")
        event.add("summary", "Goal review")
        event.add("dtstart", review.next_review)
        event.add("dtend", review.next_review + timedelta(days=1))
        event.add("description", goals[review.goal_id].statement)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
