"""The statement reader's text handling: normalising a statement and the patterns it searches.

Every pattern is compiled once, at import. Words come from :mod:`therapy_goals.smart.vocabulary`.
"""

from __future__ import annotations

import functools
import re

from therapy_goals.model import Direction
from therapy_goals.smart import vocabulary as vocab

# --- normalising ----------------------------------------------------------------------------------

NUMBER_WORD = "|".join(sorted(vocab.NUMBER_WORDS, key=len, reverse=True))
TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
UNITS = "one|two|three|four|five|six|seven|eight|nine"


_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


def _multiplied(match: re.Match[str]) -> str:
    amount = match[1]
    value = 1 if amount in ("a", "one") else int(amount)
    return str(value * _MULTIPLIERS[match[2]])


def words_to_digits(text: str) -> str:
    """ "twenty-five" -> "25", "ten thousand" -> "10000", "a hundred" -> "100"."""
    text = re.sub(
        rf"\b({TENS})[\s-]({UNITS})\b",
        lambda m: str(vocab.NUMBER_WORDS[m[1]] + vocab.NUMBER_WORDS[m[2]]),
        text,
    )
    text = re.sub(rf"\b({NUMBER_WORD})\b", lambda m: str(vocab.NUMBER_WORDS[m[1]]), text)
    return re.sub(r"\b(a|one|\d{1,3})[\s-]+(hundred|thousand|million)\b", _multiplied, text)


REPLACEMENTS = (
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
    (r"(?<!times )\ba fortnight\b", "2 weeks"),
    (r"\b(phq|gad|pcl|core|dass)[\s-]?(\d+)\b", r"\1\2"),
    (r"(\d),(\d{3})\b", r"\1\2"),
    (r"\s+", " "),
)


_COMPILED_REPLACEMENTS = tuple((re.compile(p), r) for p, r in REPLACEMENTS)


def normalise(text: str) -> str:
    """Lower case, plain quotes and dashes, number words as digits, single spaces."""
    lowered = text.lower()
    for pattern, replacement in _COMPILED_REPLACEMENTS[:4]:
        lowered = pattern.sub(replacement, lowered)
    lowered = words_to_digits(lowered)
    for pattern, replacement in _COMPILED_REPLACEMENTS[4:]:
        lowered = pattern.sub(replacement, lowered)
    return lowered.strip()


class Reader:
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


# --- patterns -------------------------------------------------------------------------------------

WEEKDAY = "|".join(vocab.WEEKDAYS)
MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
UNIT = r"days?|weeks?|months?|years?|fortnights?|sessions?"
PERIOD = r"day|night|morning|evening|afternoon|week|weekend|month|wk|d|mo"
BY = r"(?:by|before|until|till|til|no later than|on or before|prior to|up to)"
NUM = r"\d+(?:\.\d+)?"

