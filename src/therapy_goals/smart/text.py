"""Reading plain English goal statements: numbers, frequencies, durations, times, horizons, scores.

:func:`read_statement` finds what a statement says in :class:`StatementFacts`; :func:`parse_goal`
turns a statement into a draft :class:`~therapy_goals.model.Goal`, so that a plain sentence can be
checked by the same rules as a structured goal.

>>> from datetime import date
>>> goal = parse_goal(
...     "Go to bed by 10 PM every night for the next four weeks", today=date(2026, 3, 2)
... )
>>> goal.due, goal.steps[0].schedule.per_week, goal.measure.name
(datetime.date(2026, 3, 30), 7.0, 'times per day')

The reader is a set of small, ordered regular expressions, not a language model: it is fast,
predictable, and easy to extend. Each step blanks out what it has read, so that "by 10 PM" is read
as a time of day and not again as a deadline.
"""

from __future__ import annotations

import calendar
import functools
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import attrs

from therapy_goals.model import Direction, Goal, Measure, Period, Schedule, Step
from therapy_goals.smart import vocabulary as vocab

__all__ = [
    "Frequency",
    "Horizon",
    "ScoreTarget",
    "StatementFacts",
    "clear_statement_cache",
    "parse_goal",
    "read_statement",
]


@attrs.frozen
class Frequency:
    """How often: ``count`` per ``per``, with ``window_days`` for "26 out of 30 days"."""

    count: int
    per: Period
    phrase: str
    window_days: int | None = None


@attrs.frozen
class Horizon:
    """When a goal should be reached; ``due`` is ``None`` for a horizon with no date."""

    phrase: str
    due: date | None


@attrs.frozen
class ScoreTarget:
    """A questionnaire score the statement aims at, e.g. "PHQ-9 from 18 to below 10"."""

    questionnaire: str
    baseline: float | None
    target: float | None


@attrs.frozen
class Quantity:
    """A number with what it counts and the period it is counted in ("8 glasses of water a day")."""

    value: float
    unit: str
    per: Period | None
    is_limit: bool


@attrs.frozen
class StatementFacts:
    """What :func:`read_statement` found in a statement. Every field may be empty."""

    text: str
    normalised: str
    action_verbs: tuple[str, ...] = ()
    change_direction: Direction | None = None
    has_change_verb: bool = False
    vague_phrases: tuple[str, ...] = ()
    avoidance_words: tuple[str, ...] = ()
    absolute_words: tuple[str, ...] = ()
    numbers: tuple[float, ...] = ()
    frequency: Frequency | None = None
    duration_minutes: int | None = None
    duration_is_load: bool = False
    time_of_day: time | None = None
    horizon: Horizon | None = None
    start: date | None = None
    score: ScoreTarget | None = None
    change_from: float | None = None
    change_to: float | None = None
    quantity: Quantity | None = None
    area: str | None = None
    reason: str | None = None
    other_person: str | None = None
    second_action: str | None = None
    is_abstinence: bool = False

    @property
    def has_quantity(self) -> bool:
        """Whether the statement says how much or how often: the heart of Measurable."""
        return bool(
            self.numbers
            or self.frequency
            or self.time_of_day
            or self.score
            or self.duration_minutes
        )

    @property
    def weekly_minutes(self) -> float | None:
        """Minutes of effort a week the statement plans, if it says both how long and how often."""
        if not self.duration_is_load or self.duration_minutes is None:
            return None
        if self.frequency is not None:
            per_week = Schedule(count=self.frequency.count, per=self.frequency.per).per_week
            if self.frequency.window_days:
                per_week = self.frequency.count * 7 / self.frequency.window_days
        elif self.quantity is not None and self.quantity.per is not None:
            per_week = Schedule(count=1, per=self.quantity.per).per_week
        else:
            return None
        return per_week * self.duration_minutes


# --- normalising ----------------------------------------------------------------------------------

_NUMBER_WORD = "|".join(sorted(vocab.NUMBER_WORDS, key=len, reverse=True))
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"


def _words_to_digits(text: str) -> str:
    text = re.sub(
        rf"\b({_TENS})[\s-]({_UNITS})\b",
        lambda m: str(vocab.NUMBER_WORDS[m[1]] + vocab.NUMBER_WORDS[m[2]]),
        text,
    )
    return re.sub(rf"\b({_NUMBER_WORD})\b", lambda m: str(vocab.NUMBER_WORDS[m[1]]), text)


