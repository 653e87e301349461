"""What a storage backend implements: reading, and writes that keep what they are given.

A backend never decides what is allowed. :class:`~therapy_goals.storage.Store` (a subclass of
:class:`Backend`) checks every write against the domain's promises before it calls the plain
writes here, inside a unit of work; the backend only keeps what it is given, and reports a taken
id or a changed revision. ``docs/storage.md`` lists every method with its contract.
"""

from __future__ import annotations

import abc
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, ClassVar, Self

import attrs

from therapy_goals.errors import ConflictError
from therapy_goals.model import (
    Goal,
    GoalRevision,
    LifecycleStatus,
    PlanUse,
    ProgressEntry,
    Review,
    StepCompletion,
    reading_key,
    utc_now,
)

__all__ = [
    "Backend",
    "Capabilities",
    "Record",
    "first_repeated",
    "now",
    "record_name",
    "stale",
    "taken",
]

Record = ProgressEntry | Review | StepCompletion | PlanUse
"""What happens to a goal over time: kept beside it, corrected by marking, never edited."""

_RECORD_NAMES: dict[type[Any], str] = {
    ProgressEntry: "progress entry",
    Review: "review",
    StepCompletion: "step completion",
    PlanUse: "plan use",
}


@attrs.frozen(kw_only=True)
class Capabilities:
    """Optional features of a backend, so contract tests and apps can ask instead of guessing.

    ``atomic_transactions``: a :meth:`Store.transaction` commits all its writes or none, even
    across a crash. ``persistent``: data survives closing and reopening the store.
    ``multi_process``: several processes may write to the same store at once.
    """

    atomic_transactions: bool
    persistent: bool
    multi_process: bool


