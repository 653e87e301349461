"""The pytest plug-in (entry point ``pytest11``): fixtures for testing therapy-goals plug-ins.

Fixtures only, nothing autouse:

- ``plugin_manager``: an isolated plug-in manager with the built-ins and no installed plug-ins;
- ``register_plugin``: ``register_plugin(obj)`` returns a new isolated manager with ``obj`` added
  (the plug-in exists for that test only);
- ``memory_store``: an empty in-memory store, closed after the test;
- ``goal_factory``: ``goal_factory(**changes)`` makes a valid goal, each with a new id.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from therapy_goals.model import Goal
from therapy_goals.plugins import PluginManager, get_plugin_manager
from therapy_goals.storage.base import Store
from therapy_goals.storage.memory import MemoryStore


@pytest.fixture
def plugin_manager() -> PluginManager:
    """An isolated plug-in manager: the built-ins only, whatever is installed or blocked."""
    return get_plugin_manager(load_entrypoints=False, environ={})


@pytest.fixture
def register_plugin() -> Callable[[object], PluginManager]:
    """Make an isolated plug-in manager with the given plug-in object registered."""

    def register(plugin: object) -> PluginManager:
        return get_plugin_manager(plugins=[plugin], load_entrypoints=False, environ={})

    return register


@pytest.fixture
def memory_store() -> Iterator[Store]:
    """An empty in-memory store."""
    store = MemoryStore()
    yield store
    store.close()


@pytest.fixture
def goal_factory() -> Callable[..., Goal]:
    """Make valid goals: ``goal_factory(statement="Walk daily", due=date(2026, 5, 1))``."""
    counter = itertools.count(1)

    def make(**changes: Any) -> Goal:
        number = next(counter)
        fields: dict[str, Any] = {
            "id": f"goal-{number}",
            "client_id": "client-1",
            "statement": "Walk for 20 minutes three times a week for the next 8 weeks",
            "start": date(2026, 3, 2),
            "created": datetime(2026, 3, 2, 9, tzinfo=UTC),
        }
        fields.update(changes)
        return Goal(**fields)

    return make