_REPLACEMENTS = (
    (r"[\u2018\u2019\u02bc]", "'"),
    (r"[\u2013\u2014]", "-"),
    (r"\ba\.m\.", "am"),
    (r"\bp\.m\.", "pm"),
    (r"\bhalf an hour\b", "30 minutes"),
    (r"\ban hour and a half\b", "90 minutes"),
    (r"\ba quarter of an hour\b", "15 minutes"),
    (r"\b(?:an|one) hour\b", "1 hour"),
    (r"\ba couple of\b", "2"),
    (r"\bonce\b", "1 times"),
    (r"\btwice\b", "2 times"),
    (r"\bthrice\b", "3 times"),
    (r"\ba fortnight\b", "2 weeks"),
    (r"\b(phq|gad|pcl|core|dass)[\s-]?(\d+)\b", r"\1\2"),
    (r"(\d),(\d{3})\b", r"\1\2"),
    (r"\s+", " "),
)


def _normalise(text: str) -> str:
    lowered = text.lower()
    for pattern, replacement in _REPLACEMENTS[:4]:
        lowered = re.sub(pattern, replacement, lowered)
    lowered = _words_to_digits(lowered)
    for pattern, replacement in _REPLACEMENTS[4:]:
        lowered = re.sub(pattern, replacement, lowered)
    return lowered.strip()


class _Reader:
    """Reads one normalised statement, blanking out each span it has understood."""

    def __init__(self, normalised: str) -> None:
        self.rest = normalised

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        match = pattern.search(self.rest)
        if match is not None:
            self.rest = (
                self.rest[: match.start()]
                + " " * (match.end() - match.start())
                + (self.rest[match.end() :])
            )
        return match


# --- dates ----------------------------------------------------------------------------------------


def _safe(compute: Callable[[], date]) -> date | None:
    try:
        return compute()
    except (OverflowError, ValueError):
        return None


def _add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _after(today: date, amount: int, unit: str) -> date | None:
    unit = unit.rstrip("s")
    if unit == "day":
        return _safe(lambda: today + timedelta(days=amount))
    if unit == "week":
        return _safe(lambda: today + timedelta(weeks=amount))
    if unit == "fortnight":
        return _safe(lambda: today + timedelta(weeks=2 * amount))
    if unit == "month":
        return _safe(lambda: _add_months(today, amount))
    return _safe(lambda: _add_months(today, 12 * amount))


def _next_weekday(today: date, name: str, *, skip_week: bool = False) -> date | None:
    ahead = (vocab.WEEKDAYS.index(name) - today.weekday()) % 7
    return _safe(lambda: today + timedelta(days=ahead + (7 if skip_week else 0)))


def _month_number(name: str) -> int:
    return vocab.MONTH_ABBREVIATIONS[name[:4] if name.startswith("sept") else name[:3]]


def _next_date(today: date, month: int, day: int | None, year: int | None) -> date | None:
    def build(y: int) -> date:
        last = calendar.monthrange(y, month)[1]
        return date(y, month, min(day, last) if day else last)

    if year is not None:
        return _safe(lambda: build(year))
    candidate = _safe(lambda: build(today.year))
    if candidate is not None and candidate < today:
        return _safe(lambda: build(today.year + 1))
    return candidate


# --- patterns -------------------------------------------------------------------------------------

_WEEKDAY = "|".join(vocab.WEEKDAYS)
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_UNIT = r"days?|weeks?|months?|years?|fortnights?"
_PERIOD = r"day|night|morning|evening|afternoon|week|weekend|month|wk|d|mo"
_BY = r"(?:by|before|until|till|til|no later than|on or before|prior to|up to)"
_NUM = r"\d+(?:\.\d+)?"

