"""Reading plain English goal statements: numbers, frequencies, durations, times, horizons, scores.

:func:`read_statement` finds what a statement says, as the published
:class:`~therapy_goals.contracts.statements.StatementFacts` that rules read;
:func:`therapy_goals.smart.drafting.parse_goal` turns a statement into a draft goal.

>>> from datetime import date
>>> facts = read_statement("Walk for 20 minutes 3 times a week for 8 weeks", date(2026, 3, 2))
>>> facts.duration_minutes, facts.frequency.count, facts.horizon.due
(20, 3, datetime.date(2026, 4, 27))

The reader is a set of small, ordered regular expressions, not a language model: it is fast,
predictable, and easy to extend. Each step blanks out what it has read, so that "by 10 PM" is read
as a time of day and not again as a deadline.
"""

from __future__ import annotations

import functools
import re
from datetime import date, time, timedelta
from typing import Any

import attrs

from therapy_goals.contracts.statements import (
    Frequency,
    Horizon,
    Quantity,
    ScoreTarget,
    StatementFacts,
)
from therapy_goals.model import Period
from therapy_goals.smart import vocabulary as vocab
from therapy_goals.smart.dates import (
    add_months,
    after,
    end_of_month,
    month_number,
    next_date,
    next_weekday,
    safe,
)
from therapy_goals.smart.patterns import (
    ACTION_FORMS,
    CADENCE,
    CHANGE_FORMS,
    COMPARATIVES,
    CONJUNCTION,
    DAYS_PER,
    DURATION,
    EVERY_N,
    FROM_TO,
    HORIZONS,
    LIMIT_BEFORE,
    LOOSE_FROM_TO,
    NUMBER,
    OTHER_PERSON,
    OUT_OF_DAYS,
    PHRASAL,
    PURPOSE_TO,
    QUANTITY,
    REASON,
    SCORE_BEFORE,
    SCORE_BY,
    SCORE_FROM_TO,
    SCORE_MENTION,
    SCORE_TARGET,
    START,
    TIME_OF_DAY,
    TIMES_ADVERB,
    TIMES_PER,
    VAGUE,
    WORD,
    Reader,
    normalise,
    phrases_in,
)
from therapy_goals.smart.plans import split_plans

__all__ = [
    "Frequency",
    "Horizon",
    "ScoreTarget",
    "StatementFacts",
    "clear_statement_cache",
    "read_statement",
]


# --- reading --------------------------------------------------------------------------------------


def _read_start(reader: Reader, today: date) -> date | None:
    match = reader.take(START)
    if match is None:
        return None
    day_word, this_next, unit, next_word, weekday, month, day = match.groups()
    if day_word:
        return today if day_word != "tomorrow" else safe(lambda: today + timedelta(days=1))
    if unit:
        if this_next == "this":
            return today
        if unit == "week":
            return safe(lambda: today + timedelta(days=7 - today.weekday()))
        return safe(lambda: add_months(today, 1).replace(day=1))
    if weekday:
        return next_weekday(today, weekday, skip_week=bool(next_word))
    return next_date(today, month_number(month), int(day), None)


def _read_time_of_day(reader: Reader) -> tuple[time | None, str | None]:
    """The time of day, and the words that gave it ("by 7 am": a deadline that day)."""
    match = reader.take(TIME_OF_DAY)
    if match is None:
        return None, None
    hour_12, minute_12, half, hour_24, minute_24, word = match.groups()
    if word:
        return (time(0, 0) if word == "midnight" else time(12, 0)), match[0].strip()
    if hour_12 is not None:
        if int(hour_12) > 12:  # "25 pm" is no time
            return None, None
        hour = int(hour_12) % 12 + (12 if half == "pm" else 0)
        minute = int(minute_12 or 0)
    else:
        hour, minute = int(hour_24), int(minute_24)
    if hour > 23 or minute > 59:
        return None, None
    return time(hour, minute), match[0].strip()


