"""What a measure's unit says about the values it can take.

A goal measured in "nights per week" cannot have 1000 of them, and a percentage stays within 0-100.
A :class:`~therapy_goals.model.Measure` may state its own ``minimum`` and ``maximum``; where it
does not, the unit implies them. Units this table does not know imply nothing, so a plug-in's
own units are never refused by a guess.

>>> implied_bounds("nights per week")
(0.0, 7.0)
>>> implied_bounds("%")
(0.0, 100.0)
>>> implied_bounds("panic attacks per week")
(0.0, None)
>>> implied_bounds("rating")
(None, None)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["implied_bounds"]

Bounds = tuple[float | None, float | None]

_DAY_PARTS = r"(?:days?|nights?|mornings?|afternoons?|evenings?)"

_CEILINGS: Mapping[str, float] = MappingProxyType(
    {
        # how many of a part of a day fit in a period
        "week": 7.0,
        "fortnight": 14.0,
        "month": 31.0,
        "year": 366.0,
    }
)
_TIME_IN_DAY: Mapping[str, float] = MappingProxyType({"hour": 24.0, "minute": 1440.0})

_PERCENT = re.compile(r"^\s*(?:%|(?:percent(?:age)?|per\s?cent)\b)", re.IGNORECASE)
_DAY_PARTS_PER = re.compile(
    rf"^\s*{_DAY_PARTS}\s+(?:per|a|each|every|/)\s*(week|fortnight|month|year)\b", re.IGNORECASE
)
_TIME_PER_DAY = re.compile(
    r"^\s*(hour|minute)s?\s+(?:per|a|each|every|/)\s*(?:day|night)\b", re.IGNORECASE
)
_COUNTS = re.compile(
    r"\b(?:per|times?|count|number|minutes?|hours?|days?|nights?|sessions?|steps?)\b"
    r"|/\s*(?:day|week|month)\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=256)  # a store checks every value it saves; units repeat
def implied_bounds(unit: str | None) -> Bounds:
    """The ``(minimum, maximum)`` a unit implies; ``None`` where it implies no bound."""
    if not unit:
        return (None, None)
    if _PERCENT.search(unit):
        return (0.0, 100.0)
    if match := _DAY_PARTS_PER.search(unit):
        return (0.0, _CEILINGS[match.group(1).lower()])
    if match := _TIME_PER_DAY.search(unit):
        return (0.0, _TIME_IN_DAY[match.group(1).lower()])
    if _COUNTS.search(unit):
        return (0.0, None)
    return (None, None)