_START = re.compile(
    rf"\b(?:starting|beginning|from|commencing|as of)\s+(?:on\s+)?(?:(today|tomorrow|tonight)|"
    rf"(next|this)\s+(week|month)|(next\s+)?({_WEEKDAY})|({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?)\b"
)
_TIME_OF_DAY = re.compile(
    rf"\b(?:{_BY}|at|after|around|from)?\s*(\d{{1,2}})(?::(\d{{2}}))?\s*(am|pm)\b"
    rf"|\b(?:{_BY}|at|after|around)\s+(\d{{1,2}}):(\d{{2}})\b|\b(midnight|noon|midday)\b"
)
_SCORE_MENTION = re.compile(r"\b(" + "|".join(vocab.QUESTIONNAIRES) + r")\b")
_SCORE_FROM_TO = re.compile(
    rf"^\D{{0,40}}?from\s+({_NUM})\s+(?:down\s+|up\s+)?to\s+(below\s+|under\s+|less than\s+|"
    rf"at or below\s+|or below\s+)?({_NUM})"
)
_SCORE_TARGET = re.compile(
    rf"^\D{{0,40}}?(below|under|less than|lower than|at or below|at most|to|of|at|<|above|over)"
    rf"\s*({_NUM})(\s+or\s+(?:less|lower|below|under))?"
)
_LOOSE_FROM_TO = re.compile(
    rf"\bfrom\s+({_NUM})\s+(?:down\s+)?to\s+(below\s+|under\s+|less than\s+)?({_NUM})"
)
_FROM_TO = re.compile(
    rf"\bfrom\s+({_NUM})(?:\s+[a-z'/-]+){{0,4}}?\s+(?:down\s+|up\s+)?to\s+({_NUM})"
)
_TIMES_PER = re.compile(
    rf"\b(\d+)\s*(?:x|times?)\s*(?:a|an|per|each|every|/|in a|in an)\s*({_PERIOD}|fortnight)\b"
)
_TIMES_ADVERB = re.compile(r"\b(\d+)\s*(?:x|times?)\s*(daily|nightly|weekly|monthly)\b")
_OUT_OF_DAYS = re.compile(
    r"\b(\d+)\s*(?:out of|of|in)\s+(?:the\s+)?(?:next\s+|last\s+)?(\d+)\s*days\b"
)
_DAYS_PER = re.compile(
    r"\b(\d+)\s*(?:days?|nights?|mornings?|evenings?)\s*(?:a|per|each|every|/)\s*(week|month|wk)\b"
)
_CADENCE = re.compile(
    rf"\b(every other day|every weekday|on weekdays|weekdays|on weekends|every weekend|"
    rf"every (?:{_WEEKDAY})|on (?:{_WEEKDAY})s|(?:every|each)\s+(?:day|night|morning|evening|"
    rf"afternoon|week|month)|daily|nightly|weekly|monthly|every day|each day)\b"
)
_DURATION = re.compile(rf"\b({_NUM})\s*(minutes?|mins?|hours?|hrs?|hr|h)\b")
_LIMIT_BEFORE = re.compile(
    r"(?:under|less than|no more than|at most|below|fewer than|max(?:imum)?|up to|<|only)\s*$"
)
_QUANTITY = re.compile(
    rf"\b({_NUM})\s*((?:[a-z'%-]+\s+){{0,3}}?)(?:a|an|per|each|every|/)\s*({_PERIOD})\b"
)
_HORIZONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b(?:within|in|inside)\s+(?:the\s+)?(?:next\s+)?(\d+)\s*({_UNIT})\b"), "span"),
    (
        re.compile(
            rf"\b(?:for|over|during|across|throughout)\s+(?:the\s+)?(?:next|coming|following)?\s*"
            rf"(\d+)\s*({_UNIT})\b"
        ),
        "span",
    ),
    (
        re.compile(
            r"\b(?:for|over|during|within|in|throughout)\s+the\s+(?:next|coming|following)\s+"
            r"(day|week|month|year|fortnight)\b"
        ),
        "one",
    ),
    (re.compile(rf"\b(?:{_BY}|at|in)\s+(?:the\s+)?(?:end of\s+)?(week|session)\s+(\d+)\b"), "nth"),
    (
        re.compile(
            r"\b(?:by|before|until|at|for)\s+the\s+end\s+of\s+(?:the\s+|this\s+)?(day|week|month|year)\b"
        ),
        "end",
    ),
    (
        re.compile(r"\b(?:by|before|until)\s+the\s+end\s+of\s+next\s+(week|month|year)\b"),
        "end-next",
    ),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
    (
        re.compile(
            rf"\b(?:{_BY}|on|for)\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})"
            rf"(?:,?\s+(\d{{4}}))?\b"
        ),
        "day-month",
    ),
    (
        re.compile(
            rf"\b(?:{_BY}|on|for)\s+({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b"
        ),
        "month-day",
    ),
    (
        re.compile(
            rf"\b(?:{_BY}|in|during)\s+(?:the\s+end\s+of\s+)?(?:next\s+)?({_MONTH})(?:\s+(\d{{4}}))?\b"
        ),
        "month",
    ),
    (re.compile(rf"\b(?:{_BY}|on|this|next)\s+(next\s+)?({_WEEKDAY})\b"), "weekday"),
    (re.compile(r"\b(?:(today|tonight)|(tomorrow))\b"), "day"),
    (
        re.compile(
            r"\b(?:by\s+|for\s+|within\s+|before\s+)?(this|next)\s+(week|weekend|month|year|term|semester)\b"
        ),
        "this",
    ),
    (re.compile(r"\b(?:by|before|until|for|at)\s+(?:the\s+)?(christmas|new year)\b"), "holiday"),
    (
        re.compile(
            rf"\b(?:{_BY}|at|when)\s+(?:my\s+|the\s+)?(discharge|the end of (?:treatment|therapy|"
            r"term|the term|semester|the semester|the school year|school)|"
            r"end of (?:treatment|therapy)|"
            r"(?:my\s+|the\s+|our\s+)?next (?:session|appointment|review|visit|check-in)|"
            r"(?:my\s+|the\s+)?(?:review|summer|graduation|wedding|birthday|exams?|holidays?|"
            r"(?:last|final) session))\b"
        ),
        "dateless",
    ),
)
_REASON = re.compile(
    r"\b(so that|so i can|so i|so we|so my|so it|so they|so he|so she|so our|so the|because|since|"
    r"in order to|to help me|which will|"
    r"that will help|as i want|to be able to)\b(.*)$"
)
_PURPOSE_TO = re.compile(
    # The lookahead first: it fails at once where no "to" starts, before the lookbehinds run.
    r"(?=to\s)"
    r"(?<!want )(?<!like )(?<!need )(?<!try )(?<!going )(?<!have )(?<!plan )(?<!aim )(?<!hope )"
    r"(?<!wish )(?<!start )(?<!learn )(?<!able )(?<!get )(?<!used )(?<!decided )(?<!trying )"
    r"\bto\s+(feel|enjoy|have more|give me|help|keep|stay|protect|support|improve|build|"
    r"get back|care for|look after|be there for|be more|be less|show|prove|rebuild|reconnect|"
    r"boost|lift|calm|ease|reduce|manage|cope|relax|unwind|recharge|rest|focus|recover|heal|"
    r"connect|bond|fall asleep|sleep better|wind down|clear my head|make time|spend time|"
    r"save money|be healthier|be fitter|be present|set an example|lower|protect)\b(.*)$"
)
_OTHER_PERSON = re.compile(
    rf"^(?:i want |i need |i would like |i'd like )?(?:my\s+(?:{vocab.OTHER_PEOPLE})|he|she|they|"
    rf"people|others|everyone)\s+(?:will|to|should|would|must|stops?|starts?|listens?|respects?|"
    rf"understands?|treats?|stop|start|is|are|be)\b"
    rf"|\b(?:want|need|convince|force|get|persuade)\s+(?:my\s+)?({vocab.OTHER_PEOPLE}|him|her|them)"
    rf"\s+to\b|\bmake\s+(?:my\s+)?(?:{vocab.OTHER_PEOPLE}|him|her|them)\b"
)
_VAGUE = re.compile(
    rf"\b(?:(?:be|feel|get|become|being|feeling|getting|becoming)\s+(?:a\s+(?:lot|bit)\s+)?"
    rf"(?:{'|'.join(re.escape(s) for s in sorted(vocab.VAGUE_STATES, key=len, reverse=True))})"
    rf"|(?:{vocab.VAGUE_VERBS})\s+(?:my\s+|the\s+|with\s+my\s+|on\s+my\s+|our\s+)?"
    rf"(?:{'|'.join(re.escape(t) for t in sorted(vocab.VAGUE_TOPICS, key=len, reverse=True))})"
    rf"|{'|'.join(re.escape(p) for p in vocab.VAGUE_PHRASES)}"
    rf"|[a-z]+\s+(?:{'|'.join(vocab.VAGUE_ADVERBS)})(?=\s*(?:$|[.,;!]|and\b|so\b|because\b|"
    rf"with\b|at\b|in\b|to\b|than\b))"
    rf"|(?:take|set|make|get)\s+(?:better|healthier)\s+[a-z]+(?:\s+(?:of|with)\s+[a-z]+)?)\b"
)


