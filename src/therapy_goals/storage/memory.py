"""The in-memory store: the reference model every other backend is tested against.

Nothing is written anywhere; the data is gone when the store is closed. Transactions are atomic
(a failed block restores the state it started from).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import ClassVar

import attrs

from therapy_goals.errors import ConflictError, NotFoundError
from therapy_goals.model import Goal, LifecycleStatus, ProgressEntry, Review, StepCompletion
from therapy_goals.storage.base import Capabilities, GoalRevision, Store, now, stamp_update

__all__ = ["MemoryStore"]


@attrs.define
class _State:
    goals: dict[str, Goal] = attrs.Factory(dict)
    archived: set[str] = attrs.Factory(set)
    history: dict[str, list[GoalRevision]] = attrs.Factory(dict)
    progress: dict[str, ProgressEntry] = attrs.Factory(dict)
    reviews: dict[str, Review] = attrs.Factory(dict)
    completions: dict[str, StepCompletion] = attrs.Factory(dict)

    def copy(self) -> _State:
        return _State(
            dict(self.goals),
            set(self.archived),
            {k: list(v) for k, v in self.history.items()},
            dict(self.progress),
            dict(self.reviews),
            dict(self.completions),
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

    def add(self, goal: Goal, *, by: str | None = None) -> Goal:
        self._check_new(goal.id in self._state.goals, "goal", goal.id)
        saved = attrs.evolve(goal, revision=1)
        self._record(saved, now(), by, "added")
        self._announce([saved])
        return saved

    def get(self, goal_id: str) -> Goal:
        return self._existing(goal_id)

    def update(
        self, goal: Goal, *, expected_revision: int, by: str | None = None, change: str = "updated"
    ) -> Goal:
        current = self._existing(goal.id)
        if current.revision != expected_revision:
            raise ConflictError(
                f"goal {goal.id!r} is at revision {current.revision}, not {expected_revision}; "
                "read it again and re-apply the change"
            )
        at = now()
        saved = stamp_update(goal, expected_revision + 1, at)
        self._record(saved, at, by, change)
        self._announce([saved])
        return saved

    def archive(self, goal_id: str, *, by: str | None = None) -> Goal:
        current = self._existing(goal_id)
        at = now()
        saved = stamp_update(current, current.revision + 1, at)
        self._record(saved, at, by, "archived")
        self._state.archived.add(goal_id)
        self._announce([saved])
        return saved

    def delete(self, goal_id: str) -> None:
        self._existing(goal_id)
        self._forget([goal_id])

    def _forget(self, goal_ids: list[str]) -> None:
        state = self._state
        for goal_id in goal_ids:
            state.goals.pop(goal_id, None)
            state.history.pop(goal_id, None)
            state.archived.discard(goal_id)
        doomed = set(goal_ids)
        state.progress = {k: v for k, v in state.progress.items() if v.goal_id not in doomed}
        state.reviews = {k: v for k, v in state.reviews.items() if v.goal_id not in doomed}
        state.completions = {k: v for k, v in state.completions.items() if v.goal_id not in doomed}

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

    def add_progress(self, entry: ProgressEntry) -> ProgressEntry:
        self._existing(entry.goal_id)
        self._check_new(entry.id in self._state.progress, "progress entry", entry.id)
        self._state.progress[entry.id] = entry
        return entry

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

    def add_review(self, review: Review) -> Review:
        self._existing(review.goal_id)
        self._check_new(review.id in self._state.reviews, "review", review.id)
        self._state.reviews[review.id] = review
        return review

    def reviews(self, goal_id: str) -> list[Review]:
        found = [r for r in self._state.reviews.values() if r.goal_id == goal_id]
        return sorted(found, key=lambda r: (r.at, r.id))

    def add_step_completion(self, completion: StepCompletion) -> StepCompletion:
        self._existing(completion.goal_id)
        self._check_new(completion.id in self._state.completions, "step completion", completion.id)
        self._state.completions[completion.id] = completion
        return completion

    def step_completions(self, goal_id: str) -> list[StepCompletion]:
        found = [c for c in self._state.completions.values() if c.goal_id == goal_id]
        return sorted(found, key=lambda c: (c.day, c.id))

    def _begin_unit(self) -> None:
        self._saved = self._state.copy()

    def _end_unit(self, *, commit: bool) -> None:
        if not commit:
            self._state = self._saved

    def purge_client(self, client_id: str) -> int:
        goal_ids = [g.id for g in self._state.goals.values() if g.client_id == client_id]
        self._forget(goal_ids)
        return len(goal_ids)

    def close(self) -> None:
        """Nothing to release; the data goes with the object."""