START = re.compile(
    rf"\b(?:starting|beginning|from|commencing|as of)\s+(?:on\s+)?(?:(today|tomorrow|tonight)|"
    rf"(next|this)\s+(week|month)|(next\s+)?({WEEKDAY})|({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?)\b"
)
TIME_OF_DAY = re.compile(
    rf"\b(?:{BY}|at|after|around|from)?\s*(\d{{1,2}})(?:[:.](\d{{2}}))?\s*(am|pm)\b"
    rf"|\b(?:{BY}|at|after|around)\s+(\d{{1,2}}):(\d{{2}})\b|\b(midnight|noon|midday)\b"
)
SCORE_MENTION = re.compile(r"\b(" + "|".join(vocab.QUESTIONNAIRES) + r")\b")
SCORE_FROM_TO = re.compile(
    rf"^\D{{0,40}}?from\s+({NUM})\s+(?:down\s+|up\s+)?to\s+(below\s+|under\s+|less than\s+|"
    rf"at or below\s+|or below\s+)?({NUM})"
)
SCORE_TARGET = re.compile(
    rf"^\D{{0,40}}?(below|under|less than|lower than|at or below|at most|to|of|at|<|above|over)"
    rf"\s*({NUM})(\s+or\s+(?:less|lower|below|under))?"
)
SCORE_BEFORE = re.compile(
    rf"\b(below|under|less than|lower than|at or below|at most|above|over)\s*({NUM})\s+"
    r"(?:points?\s+)?(?:on|in)\s+(?:the\s+|my\s+)?$"
)
SCORE_BY = re.compile(rf"^\D{{0,40}}?\bby\s+({NUM})\s+points?\b")
LOOSE_FROM_TO = re.compile(
    rf"\bfrom\s+({NUM})\s+(?:down\s+)?to\s+(below\s+|under\s+|less than\s+)?({NUM})"
)
FROM_TO = re.compile(rf"\bfrom\s+({NUM})(?:\s+[a-z'/-]+){{0,4}}?\s+(?:down\s+|up\s+)?to\s+({NUM})")
TIMES_PER = re.compile(
    rf"\b(\d+)\s*(?:x|times?)\s*(?:a|an|per|each|every|/|in a|in an)\s*({PERIOD}|fortnight)\b"
)
TIMES_ADVERB = re.compile(r"\b(\d+)\s*(?:x|times?)\s*(daily|nightly|weekly|monthly)\b")
OUT_OF_DAYS = re.compile(
    r"\b(\d+)\s*(?:out of|of|in)\s+(?:the\s+)?(?:next\s+|last\s+)?(\d+)\s*days\b"
)
DAYS_PER = re.compile(
    r"\b(\d+)\s*(?:days?|nights?|mornings?|evenings?)\s*(?:a|per|each|every|/)\s*(week|month|wk)\b"
)
CADENCE = re.compile(
    rf"\b(every other day|every weekday|on weekdays|weekdays|on weekends|every weekend|"
    rf"every (?:{WEEKDAY})|on (?:{WEEKDAY})s|(?:every|each)\s+(?:day|night|morning|evening|"
    rf"afternoon|week|month)|daily|nightly|weekly|monthly|every day|each day)\b"
)
EVERY_N = re.compile(r"\b(?:every|each)\s+(\d+)\s*(days?|weeks?|months?)\b")
DURATION = re.compile(rf"\b({NUM})\s*(minutes?|mins?|hours?|hrs?|hr|h)\b")
LIMIT_BEFORE = re.compile(
    r"(?:under|less than|no more than|at most|below|fewer than|max(?:imum)?|up to|<|only)\s*$"
)
QUANTITY = re.compile(
    rf"\b({NUM})\s*((?:[a-z'%-]+\s+){{0,3}}?)(?:a|an|per|each|every|/)\s*({PERIOD})\b"
)
HORIZONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\b(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})\b"),
        "numeric",
    ),
    (
        re.compile(
            r"\b(within|in|inside|for|over|during|across)\s+(?:the\s+)?(?:next\s+)?(\d+)\s*"
            r"(?:hours?|hrs?)\b"
        ),
        "hours",
    ),
    (re.compile(rf"\b(?:within|in|inside)\s+(?:the\s+)?(?:next\s+)?(\d+)\s*({UNIT})\b"), "span"),
    (
        re.compile(
            rf"\b(?:for|over|during|across|throughout)\s+(?:the\s+)?(?:next|coming|following)?\s*"
            rf"(\d+)\s*({UNIT})\b"
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
    (
        re.compile(
            r"\b(?:within|in|inside|for|over|during)\s+(?:a|an|1)\s+(day|week|month|year|fortnight)\b"
        ),
        "one",
    ),
    (
        re.compile(
            rf"\b(\d+)\s*({UNIT})\s+(?:of\s+(?:[a-z-]+\s+){{0,3}}?(?:sobriety|abstinence|living|"
            rf"recovery)|of\s+being\s+[a-z-]+|sober|clean|"
            r"smoke-free|alcohol-free|drug-free|drink-free|gambling-free|without\b)"
        ),
        "span-first",
    ),
    (re.compile(rf"\b(?:{BY}|at|in)\s+(?:the\s+)?(?:end of\s+)?(week|session)\s+(\d+)\b"), "nth"),
    (
        re.compile(
            rf"\b(?:{BY}|at|in|before)\s+(?:the\s+|our\s+|my\s+)?(first|second|third|fourth|"
            r"fifth|sixth|\d+(?:st|nd|rd|th))\s+(session)\b"
        ),
        "nth-word",
    ),
    (
        re.compile(r"\b(?:an?|one)\s+(?:entire|whole|full)\s+(day|week|month|year|weekend)\b"),
        "one",
    ),
    (
        re.compile(
            r"\b(?:during|for|throughout|on)\s+(?:the\s+|my\s+|this\s+)?(?:day\s+|night\s+|evening\s+|late\s+|early\s+)?shift\b"
        ),
        "today",
    ),
    (
        re.compile(
            r"\b(?:by|before|until|at)\s+the\s+end\s+of\s+(?:the\s+)?(first|second|third|fourth|"
            r"fifth|sixth|\d+(?:st|nd|rd|th))\s+(week|month)\b"
        ),
        "end-nth",
    ),
    (
        re.compile(
            r"\b(?:by|before|until|at)\s+the\s+end\s+of\s+(?:the\s+|my\s+|this\s+|today's\s+)?"
            r"(shift|session|evening|night|afternoon|morning|visit|appointment)\b"
        ),
        "today",
    ),
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
            rf"\b(?:{BY}|on|for)\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH})"
            rf"(?:,?\s+(\d{{4}}))?\b"
        ),
        "day-month",
    ),
    (
        re.compile(
            rf"\b(?:{BY}|on|for)\s+({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b"
        ),
        "month-day",
    ),
    (
        re.compile(
            rf"\b(?:{BY}|in|during)\s+(?:the\s+end\s+of\s+)?(?:next\s+)?({MONTH})(?:\s+(\d{{4}}))?\b"
        ),
        "month",
    ),
    (re.compile(rf"\b(?:{BY}|on|this|next)\s+(next\s+)?({WEEKDAY})\b"), "weekday"),
    (
        re.compile(r"\b(?:(today|tonight|this morning|this afternoon|this evening)|(tomorrow))\b"),
        "day",
    ),
    (
        re.compile(
            r"\b(?:by\s+|for\s+|within\s+|before\s+)?(this|next|the current)\s+"
            r"(week|weekend|month|year|term|semester)\b"
        ),
        "this",
    ),
    (re.compile(r"\b(?:by|before|until|for|at)\s+(?:the\s+)?(christmas|new year)\b"), "holiday"),
    (
        re.compile(
            rf"\b(?:{BY}|at|when|to|for)\s+(?:my\s+|the\s+|our\s+)?(?:[a-z]+'s\s+)?"
            r"(discharge|the end of "
            r"(?:treatment|therapy|term|the term|semester|the semester|the school year|school)|"
            r"end of (?:treatment|therapy)|"
            r"(?:my\s+|the\s+|our\s+)?next (?:[a-z-]+\s+)?(?:session|appointment|review|visit|"
            r"check-in|meeting|class)|"
            r"(?:my\s+|the\s+)?(?:review|summer|graduation|wedding|birthday|exams?|holidays?|"
            r"(?:last|final) session))\b"
        ),
        "dateless",
    ),
)
REASON = re.compile(
    r"\b(so that|so i can|so i|so we|so my|so it|so they|so he|so she|so our|so the|because|since|"
    r"in order to|to help me|which will|"
    r"that will help|as i want|to be able to)\b(.*)$"
)
PURPOSE_TO = re.compile(
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
OTHER_PERSON = re.compile(
    rf"^(?:i want |i need |i would like |i'd like )?(?:my\s+(?:{vocab.OTHER_PEOPLE})|he|she|they|"
    rf"people|others|everyone)\s+(?:will|to|should|would|must|stops?|starts?|listens?|respects?|"
    rf"understands?|treats?|stop|start|is|are|be)\b"
    rf"|\b(?:want|need|convince|force|get|persuade)\s+(?:my\s+)?({vocab.OTHER_PEOPLE}|him|her|them)"
    rf"\s+to\b|\bmake\s+(?:my\s+)?(?:{vocab.OTHER_PEOPLE}|him|her|them)\b"
)
VAGUE = re.compile(
    rf"\b(?:(?:be|feel|get|become|being|feeling|getting|becoming)\s+(?:a\s+(?:lot|bit)\s+)?"
    rf"(?:{'|'.join(re.escape(s) for s in sorted(vocab.VAGUE_STATES, key=len, reverse=True))})"
    rf"|(?:{vocab.VAGUE_VERBS})\s+(?:my\s+|the\s+|with\s+my\s+|on\s+my\s+|our\s+)?"
    rf"(?:{'|'.join(re.escape(t) for t in sorted(vocab.VAGUE_TOPICS, key=len, reverse=True))})"
    rf"|{'|'.join(re.escape(p) for p in vocab.VAGUE_PHRASES)}"
    rf"|(?:reduction|improvement|decrease|increase|change)s?\s+in\s+(?:my\s+|the\s+)?"
    rf"(?:{'|'.join(re.escape(t) for t in sorted(vocab.VAGUE_TOPICS, key=len, reverse=True))})"
    rf"|[a-z]+\s+(?:{'|'.join(vocab.VAGUE_ADVERBS)})(?=\s*(?:$|[.,;!]|and\b|so\b|because\b|"
    rf"with\b|at\b|in\b|to\b|than\b))"
    rf"|(?:take|set|make|get)\s+(?:better|healthier)\s+[a-z]+(?:\s+(?:of|with)\s+[a-z]+)?)\b"
)


def word_forms(verb: str) -> set[str]:
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


ACTION_FORMS: dict[str, str] = {
    form: verb for verb in sorted(vocab.ACTION_VERBS) for form in word_forms(verb)
}
CHANGE_FORMS: dict[str, Direction] = {
    **{f: Direction.DECREASE for w in vocab.DECREASE_WORDS for f in word_forms(w)},
    **{f: Direction.INCREASE for w in vocab.INCREASE_WORDS for f in word_forms(w)},
}
COMPARATIVES = frozenset({"less", "more", "fewer"})
PHRASAL = re.compile(
    r"\b(get|getting|go|going|check|sign|reach|turn|put|wake|pick)[\s-]+"
    r"(up|out|outside|dressed|home|in|off|away|down|through)\b"
)
WORD = re.compile(r"[a-z][a-z'-]*")
NUMBER = re.compile(rf"(?<![\w.]){NUM}(?![\w.])|(?<![\w.])\d+(?=%|x\b)")
CONJUNCTION = re.compile(
    r"(?=[,;\s])"  # every joint starts so: fail fast elsewhere
    r"(?:,?\s+and\s+(?:also\s+|then\s+|to\s+|i\s+will\s+)?|;\s*|\s+as well as\s+|\s+plus\s+)"
    r"([a-z]+)"
)


_BREAK = re.compile(r"[^\w'%\- ]+")
MAX_PHRASE_WORDS = 6
"""The longest phrase a word list may hold, in words (a test holds the lists to it)."""


@functools.lru_cache(maxsize=256)
def word_runs(text: str) -> frozenset[str]:
    """Every run of up to :data:`MAX_PHRASE_WORDS` words in ``text`` with nothing but spaces
    between them (so that "less: no" is not the phrase "less no"): the phrases it can hold."""
    runs: set[str] = set()
    for segment in _BREAK.split(text):
        words = segment.split()
        count = len(words)
        for size in range(1, min(MAX_PHRASE_WORDS, count) + 1):
            runs.update(" ".join(words[at : at + size]) for at in range(count - size + 1))
    return frozenset(runs)


def phrases_in(text: str, phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The ``phrases`` that occur in ``text`` as whole words, in the order given.

    Looked up among the text's runs of words (one set, built once per text), not searched for
    one by one: a statement is read against a dozen word lists.
    """
    runs = word_runs(text)
    if phrase_set(phrases).isdisjoint(runs):  # most statements hold none: one check decides
        return ()
    return tuple(phrase for phrase in phrases if phrase in runs)


@functools.cache
def phrase_set(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(phrases)
