"""Spanish (``es``): a language pack shipped with the library, registered through the same
``register_languages`` hook as a third party's.

Its words are the data file ``es.toml`` beside this module, written without accents: the reader
drops them from the text too (``más`` and ``mas``, ``día`` and ``dia`` are read alike), because
people often leave them out when they type. This module adds what a data file cannot say: how
number words are written as digits ("veinticinco" -> "25", "treinta y cinco" -> "35") and the
forms of a verb ("caminar" -> "camino", "caminaré", "caminando", ...). The file is read on the
first statement, not when the library is imported or the plug-ins are gathered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from therapy_goals.contracts.languages import Language
from therapy_goals.hookspecs import hookimpl
from therapy_goals.smart.languages.loading import LazyPack
from therapy_goals.smart.languages.pack import continental_digits

__all__ = ["SPANISH", "register_languages", "spanish_forms", "spanish_numbers"]

_ACCENTS = str.maketrans("áéíóúüàèìòù", "aeiouuaeiou")


def fold(text: str) -> str:
    """The text without accents (but with its ñ): what the pack's words are written in."""
    return unicodedata.normalize("NFC", text).translate(_ACCENTS)


_UNITS = {
    "cero": 0, "uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
}  # fmt: skip
_SMALL = {
    **_UNITS,
    "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
}  # fmt: skip
_TENS = {
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
    "ochenta": 80, "noventa": 90,
}  # fmt: skip
_HUNDREDS = {
    "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300,
    "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500,
    "quinientas": 500, "seiscientos": 600, "seiscientas": 600, "setecientos": 700,
    "setecientas": 700, "ochocientos": 800, "ochocientas": 800, "novecientos": 900,
    "novecientas": 900,
}  # fmt: skip


def _word_value(word: str) -> int | None:
    """The value of one number word, "veinticinco" included (veinti- + a unit)."""
    if word in _SMALL:
        return _SMALL[word]
    if word in _TENS:
        return _TENS[word]
    if word in _HUNDREDS:
        return _HUNDREDS[word]
    if word.startswith("veinti") and word[6:] in _UNITS and word[6:] not in ("cero", "una"):
        return 20 + _UNITS[word[6:]]
    return None


_NUMBER_WORD = (
    r"(?:cero|uno?|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|"
    r"quince|dieci(?:seis|siete|ocho|nueve)|veinte|veinti(?:uno?|dos|tres|cuatro|cinco|seis|"
    r"siete|ocho|nueve)|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien|ciento|"
    r"(?:dos|tres|cuatro|seis|sete|ocho|nove)cient[oa]s|quinient[oa]s|mil)"
)
_NUMBER_RUN = re.compile(rf"\b{_NUMBER_WORD}(?:\s+(?:y\s+)?{_NUMBER_WORD})*\b")
_ARTICLE = re.compile(r"^(?:un|una)$")
_COUNTED = re.compile(
    r"\s+(?:vez|semana|mes|hora|dia|ano|minuto|noche|manana|tarde|quincena|cigarrillo|copa|"
    r"cerveza|sesion|paso|pagina|vaso|taza|comida|llamada|amigo|amiga|libro|capitulo|kilo|km|"
    r"kilometro)\b"
)


_FRACTIONS = tuple(
    (re.compile(pattern), minutes)
    for pattern, minutes in (
        (r"\b(?:una\s+)?hora\s+y\s+media\b", "90 minutos"),
        (r"\bmedia\s+hora\b", "30 minutos"),
        (r"\bun\s+cuarto\s+de\s+hora\b", "15 minutos"),
    )
)
"""Parts of an hour, said in words: as minutes."""


def _numbers_in(run: str) -> list[str]:
    """The numbers a run of number words holds: "y" joins tens and units ("treinta y cinco"),
    and otherwise separates two numbers ("entre dos y tres veces")."""
    words = run.split()
    numbers: list[list[str]] = [[]]
    for index, word in enumerate(words):
        joins = (
            word == "y"
            and index + 1 < len(words)
            and words[index - 1] in _TENS
            and words[index + 1] in _UNITS
        )
        if word == "y" and not joins:
            numbers.append([])
        else:
            numbers[-1].append(word)
    return [" ".join(number) for number in numbers if number]


