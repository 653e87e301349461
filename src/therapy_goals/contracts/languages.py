"""What a language plug-in contributes: a reader of plain statements in that language.

The statement reader turns a plain goal statement into :class:`StatementFacts`, the published
facts every SMART rule reads; the rules themselves never look at words. A :class:`Language` is a
reader for one language with the short, common words that tell its statements apart, so that
``check(text)`` can choose the language itself. English is built in (a data file of its words,
``smart/languages/en.toml``, and the reader in ``smart/text.py``), registered through the same
``register_languages`` hook as any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import attrs

from therapy_goals.contracts.statements import StatementFacts
from therapy_goals.errors import ValidationError
from therapy_goals.model.checks import non_blank, slug

__all__ = ["Language", "StatementReader"]

StatementReader = Callable[[str, date], StatementFacts]
"""Reads one statement on a day (for "within 8 weeks" and "by Friday") into its facts."""


def _callable(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not callable(value):
        raise ValidationError.at(
            attribute.name, "must be a function (statement, today) -> StatementFacts"
        )


def _optional_callable(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not callable(value):
        raise ValidationError.at(attribute.name, "must be a function (message) -> message")


def _single_letters(instance: Any, attribute: attrs.Attribute[Any], value: frozenset[str]) -> None:
    if any(not isinstance(c, str) or len(c) != 1 or c != c.lower() or c.isspace() for c in value):
        raise ValidationError.at(attribute.name, "must be single lower-case letters ('ñ', 'ß')")


def _word_set(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _words(instance: Any, attribute: attrs.Attribute[Any], value: frozenset[str]) -> None:
    if not value:
        raise ValidationError.at(
            attribute.name, "must hold the short, common words of the language ('the', 'and')"
        )
    if any(not isinstance(word, str) or word != word.lower() or not word.strip() for word in value):
        raise ValidationError.at(attribute.name, "must be lower-case, non-blank words")


@attrs.frozen(kw_only=True)
class Language:
    """A language the statement reader can read.

    ``code`` is its tag (``en``, ``es``, ``de``), what ``check(text, language="es")`` selects;
    ``read`` reads one statement; ``function_words`` are short, common words of the language,
    which choose it for a statement when no language is named, helped by ``letters`` that only
    the language writes (``ñ``, ``ß``): each one a statement holds counts as one more word.
    ``translate``, when given, turns a built-in rule's English message into the language
    (gettext's ``gettext`` of a catalogue does exactly this; a message it does not know is
    returned as it is): the findings of a statement read in the language are then in it.
    """

    code: str = attrs.field(validator=slug())
    name: str = attrs.field(validator=non_blank(max_length=100))
    read: StatementReader = attrs.field(validator=_callable)
    function_words: frozenset[str] = attrs.field(converter=_word_set, validator=_words)
    translate: Callable[[str], str] | None = attrs.field(default=None, validator=_optional_callable)
    letters: frozenset[str] = attrs.field(
        default=frozenset(), converter=_word_set, validator=_single_letters
    )

    def share(self, words: set[str], letters: Iterable[str] = ()) -> int:
        """How many of ``words`` are this language's function words, and of ``letters`` (a
        statement's distinct characters) its own letters."""
        shared = len(self.function_words.intersection(words))
        return shared + len(self.letters.intersection(letters)) if self.letters else shared
