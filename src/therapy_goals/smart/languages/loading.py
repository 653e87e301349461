"""A language pack read when it is first used: its data file, reader and message catalogue.

Gathering the plug-ins registers every pack's :class:`~therapy_goals.contracts.Language`, which
needs only its short, common words; the data file is read, and its patterns compiled, on the
first statement read in the language, and its catalogue of messages on the first message shown.
So importing the library, or checking English text, loads no pack.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable, Iterable
from datetime import date
from importlib import resources

from therapy_goals.contracts.statements import StatementFacts
from therapy_goals.smart.languages.pack import PackReader
from therapy_goals.smart.wordlists import read_words

__all__ = ["MESSAGE_DOMAIN", "LazyPack", "catalogue"]

MESSAGE_DOMAIN = "therapy_goals"
"""The gettext domain of the built-in rules' messages: ``locale/<code>/LC_MESSAGES/<domain>.mo``
inside the package, compiled from the ``.po`` file beside it."""


@functools.cache
def catalogue(code: str) -> gettext.NullTranslations:
    """The compiled catalogue of the built-in rules' messages in language ``code`` (English,
    the messages as written, when there is none)."""
    folder = str(resources.files("therapy_goals") / "locale")
    return gettext.translation(MESSAGE_DOMAIN, localedir=folder, languages=[code], fallback=True)


class LazyPack:
    """A pack whose reader is made from ``<code>.toml`` (in this folder) on first use."""

    def __init__(
        self,
        code: str,
        *,
        numbers: Callable[[str], str],
        forms: Callable[[str], Iterable[str]],
        fold: Callable[[str], str] = lambda text: text,
    ) -> None:
        self.code = code
        self._numbers, self._forms, self._fold = numbers, forms, fold

    @functools.cached_property
    def reader(self) -> PackReader:
        name = f"{self.code}.toml"
        text = (resources.files("therapy_goals.smart.languages") / name).read_text("utf-8")
        words = read_words(text, source=f"therapy_goals/smart/languages/{name}")
        return PackReader(words, numbers=self._numbers, forms=self._forms, fold=self._fold)

    def read(self, statement: str, today: date) -> StatementFacts:
        """The facts of ``statement``, read on ``today``."""
        return self.reader(statement, today)

    def translate(self, message: str) -> str:
        """A built-in rule's English ``message`` in this language (as written, when the
        catalogue has no translation of it)."""
        return catalogue(self.code).gettext(message)
