"""What a storage plug-in contributes: a backend that opens stores for one URL scheme.

The store itself is a subclass of :class:`therapy_goals.storage.Store`, which keeps the
domain's promises for every backend; see ``docs/storage.md`` for what a backend implements.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from therapy_goals.errors import ValidationError
from therapy_goals.model.checks import non_blank

if TYPE_CHECKING:
    from therapy_goals.storage.base import Store

__all__ = ["StorageBackend"]


_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")
"""A URL scheme as RFC 3986 allows it (lower case, as stores are looked up)."""


def _url_scheme(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _SCHEME.fullmatch(value):
        raise ValidationError.at(
            attribute.name,
            f"{value!r} is not a URL scheme; use lower-case letters, digits, +, - or ., "
            "starting with a letter (e.g. 'mydb')",
        )


def _callable(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not callable(value):
        raise ValidationError.at(attribute.name, "must be a function (url) -> Store")


@attrs.frozen(kw_only=True)
class StorageBackend:
    """A backend: the URL ``scheme`` it answers to and how to ``open`` a store for a URL."""

    scheme: str = attrs.field(validator=(non_blank(max_length=40), _url_scheme))
    open: Callable[[str], Store] = attrs.field(eq=False, validator=_callable)
    description: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
