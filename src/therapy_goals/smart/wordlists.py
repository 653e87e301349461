"""A language's words, read from its data file: what the statement reader knows of a language.

A language file (``smart/languages/en.toml`` for English) has fixed sections: ``sets`` (blocks of
words, order free), ``phrases`` and ``alternations`` (lists, in order), ``number_words``,
``period_words``, ``area_keywords`` and ``examples``. :func:`read_words` checks every section and
entry and names the file and key of anything wrong, so a language plug-in's mistake is loud.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from therapy_goals.errors import Problem, ValidationError
from therapy_goals.model import Period

__all__ = ["LanguageWords", "read_words"]

SECTIONS = (
    "sets",
    "phrases",
    "alternations",
    "number_words",
    "period_words",
    "area_keywords",
    "examples",
)


@attrs.frozen(kw_only=True)
class LanguageWords:
    """Every word list of one language, as read from its data file."""

    code: str
    name: str
    sets: Mapping[str, frozenset[str]]
    phrases: Mapping[str, tuple[str, ...]]
    alternations: Mapping[str, tuple[str, ...]]
    number_words: Mapping[str, int]
    period_words: Mapping[str, Period]
    area_keywords: Mapping[str, tuple[str, ...]]
    examples: Mapping[str, str]


def _text_list(value: Any, place: str, problems: list[Problem]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(Problem(place, "must be a list of texts"))
        return ()
    for entry in value:
        if entry != entry.lower() or not entry.strip():
            problems.append(Problem(place, f"{entry!r}: entries are lower case and not blank"))
    return tuple(value)


def read_words(text: str, *, source: str) -> LanguageWords:
    """The words in a language file's ``text``; ``source`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValidationError.at(source, f"is not valid TOML: {error}") from None
    problems: list[Problem] = []
    unknown = sorted(set(data) - {"code", "name", *SECTIONS})
    problems += [
        Problem(f"{source}: {key}", "is not a section of a language file") for key in unknown
    ]
    for key in ("code", "name"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(Problem(f"{source}: {key}", "is required text"))
    sections: dict[str, Any] = {}
    for section in SECTIONS:
        value = data.get(section, {})
        if not isinstance(value, dict):
            problems.append(Problem(f"{source}: {section}", "must be a table"))
            value = {}
        sections[section] = value
    sets: dict[str, frozenset[str]] = {}
    for key, value in sections["sets"].items():
        if not isinstance(value, str):
            problems.append(Problem(f"{source}: sets.{key}", "must be words separated by spaces"))
            continue
        sets[key] = frozenset(value.split())
    lists = {
        name: {
            key: _text_list(value, f"{source}: {name}.{key}", problems)
            for key, value in sections[name].items()
        }
        for name in ("phrases", "alternations", "area_keywords")
    }
    numbers = {}
    for key, value in sections["number_words"].items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(Problem(f"{source}: number_words.{key}", "must be a whole number"))
            continue
        numbers[key] = value
    periods = {}
    for key, value in sections["period_words"].items():
        try:
            periods[key] = Period(value)
        except ValueError:
            known = ", ".join(p.value for p in Period)
            problems.append(Problem(f"{source}: period_words.{key}", f"must be one of {known}"))
    examples = {}
    for key, value in sections["examples"].items():
        if not isinstance(value, str):
            problems.append(Problem(f"{source}: examples.{key}", "must be text"))
            continue
        examples[key] = value
    if problems:
        raise ValidationError(problems)
    return LanguageWords(
        code=data["code"],
        name=data["name"],
        sets=MappingProxyType(sets),
        phrases=MappingProxyType(lists["phrases"]),
        alternations=MappingProxyType(lists["alternations"]),
        number_words=MappingProxyType(numbers),
        period_words=MappingProxyType(periods),
        area_keywords=MappingProxyType(lists["area_keywords"]),
        examples=MappingProxyType(examples),
    )
