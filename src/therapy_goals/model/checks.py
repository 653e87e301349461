"""Declarative field validators that raise the library's :class:`ValidationError`.

attrs' own validators raise ``TypeError`` and ``ValueError``; ours name the field and say what to
do instead, and every one of them is a small frozen object with a readable ``repr``, so a class
body still reads as a list of rules::

    confidence: int | None = attrs.field(default=None, validator=optional(int_between(0, 10)))

Each check answers :meth:`Check.problem` with a message, or ``None`` when the value is fine; calling
it the attrs way raises the error at the attribute's name. Every object built runs these checks,
including each goal a store reads, so the common checks first test for a good value in one
expression and only work out a message when it fails (a test holds both ways of asking to the
same answer for any value).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import attrs

from therapy_goals.errors import Problem, ValidationError, describe_value

FieldCheck = Callable[[Any, "attrs.Attribute[Any]", Any], None]
"""An attrs validator: called with the object, the field and the field's value."""

__all__ = [
    "Check",
    "aware_datetime",
    "calendar_date",
    "each",
    "finite_number",
    "instance_of",
    "int_between",
    "language_tag",
    "non_blank",
    "optional",
    "positive_int",
    "slug",
]

_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""Characters no store can keep: NUL (PostgreSQL text refuses it) and lone surrogates (they have
no UTF-8 form)."""
EARLIEST_MOMENT = datetime(1, 1, 2, tzinfo=UTC)
LATEST_MOMENT = datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC)
"""The moments every store keeps: a day inside the years 1-9999 in UTC, so that no time zone
moves one out of what a datetime can hold."""


def unstorable(text: str) -> str | None:
    """What in ``text`` no store can keep, said for a person, or ``None``.

    A lone surrogate from U+DC80 to U+DCFF is how Python reads a byte that is not UTF-8 (in a
    command's arguments, a file name): the message names the byte.
    """
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code == 0:
        return "must not hold the NUL character (U+0000), which no store can keep"
    if 0xDC80 <= code <= 0xDCFF:
        return (
            f"must not hold the byte 0x{code - 0xDC00:02X}, which is not UTF-8 (read as the lone "
            f"surrogate U+{code:04X}, which no store can keep); give the text as UTF-8"
        )
    return f"must not hold a lone surrogate (U+{code:04X}), which no store can keep"


@attrs.frozen
class Check:
    """Base of every check: subclasses implement :meth:`problem`."""

    def problem(self, value: Any) -> str | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        message = self.problem(value)
        if message is not None:
            raise ValidationError.at(attribute.name, message)


@attrs.frozen
class non_blank(Check):
    """A string with at least one non-space character, at most ``max_length`` long."""

    max_length: int = 10_000

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (
            type(value) is str
            and len(value) <= self.max_length
            and not value.isspace()
            and value
            and not _UNSTORABLE.search(value)
        ):
            return
        super().__call__(instance, attribute, value)

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return f"must be text, got {describe_value(value)}"
        if not value.strip():
            return "must not be blank; write it out in a few words"
        if len(value) > self.max_length:
            return f"must be at most {self.max_length} characters, got {len(value)}"
        return unstorable(value)


@attrs.frozen
class slug(Check):
    """A lower-case code such as ``anxiety``, ``self-care`` or ``phq9``."""

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is str and _SLUG.fullmatch(value):
            return
        super().__call__(instance, attribute, value)

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return f"must be text, got {describe_value(value)}"
        if not _SLUG.fullmatch(value):
            return (
                "must be a lower-case code like 'self-care' or 'phq9', got "
                f"{describe_value(value)}; use letters, digits and single hyphens"
            )
        return None


_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@attrs.frozen
class language_tag(Check):
    """A language tag as BCP 47 writes it: ``en``, ``es``, ``de-AT``, ``pt-BR``."""

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is str and _LANGUAGE_TAG.fullmatch(value):
            return
        super().__call__(instance, attribute, value)

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return f"must be text, got {describe_value(value)}"
        if not _LANGUAGE_TAG.fullmatch(value):
            return (
                f"must be a language tag such as 'en', 'es' or 'de-AT', got {describe_value(value)}"
            )
        return None


@attrs.frozen
class int_between(Check):
    """A whole number from ``low`` to ``high``, both included."""

    low: int
    high: int

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is int and self.low <= value <= self.high:
            return
        super().__call__(instance, attribute, value)

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            shown = describe_value(value)
            return f"must be a whole number from {self.low} to {self.high}, got {shown}"
        if not self.low <= value <= self.high:
            return f"must be between {self.low} and {self.high}, got {value}"
        return None


@attrs.frozen
class positive_int(Check):
    """A whole number above zero."""

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is int and value > 0:
            return
        super().__call__(instance, attribute, value)

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return f"must be a whole number, got {describe_value(value)}"
        if value <= 0:
            return f"must be > 0, got {value}"
        return None


@attrs.frozen
class finite_number(Check):
    """An int or float that is not NaN or infinite (JSON cannot hold those)."""

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (type(value) is float and math.isfinite(value)) or type(value) is int:
            return
        super().__call__(instance, attribute, value)

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return f"must be a number, got {describe_value(value)}"
        if not math.isfinite(value):
            return f"must be a finite number, got {value}"
        return None


@attrs.frozen
class aware_datetime(Check):
    """A datetime with a time zone, so that times from different devices compare correctly."""

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (
            type(value) is datetime
            and value.utcoffset() is not None
            and EARLIEST_MOMENT <= value <= LATEST_MOMENT  # compared in UTC, never overflows
        ):
            return
        super().__call__(instance, attribute, value)

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, datetime):
            return f"must be a datetime, got {describe_value(value)}"
        if value.tzinfo is None or value.utcoffset() is None:
            return "must have a time zone; use e.g. datetime.now(timezone.utc)"
        if not EARLIEST_MOMENT <= value <= LATEST_MOMENT:
            return "must fall between 0001-01-02 and 9999-12-30 in UTC, which every store keeps"
        return None


@attrs.frozen
class calendar_date(Check):
    """A :class:`datetime.date` that is not a datetime (a day, not a moment)."""

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is date:
            return
        super().__call__(instance, attribute, value)

    def problem(self, value: Any) -> str | None:
        if isinstance(value, datetime) or not isinstance(value, date):
            return f"must be a date such as date(2026, 3, 1), got {describe_value(value)}"
        return None


@attrs.frozen
class instance_of(Check):
    """An instance of ``kind`` (an enum or a model class)."""

    kind: type[Any]

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, self.kind):
            return
        super().__call__(instance, attribute, value)

    def problem(self, value: Any) -> str | None:
        if isinstance(value, self.kind):
            return None
        name = self.kind.__name__
        members = getattr(self.kind, "__members__", None)
        if members:
            example = next(iter(members))
            return f"must be a {name} such as {name}.{example}, got {describe_value(value)}"
        return f"must be a {name}, got {describe_value(value)}"


@attrs.frozen
class optional(Check):
    """``None``, or a value that passes ``check``."""

    check: Check

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            self.check(instance, attribute, value)

    def problem(self, value: Any) -> str | None:
        return None if value is None else self.check.problem(value)


@attrs.frozen
class each(Check):
    """A tuple whose every item passes ``check``; with ``unique``, no item appears twice.

    Problems are reported per item, at ``name[index]``.
    """

    check: Check
    unique: bool = False

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, tuple):
            return f"must be a tuple, got {describe_value(value)}"
        return None

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        message = self.problem(value)
        if message is not None:
            raise ValidationError.at(attribute.name, message)
        problems = []
        for index, item in enumerate(value):
            item_message = self.check.problem(item)
            if item_message is not None:
                problems.append(Problem(f"{attribute.name}[{index}]", item_message))
            elif self.unique and item in value[:index]:
                problems.append(Problem(f"{attribute.name}[{index}]", "appears twice; remove it"))
        if problems:
            raise ValidationError(problems)