def _word_forms(verb: str) -> set[str]:
    forms = {verb, f"{verb}s", f"{verb}es", f"{verb}ing", f"{verb}ed", f"{verb}d"}
    if verb.endswith("e"):
        forms.add(f"{verb[:-1]}ing")
    if verb.endswith("y"):
        forms.update({f"{verb[:-1]}ies", f"{verb[:-1]}ied"})
    if (
        len(verb) >= 3
        and verb[-1] in "bdgmnprt"
        and verb[-2] in "aeiou"
        and verb[-3] not in "aeiou"
    ):
        forms.update({f"{verb}{verb[-1]}ing", f"{verb}{verb[-1]}ed"})
    return forms


_ACTION_FORMS: dict[str, str] = {
    form: verb for verb in sorted(vocab.ACTION_VERBS) for form in _word_forms(verb)
}
_CHANGE_FORMS: dict[str, Direction] = {
    **{f: Direction.DECREASE for w in vocab.DECREASE_WORDS for f in _word_forms(w)},
    **{f: Direction.INCREASE for w in vocab.INCREASE_WORDS for f in _word_forms(w)},
}
_COMPARATIVES = frozenset({"less", "more", "fewer"})
_PHRASAL = re.compile(
    r"\b(get|getting|go|going|check|sign|reach|turn|put|wake|pick)[\s-]+"
    r"(up|out|outside|dressed|home|in|off|away|down)\b"
)
_WORD = re.compile(r"[a-z][a-z'-]*")
_NUMBER = re.compile(rf"(?<![\w.]){_NUM}(?![\w.])|(?<![\w.])\d+(?=%|x\b)")
_CONJUNCTION = re.compile(
    r"(?=[,;\s])"  # every joint starts so: fail fast elsewhere
    r"(?:,?\s+and\s+(?:also\s+|then\s+|to\s+|i\s+will\s+)?|;\s*|\s+as well as\s+|\s+plus\s+)"
    r"([a-z]+)"
)


