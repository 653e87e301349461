"""The words the statement reader and the built-in rules share, for English.

The English words live in a data file, ``smart/languages/en.toml`` (see
:mod:`therapy_goals.smart.wordlists`); this module reads it once and names each list, so that code
reads ``vocab.HEDGES`` rather than a dictionary key. What is not language (the rating scales the
reader recognises by name) is defined here. All entries are lower case; verbs are base forms (the
reader derives -s, -ing and -ed forms).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

from therapy_goals.model import Period
from therapy_goals.smart.wordlists import LanguageWords, read_words

ENGLISH_FILE = "languages/en.toml"
"""The English data file, inside the ``therapy_goals.smart`` package."""


def _english() -> LanguageWords:
    text = (resources.files("therapy_goals.smart") / ENGLISH_FILE).read_text(encoding="utf-8")
    return read_words(text, source=f"therapy_goals/smart/{ENGLISH_FILE}")


ENGLISH: LanguageWords = _english()

_SETS, _PHRASES, _ALTERNATIVES = ENGLISH.sets, ENGLISH.phrases, ENGLISH.alternations

ACTION_VERBS: frozenset[str] = _SETS["action_verbs"]
"""Verbs that name something a person can do and be seen doing."""
DECREASE_WORDS: frozenset[str] = _SETS["decrease_words"]
INCREASE_WORDS: frozenset[str] = _SETS["increase_words"]
ABSTINENCE_TOPICS: frozenset[str] = _SETS["abstinence_topics"]
NOT_A_TASK: frozenset[str] = _SETS["not_a_task"]
TITLE_STARTS: frozenset[str] = _SETS["title_starts"]
FREQUENCY_ADVERBS: frozenset[str] = _SETS["frequency_adverbs"]
FUNCTION_WORDS: frozenset[str] = _SETS["function_words"]
"""Short, common words that say a statement is English (for choosing a language)."""

VAGUE_STATES: tuple[str, ...] = _PHRASES["vague_states"]
VAGUE_TOPICS: tuple[str, ...] = _PHRASES["vague_topics"]
VAGUE_ADVERBS: tuple[str, ...] = _PHRASES["vague_adverbs"]
VAGUE_PHRASES: tuple[str, ...] = _PHRASES["vague_phrases"]
AVOIDANCE_WORDS: tuple[str, ...] = _PHRASES["avoidance_words"]
ABSOLUTE_WORDS: tuple[str, ...] = _PHRASES["absolute_words"]
HEDGES: tuple[str, ...] = _PHRASES["hedges"]
COMPARATIVE_WORDS: tuple[str, ...] = _PHRASES["comparative_words"]
INSIGHT_PHRASES: tuple[str, ...] = _PHRASES["insight_phrases"]
COMPLETION_VERBS: tuple[str, ...] = _PHRASES["completion_verbs"]
ROUTINE_WORDS: tuple[str, ...] = _PHRASES["routine_words"]
DETAIL_PHRASES: tuple[str, ...] = _PHRASES["detail_phrases"]
ABSTINENCE_PHRASES: tuple[str, ...] = _PHRASES["abstinence_phrases"]
WEEKDAYS: tuple[str, ...] = _PHRASES["weekdays"]
MONTHS: tuple[str, ...] = _PHRASES["months"]

VAGUE_VERBS = "|".join(_ALTERNATIVES["vague_verbs"])
OTHER_PEOPLE = "|".join(_ALTERNATIVES["other_people"])
THIRD_PERSON_SUBJECTS = "|".join(_ALTERNATIVES["third_person_subjects"])

NUMBER_WORDS: Mapping[str, int] = ENGLISH.number_words
PERIOD_WORDS: Mapping[str, Period] = ENGLISH.period_words
AREA_KEYWORDS: Mapping[str, tuple[str, ...]] = ENGLISH.area_keywords
AREA_EXAMPLES: Mapping[str, str] = MappingProxyType(
    {area: text for area, text in ENGLISH.examples.items() if area != "default"}
)
DEFAULT_EXAMPLE: str = ENGLISH.examples["default"]
MONTH_ABBREVIATIONS = {name[:3]: index + 1 for index, name in enumerate(MONTHS)} | {"sept": 9}

# fmt: off
SCALES: Mapping[str, tuple[str, int, int, str | None]] = MappingProxyType({
    # code: (name, lowest total, highest total, area it measures)
    "phq9": ("PHQ-9", 0, 27, "depression"),
    "gad7": ("GAD-7", 0, 21, "anxiety"),
    "pcl5": ("PCL-5", 0, 80, "trauma"),
    "core10": ("CORE-10", 0, 40, None),
    "dass21": ("DASS-21", 0, 63, None),
    "wsas": ("WSAS", 0, 40, None),
    "isi": ("ISI", 0, 28, "sleep"),
    "epds": ("EPDS", 0, 30, "depression"),
    "audit": ("AUDIT", 0, 40, None),
})
# fmt: on
"""The rating scales the statement reader recognises by name in a goal's text. The facts of a
registered questionnaire (:class:`~therapy_goals.contracts.Questionnaire`) come from its
definition, which rules read through their context; this row is what the reader and rules fall
back on for a scale no plug-in defines (a test holds the PHQ-9 and GAD-7 rows to the definitions).
"""

QUESTIONNAIRES: Mapping[str, str] = MappingProxyType(
    {code: name for code, (name, _, _, _) in SCALES.items()}
)
"""Scale codes the reader recognises in text, with their usual names."""