class Backend(abc.ABC):
    """The methods a storage backend implements; subclass :class:`~therapy_goals.storage.Store`,
    which adds the checked public API on top of them."""

    capabilities: ClassVar[Capabilities]
    url: str
    read_only: bool = False
    """Whether the store was opened for reading only (its files are not writable by this
    process); every write is then refused with a StorageError before anything is touched."""

    # --- reading ---------------------------------------------------------------------------------

    @abc.abstractmethod
    def get(self, goal_id: str) -> Goal:
        """The current revision of a goal; NotFoundError if there is none."""

    @abc.abstractmethod
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
        """Goals matching every filter given, ordered by id, streamed ``limit`` at a time."""

    def goals_by_due(
        self,
        *,
        client_id: str | None = None,
        status: LifecycleStatus | None = None,
        area: str | None = None,
        due_before: date | None = None,
        include_archived: bool = False,
    ) -> Iterator[Goal]:
        """The goals :meth:`goals` gives for the same filters, in the order people read them:
        by due date (undated last), then when they were made, then by id
        (:func:`~therapy_goals.model.reading_key`).

        This sorts them in memory; a backend that can sort in its database overrides it, so
        that a listing of a million goals streams (SQLite and PostgreSQL do).
        """
        chosen = self.goals(
            client_id=client_id,
            status=status,
            area=area,
            due_before=due_before,
            include_archived=include_archived,
        )
        return iter(sorted(chosen, key=reading_key))

    def goal_ids_starting(self, prefix: str, *, limit: int = 10) -> list[str]:
        """Up to ``limit`` ids of goals (archived ones too) that start with ``prefix``, in order.

        For people who type a short id. This reads every goal; a backend with an index
        overrides it with a query.
        """
        found = (g.id for g in self.goals(include_archived=True) if g.id.startswith(prefix))
        return [goal_id for goal_id, _ in zip(found, range(limit), strict=False)]

    @abc.abstractmethod
    def is_archived(self, goal_id: str) -> bool:
        """Whether a goal is archived; NotFoundError if there is none."""

    @abc.abstractmethod
    def history(self, goal_id: str) -> list[GoalRevision]:
        """Every saved revision of a goal, oldest first, as a new list the caller may change;
        NotFoundError if there is none."""

    @abc.abstractmethod
    def progress(
        self, goal_id: str, *, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[ProgressEntry]:
        """A goal's progress entries with ``since <= at < until``, oldest first (those marked
        entered-in-error too: analytics leave them out, see :attr:`ProgressEntry.counts`)."""

    @abc.abstractmethod
    def reviews(self, goal_id: str) -> list[Review]:
        """A goal's reviews, oldest first, as a new list."""

    @abc.abstractmethod
    def step_completions(self, goal_id: str) -> list[StepCompletion]:
        """A goal's step completions, by day then id, as a new list."""

    @abc.abstractmethod
    def plan_uses(self, goal_id: str) -> list[PlanUse]:
        """When a goal's if-then plans were used, oldest first (then by id), as a new list."""

    # --- what a backend implements --------------------------------------------------------------
    # The core has checked everything before it calls these, inside a unit of work; a backend
    # only keeps what it is given, and reports a taken id or a changed revision.

    @abc.abstractmethod
    def _insert_goals(self, goals: Sequence[Goal], *, at: datetime, by: str | None) -> None:
        """Keep new goals (each at revision 1) with their first history entry (``"added"``).

        ConflictError if an id is taken (in the store or twice in ``goals``).
        """

    @abc.abstractmethod
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
        """Make ``goal`` the current revision and append it to the history, only if the stored
        revision is still ``expected_revision`` (else ConflictError; NotFoundError if there is no
        such goal). ``archive`` also marks the goal archived."""

    @abc.abstractmethod
    def _delete_goals(self, goal_ids: Collection[str]) -> None:
        """Remove these goals with everything about them (history, progress, step records,
        reviews), leaving nothing readable behind; unknown ids are ignored."""

    @abc.abstractmethod
    def _client_goal_ids(self, client_id: str) -> set[str]:
        """The ids of every goal whose current revision, or any earlier one, names the client."""

    @abc.abstractmethod
    def _insert_records(self, records: Sequence[Record]) -> None:
        """Keep new records of existing goals, all of one type; ConflictError if an id is taken
        (in the store or twice in ``records``)."""

    @abc.abstractmethod
    def _replace_record(self, record: Record) -> None:
        """Replace the stored record with the same type and id by ``record`` (a correction)."""

    @abc.abstractmethod
    def _begin_unit(self) -> None:
        """Start the outermost unit of work (a database transaction, a lock, a snapshot)."""

    @abc.abstractmethod
    def _end_unit(self, *, commit: bool) -> None:
        """End the outermost unit of work: keep its writes, or undo them."""

    def _after_purge(self) -> None:  # noqa: B027 - optional: most backends have nothing to do
        """After a unit of work that erased a client has committed: make the erased data
        unreadable on disk where the backend can cheaply (SQLite: a WAL checkpoint)."""

    def _finish_erasure(self) -> list[str]:
        """Do what is left to make erased data unreadable, even if slow (PostgreSQL: rewrite
        the tables); return where erased data may still be that the store cannot reach, each
        place said in words (``[]``: nowhere)."""
        return []

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store's connection or files. Safe to call twice."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def stale(goal_id: str, held: int, given: int) -> ConflictError:
    """The error for a save made from a copy of an older (or unknown) revision of a goal."""
    return ConflictError(
        f"goal {goal_id!r} is at revision {held}, not {given}: it was changed since this copy "
        "was read; read it again and re-apply the change"
    )


def taken(what: str, identifier: str) -> ConflictError:
    """The error for an id that is already in use."""
    return ConflictError(f"{what} {identifier!r} already exists; use a new id")


def first_repeated(ids: Iterable[str]) -> str | None:
    """The first id that appears twice, or ``None``."""
    seen: set[str] = set()
    for identifier in ids:
        if identifier in seen:
            return identifier
        seen.add(identifier)
    return None


def record_name(record: Record) -> str:
    """What a record is called in messages: ``"progress entry"``, ``"review"``, ..."""
    return _RECORD_NAMES[type(record)]


def now() -> datetime:
    """The time a store stamps on a change (UTC)."""
    return utc_now().astimezone(UTC)
