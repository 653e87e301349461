"""The in-memory store: the reference model every other backend is tested against.

Nothing is written anywhere; the data is gone when the store is closed. Transactions are atomic
(a failed block restores the state it started from).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import date, datetime
from typing import Any, ClassVar

import attrs

from therapy_goals.errors import NotFoundError
from therapy_goals.model import (
    Goal,
    GoalRevision,
    LifecycleStatus,
    PlanUse,
    ProgressEntry,
    Review,
    StepCompletion,
)
from therapy_goals.storage.backend import (
    Capabilities,
    Record,
    first_repeated,
    record_name,
    stale,
    taken,
)
from therapy_goals.storage.base import Store

__all__ = ["MemoryStore"]


@attrs.define
class _State:
    goals: dict[str, Goal] = attrs.Factory(dict)
    archived: set[str] = attrs.Factory(set)
    history: dict[str, list[GoalRevision]] = attrs.Factory(dict)
    progress: dict[str, ProgressEntry] = attrs.Factory(dict)
    reviews: dict[str, Review] = attrs.Factory(dict)
    completions: dict[str, StepCompletion] = attrs.Factory(dict)
    plan_uses: dict[str, PlanUse] = attrs.Factory(dict)

    def copy(self) -> _State:
        return _State(
            dict(self.goals),
            set(self.archived),
            {k: list(v) for k, v in self.history.items()},
            dict(self.progress),
            dict(self.reviews),
            dict(self.completions),
            dict(self.plan_uses),
        )


class MemoryStore(Store):
    """A store in a few dictionaries. ``memory://`` opens a new, empty one."""

    capabilities: ClassVar[Capabilities] = Capabilities(
        atomic_transactions=True, persistent=False, multi_process=False
    )

    def __init__(self, url: str = "memory://") -> None:
        self.url = url
        self._state = _State()
        self._saved = self._state

    def _existing(self, goal_id: str) -> Goal:
        goal = self._state.goals.get(goal_id)
        if goal is None:
            raise NotFoundError(f"no goal {goal_id!r} in {self.url}")
        return goal

    def _record(self, goal: Goal, at: datetime, by: str | None, change: str) -> None:
        self._state.goals[goal.id] = goal
        revisions = self._state.history.setdefault(goal.id, [])
        revisions.append(
            GoalRevision(revision=goal.revision, at=at, by=by, change=change, goal=goal)
        )

    # --- reading ---------------------------------------------------------------------------------

    def get(self, goal_id: str) -> Goal:
        return self._existing(goal_id)

    def goals(
        self,
        *,
        client_id: str | None = None,
        status: LifecycleStatus | None = None,
        area: str | None = None,
        due_before: date | None = None,
        include_archived: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[Goal]:
        chosen = [
            goal
            for goal_id, goal in sorted(self._state.goals.items())
            if (client_id is None or goal.client_id == client_id)
            and (status is None or goal.status is status)
            and (area is None or goal.area == area)
            and (due_before is None or (goal.due is not None and goal.due < due_before))
            and (include_archived or goal_id not in self._state.archived)
        ]
        end = None if limit is None else offset + limit
        return iter(chosen[offset:end])

    def is_archived(self, goal_id: str) -> bool:
        self._existing(goal_id)
        return goal_id in self._state.archived

    def history(self, goal_id: str) -> list[GoalRevision]:
        self._existing(goal_id)
        return list(self._state.history[goal_id])

    def progress(
        self, goal_id: str, *, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[ProgressEntry]:
        entries = [
            e
            for e in self._state.progress.values()
            if e.goal_id == goal_id
            and (since is None or e.at >= since)
            and (until is None or e.at < until)
        ]
        return iter(sorted(entries, key=lambda e: (e.at, e.id)))

    def reviews(self, goal_id: str) -> list[Review]:
        found = [r for r in self._state.reviews.values() if r.goal_id == goal_id]
        return sorted(found, key=lambda r: (r.at, r.id))

    def step_completions(self, goal_id: str) -> list[StepCompletion]:
        found = [c for c in self._state.completions.values() if c.goal_id == goal_id]
        return sorted(found, key=lambda c: (c.day, c.id))

    def plan_uses(self, goal_id: str) -> list[PlanUse]:
        found = [u for u in self._state.plan_uses.values() if u.goal_id == goal_id]
        return sorted(found, key=lambda u: (u.at, u.id))

    # --- writing ---------------------------------------------------------------------------------

    def _insert_goals(self, goals: Sequence[Goal], *, at: datetime, by: str | None) -> None:
        ids = [goal.id for goal in goals]
        clash = next((i for i in ids if i in self._state.goals), None) or first_repeated(ids)
        if clash is not None:
            raise taken("goal", clash)
        for goal in goals:
            self._record(goal, at, by, "added")

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
        current = self._existing(goal.id)
        if current.revision != expected_revision:
            raise stale(goal.id, current.revision, expected_revision)
        self._record(goal, at, by, change)
        if archive:
            self._state.archived.add(goal.id)

    def _delete_goals(self, goal_ids: Collection[str]) -> None:
        state = self._state
        for goal_id in goal_ids:
            state.goals.pop(goal_id, None)
            state.history.pop(goal_id, None)
            state.archived.discard(goal_id)
        doomed = set(goal_ids)
        state.progress = {k: v for k, v in state.progress.items() if v.goal_id not in doomed}
        state.reviews = {k: v for k, v in state.reviews.items() if v.goal_id not in doomed}
        state.completions = {k: v for k, v in state.completions.items() if v.goal_id not in doomed}
        state.plan_uses = {k: v for k, v in state.plan_uses.items() if v.goal_id not in doomed}

    def _client_goal_ids(self, client_id: str) -> set[str]:
        return {
            goal_id
            for goal_id, revisions in self._state.history.items()
            if any(revision.goal.client_id == client_id for revision in revisions)
        }

    def _table(self, record: Record) -> dict[str, Any]:
        if isinstance(record, ProgressEntry):
            return self._state.progress
        if isinstance(record, Review):
            return self._state.reviews
        if isinstance(record, PlanUse):
            return self._state.plan_uses
        return self._state.completions

    def _insert_records(self, records: Sequence[Record]) -> None:
        if not records:
            return
        table = self._table(records[0])
        ids = [record.id for record in records]
        clash = next((i for i in ids if i in table), None) or first_repeated(ids)
        if clash is not None:
            raise taken(record_name(records[0]), clash)
        for record in records:
            self._existing(record.goal_id)
            table[record.id] = record

    def _replace_record(self, record: Record) -> None:
        table = self._table(record)
        if record.id not in table:
            raise NotFoundError(f"no {record_name(record)} {record.id!r} in {self.url}")
        table[record.id] = record

    def _begin_unit(self) -> None:
        self._saved = self._state.copy()

    def _end_unit(self, *, commit: bool) -> None:
        if not commit:
            self._state = self._saved

    def close(self) -> None:
        """Nothing to release; the data goes with the object."""
