"""Dates the statement reader works out: "by the end of the month", "next Friday", "in 8 weeks".

Every helper returns ``None`` rather than raising when a date cannot exist (the 31st of a short
month, a year beyond 9999), so that reading a statement never fails.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from therapy_goals.smart import vocabulary as vocab


def safe(compute: Callable[[], date]) -> date | None:
    try:
        return compute()
    except (OverflowError, ValueError):
        return None


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def after(today: date, amount: int, unit: str) -> date | None:
    unit = unit.rstrip("s")
    if unit == "day":
        return safe(lambda: today + timedelta(days=amount))
    if unit == "week":
        return safe(lambda: today + timedelta(weeks=amount))
    if unit == "session":  # therapy sessions are weekly, unless a goal says otherwise
        return safe(lambda: today + timedelta(weeks=amount))
    if unit == "fortnight":
        return safe(lambda: today + timedelta(weeks=2 * amount))
    if unit == "month":
        return safe(lambda: add_months(today, amount))
    return safe(lambda: add_months(today, 12 * amount))


def next_weekday(today: date, name: str, *, skip_week: bool = False) -> date | None:
    ahead = (vocab.WEEKDAYS.index(name) - today.weekday()) % 7 or 7  # "by Monday", on a Monday
    return safe(lambda: today + timedelta(days=ahead + (7 if skip_week else 0)))


def month_number(name: str) -> int:
    return vocab.MONTH_ABBREVIATIONS[name[:4] if name.startswith("sept") else name[:3]]


def next_date(today: date, month: int, day: int | None, year: int | None) -> date | None:
    def build(y: int) -> date:
        last = calendar.monthrange(y, month)[1]
        return date(y, month, min(day, last) if day else last)

    if year is not None:
        return safe(lambda: build(year))
    candidate = safe(lambda: build(today.year))
    if candidate is not None and candidate < today:
        return safe(lambda: build(today.year + 1))
    return candidate
