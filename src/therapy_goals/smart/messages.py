"""The built-in rules' messages in the language of the statement they are about.

Rules write their messages in English, through :func:`t`, with named values in braces::

    t('"{phrase}" makes this a wish rather than a plan.', phrase=facts.hedges[0])

While a :class:`~therapy_goals.smart.engine.Checker` runs the rules on a statement read in a
language with a ``translate`` function (Spanish and German: gettext catalogues in
``therapy_goals/locale``), :func:`t` looks the English message up there first, then fills in
the values; otherwise the message stays English. The English text is the message's id, as
gettext expects, so ``pybabel extract -k t`` finds every message of the rules.
"""

from __future__ import annotations

from contextvars import ContextVar, Token

from therapy_goals.contracts.languages import Language

__all__ = ["speak", "stop_speaking", "t"]

_LANGUAGE: ContextVar[Language | None] = ContextVar("therapy_goals_messages", default=None)


def t(message: str, /, **values: object) -> str:
    """``message`` in the language of the statement being checked, with ``values`` filled in.

    A translation that names a value the message does not give is not used (the English
    message is): a slip in a catalogue must not stop a check.
    """
    language = _LANGUAGE.get()
    if language is not None and language.translate is not None:
        translated = language.translate(message)
        try:
            return translated.format(**values) if values else translated
        except (KeyError, IndexError, ValueError):
            pass
    return message.format(**values) if values else message


def speak(language: Language | None) -> Token[Language | None]:
    """From now on, :func:`t` speaks ``language`` (English for ``None``), until
    :func:`stop_speaking` is given the token this returns (a checker does both around its rules,
    in ``try``/``finally``: a context manager cost a tenth of reading a statement)."""
    return _LANGUAGE.set(language)


def stop_speaking(token: Token[Language | None]) -> None:
    """:func:`t` speaks again what it spoke before the :func:`speak` that gave ``token``."""
    _LANGUAGE.reset(token)