def _phrases_in(text: str, phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The ``phrases`` that occur in ``text`` as whole words, in the order given."""
    any_phrase, each_phrase = _phrase_patterns(phrases)
    if any_phrase.search(text) is None:  # most statements hold none: one search decides
        return ()
    return tuple(phrase for phrase, pattern in each_phrase if pattern.search(text))


@functools.cache
def _phrase_patterns(
    phrases: tuple[str, ...],
) -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """Compiled once per phrase list: one pattern for any phrase, and one for each."""
    bounded = [rf"(?<![\w-]){re.escape(phrase)}(?![\w-])" for phrase in phrases]
    each = tuple((p, re.compile(b)) for p, b in zip(phrases, bounded, strict=True))
    alternatives = "|".join(re.escape(phrase) for phrase in phrases)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])" if phrases else r"(?!)"), each


# --- reading --------------------------------------------------------------------------------------


def _read_start(reader: _Reader, today: date) -> date | None:
    match = reader.take(_START)
    if match is None:
        return None
    day_word, this_next, unit, next_word, weekday, month, day = match.groups()
    if day_word:
        return today if day_word != "tomorrow" else _safe(lambda: today + timedelta(days=1))
    if unit:
        if this_next == "this":
            return today
        if unit == "week":
            return _safe(lambda: today + timedelta(days=7 - today.weekday()))
        return _safe(lambda: _add_months(today, 1).replace(day=1))
    if weekday:
        return _next_weekday(today, weekday, skip_week=bool(next_word))
    return _next_date(today, _month_number(month), int(day), None)


def _read_time_of_day(reader: _Reader) -> time | None:
    match = reader.take(_TIME_OF_DAY)
    if match is None:
        return None
    hour_12, minute_12, half, hour_24, minute_24, word = match.groups()
    if word:
        return time(0, 0) if word == "midnight" else time(12, 0)
    if hour_12 is not None:
        hour = int(hour_12) % 12 + (12 if half == "pm" else 0)
        minute = int(minute_12 or 0)
    else:
        hour, minute = int(hour_24), int(minute_24)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _read_score(reader: _Reader) -> ScoreTarget | None:
    mention = _SCORE_MENTION.search(reader.rest)
    if mention is None:
        return None
    code = mention[1]
    after = reader.rest[mention.end() :]
    baseline: float | None = None
    target: float | None = None
    if (span := _SCORE_FROM_TO.search(after)) is not None:
        baseline = float(span[1])
        target = float(span[3]) - (
            1 if span[2] and "or below" not in span[2] and "at or" not in span[2] else 0
        )
        consumed = span.end()
    elif (span := _SCORE_TARGET.search(after)) is not None:
        word, value, or_less = span[1], float(span[2]), span[3]
        strict = word in ("below", "under", "less than", "lower than", "<") and not or_less
        target = value - 1 if strict else value
        consumed = span.end()
    elif (span := _LOOSE_FROM_TO.search(after)) is not None:
        baseline = float(span[1])
        target = float(span[3]) - (1 if span[2] else 0)
        consumed = span.end()
    else:
        consumed = 0
    start = mention.start()
    end = mention.end() + consumed
    reader.rest = reader.rest[:start] + " " * (end - start) + reader.rest[end:]
    return ScoreTarget(code, baseline, target)


def _read_frequency(reader: _Reader) -> Frequency | None:
    if (m := reader.take(_OUT_OF_DAYS)) is not None:
        count, window = int(m[1]), int(m[2])
        if 0 < count <= window:
            per = Period.WEEK if window <= 7 else Period.MONTH
            return Frequency(count, per, m[0].strip(), window)
    if (m := reader.take(_TIMES_PER)) is not None and int(m[1]) > 0:
        count, period = int(m[1]), m[2]
        if period == "fortnight":
            return Frequency(count * 2, Period.MONTH, m[0].strip())
        return Frequency(count, vocab.PERIOD_WORDS[period], m[0].strip())
    if (m := reader.take(_TIMES_ADVERB)) is not None and int(m[1]) > 0:
        per = {"daily": Period.DAY, "nightly": Period.DAY, "weekly": Period.WEEK}.get(
            m[2], Period.MONTH
        )
        return Frequency(int(m[1]), per, m[0].strip())
    if (m := reader.take(_DAYS_PER)) is not None and int(m[1]) > 0:
        return Frequency(int(m[1]), vocab.PERIOD_WORDS[m[2]], m[0].strip())
    if (m := reader.take(_CADENCE)) is not None:
        phrase = m[1]
        if phrase == "every other day":
            return Frequency(15, Period.MONTH, phrase)
        if "weekday" in phrase:
            return Frequency(5, Period.WEEK, phrase)
        if "weekend" in phrase:
            return Frequency(2, Period.WEEK, phrase)
        if any(day in phrase for day in vocab.WEEKDAYS) or "week" in phrase:
            return Frequency(1, Period.WEEK, phrase)
        if "month" in phrase:
            return Frequency(1, Period.MONTH, phrase)
        return Frequency(1, Period.DAY, phrase)
    return None


def _read_duration(reader: _Reader) -> tuple[int | None, bool]:
    match = _DURATION.search(reader.rest)
    if match is None:
        return None, False
    amount = float(match[1])
    minutes = round(amount * 60) if match[2].startswith("h") else round(amount)
    before = reader.rest[max(0, match.start() - 20) : match.start()]
    around = reader.rest[max(0, match.start() - 30) : match.end() + 20]
    is_limit = bool(_LIMIT_BEFORE.search(before))
    is_rest = bool(re.search(r"\b(sleep|slept|in bed|rest|nap)", around))
    return (minutes if minutes > 0 else None), not (is_limit or is_rest)


def _read_quantity(reader: _Reader) -> Quantity | None:
    match = _QUANTITY.search(reader.rest)
    if match is None:
        return None
    before = reader.rest[max(0, match.start() - 20) : match.start()]
    unit = match[2].strip() or "times"
    return Quantity(
        float(match[1]), unit, vocab.PERIOD_WORDS[match[3]], bool(_LIMIT_BEFORE.search(before))
    )


def _horizon_due(kind: str, match: re.Match[str], today: date) -> date | None:
    groups = match.groups()
    if kind == "span":
        return _after(today, int(groups[0]), groups[1])
    if kind == "one":
        return _after(today, 1, groups[0])
    if kind == "nth":
        weeks = int(groups[1])
        return _safe(lambda: today + timedelta(weeks=weeks))
    if kind in ("end", "end-next"):
        unit, step = groups[0], 1 if kind == "end-next" else 0
        if unit == "day":
            return today
        if unit == "week":
            return _safe(lambda: today + timedelta(days=6 - today.weekday() + 7 * step))
        if unit == "month":
            return _safe(lambda: _end_of_month(_add_months(today, step)))
        return _safe(lambda: date(today.year + step, 12, 31))
    if kind == "iso":
        return _safe(lambda: date(int(groups[0]), int(groups[1]), int(groups[2])))
    if kind == "day-month":
        year = int(groups[2]) if groups[2] else None
        return _next_date(today, _month_number(groups[1]), int(groups[0]), year)
    if kind == "month-day":
        year = int(groups[2]) if groups[2] else None
        return _next_date(today, _month_number(groups[0]), int(groups[1]), year)
    if kind == "month":
        year = int(groups[1]) if groups[1] else None
        return _next_date(today, _month_number(groups[0]), None, year)
    if kind == "weekday":
        return _next_weekday(today, groups[1], skip_week=bool(groups[0]) or "next" in match[0])
    if kind == "day":
        return today if groups[0] else _safe(lambda: today + timedelta(days=1))
    if kind == "this":
        which, unit = groups
        step = 0 if which == "this" else 1
        if unit in ("week", "weekend"):
            return _safe(lambda: today + timedelta(days=6 - today.weekday() + 7 * step))
        if unit == "month":
            return _safe(lambda: _end_of_month(_add_months(today, step)))
        if unit == "year":
            return _safe(lambda: date(today.year + step, 12, 31))
        return None  # a term or semester: a horizon whose date the statement does not give
    if kind == "holiday":
        month, day = (12, 25) if groups[0] == "christmas" else (12, 31)
        return _next_date(today, month, day, None)
    return None


def _read_horizon(reader: _Reader, today: date) -> Horizon | None:
    for pattern, kind in _HORIZONS:
        match = reader.take(pattern)
        if match is not None:
            return Horizon(match[0].strip(), _horizon_due(kind, match, today))
    return None


def _read_area(normalised: str, score: ScoreTarget | None) -> str | None:
    if score is not None and vocab.SCALES[score.questionnaire][3] is not None:
        return vocab.SCALES[score.questionnaire][3]
    words = set(_WORD.findall(normalised))
    best, best_hits = None, 0
    for area, keywords in vocab.AREA_KEYWORDS.items():
        hits = sum(1 for k in keywords if (k in words if " " not in k else k in normalised))
        if hits > best_hits:
            best, best_hits = area, hits
    return best


def _reason_start(normalised: str) -> int | None:
    """Where the reason clause ("so that ...", "because ...", "to feel ...") begins, if any."""
    starts = []
    for pattern in (_REASON, _PURPOSE_TO):
        match = pattern.search(normalised)
        if match is not None and match.start() > 8 and match[0].strip() != match[1]:
            starts.append(match.start())
    return min(starts, default=None)


def _read_reason(text: str, normalised: str) -> str | None:
    start = _reason_start(normalised)
    if start is None:
        return None
    # Keep the client's own words: cut the original text where the reason begins.
    reason = text[_original_offset(text, normalised, start) :].strip(" .,;")
    return reason or None


def _original_offset(text: str, normalised: str, position: int) -> int:
    """Map a position in the normalised text back to the original, by the words before it."""
    words_before = len(normalised[:position].split())
    spans = list(re.finditer(r"\S+", text))
    if words_before >= len(spans):
        return len(text)
    return spans[words_before].start()


_AMOUNT = re.compile(rf"\d|{_CADENCE.pattern}")
_SAME_ACTIVITY = re.compile(r"^\s*(?:it|them|this|that|about it|on it)\b")


def _second_action(main: str, verbs: tuple[str, ...]) -> str | None:
    """The verb of a second goal joined to the first ("... 3 times a week and eat ... daily").

    Both parts must have an amount of their own; "and log it" or "and read them" continue the
    same activity.
    """
    if not verbs:
        return None
    for match in _CONJUNCTION.finditer(main):
        verb = _ACTION_FORMS.get(match[1])
        if verb is None or verb == verbs[0]:
            continue
        before, after = main[: match.start()], main[match.end() :]
        if _SAME_ACTIVITY.match(after):
            continue
        if _AMOUNT.search(before) and _AMOUNT.search(after):
            return verb
    return None


STATEMENT_CACHE_SIZE = 1024
"""How many recently read statements are kept, so checking the same text again is instant."""


@functools.lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def read_statement(text: str, today: date) -> StatementFacts:
    """Read what a plain English goal statement says. Never raises on any string.

    The last :data:`STATEMENT_CACHE_SIZE` statements read are kept in memory;
    :func:`clear_statement_cache` forgets them (client text is private).
    """
    normalised = _normalise(text)
    reader = _Reader(normalised)
    start = _read_start(reader, today)
    time_of_day = _read_time_of_day(reader)
    score = _read_score(reader)
    from_to = _FROM_TO.search(reader.rest)
    frequency = _read_frequency(reader)
    duration, duration_is_load = _read_duration(reader)
    quantity = _read_quantity(reader)
    horizon = _read_horizon(reader, today)
    words = _WORD.findall(normalised)
    reason_at = _reason_start(normalised)
    main = normalised[:reason_at] if reason_at is not None else normalised
    vague = tuple(m[0] for m in _VAGUE.finditer(main))
    outside_vague = _VAGUE.sub(" ", main)
    verbs = tuple(
        dict.fromkeys(
            [_ACTION_FORMS[w] for w in _WORD.findall(outside_vague) if w in _ACTION_FORMS]
            + [
                f"{m[1].removesuffix('ting').removesuffix('ing')} {m[2]}"
                for m in _PHRASAL.finditer(outside_vague)
            ]
        )
    )
    directions = [_CHANGE_FORMS[w] for w in words if w in _CHANGE_FORMS]
    numbers = tuple(float(n) for n in _NUMBER.findall(reader.rest))
    is_abstinence = any(topic in words for topic in vocab.ABSTINENCE_TOPICS)
    absolutes = () if is_abstinence else _phrases_in(normalised, vocab.ABSOLUTE_WORDS)
    if not is_abstinence and re.search(r"(?<![\d.])0\s+(?!minutes|hours|days)[a-z]", normalised):
        absolutes = (*absolutes, "zero")
    other = _OTHER_PERSON.search(normalised)
    return StatementFacts(
        text=text,
        normalised=normalised,
        action_verbs=verbs,
        change_direction=directions[0] if directions else None,
        has_change_verb=any(w in _CHANGE_FORMS and w not in _COMPARATIVES for w in words),
        vague_phrases=vague,
        avoidance_words=tuple(
            w
            for w in _phrases_in(normalised, vocab.AVOIDANCE_WORDS)
            if not _is_limit_phrase(w, normalised)
        ),
        absolute_words=absolutes,
        numbers=numbers,
        frequency=frequency,
        duration_minutes=duration,
        duration_is_load=duration_is_load and duration is not None,
        time_of_day=time_of_day,
        horizon=horizon,
        start=start,
        score=score,
        change_from=float(from_to[1]) if from_to and not score else None,
        change_to=float(from_to[2]) if from_to and not score else None,
        quantity=quantity,
        area=_read_area(normalised, score),
        reason=_read_reason(text, normalised),
        other_person=other[0] if other else None,
        second_action=_second_action(main, verbs),
        is_abstinence=is_abstinence,
    )


def _is_limit_phrase(word: str, normalised: str) -> bool:
    """'no more than 2', 'less than 3' and '30 or less' set limits: they are not avoidance."""
    limit = rf"\b{word}\s+than\s+\d|\bor\s+{word}\b"
    return word in ("no more", "less") and bool(re.search(limit, normalised))


# --- drafting a goal ------------------------------------------------------------------------------


def _draft_measure(facts: StatementFacts) -> Measure | None:
    direction = facts.change_direction
    if facts.score is not None:
        score = facts.score
        name = f"{vocab.QUESTIONNAIRES[score.questionnaire]} total"
        chosen = direction or Direction.DECREASE
        return _measure(name, "score", score.questionnaire, chosen, score.baseline, score.target)
    if facts.change_from is not None and facts.change_to is not None:
        chosen = Direction.DECREASE if facts.change_to < facts.change_from else Direction.INCREASE
        return _measure(
            "amount", None, None, direction or chosen, facts.change_from, facts.change_to
        )
    if facts.frequency is not None:
        frequency = facts.frequency
        if frequency.window_days:
            unit = f"days out of {frequency.window_days}"
            return _measure("days done", unit, None, Direction.REACH, None, frequency.count)
        per = frequency.per.value
        return _measure(
            f"times per {per}", f"per {per}", None, Direction.REACH, None, frequency.count
        )
    if facts.quantity is not None:
        quantity = facts.quantity
        chosen = Direction.DECREASE if quantity.is_limit else (direction or Direction.REACH)
        per = quantity.per.value if quantity.per else "occasion"
        return _measure(
            f"{quantity.unit} per {per}", quantity.unit, None, chosen, None, quantity.value
        )
    if facts.time_of_day is not None:
        hours = facts.time_of_day.hour + facts.time_of_day.minute / 60
        return _measure("time of day", "hour (24h)", None, Direction.REACH, None, hours)
    if facts.duration_minutes is not None:
        return _measure("minutes", "minutes", None, Direction.REACH, None, facts.duration_minutes)
    if facts.numbers and direction is not None:
        return _measure("amount", None, None, direction, None, facts.numbers[0])
    return None


def _measure(
    name: str,
    unit: str | None,
    questionnaire: str | None,
    direction: Direction,
    baseline: float | None,
    target: float | None,
) -> Measure:
    moving = direction in (Direction.DECREASE, Direction.INCREASE)
    if moving and target is not None and target == baseline:
        direction = Direction.MAINTAIN
    return Measure(
        name=name,
        unit=unit,
        questionnaire=questionnaire,
        direction=direction,
        baseline=baseline,
        target=target,
    )


def _draft_steps(facts: StatementFacts, text: str, due: date | None) -> tuple[Step, ...]:
    schedule: Schedule | None = None
    if facts.frequency is not None:
        schedule = Schedule(count=facts.frequency.count, per=facts.frequency.per)
    elif facts.quantity is not None and facts.quantity.per is not None and facts.duration_is_load:
        schedule = Schedule(count=1, per=facts.quantity.per)
    minutes = facts.duration_minutes if facts.duration_is_load else None
    if schedule is None and minutes is None:
        return ()
    return (Step(id="step-1", action=text.strip()[:500], schedule=schedule, minutes=minutes),)


def parse_goal(
    text: str, *, today: date | None = None, client_id: str = "draft", goal_id: str | None = None
) -> Goal:
    """A draft goal from a plain statement: what the text says, in the structured fields.

    The draft starts ``today`` (or on a start point the text names), is due on the horizon's date,
    measures the score, frequency, amount or time the text names, and has one step when the text
    says how often or how long. Its id is derived from the text, so parsing is deterministic.
    Raises :class:`~therapy_goals.errors.ValidationError` for blank text.
    """
    day = today or date.today()
    facts = read_statement(text, day)
    start = facts.start or day
    due = facts.horizon.due if facts.horizon else None
    if due is not None and due < start:
        due = start
    return Goal(
        id=goal_id or f"draft-{uuid.uuid5(uuid.NAMESPACE_URL, text).hex[:16]}",
        client_id=client_id,
        statement=text.strip()[:2000] if text.strip() else text,
        start=start,
        due=due,
        area=facts.area,
        why_it_matters=facts.reason[:2000] if facts.reason else None,
        measure=_draft_measure(facts),
        steps=_draft_steps(facts, text, due),
        created=datetime.combine(day, time(0, 0), tzinfo=UTC),
    )


def clear_statement_cache() -> None:
    """Forget every statement kept by :func:`read_statement` (e.g. when a client's session ends)."""
    read_statement.cache_clear()
