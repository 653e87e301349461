"""Backends with one deliberate bug each: the in-memory store with a promise broken.

The contract suite must fail on every one of them (``test_broken_backends.py``), and
``python -m benchmarks.contract_runtime`` times the suite on them and on the correct store.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import attrs

from therapy_goals import Goal, Review
from therapy_goals.storage import GoalRevision
from therapy_goals.storage.base import Record
from therapy_goals.storage.memory import MemoryStore

__all__ = [
    "BROKEN",
    "ForgetfulCorrections",
    "LeakedHistory",
    "LeakyPurge",
    "LostUpdate",
    "StaleUpdated",
]


class StaleUpdated(MemoryStore):
    """Keeps the ``updated`` a goal had before the save."""

    def _replace_goal(
        self,
        goal: Goal,
        *,
        expected_revision: int,
        at: datetime,
        by: str | None,
        change: str,
        archive: bool = False,
    ) -> None:
        kept = attrs.evolve(goal, updated=self.get(goal.id).updated)
        super()._replace_goal(
            kept, expected_revision=expected_revision, at=at, by=by, change=change, archive=archive
        )


class LeakedHistory(MemoryStore):
    """Hands out its own lists instead of copies."""

    def history(self, goal_id: str) -> list[GoalRevision]:
        self._existing(goal_id)
        return self._state.history[goal_id]

    def reviews(self, goal_id: str) -> list[Review]:
        return [r for r in self._state.reviews.values() if r.goal_id == goal_id]


class LostUpdate(MemoryStore):
    """Overrides ``update`` and saves whatever it is given (the bug the core exists to stop)."""

    def update(self, goal: Goal, *, by: str | None = None, change: str = "updated") -> Goal:
        current = self.get(goal.id)
        saved = attrs.evolve(goal, revision=current.revision + 1)
        self._record(saved, saved.updated, by, change)
        return saved


class ForgetfulCorrections(MemoryStore):
    """Accepts a correction but does not keep it."""

    def _replace_record(self, record: Record) -> None:
        self._table(record)  # looks up the table, writes nothing


class LeakyPurge(MemoryStore):
    """Erases only the goals whose current revision names the client, leaving their entries."""

    def _delete_goals(self, goal_ids: Collection[str]) -> None:
        for goal_id in goal_ids:
            self._state.goals.pop(goal_id, None)
            self._state.history.pop(goal_id, None)


BROKEN: tuple[type[MemoryStore], ...] = (
    StaleUpdated,
    LeakedHistory,
    LostUpdate,
    ForgetfulCorrections,
    LeakyPurge,
)
"""Every deliberately broken backend."""
