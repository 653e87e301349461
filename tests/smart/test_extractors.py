"""Each step of the statement reader on its own (issue 15): what it reads, and that it blanks the
words it used so that the next step cannot read them again."""

from __future__ import annotations

from datetime import date, time

from therapy_goals.model import Period
from therapy_goals.smart.patterns import Reader, normalise
from therapy_goals.smart.text import (
    _read_duration,
    _read_frequency,
    _read_horizon,
    _read_score,
    _read_start,
    _read_time_of_day,
)

TODAY = date(2026, 3, 2)  # a Monday


def reader(text: str) -> Reader:
    return Reader(normalise(text))


def test_normalising_makes_numbers_digits_and_spacing_single() -> None:
    assert normalise("Walk  twenty-five minutes TWICE a week") == "walk 25 minutes 2 times a week"
    assert normalise("ten thousand steps, half an hour") == "10000 steps, 30 minutes"


def test_start_is_read_and_blanked() -> None:
    read = reader("starting next week, walk daily")
    assert _read_start(read, TODAY) == date(2026, 3, 9)
    assert "starting" not in read.rest


def test_time_of_day_is_read_and_blanked_with_its_words() -> None:
    read = reader("be in bed by 12:15 am")
    assert _read_time_of_day(read) == (time(0, 15), "by 12:15 am")
    assert read.rest.strip() == "be in bed"
    assert _read_time_of_day(reader("by 25 pm")) == (None, None)


def test_score_is_read_with_a_strict_target() -> None:
    score = _read_score(reader("bring my phq-9 from 18 to below 10"))
    assert score is not None
    assert (score.questionnaire, score.baseline, score.target) == ("phq9", 18, 9)


def test_frequency_reads_counts_before_cadences() -> None:
    read = reader("walk 3 times a week every morning")
    frequency = _read_frequency(read)
    assert frequency is not None
    assert (frequency.count, frequency.per) == (3, Period.WEEK)
    again = _read_frequency(read)  # the cadence is left for a second look
    assert again is not None
    assert (again.count, again.per) == (1, Period.DAY)


def test_duration_says_whether_it_is_effort() -> None:
    assert _read_duration(reader("walk for 1.5 hours")) == (90, True)
    assert _read_duration(reader("no more than 20 minutes of naps")) == (20, False)


def test_horizon_is_read_and_an_impossible_date_is_none() -> None:
    horizon = _read_horizon(reader("finish by the end of the first week"), TODAY)
    assert horizon is not None
    assert horizon.due == date(2026, 3, 8)
    assert _read_horizon(reader("finish by 2026-02-30"), TODAY) is None
