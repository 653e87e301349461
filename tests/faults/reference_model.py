"""A reference model of a store, written from the documentation alone.

It shares no code with any backend or with ``storage.base``: plain dicts, the lifecycle table of
docs/concepts.md ("Lifecycle") and the rules of docs/storage.md ("The contract", "The promises
the store keeps", "Corrections"). Each operation returns what the store should return, or raises
:class:`Refused` with the name of the error the docs promise.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

ALLOWED_MOVES: dict[str, set[str]] = {
    "proposed": {"planned", "accepted", "active", "rejected", "cancelled"},
    "planned": {"accepted", "active", "on-hold", "cancelled"},
    "accepted": {"active", "on-hold", "cancelled"},
    "active": {"on-hold", "completed", "cancelled"},
    "on-hold": {"active", "completed", "cancelled"},
    "completed": {"active"},
    "cancelled": set(),
    "rejected": set(),
    "entered-in-error": set(),
}
"""docs/concepts.md, "Lifecycle"; any status but entered-in-error may also move there."""


class Refused(Exception):
    """The store must refuse the operation with the error named ``kind``."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass
class ModelGoal:
    client: str
    status: str
    start: date
    statement: str
    area: str | None = None
    revision: int = 1
    archived: bool = False
    changes: list[str] = field(default_factory=lambda: ["added"])


@dataclass
class ModelRecord:
    kind: str  # "progress" or "review"
    goal_id: str
    content: object  # what the caller gave, to tell the stored record from another copy
    corrected: bool = False


@dataclass
class ReferenceStore:
    goals: dict[str, ModelGoal] = field(default_factory=dict)
    records: dict[tuple[str, str], ModelRecord] = field(default_factory=dict)

    # --- goals ---------------------------------------------------------------------------------

    def add(self, goal_id: str, goal: ModelGoal) -> None:
        if goal_id in self.goals:
            raise Refused("ConflictError")
        self.goals[goal_id] = goal

    def add_many(self, goals: list[tuple[str, ModelGoal]]) -> int:
        """All or nothing (docs/storage.md: "each all or nothing in one transaction")."""
        ids = [goal_id for goal_id, _ in goals]
        if len(set(ids)) != len(ids) or any(goal_id in self.goals for goal_id in ids):
            raise Refused("ConflictError")
        for goal_id, goal in goals:
            self.goals[goal_id] = goal
        return len(goals)

    def _goal(self, goal_id: str) -> ModelGoal:
        if goal_id not in self.goals:
            raise Refused("NotFoundError")
        return self.goals[goal_id]

    def update(
        self, goal_id: str, read_at: int, *, status: str, area: str | None, client: str
    ) -> int:
        goal = self._goal(goal_id)
        if read_at != goal.revision:
            raise Refused("ConflictError")  # no lost update
        if client != goal.client:
            raise Refused("ValidationError")  # a goal keeps its identity
        if status != goal.status and not (
            status in ALLOWED_MOVES[goal.status]
            or (status == "entered-in-error" and goal.status != "entered-in-error")
        ):
            raise Refused("StatusTransitionError")
        goal.status, goal.area = status, area
        goal.revision += 1
        goal.changes.append("updated")
        return goal.revision

    def archive(self, goal_id: str) -> int:
        goal = self._goal(goal_id)
        goal.archived = True
        goal.revision += 1
        goal.changes.append("archived")
        return goal.revision

    def delete(self, goal_id: str) -> None:
        self._goal(goal_id)
        self._remove([goal_id])

    def purge(self, client: str) -> int:
        doomed = [goal_id for goal_id, goal in self.goals.items() if goal.client == client]
        self._remove(doomed)
        return len(doomed)

    def _remove(self, goal_ids: list[str]) -> None:
        for goal_id in goal_ids:
            del self.goals[goal_id]
        for key in [k for k, record in self.records.items() if record.goal_id in goal_ids]:
            del self.records[key]

    # --- records -------------------------------------------------------------------------------

    def add_record(
        self,
        kind: str,
        record_id: str,
        goal_id: str,
        at: datetime,
        *,
        baseline: bool,
        now: datetime,
        content: object,
    ) -> None:
        # The docs give no order when a record breaks several rules; the store checks the
        # record against its goal before it looks for its id.
        self._check_fits(kind, self._goal(goal_id), at, baseline=baseline, now=now)
        if (kind, record_id) in self.records:
            raise Refused("ConflictError")
        self.records[(kind, record_id)] = ModelRecord(kind, goal_id, content)

    @staticmethod
    def _check_fits(
        kind: str, goal: ModelGoal, at: datetime, *, baseline: bool, now: datetime
    ) -> None:
        if at > now + timedelta(days=1):
            raise Refused("ValidationError")  # nothing from the future
        if at.date() < goal.start and not (kind == "progress" and baseline):
            raise Refused("ValidationError")  # nothing before the start but a baseline

    def add_progress_many(
        self, entries: list[tuple[str, str, datetime, object]], *, now: datetime
    ) -> int:
        """All or nothing (docs/storage.md). With several problems, the one reported is, in
        turn: a goal that is not there, an entry that does not fit its goal, a taken id."""
        for _, goal_id, _, _ in entries:
            self._goal(goal_id)
        for _, goal_id, at, _ in entries:
            self._check_fits("progress", self.goals[goal_id], at, baseline=False, now=now)
        ids = [record_id for record_id, _, _, _ in entries]
        if len(set(ids)) != len(ids) or any(("progress", i) in self.records for i in ids):
            raise Refused("ConflictError")
        for record_id, goal_id, at, content in entries:
            self.add_record(
                "progress", record_id, goal_id, at, baseline=False, now=now, content=content
            )
        return len(entries)

    def mark(self, kind: str, record_id: str, goal_id: str, content: object) -> None:
        """docs/storage.md, "Corrections": marking is final, and only the stored record (not
        another copy with the same id) can be marked."""
        record = self.records.get((kind, record_id))
        if record is None or record.goal_id != goal_id:
            raise Refused("NotFoundError")
        if record.corrected or record.content != content:
            raise Refused("ConflictError")
        record.corrected = True

    # --- units of work ------------------------------------------------------------------------

    def snapshot(self) -> ReferenceStore:
        return copy.deepcopy(self)

    def restore(self, earlier: ReferenceStore) -> None:
        self.goals, self.records = earlier.goals, earlier.records