def _read_score(reader: Reader) -> ScoreTarget | None:
    mention = SCORE_MENTION.search(reader.rest)
    if mention is None:
        return None
    code = mention[1]
    after = reader.rest[mention.end() :]
    baseline: float | None = None
    target: float | None = None
    change: float | None = None
    if (span := SCORE_FROM_TO.search(after)) is not None:
        baseline = float(span[1])
        target = float(span[3]) - (
            1 if span[2] and "or below" not in span[2] and "at or" not in span[2] else 0
        )
        consumed = span.end()
    elif (span := SCORE_TARGET.search(after)) is not None:
        word, value, or_less = span[1], float(span[2]), span[3]
        strict = word in ("below", "under", "less than", "lower than", "<") and not or_less
        target = value - 1 if strict else value
        consumed = span.end()
    elif (span := LOOSE_FROM_TO.search(after)) is not None:
        baseline = float(span[1])
        target = float(span[3]) - (1 if span[2] else 0)
        consumed = span.end()
    elif (span := SCORE_BY.search(after)) is not None:
        change = float(span[1])
        consumed = span.end()
    else:
        consumed = 0
    start = mention.start()
    if target is None and (ahead := SCORE_BEFORE.search(reader.rest[:start])) is not None:
        # "score below 10 on the PHQ-9": the target comes first
        word, value = ahead[1], float(ahead[2])
        strict = word in ("below", "under", "less than", "lower than")
        target = value - 1 if strict else value
        start = ahead.start()
    end = mention.end() + consumed
    reader.rest = reader.rest[:start] + " " * (end - start) + reader.rest[end:]
    return ScoreTarget(code, baseline, target, change)


def _read_frequency(reader: Reader) -> Frequency | None:
    if (m := reader.take(OUT_OF_DAYS)) is not None:
        count, window = int(m[1]), int(m[2])
        if 0 < count <= window:
            per = Period.WEEK if window <= 7 else Period.MONTH
            return Frequency(count, per, m[0].strip(), window)
    if (m := reader.take(TIMES_PER)) is not None and int(m[1]) > 0:
        count, period = int(m[1]), m[2]
        if period == "fortnight":
            return Frequency(count * 2, Period.MONTH, m[0].strip())
        return Frequency(count, vocab.PERIOD_WORDS[period], m[0].strip())
    if (m := reader.take(TIMES_ADVERB)) is not None and int(m[1]) > 0:
        per = {"daily": Period.DAY, "nightly": Period.DAY, "weekly": Period.WEEK}.get(
            m[2], Period.MONTH
        )
        return Frequency(int(m[1]), per, m[0].strip())
    if (m := reader.take(DAYS_PER)) is not None and int(m[1]) > 0:
        return Frequency(int(m[1]), vocab.PERIOD_WORDS[m[2]], m[0].strip())
    if (m := reader.take(EVERY_N)) is not None and 0 < int(m[1]) <= 366:
        window = int(m[1]) * {"day": 1, "week": 7, "month": 30}[m[2].rstrip("s")]
        return Frequency(1, Period.WEEK if window <= 7 else Period.MONTH, m[0].strip(), window)
    if (m := reader.take(CADENCE)) is not None:
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


def _read_duration(reader: Reader) -> tuple[int | None, bool]:
    match = DURATION.search(reader.rest)
    if match is None:
        return None, False
    amount = float(match[1])
    minutes = round(amount * 60) if match[2].startswith("h") else round(amount)
    before = reader.rest[max(0, match.start() - 20) : match.start()]
    around = reader.rest[max(0, match.start() - 30) : match.end() + 20]
    is_limit = bool(LIMIT_BEFORE.search(before))
    is_rest = bool(re.search(r"\b(sleep|slept|in bed|rest|nap)", around))
    return (minutes if minutes > 0 else None), not (is_limit or is_rest)