def _value(run: str) -> int | None:
    """The value of a run of number words ("ciento veinte", "dos mil", "treinta y cinco")."""
    total, current = 0, 0
    for word in run.split():
        if word == "y":
            continue
        if word == "mil":
            total += (current or 1) * 1000
            current = 0
            continue
        value = _word_value(word)
        if value is None:
            return None
        current += value
    return total + current


def spanish_numbers(text: str) -> str:
    """Number words as digits, in an accent-free lower-case text: "tres veces" -> "3 veces".

    "un" and "una" are articles as often as numbers: they count only before a unit
    ("una vez", "un mes", "una hora"), so that "dar un paseo" holds no number.
    """

    text = continental_digits(text)
    for pattern, minutes in _FRACTIONS:
        text = pattern.sub(minutes, text)

    def digits(match: re.Match[str]) -> str:
        run = match[0]
        if _ARTICLE.match(run) and not _COUNTED.match(text, match.end()):
            return run
        return " y ".join(
            str(value) if (value := _value(number)) is not None else number
            for number in _numbers_in(run)
        )

    return _NUMBER_RUN.sub(digits, text)


_ENDINGS = {
    "ar": (
        "o as a amos ais an e es emos en aba abas abamos aban ado ada ados adas ando are aras "
        "ara aremos aran aria arian aste aron"
    ),
    "er": (
        "o es e emos eis en a as amos an ia ias iamos ian ido ida idos idas iendo ere eras era "
        "eremos eran eria erian iste ieron io"
    ),
    "ir": (
        "o es e imos is en a as amos an ia ias iamos ian ido ida idos idas iendo ire iras ira "
        "iremos iran iria irian iste ieron io"
    ),
}
_PRONOUNS = ("me", "te", "se", "nos", "lo", "la", "los", "las", "le", "les")


def spanish_forms(verb: str) -> set[str]:
    """The regular forms of an accent-free Spanish infinitive, with the pronouns an infinitive
    or gerund takes ("acostarme", "escribiendolo"); irregular ones are in the file's ``forms``.
    A phrase ("dar un paseo") is its first word's forms."""
    first = verb.split(maxsplit=1)[0]
    forms = {verb, first}
    ending = first[-2:]
    if ending not in _ENDINGS:
        return forms
    stem = first[:-2]
    if len(stem) < 2:  # "ir", "dar": their short forms ("da", "de", "va") are other words
        return forms
    forms.update(stem + suffix for suffix in _ENDINGS[ending].split())
    forms.update(f"{first}{pronoun}" for pronoun in _PRONOUNS)
    gerund = stem + ("ando" if ending == "ar" else "iendo")
    forms.update(f"{gerund}{pronoun}" for pronoun in _PRONOUNS)
    return forms


FUNCTION_WORDS = frozenset(
    """
    al antes año años cada como con de debería deberia del despues después dia día dias días
    durante el en entre es esta este estar hacer hasta hora horas ir la las lo los mas más
    mañana mejor menos mes meses mi mis minutos muy noche para pero por que quiero se semana
    semanas ser sin sobre su sus tener todas todos un una uno unos veces vez voy y yo
    """.split()
)
"""Short, common Spanish words, and the words goals are made of ("veces", "semana", "quiero",
"ser"): what chooses Spanish for a statement when none is named. None is also an English word,
so English text is not taken for Spanish."""


_PACK = LazyPack(
    "es",
    numbers=spanish_numbers,
    forms=spanish_forms,
    fold=fold,
)

LETTERS = frozenset("ñáéíóú¿¡")
"""Letters Spanish writes and English and German do not."""

SPANISH = Language(
    code="es",
    name="Español",
    read=_PACK.read,
    function_words=FUNCTION_WORDS,
    translate=_PACK.translate,
    letters=LETTERS,
)


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(SPANISH)
