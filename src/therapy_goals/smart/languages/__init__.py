"""The languages the statement reader reads: English built in, others from plug-ins.

English registers through the ``register_languages`` hook like any other language: its words
are the data file ``en.toml`` in this folder, its reader is
:func:`therapy_goals.smart.text.read_statement`.
:func:`choose_language` picks the language of a statement when none is named, by the share of the
statement's words that are a language's short, common words (English wins a tie).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from therapy_goals.contracts.languages import Language
from therapy_goals.errors import ValidationError
from therapy_goals.hookspecs import hookimpl
from therapy_goals.smart import vocabulary as vocab
from therapy_goals.smart.text import read_statement

__all__ = ["DEFAULT_LANGUAGE", "ENGLISH", "choose_language", "register_languages"]

DEFAULT_LANGUAGE = "en"
"""The language of a statement whose words say nothing either way."""

ENGLISH = Language(
    code="en",
    name="English",
    read=read_statement,
    function_words=vocab.FUNCTION_WORDS,
)

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


@hookimpl
def register_languages(register: Callable[[Language], None]) -> None:
    register(ENGLISH)


def choose_language(
    text: str, languages: Mapping[str, Language], *, named: str | None = None
) -> Language:
    """The language to read ``text`` in: the one ``named`` (an unknown code is an error that
    lists the known ones), or else the one whose short, common words (and own letters, such as
    "ñ" or "ß") the text uses most."""
    if named is not None:
        if named not in languages:
            known = ", ".join(sorted(languages)) or "none"
            raise ValidationError.at("language", f"no language {named!r}; known: {known}")
        return languages[named]
    if len(languages) == 1:  # one language to choose from: nothing to weigh
        return next(iter(languages.values()))
    lowered = text.lower()
    words, letters = set(_WORD.findall(lowered)), frozenset(lowered)
    default = languages.get(DEFAULT_LANGUAGE)
    best = default
    best_share = default.share(words, letters) if default is not None else -1
    for language in languages.values():
        if language is default:
            continue
        share = language.share(words, letters)
        if share > best_share:
            best, best_share = language, share
    if best is None:
        raise ValidationError.at("language", "no language is registered to read statements")
    return best
