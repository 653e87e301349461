"""The shared reader of the language packs (Spanish, German): a statement read from word lists
and patterns in a data file.

English has a reader of its own (:mod:`therapy_goals.smart.text`), grown case by case over a
labelled set of 349 statements. A new language starts from this one: everything it knows of the
language is in its data file (see :mod:`therapy_goals.smart.wordlists` for the sections) and two
small functions of its pack, one that writes number words as digits ("veinticinco" -> "25",
"dreimal" -> "3 mal") and one that gives a verb's forms. It finds the facts the SMART rules judge
by (an action, how often, how long, by when, a score, a reason, vague aims, hedges, ...); what it
does not find stays empty, so a rule that needs it stays quiet rather than wrong.

The patterns use named groups, so that a pack's file says what each part means: ``count`` and
``period`` (how often), ``amount`` with ``hours`` or ``minutes`` (how long), ``n`` and ``unit``
(a horizon's length), ``day``, ``month`` and ``year`` (a date), ``hour``, ``minute`` and ``pm``
(a time of day), ``target``, ``baseline`` and ``strict`` (a score). Every pattern runs once over
the statement, in linear time: none nests a repeat inside a repeat.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, time, timedelta

from therapy_goals.contracts.statements import (
    Frequency,
    Horizon,
    Quantity,
    ScoreTarget,
    StatementFacts,
)
from therapy_goals.model import Direction, Period
from therapy_goals.smart import vocabulary as vocab
from therapy_goals.smart.dates import (
    add_months,
    after,
    end_of_month,
    next_date,
    next_weekday,
    safe,
)
from therapy_goals.smart.patterns import NUMBER, SCORE_MENTION, Reader, phrases_in
from therapy_goals.smart.wordlists import LanguageWords

__all__ = ["PackReader", "continental_digits"]

_ENGLISH_WEEKDAYS = vocab.WEEKDAYS
_QUOTES = re.compile(r"[\u2018\u2019\u02bc]")
_DASHES = re.compile(r"[\u2013\u2014]")
_SCALE_NAME = re.compile(r"\b(phq|gad|pcl|core|dass)[\s-]?(\d+)\b")
_SPACES = re.compile(r"\s+")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_THOUSANDS = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{3})(?![\d.])")
_DECIMAL_COMMA = re.compile(r"(?<!\d)(\d+),(\d{1,2})(?!\d)")


def continental_digits(text: str) -> str:
    """Numbers as Spanish and German write them, in the reader's form: "12.000 pasos" ->
    "12000 pasos", "1,5 horas" -> "1.5 horas" (a date such as 15.04.2026 is left alone)."""
    return _DECIMAL_COMMA.sub(r"\1.\2", _THOUSANDS.sub(r"\1\2", text))


class PackReader:
    """Reads statements in one language from its words (a :class:`LanguageWords`).

    ``numbers`` writes a normalised text's number words as digits; ``forms`` gives the forms of
    a verb in the pack's ``action_verbs`` (irregular ones come from the file's ``forms``);
    ``fold`` is applied to the text and to every word of the file (Spanish drops accents, which
    people often leave out when they type).
    """

    def __init__(
        self,
        words: LanguageWords,
        *,
        numbers: Callable[[str], str],
        forms: Callable[[str], Iterable[str]],
        fold: Callable[[str], str] = lambda text: text,
    ) -> None:
        self.words = words
        self.numbers = numbers
        self.fold = fold
        self.patterns = words.patterns
        self.verb_forms: dict[str, str] = {
            form: verb for verb in sorted(words.sets["action_verbs"]) for form in forms(verb)
        }
        self.verb_forms.update(words.forms)
        self.change_forms: dict[str, Direction] = {
            **{f: Direction.DECREASE for w in words.sets["decrease_words"] for f in forms(w)},
            **{f: Direction.INCREASE for w in words.sets["increase_words"] for f in forms(w)},
        }
        self.months = {name: index + 1 for index, name in enumerate(words.phrases["months"])}
        self.weekdays = dict(zip(words.phrases["weekdays"], _ENGLISH_WEEKDAYS, strict=True))
        cadences = sorted(words.cadences, key=len, reverse=True)
        self.cadence = re.compile(
            r"\b(" + "|".join(re.escape(c) for c in cadences) + r")\b" if cadences else r"(?!)"
        )
        self.areas = {area: frozenset(keywords) for area, keywords in words.area_keywords.items()}

    def normalise(self, text: str) -> str:
        """Lower case, plain quotes and dashes, number words as digits, single spaces."""
        lowered = _DASHES.sub("-", _QUOTES.sub("'", self.fold(text.lower())))
        lowered = self.numbers(lowered)
        lowered = _SCALE_NAME.sub(r"\1\2", lowered)
        return _SPACES.sub(" ", lowered).strip()

    def _match(self, name: str, text: str) -> re.Match[str] | None:
        pattern = self.patterns.get(name)
        return pattern.search(text) if pattern is not None else None

    def _take(self, reader: Reader, name: str) -> re.Match[str] | None:
        pattern = self.patterns.get(name)
        return reader.take(pattern) if pattern is not None else None

    def __call__(self, text: str, today: date) -> StatementFacts:
        """The facts of ``text``, read on ``today``. Never raises on any string."""
        normalised = self.normalise(text)
        reader = Reader(normalised)
        time_of_day = self._time_of_day(reader)
        score = self._score(reader)
        frequency = self._frequency(reader)
        duration, is_load = self._duration(reader)
        quantity = self._quantity(reader)
        horizon = self._horizon(reader, today)
        words = WORD.findall(normalised)
        reason_at = self._reason_start(normalised)
        main = normalised[:reason_at] if reason_at is not None else normalised
        auxiliary = self.patterns.get("auxiliary")  # "voy a caminar": the verb is "caminar"
        main_for_verbs = auxiliary.sub(" ", main) if auxiliary is not None else main
        vague_pattern = self.patterns.get("vague")
        vague = tuple(m[0] for m in vague_pattern.finditer(main)) if vague_pattern else ()
        outside_vague = vague_pattern.sub(" ", main_for_verbs) if vague_pattern else main_for_verbs
        verbs = tuple(
            dict.fromkeys(
                self.verb_forms[w] for w in WORD.findall(outside_vague) if w in self.verb_forms
            )
        )
        directions = [self.change_forms[w] for w in words if w in self.change_forms]
        phrases = self.words.phrases
        is_abstinence = not self.words.sets["abstinence_topics"].isdisjoint(words) or bool(
            phrases_in(normalised, phrases["abstinence_phrases"])
        )
        anchored = bool(re.search(r"\d", main)) or time_of_day is not None
        other = self._match("other_person", normalised)
        completion = (
            None
            if frequency is not None
            else next(iter(phrases_in(main, phrases["completion_verbs"])), None)
        )
        return StatementFacts(
            text=text,
            normalised=normalised,
            action_verbs=verbs,
            change_direction=directions[0] if directions else None,
            has_change_verb=bool(directions),
            vague_phrases=vague,
            avoidance_words=phrases_in(normalised, phrases["avoidance_words"]),
            absolute_words=()
            if is_abstinence
            else phrases_in(normalised, phrases["absolute_words"]),
            numbers=tuple(float(n) for n in NUMBER.findall(reader.rest)),
            frequency=frequency,
            duration_minutes=duration,
            duration_is_load=is_load and duration is not None,
            time_of_day=time_of_day,
            horizon=horizon,
            score=score,
            quantity=quantity,
            area=self._area(words, score),
            reason=self._reason(text, normalised, reason_at),
            other_person=other[0] if other else None,
            is_abstinence=is_abstinence,
            hedges=phrases_in(main, phrases["hedges"]),
            comparatives=() if anchored else phrases_in(main, phrases["comparative_words"]),
            insight_phrases=phrases_in(main, phrases["insight_phrases"]),
            completion=completion,
            details=phrases_in(main, phrases["detail_phrases"]),
        )

    # --- the parts ------------------------------------------------------------------------------

    def _time_of_day(self, reader: Reader) -> time | None:
        match = self._take(reader, "time_of_day")
        if match is None:
            return None
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if match["pm"] and hour < 12:
            hour += 12
        if hour > 23 or minute > 59:
            return None
        return time(hour, minute)

    def _score(self, reader: Reader) -> ScoreTarget | None:
        mention = SCORE_MENTION.search(reader.rest)
        if mention is None:
            return None
        rest = reader.rest[mention.end() :]
        baseline = target = None
        spans = [(mention.start(), mention.end())]
        for name in ("score_from_to", "score_target"):
            found = self._match(name, rest)
            if found is not None and found.start() <= 40:
                groups = found.groupdict()
                if groups.get("baseline"):
                    baseline = float(groups["baseline"])
                target = float(found["target"]) - (1 if groups.get("strict") else 0)
                spans.append((mention.end() + found.start(), mention.end() + found.end()))
                break
        for start, end in spans:  # blank what was read, not what lies between ("bis zum 1. Juli")
            reader.rest = reader.rest[:start] + " " * (end - start) + reader.rest[end:]
        return ScoreTarget(mention[1], baseline, target, None)

    def _period(self, word: str) -> Period | None:
        unit = self.words.units.get(word)
        if unit == "year":
            return None
        return Period(unit) if unit is not None else self.words.period_words.get(word)

    def _frequency(self, reader: Reader) -> Frequency | None:
        for name in ("times_per", "times_adverb", "days_per"):
            match = self._take(reader, name)
            if match is not None and int(match["count"]) > 0:
                period = self._period(match["period"])
                if period is not None:
                    return Frequency(int(match["count"]), period, match[0].strip())
        match = self._take(reader, "every_n")
        if match is not None and 0 < int(match["n"]) <= 366:
            unit = self.words.units.get(match["unit"], "day")
            window = int(match["n"]) * {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
            per = Period.WEEK if window <= 7 else Period.MONTH
            return Frequency(1, per, match[0].strip(), window)
        match = reader.take(self.cadence)
        if match is not None:
            count, per = self.words.cadences[match[1]]
            return Frequency(count, per, match[1])
        return None

    def _duration(self, reader: Reader) -> tuple[int | None, bool]:
        match = self._match("duration", reader.rest)
        if match is None:
            return None, False
        amount = float(match["amount"])
        minutes = round(amount * 60) if match["hours"] else round(amount)
        before = reader.rest[max(0, match.start() - 25) : match.start()]
        limit = self._match("limit_before", before) is not None
        rest = self._match("rest_words", reader.rest) is not None
        return (minutes if minutes > 0 else None), not (limit or rest)

    def _quantity(self, reader: Reader) -> Quantity | None:
        match = self._match("quantity", reader.rest)
        if match is None:
            return None
        period = self._period(match["period"])
        if period is None:
            return None
        before = reader.rest[max(0, match.start() - 25) : match.start()]
        limit = self._match("limit_before", before) is not None
        return Quantity(float(match["amount"]), match["unit"].strip(), period, limit)

    def _horizon(self, reader: Reader, today: date) -> Horizon | None:
        for name, due in (
            ("iso", self._iso),
            ("numeric", self._numeric),
            ("horizon_span", self._span),
            ("horizon_span_after", self._span),
            ("horizon_one", self._one),
            ("horizon_first", self._one),
            ("horizon_month_end", self._month_end),
            ("horizon_date", self._date),
            ("horizon_end", self._end),
            ("horizon_next", self._end),
            ("horizon_this", self._end),
            ("horizon_weekday", self._weekday),
            ("horizon_day", self._day),
        ):
            pattern = {"iso": _ISO, "numeric": _NUMERIC_DATE}.get(name) or self.patterns.get(name)
            if pattern is None:
                continue
            match = reader.take(pattern)
            if match is None:
                continue
            day = due(match, today)
            if day is not None:
                return Horizon(match[0].strip(), day)
        match = self._take(reader, "horizon_dateless")
        return Horizon(match[0].strip(), None) if match is not None else None

    def _iso(self, match: re.Match[str], today: date) -> date | None:
        return safe(lambda: date(int(match[1]), int(match[2]), int(match[3])))

    def _numeric(self, match: re.Match[str], today: date) -> date | None:
        """Day first, as Spanish and German write dates (15/04/2026, 15.04.2026)."""
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        return safe(lambda: date(year, int(match[2]), int(match[1])))

    def _span(self, match: re.Match[str], today: date) -> date | None:
        unit = self.words.units.get(match["unit"])
        amount = int(match["n"])
        if unit is None or amount <= 0:
            return None
        return after(today, amount, unit)

    def _one(self, match: re.Match[str], today: date) -> date | None:
        unit = self.words.units.get(match["unit"])
        return after(today, 1, unit) if unit is not None else None

    def _date(self, match: re.Match[str], today: date) -> date | None:
        month = self.months.get(match["month"])
        if month is None:
            return None
        year = int(match["year"]) if match.groupdict().get("year") else None
        return next_date(today, month, int(match["day"]), year)

    def _month_end(self, match: re.Match[str], today: date) -> date | None:
        """The last day of the month named ("bis Ende Mai"), this year or, once past, next."""
        month = self.months.get(match["month"])
        return next_date(today, month, None, None) if month is not None else None

    def _end(self, match: re.Match[str], today: date) -> date | None:
        """The end of this (or, with a ``next`` group, the next) week, month or year."""
        unit = self.words.units.get(match["unit"])
        step = 1 if match.groupdict().get("next") else 0
        if unit == "week":
            return safe(lambda: today + timedelta(days=6 - today.weekday() + 7 * step))
        if unit == "month":
            return safe(lambda: end_of_month(add_months(today, step)))
        if unit == "year":
            return safe(lambda: date(today.year + step, 12, 31))
        return None

    def _weekday(self, match: re.Match[str], today: date) -> date | None:
        english = self.weekdays.get(match["weekday"])
        if english is None:
            return None
        return next_weekday(today, english, skip_week=bool(match.groupdict().get("next")))

    def _day(self, match: re.Match[str], today: date) -> date | None:
        return today if not match.groupdict().get("tomorrow") else today + timedelta(days=1)

    def _area(self, words: list[str], score: ScoreTarget | None) -> str | None:
        if score is not None and vocab.SCALES[score.questionnaire][3] is not None:
            return vocab.SCALES[score.questionnaire][3]
        present = set(words)
        best, best_hits = None, 0
        for area, keywords in self.areas.items():
            hits = len(keywords & present)
            if hits > best_hits:
                best, best_hits = area, hits
        return best

    def _reason_start(self, normalised: str) -> int | None:
        match = self._match("reason", normalised)
        return match.start() if match is not None and match.start() >= 4 else None

    def _reason(self, text: str, normalised: str, start: int | None) -> str | None:
        """The reason in the client's own words: the text from where its marker begins."""
        if start is None:
            return None
        plain = self.fold(text.lower())
        marker = self._match("reason", plain)
        if len(plain) == len(text) and marker is not None:  # folding kept every offset
            return text[marker.start() :].strip(" .,;") or None
        words_before = len(normalised[:start].split())
        spans = list(re.finditer(r"\S+", text))
        if words_before >= len(spans):
            return None
        return text[spans[words_before].start() :].strip(" .,;") or None
