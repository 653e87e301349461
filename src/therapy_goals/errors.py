"""The errors therapy-goals raises.

Every error derives from :class:`TherapyGoalsError`, so an app can catch everything the library
raises with one ``except`` clause. Errors name the place that was wrong and say what to do about it;
they never echo statements, notes or scores beyond what the caller passed in, because this is
mental-health data and error messages end up in logs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "ConflictError",
    "MissingDependencyError",
    "NotFoundError",
    "PluginError",
    "Problem",
    "StatusTransitionError",
    "StorageError",
    "TherapyGoalsError",
    "ValidationError",
]


_MAX_QUOTED = 40


def describe_value(value: Any) -> str:
    """Describe a bad value without copying free text (which may be private) into a message.

    Numbers and short code-like strings (``'paused'``) are shown; text with spaces is not.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        looks_like_a_code = len(value) <= _MAX_QUOTED and not any(c.isspace() for c in value)
        return repr(value) if looks_like_a_code else f"a text of {len(value)} characters"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


class TherapyGoalsError(Exception):
    """The base class of every error therapy-goals raises."""


@attrs.frozen
class Problem:
    """One thing wrong with an object or document.

    ``path`` locates it, in the form ``steps[2].minutes``; an empty path means the whole document.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def within(self, prefix: str) -> Problem:
        """The same problem, seen from an enclosing object whose path to this one is ``prefix``."""
        if not prefix:
            return self
        if not self.path:
            return Problem(prefix, self.message)
        joiner = "" if self.path.startswith("[") else "."
        return Problem(f"{prefix}{joiner}{self.path}", self.message)


class ValidationError(TherapyGoalsError, ValueError):
    """A value, an object or a document breaks a rule of the model.

    ``problems`` lists every problem found, each with its path. The error is also a
    :class:`ValueError`, so code that already guards against bad values keeps working.

    >>> err = ValidationError.at("confidence", "must be between 0 and 10, got 12")
    >>> str(err)
    'confidence: must be between 0 and 10, got 12'
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("a ValidationError needs at least one problem")
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: str, message: str) -> ValidationError:
        """An error with a single problem at ``path``."""
        return cls([Problem(path, message)])

    def within(self, prefix: str) -> ValidationError:
        """The same error, every path seen from an enclosing object (see :meth:`Problem.within`)."""
        return ValidationError(p.within(prefix) for p in self.problems)

    @property
    def paths(self) -> tuple[str, ...]:
        """The path of each problem, in order."""
        return tuple(p.path for p in self.problems)


class StatusTransitionError(TherapyGoalsError):
    """A goal's lifecycle status cannot change from its current status to the one asked for."""


class PluginError(TherapyGoalsError):
    """A plug-in is broken or clashes with another: a bad hook result, a duplicate name or code."""


class MissingDependencyError(TherapyGoalsError, ImportError):
    """An optional part of the library was used without the extra that installs what it needs."""


class StorageError(TherapyGoalsError):
    """A store cannot do what was asked: it cannot be opened, or it holds something unreadable.

    The message names the store and the place (a file, a table and row) and never the content.
    """


class NotFoundError(StorageError):
    """The store holds no goal (or entry) with the id asked for."""


class ConflictError(StorageError):
    """The write would overwrite a change the caller has not seen, or reuse an existing id.

    On a stale revision: read the goal again, re-apply the change, and retry.
    """