def _read_quantity(text: str, *, cadence_read: bool) -> Quantity | None:
    """A number of things per period ("8 glasses a day"). Where a cadence gave the frequency
    ("60 sit-ups every day"), the text still holds it, and minutes there are a duration."""
    match = QUANTITY.search(text)
    if match is None:
        return None
    before = text[max(0, match.start() - 20) : match.start()]
    unit = match[2].strip() or "times"
    if cadence_read and re.match(r"(?:minutes?|mins?|hours?|hrs?)\b", unit):
        return None
    return Quantity(
        float(match[1]), unit, vocab.PERIOD_WORDS[match[3]], bool(LIMIT_BEFORE.search(before))
    )


def _horizon_due(kind: str, match: re.Match[str], today: date) -> date | None:
    groups = match.groups()
    if kind in ("span", "span-first"):
        return after(today, int(groups[0]), groups[1])
    if kind == "hours":
        hours = int(groups[1])
        if groups[0] not in ("within", "in", "inside") and hours < 24:
            return None  # "for 2 hours" is how long a session lasts, not a deadline
        return safe(lambda: today + timedelta(days=hours // 24))
    if kind == "today":
        return today
    if kind == "numeric":
        return _numeric_date(groups)
    if kind == "nth-word":
        nth = _ORDINALS.get(groups[0]) or int(re.sub(r"\D", "", groups[0]) or 0)
        if groups[1] == "month":
            return safe(lambda: add_months(today, nth))
        return safe(lambda: today + timedelta(weeks=nth))  # sessions are weekly
    if kind == "end-nth":
        nth = _ORDINALS.get(groups[0]) or int(re.sub(r"\D", "", groups[0]) or 0)
        if groups[1] == "week":
            return safe(lambda: today + timedelta(days=7 * nth - 1))
        return safe(lambda: add_months(today, nth) - timedelta(days=1))
    if kind == "one":
        return after(today, 1, groups[0])
    if kind == "nth":
        weeks = int(groups[1])
        return safe(lambda: today + timedelta(weeks=weeks))
    if kind in ("end", "end-next"):
        unit, step = groups[0], 1 if kind == "end-next" else 0
        if unit == "day":
            return today
        if unit == "week":
            return safe(lambda: today + timedelta(days=6 - today.weekday() + 7 * step))
        if unit == "month":
            return safe(lambda: end_of_month(add_months(today, step)))
        return safe(lambda: date(today.year + step, 12, 31))
    if kind == "iso":
        return safe(lambda: date(int(groups[0]), int(groups[1]), int(groups[2])))
    if kind == "day-month":
        year = int(groups[2]) if groups[2] else None
        return next_date(today, month_number(groups[1]), int(groups[0]), year)
    if kind == "month-day":
        year = int(groups[2]) if groups[2] else None
        return next_date(today, month_number(groups[0]), int(groups[1]), year)
    if kind == "month":
        year = int(groups[1]) if groups[1] else None
        return next_date(today, month_number(groups[0]), None, year)
    if kind == "weekday":
        return next_weekday(today, groups[1], skip_week=bool(groups[0]) or "next" in match[0])
    if kind == "day":
        return today if groups[0] else safe(lambda: today + timedelta(days=1))
    if kind == "this":
        which, unit = groups
        step = 1 if which == "next" else 0
        if unit in ("week", "weekend"):
            return safe(lambda: today + timedelta(days=6 - today.weekday() + 7 * step))
        if unit == "month":
            return safe(lambda: end_of_month(add_months(today, step)))
        if unit == "year":
            return safe(lambda: date(today.year + step, 12, 31))
        return None  # a term or semester: a horizon whose date the statement does not give
    if kind == "holiday":
        month, day = (12, 25) if groups[0] == "christmas" else (12, 31)
        return next_date(today, month, day, None)
    return None


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_UNDATED_KINDS = frozenset({"this", "dateless"})
"""Horizons that name no date ("this term", "by discharge"); any other without a date was an
impossible one ("2026-02-30", "within 999999 years") and is no horizon at all."""


def _numeric_date(groups: tuple[str | Any, ...]) -> date | None:
    """03/01/2027 is month first (as in the US) unless the first part cannot be a month;
    15.04.2026 with dots is day first (as in most of Europe)."""
    first, separator, second, year_text = int(groups[0]), groups[1], int(groups[2]), groups[3]
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    day_first = separator == "." or first > 12
    month, day = (second, first) if day_first else (first, second)
    return safe(lambda: date(year, month, day))


def _read_horizon(reader: Reader, today: date) -> Horizon | None:
    for pattern, kind in HORIZONS:
        match = reader.take(pattern)
        if match is not None:
            due = _horizon_due(kind, match, today)
            if due is None and kind not in _UNDATED_KINDS:
                continue  # no date after all: look for another horizon
            return Horizon(match[0].strip(), due)
    return None


_AREA_WORDS = {
    area: (
        frozenset(k for k in keywords if " " not in k),
        tuple(k for k in keywords if " " in k),
    )
    for area, keywords in vocab.AREA_KEYWORDS.items()
}
"""Each area's keywords: single words (matched against the statement's words) and phrases."""


def _read_area(normalised: str, score: ScoreTarget | None) -> str | None:
    if score is not None and vocab.SCALES[score.questionnaire][3] is not None:
        return vocab.SCALES[score.questionnaire][3]
    words = set(WORD.findall(normalised))
    best, best_hits = None, 0
    for area, (singles, phrases) in _AREA_WORDS.items():
        hits = len(singles & words) + sum(1 for phrase in phrases if phrase in normalised)
        if hits > best_hits:
            best, best_hits = area, hits
    return best


def _reason_start(normalised: str) -> int | None:
    """Where the reason clause ("so that ...", "because ...", "to feel ...") begins, if any."""
    starts = []
    for pattern in (REASON, PURPOSE_TO):
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


_AMOUNT = re.compile(rf"\d|{CADENCE.pattern}")
_SAME_ACTIVITY = re.compile(r"\s*(?:it|them|this|that|about it|on it)\b")


def _second_action(main: str, verbs: tuple[str, ...]) -> str | None:
    """The verb of a second goal joined to the first ("... 3 times a week and eat ... daily").

    Both parts must have an amount of their own; "and log it" or "and read them" continue the
    same activity. Linear in the text: the amounts are found once, and a joint splits the text
    into parts that each hold one when the first amount ends before it and the last starts
    after it (searching each part again made "walk 5 times a week and run and run ..."
    quadratic: 11 s for 40,000 characters).
    """
    if not verbs:
        return None
    amounts = [(found.start(), found.end()) for found in _AMOUNT.finditer(main)]
    if not amounts:
        return None
    first_end, last_start = amounts[0][1], amounts[-1][0]
    for match in CONJUNCTION.finditer(main):
        verb = ACTION_FORMS.get(match[1])
        if verb is None or verb == verbs[0]:
            continue
        if _SAME_ACTIVITY.match(main, match.end()):
            continue
        if first_end <= match.start() and last_start >= match.end():
            return verb
    return None


MAX_CHECKED_LENGTH = 10_000
"""The longest text ``check(text)`` reads, in characters: five times a goal's statement (at
most 2,000), room for a paragraph pasted by mistake; longer text is refused with a clear error,
so a web app that checks what people type never reads a book."""

STATEMENT_CACHE_SIZE = 1024
"""How many recently read statements are kept, so checking the same text again is instant."""


@functools.lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def read_statement(text: str, today: date) -> StatementFacts:
    """Read what a plain English goal statement says. Never raises on any string.

    If-then plans ("if it rains, I will walk in the mall") are taken out first
    (:func:`~therapy_goals.smart.plans.split_plans`) and listed in ``plans``; the goal is read
    from what is left, or, when the statement is a plan alone, from the whole text without
    counting the response as a second aim.

    The last :data:`STATEMENT_CACHE_SIZE` statements read are kept in memory;
    :func:`clear_statement_cache` forgets them (client text is private).
    """
    rest, plans = split_plans(text)
    if not plans:
        return _read_goal(text, today)
    if WORD.search(rest):
        facts = _read_goal(rest, today)
    else:
        facts = attrs.evolve(_read_goal(text, today), second_action=None)
    return attrs.evolve(facts, text=text, plans=plans)


def _read_goal(text: str, today: date) -> StatementFacts:
    """What a statement without if-then plans says (see :func:`read_statement`)."""
    normalised = normalise(text)
    reader = Reader(normalised)
    start = _read_start(reader, today)
    time_of_day, time_phrase = _read_time_of_day(reader)
    score = _read_score(reader)
    from_to = FROM_TO.search(reader.rest)
    before_frequency = reader.rest
    frequency = _read_frequency(reader)
    duration, duration_is_load = _read_duration(reader)
    from_cadence = frequency is not None and CADENCE.fullmatch(frequency.phrase) is not None
    quantity = _read_quantity(
        before_frequency if from_cadence else reader.rest, cadence_read=from_cadence
    )
    horizon = _read_horizon(reader, today)
    words = WORD.findall(normalised)
    reason_at = _reason_start(normalised)
    main = normalised[:reason_at] if reason_at is not None else normalised
    if horizon is None and frequency is None and _is_deadline(time_phrase, main):
        horizon = Horizon(str(time_phrase), today)  # "lay out my gym clothes by 7 am"
    if horizon is not None and duration is not None and DURATION.search(horizon.phrase):
        duration, duration_is_load = None, False  # "for 48 hours" is a period, not a session
    anchored = bool(re.search(r"\d", main)) or time_of_day is not None
    vague = tuple(m[0] for m in VAGUE.finditer(main))
    outside_vague = VAGUE.sub(" ", main)
    verbs = tuple(
        dict.fromkeys(
            [ACTION_FORMS[w] for w in WORD.findall(outside_vague) if w in ACTION_FORMS]
            + [
                f"{m[1].removesuffix('ting').removesuffix('ing')} {m[2]}"
                for m in PHRASAL.finditer(outside_vague)
            ]
        )
    )
    directions = [CHANGE_FORMS[w] for w in words if w in CHANGE_FORMS]
    numbers = tuple(float(n) for n in NUMBER.findall(reader.rest))
    task = _clinical_task(main)
    completion = None if frequency is not None else _completion(main, task)
    if task is not None and task not in verbs:
        verbs = (*verbs, task)  # "the patient will ambulate ...": the client's own action
    if _is_title(main, anchored):
        verbs, completion = (), None
    is_abstinence = not vocab.ABSTINENCE_TOPICS.isdisjoint(words) or bool(
        phrases_in(normalised, vocab.ABSTINENCE_PHRASES)
    )
    absolutes = () if is_abstinence else phrases_in(normalised, vocab.ABSOLUTE_WORDS)
    zero = r"(?<![\d.])0\s+(?!minutes|hours|days|to\s+\d|out of)[a-z]"  # not "0 to 10" scales
    if not is_abstinence and re.search(zero, normalised):
        absolutes = (*absolutes, "zero")
    other = OTHER_PERSON.search(normalised)
    return StatementFacts(
        text=text,
        normalised=normalised,
        action_verbs=verbs,
        change_direction=directions[0] if directions else None,
        has_change_verb=any(w in CHANGE_FORMS and w not in COMPARATIVES for w in words),
        vague_phrases=vague,
        avoidance_words=tuple(
            w
            for w in phrases_in(normalised, vocab.AVOIDANCE_WORDS)
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
        hedges=phrases_in(main, vocab.HEDGES),
        comparatives=() if anchored else _comparatives(main),
        insight_phrases=phrases_in(main, vocab.INSIGHT_PHRASES),
        completion=completion,
        details=phrases_in(main, vocab.DETAIL_PHRASES) + tuple(m[0] for m in _WHO.finditer(main)),
    )


_WHO = re.compile(
    rf"\b(?:my|our|the|a|his|her)\s+(?:{vocab.OTHER_PEOPLE}|sponsor|therapist|counsellor|"
    r"counselor|doctor|gp|mentor|coach|nurse|support group)\b|\ball\s+(?:my|the)\s+[a-z]+"
)
"""With whom, or how many: "with my sister", "call my mum", "attend all my sessions"."""

_CLINICAL_TASK = re.compile(
    rf"^(?:{vocab.THIRD_PERSON_SUBJECTS})\s+will\s+(?:be able to\s+)?"
    r"(?:independently\s+|safely\s+|correctly\s+|successfully\s+)?([a-z]+)"
)
_DEADLINE_WORD = re.compile(r"^(?:by|before|until|till|no later than)\b")


_ON_ONES_OWN = re.compile(
    r"\b([a-z]+)\b(?:\s+[a-z'-]+){0,5}?\s+(?:independently|on (?:my|his|her|their) own|"
    r"without (?:help|assistance))\b"
)
"""A skill shown once it is done alone: "shower independently", "dress myself without help"."""


def _clinical_task(main: str) -> str | None:
    """The verb of a clinical objective: "The client will independently make ..." -> "make"."""
    task = _CLINICAL_TASK.match(main)
    return task[1] if task is not None and task[1] not in vocab.NOT_A_TASK else None


def _completion(main: str, task: str | None) -> str | None:
    """The action done once that the statement names, if any ("book", "sign up"), the task of a
    clinical objective ("The client will independently make a sandwich" -> "make"), or a skill
    done alone ("transfer from bed to wheelchair independently" -> "transfer")."""
    found = phrases_in(main, vocab.COMPLETION_VERBS)
    if found:
        return found[0]
    alone = _ON_ONES_OWN.search(main)
    if alone is not None and alone[1] not in vocab.NOT_A_TASK:
        return alone[1]
    return task


_MANNER = re.compile(r"\b(?:more|less)\s+([a-z]+ly)\b")


def _comparatives(main: str) -> tuple[str, ...]:
    """The comparatives that leave an amount open: not "talk more openly" (a manner)."""
    manner = {m[1] for m in _MANNER.finditer(main)} - vocab.FREQUENCY_ADVERBS
    if manner and not re.search(r"\b(?:more|less)\b(?!\s+[a-z]+ly\b)", main):
        return ()
    return phrases_in(main, vocab.COMPARATIVE_WORDS)


def _is_title(main: str, anchored: bool) -> bool:
    """A title, not a goal: "A healthier morning routine", "Better sleep" (no verb, no amount)."""
    words = WORD.findall(main)
    if not words or words[0] not in vocab.TITLE_STARTS or anchored:
        return False
    return not ({"i", "will", "to", "we", "let's"} & set(words))


def _is_deadline(time_phrase: str | None, main: str) -> bool:
    """Whether "by 7 am" is a deadline that day: a task due then, not a daily routine's time."""
    if time_phrase is None or not _DEADLINE_WORD.match(time_phrase):
        return False
    return not phrases_in(main, vocab.ROUTINE_WORDS)


_LIMITS = {
    word: re.compile(rf"\b{word}\s+than\s+\d|\bor\s+{word}\b") for word in ("no more", "less")
}


def _is_limit_phrase(word: str, normalised: str) -> bool:
    """'no more than 2', 'less than 3' and '30 or less' set limits: they are not avoidance."""
    limit = _LIMITS.get(word)
    return limit is not None and limit.search(normalised) is not None


def clear_statement_cache() -> None:
    """Forget every statement kept by :func:`read_statement` (e.g. when a client's session ends)."""
    read_statement.cache_clear()
