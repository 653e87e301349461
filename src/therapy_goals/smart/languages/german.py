"""German (``de``): a language pack shipped with the library, registered through the same
``register_languages`` hook as a third party's (the worked example of docs/languages.md).

Its words are the data file ``de.toml`` beside this module. This module adds what a data file
cannot say: how number words are written as digits, compounds included ("fünfundzwanzig" ->
"25", "zweihundert" -> "200", "dreimal" -> "3 mal"), and the forms of a verb ("gehen" ->
"gehe", "gehst", "geht", ...; irregular ones are in the file). The file is read on the first
statement, not when the library is imported or the plug-ins are gathered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from therapy_goals.contracts.languages import Language
from therapy_goals.hookspecs import hookimpl
from therapy_goals.smart.languages.loading import LazyPack
from therapy_goals.smart.languages.pack import continental_digits

__all__ = ["GERMAN", "german_forms", "german_numbers", "register_languages"]

_UNITS = {
    "null": 0, "eins": 1, "ein": 1, "eine": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
}  # fmt: skip
_SMALL = {
    **_UNITS,
    "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}  # fmt: skip
_TENS = {
    "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
    "siebzig": 70, "achtzig": 80, "neunzig": 90,
}  # fmt: skip


def _below_hundred(word: str) -> int | None:
    if word in _SMALL:
        return _SMALL[word]
    if word in _TENS:
        return _TENS[word]
    unit, joint, tens = word.partition("und")
    if joint and unit in _UNITS and tens in _TENS and unit not in ("null", "eine"):
        return _UNITS[unit] + _TENS[tens]
    return None


def german_number(word: str) -> int | None:
    """The value of one German number word, written as one word as German writes them:
    "fünfundzwanzig" 25, "hundertzwanzig" 120, "zweitausenddreihundert" 2300."""
    if not word:
        return None
    for name, size in (("tausend", 1000), ("hundert", 100)):
        left, joint, right = word.partition(name)
        if joint:
            times = 1 if left in ("", "ein") else _below_hundred(left)
            rest = 0 if not right else german_number(right.removeprefix("und"))
            if times is None or rest is None or (size == 100 and times > 9):
                return None
            return times * size + rest
    return _below_hundred(word)


_WORD = re.compile(r"\b[a-zäöüß]+\b")
_ARTICLES = frozenset({"ein", "eine", "eins", "einen", "einem", "einer"})
_COUNTED = re.compile(
    r"\s+(?:mal|woche|monat|tag|stunde|minute|jahr|abend|morgen|nacht|glas|zigarette|"
    r"seite|kapitel|schritt|sitzung|termin|kilometer|km)\b"
)


_FRACTIONS = tuple(
    (re.compile(pattern), minutes)
    for pattern, minutes in (
        (r"\b(?:anderthalb|eineinhalb)\s+stunden\b", "90 minuten"),
        (r"\b(?:eine\s+)?halbe\s+stunde\b", "30 minuten"),
        (r"\b(?:eine\s+)?viertelstunde\b", "15 minuten"),
        (r"\b(?:eine\s+)?dreiviertelstunde\b", "45 minuten"),
    )
)
"""Parts of an hour, said in words: as minutes."""


def german_numbers(text: str) -> str:
    """Number words as digits, in a lower-case text: "dreimal pro woche" -> "3 mal pro woche".

    "ein", "eine" and "eins" are articles as often as numbers: they count only before a unit
    ("eine Woche", "ein Mal"), so that "einen Spaziergang machen" holds no number.
    """

    text = continental_digits(text)
    for pattern, minutes in _FRACTIONS:
        text = pattern.sub(minutes, text)

    def digits(match: re.Match[str]) -> str:
        word = match[0]
        stem, times = (word[:-3], " mal") if word.endswith("mal") and len(word) > 3 else (word, "")
        value = 1 if stem in _ARTICLES else german_number(stem)
        if value is None:
            return word
        if stem in _ARTICLES and not times and not _COUNTED.match(text, match.end()):
            return word
        return f"{value}{times}"

    return _WORD.sub(digits, text)


def german_forms(verb: str) -> set[str]:
    """The regular present and past forms of a German infinitive ("gehen" -> "gehe", "gehst",
    "geht", "gegeht" is not German but harmless); a separable verb written as two words
    ("spazieren gehen") is its last word's forms with the whole phrase."""
    last = verb.rsplit(maxsplit=1)[-1]
    forms = {verb, last}
    stem = last[:-2] if last.endswith("en") else last[:-1] if last.endswith("n") else last
    if not stem:
        return forms
    joint = "e" if stem.endswith(("t", "d")) else ""
    forms.update(
        {
            f"{stem}e",
            f"{stem}{joint}st",
            f"{stem}{joint}t",
            f"{stem}{joint}te",
            f"{stem}{joint}ten",
            f"ge{stem}{joint}t",
            f"{last}d",
            f"zu{last}",
        }
    )
    return forms


def fold(text: str) -> str:
    """The text in one Unicode form (umlauts as one character, as the pack's words are)."""
    return unicodedata.normalize("NFC", text)


FUNCTION_WORDS = frozenset(
    """
    abend abends auf aus bei besser bis das dass dem den der die ein eine einen ende für gehen
    ich im ins ist jahres jeden jede lang machen mal mehr mein meine meinen meiner mich minuten
    mit möchte monat monate morgens nach nicht pro sein stunden tage tagen täglich über und
    vom von vor weniger werden wieder woche wochen zu zum zur
    """.split()
)
"""Short, common German words, and the words goals are made of ("minuten", "täglich", "sein"):
what chooses German for a statement when none is named (chosen so that English and Spanish goals
rarely hold them)."""


_PACK = LazyPack("de", numbers=german_numbers, forms=german_forms, fold=fold)

LETTERS = frozenset("äöüß")
"""Letters German writes and English and Spanish do not."""

GERMAN = Language(
    code="de",
    name="Deutsch",
    read=_PACK.read,
    function_words=FUNCTION_WORDS,
    translate=_PACK.translate,
    letters=LETTERS,
)


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(GERMAN)
