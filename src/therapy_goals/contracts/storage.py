"""What a storage plug-in contributes: a backend that opens stores for one URL scheme.

The store itself is a subclass of :class:`therapy_goals.storage.Store`, which keeps the
domain's promises for every backend; see ``docs/storage.md`` for what a backend implements.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from therapy_goals.model.checks import non_blank

if TYPE_CHECKING:
    from therapy_goals.storage.base import Store

__all__ = ["StorageBackend"]


@attrs.frozen(kw_only=True)
class StorageBackend:
    """A backend: the URL ``scheme`` it answers to and how to ``open`` a store for a URL."""

    scheme: str = attrs.field(validator=non_blank(max_length=40))
    open: Callable[[str], Store] = attrs.field(eq=False)
    description: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
