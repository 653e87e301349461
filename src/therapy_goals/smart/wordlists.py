"""A language's words, read from its data file: what the statement reader knows of a language.

A language file (``smart/languages/en.toml`` for English) has fixed sections: ``sets`` (blocks of
words, order free), ``phrases`` and ``alternations`` (lists, in order), ``number_words``,
``period_words``, ``area_keywords`` and ``examples``; a language read by the shared pack reader
(:mod:`therapy_goals.smart.languages.pack`, Spanish and German) adds ``units`` (words for days,
weeks, months and years), ``cadences`` (phrases with how often they mean: ``"cada día" = "1
day"``), ``forms`` (irregular verb forms and the verb they belong to) and ``patterns`` (regular
expressions, in which ``{name}`` stands for the phrase list ``name``). :func:`read_words` checks
every section and entry and names the file and key of anything wrong, so a language plug-in's
mistake is loud.
"""

from __future__ import annotations

import re
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
    "units",
    "cadences",
    "forms",
    "patterns",
)

UNITS = ("day", "week", "month", "year")
"""What a word in ``units`` may stand for."""


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
    units: Mapping[str, str] = attrs.field(factory=dict)
    cadences: Mapping[str, tuple[int, Period]] = attrs.field(factory=dict)
    forms: Mapping[str, str] = attrs.field(factory=dict)
    patterns: Mapping[str, re.Pattern[str]] = attrs.field(factory=dict)


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
    units, cadences, forms = _units(sections, source, problems)
    patterns = _patterns(sections["patterns"], lists["phrases"], source, problems)
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
        units=MappingProxyType(units),
        cadences=MappingProxyType(cadences),
        forms=MappingProxyType(forms),
        patterns=MappingProxyType(patterns),
    )


def _units(
    sections: Mapping[str, Any], source: str, problems: list[Problem]
) -> tuple[dict[str, str], dict[str, tuple[int, Period]], dict[str, str]]:
    units: dict[str, str] = {}
    for key, value in sections["units"].items():
        if value not in UNITS:
            problems.append(Problem(f"{source}: units.{key}", f"must be one of {', '.join(UNITS)}"))
            continue
        units[key] = value
    cadences: dict[str, tuple[int, Period]] = {}
    for key, value in sections["cadences"].items():
        count, _, period = value.partition(" ") if isinstance(value, str) else ("", "", "")
        if not count.isdigit() or int(count) < 1 or period not in {p.value for p in Period}:
            problems.append(
                Problem(f"{source}: cadences.{key}", "must be a count and a period: '3 week'")
            )
            continue
        cadences[key] = (int(count), Period(period))
    forms: dict[str, str] = {}
    for key, value in sections["forms"].items():
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(f"{source}: forms.{key}", "must be the verb it is a form of"))
            continue
        forms[key] = value
    return units, cadences, forms


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _patterns(
    given: Mapping[str, Any],
    phrases: Mapping[str, tuple[str, ...]],
    source: str,
    problems: list[Problem],
) -> dict[str, re.Pattern[str]]:
    """The ``patterns`` compiled, each ``{name}`` replaced by the phrase list ``name`` as
    alternatives (longest first, so that "less anxious" is tried before "less")."""
    compiled: dict[str, re.Pattern[str]] = {}
    for key, value in given.items():
        place = f"{source}: patterns.{key}"
        if not isinstance(value, str):
            problems.append(Problem(place, "must be a regular expression"))
            continue
        missing = [name for name in _PLACEHOLDER.findall(value) if name not in phrases]
        if missing:
            problems.append(Problem(place, f"names no phrase list {missing[0]!r}"))
            continue
        expanded = _PLACEHOLDER.sub(lambda m: _alternatives(phrases[m[1]]), value)
        try:
            compiled[key] = re.compile(expanded)
        except re.error as error:
            problems.append(Problem(place, f"is not a regular expression: {error}"))
    return compiled


def _alternatives(phrases: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + ")"
