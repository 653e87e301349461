"""The store contract: what every storage backend does, whatever it keeps goals in.

A store keeps goals with their full revision history, progress entries and reviews. Writes use
optimistic concurrency: :meth:`Store.update` takes the revision the caller read, and raises
:class:`~therapy_goals.errors.ConflictError` if someone else changed the goal since, so no
update is ever lost. Every backend passes the same contract suite
(:mod:`therapy_goals.testing.store_contract`); optional features are :class:`Capabilities`.

>>> import attrs
>>> from datetime import date
>>> from therapy_goals.storage import open_store
>>> from therapy_goals import Goal
>>> with open_store("memory://") as store:
...     saved = store.add(
...         Goal(id="g1", client_id="c1", statement="Walk daily", start=date(2026, 3, 2))
...     )
...     _ = store.update(attrs.evolve(saved, area="physical-activity"), expected_revision=1)
...     [(r.revision, r.change) for r in store.history("g1")]
[(1, 'added'), (2, 'updated')]
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from therapy_goals.errors import ConflictError, PluginError
from therapy_goals.model import (
    ClientRecord,
    Goal,
    LifecycleStatus,
    ProgressEntry,
    Review,
    StepCompletion,
    utc_now,
)
from therapy_goals.serialization import default_converter, to_dict

if TYPE_CHECKING:
    from therapy_goals.plugins import PluginManager

__all__ = ["Capabilities", "GoalRevision", "Store", "stamp_update"]


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


@attrs.frozen(kw_only=True)
class GoalRevision:
    """One saved version of a goal: which revision, when, by whom, what kind of change."""

    revision: int
    at: datetime
    by: str | None
    change: str
    goal: Goal


def stamp_update(goal: Goal, revision: int, at: datetime) -> Goal:
    """The goal as a store saves it: the new revision, and ``updated`` no earlier than created."""
    return attrs.evolve(goal, revision=revision, updated=max(at, goal.created))


class Store(abc.ABC):
    """Goals, their history, progress and reviews, behind one interface for every backend.

    Stores are context managers: ``with open_store(url) as store: ...`` closes them.

    A store opened by :func:`~therapy_goals.storage.open_store` tells its plug-in manager's
    ``goal_saved`` hooks about every goal it adds, updates or archives, once the write is
    committed: at the end of the outermost :meth:`transaction`, never for a rolled-back one.
    """

    capabilities: ClassVar[Capabilities]
    url: str
    plugins: PluginManager | None = None
    """The plug-ins told about saved goals; ``open_store`` sets it, ``None`` tells no one."""

    # --- goals -----------------------------------------------------------------------------------

    @abc.abstractmethod
    def add(self, goal: Goal, *, by: str | None = None) -> Goal:
        """Save a new goal as revision 1 and return it; ConflictError if the id is taken."""

    def add_many(self, goals: Iterable[Goal], *, by: str | None = None) -> int:
        """Save many new goals in one transaction (for imports); returns how many."""
        count = 0
        with self.transaction():
            for goal in goals:
                self.add(goal, by=by)
                count += 1
        return count

    @abc.abstractmethod
    def get(self, goal_id: str) -> Goal:
        """The current revision of a goal; NotFoundError if there is none."""

    @abc.abstractmethod
    def update(
        self, goal: Goal, *, expected_revision: int, by: str | None = None, change: str = "updated"
    ) -> Goal:
        """Save a changed goal if it is still at ``expected_revision``; return the saved goal.

        ``change`` names the kind of change in the history (``"revised"``, ``"completed"``, ...).

        The saved goal has revision ``expected_revision + 1`` and ``updated`` set to now.
        Raises ConflictError when the stored revision differs (someone else saved first), and
        NotFoundError when there is no such goal.
        """

    @abc.abstractmethod
    def archive(self, goal_id: str, *, by: str | None = None) -> Goal:
        """Hide a goal from listings without deleting it (a new revision records the change)."""

    @abc.abstractmethod
    def delete(self, goal_id: str) -> None:
        """Delete a goal with its history, progress entries and reviews."""

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

    @abc.abstractmethod
    def is_archived(self, goal_id: str) -> bool:
        """Whether a goal is archived; NotFoundError if there is none."""

    @abc.abstractmethod
    def history(self, goal_id: str) -> list[GoalRevision]:
        """Every saved revision of a goal, oldest first; NotFoundError if there is none."""

    # --- progress and reviews --------------------------------------------------------------------

    @abc.abstractmethod
    def add_progress(self, entry: ProgressEntry) -> ProgressEntry:
        """Save a progress entry of an existing goal; ConflictError if its id is taken."""

    def add_progress_many(self, entries: Iterable[ProgressEntry]) -> int:
        """Save many progress entries in one transaction (an import, a device's backlog): all or
        none; returns how many. NotFoundError names an unknown goal, ConflictError a taken id."""
        count = 0
        with self.transaction():
            for entry in entries:
                self.add_progress(entry)
                count += 1
        return count

    @abc.abstractmethod
    def progress(
        self, goal_id: str, *, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[ProgressEntry]:
        """A goal's progress entries with ``since <= at < until``, oldest first."""

    @abc.abstractmethod
    def add_review(self, review: Review) -> Review:
        """Save a review of an existing goal; ConflictError if its id is taken."""

    @abc.abstractmethod
    def reviews(self, goal_id: str) -> list[Review]:
        """A goal's reviews, oldest first."""

    @abc.abstractmethod
    def add_step_completion(self, completion: StepCompletion) -> StepCompletion:
        """Record whether a step happened on a day; ConflictError if its id is taken."""

    @abc.abstractmethod
    def step_completions(self, goal_id: str) -> list[StepCompletion]:
        """A goal's step completions, by day then id."""

    # --- units of work and privacy ---------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A unit of work: the writes inside are committed together when the block ends, and
        rolled back if it raises. Nested blocks join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin_unit()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._unannounced = None
            self._end_unit(commit=False)
            raise
        self._depth = 0
        self._end_unit(commit=True)
        self._announce_saved()

    _depth: int = 0
    """How deep the current unit of work is nested (0: none)."""

    _unannounced: list[Goal] | None = None
    """Goals saved in the current unit of work, for ``goal_saved`` once it commits."""

    def _listening(self) -> bool:
        """Whether any plug-in wants ``goal_saved``; backends skip building goals for it if not."""
        return self.plugins is not None and self.plugins.listens_for("goal_saved")

    def _announce(self, goals: Iterable[Goal]) -> None:
        """Backends call this with each goal they add, update or archive.

        Inside a unit of work the goals wait for its commit; outside one the write is already
        committed, so the hooks are called now. Costs nothing when no plug-in listens.
        """
        if not self._listening():
            return
        if self._unannounced is None:
            self._unannounced = []
        self._unannounced.extend(goals)
        if not self._depth:
            self._announce_saved()

    def _announce_saved(self) -> None:
        pending, self._unannounced = self._unannounced, None
        if not pending or self.plugins is None:
            return
        failures: list[str] = []
        for goal in pending:  # every goal is announced, even after a plug-in failed
            previous = None
            if goal.revision > 1:
                earlier = [r.goal for r in self.history(goal.id) if r.revision == goal.revision - 1]
                previous = earlier[0] if earlier else None
            try:
                self.plugins.notify("goal_saved", goal=goal, previous=previous)
            except PluginError as error:
                failures.append(f"goal {goal.id!r}: {error}")
        if failures:
            raise PluginError(
                "after the save was committed (the goals are saved): " + "; ".join(failures)
            )

    @abc.abstractmethod
    def _begin_unit(self) -> None:
        """Start the outermost unit of work (a database transaction, a lock, a snapshot)."""

    @abc.abstractmethod
    def _end_unit(self, *, commit: bool) -> None:
        """End the outermost unit of work: keep its writes, or undo them."""

    @abc.abstractmethod
    def purge_client(self, client_id: str) -> int:
        """Erase everything about a client, history included (right to erasure); returns how
        many goals were erased."""

    def client_record(self, client_id: str) -> ClientRecord:
        """A client's goals (archived ones too), progress entries, reviews and step completions."""
        goals = list(self.goals(client_id=client_id, include_archived=True))
        progress = [entry for goal in goals for entry in self.progress(goal.id)]
        reviews = [review for goal in goals for review in self.reviews(goal.id)]
        completions = [c for goal in goals for c in self.step_completions(goal.id)]
        return ClientRecord(
            client_id=client_id,
            goals=tuple(goals),
            progress=tuple(progress),
            reviews=tuple(reviews),
            completions=tuple(completions),
        )

    def export_client(self, client_id: str) -> dict[str, Any]:
        """Everything held about a client, in the JSON form: goals (archived ones too), every
        revision, progress entries, reviews and step completions."""
        record = self.client_record(client_id)
        goals = record.goals
        converter = default_converter()
        history = [
            {
                "goal_id": goal.id,
                "revision": revision.revision,
                "at": revision.at.isoformat(),
                "by": revision.by,
                "change": revision.change,
                "goal": converter.unstructure(revision.goal),
            }
            for goal in goals
            for revision in self.history(goal.id)
        ]
        archived = [goal.id for goal in goals if self.is_archived(goal.id)]
        return {
            **to_dict(record),
            "type": "client-export",
            "archived": archived,
            "history": history,
        }

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store's connection or files. Safe to call twice."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _check_new(self, exists: bool, what: str, identifier: str) -> None:
        if exists:
            raise ConflictError(f"{what} {identifier!r} already exists; use a new id")


def now() -> datetime:
    """The time a store stamps on a change (UTC)."""
    return utc_now().astimezone(UTC)
