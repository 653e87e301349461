"""The store contract: what every storage backend does, whatever it keeps goals in.

A store keeps goals with their full revision history, progress entries, step records and
reviews. The promises live here, in the core, so that every backend and every caller gets them:

- **No lost update.** A goal carries the revision it was read at; :meth:`Store.update` saves it
  only if the store still holds that revision, else :class:`~therapy_goals.errors.ConflictError`.
- **No broken invariant.** ``id``, ``client_id`` and ``created`` never change; ``status`` moves
  only along the lifecycle's allowed transitions; ``revision`` grows by one; ``updated`` is set
  on every save (see :mod:`therapy_goals.storage.invariants`).
- **No impossible value.** Progress fits the goal's measure and questionnaire; nothing is dated
  in the future; only a baseline predates the goal's start.
- **Corrections, not deletions.** A wrong entry, step record or review is marked
  ``entered-in-error`` (:meth:`Store.mark_entered_in_error`) and kept; erasure of a client
  (:meth:`Store.purge_client`) removes everything ever linked to them.

A backend implements only reading and the plain writes (``_insert_goals``, ``_replace_goal``,
``_delete_goals``, ``_insert_records``, ``_replace_record``, ...); it never decides what is
allowed. Every backend passes the same contract suite
(:mod:`therapy_goals.testing.store_contract`); optional features are :class:`Capabilities`.

>>> import attrs
>>> from datetime import date
>>> from therapy_goals.storage import open_store
>>> from therapy_goals import Goal
>>> with open_store("memory://") as store:
...     saved = store.add(
...         Goal(id="g1", client_id="c1", statement="Walk daily", start=date(2026, 3, 2))
...     )
...     _ = store.update(attrs.evolve(saved, area="physical-activity"))
...     [(r.revision, r.change) for r in store.history("g1")]
[(1, 'added'), (2, 'updated')]
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, overload

import attrs

from therapy_goals.contracts.questionnaires import Questionnaire
from therapy_goals.errors import ConflictError, NotFoundError, ValidationError
from therapy_goals.model import (
    ClientRecord,
    Correction,
    Goal,
    GoalRevision,
    PlanUse,
    ProgressEntry,
    Review,
    StepCompletion,
    utc_now,
)
from therapy_goals.plugins import default_plugin_manager
from therapy_goals.serialization import default_converter, to_dict
from therapy_goals.storage.backend import Capabilities, Record, now, record_name
from therapy_goals.storage.invariants import (
    check_goal,
    check_plan_use,
    check_progress,
    check_read_revision,
    check_review,
    check_revision,
    check_step_completion,
)
from therapy_goals.storage.units import UnitOfWork

__all__ = ["Capabilities", "GoalRevision", "ImportSummary", "Record", "Store", "stamp_update"]

logger = logging.getLogger(__name__)


def stamp_update(goal: Goal, revision: int, at: datetime) -> Goal:
    """The goal as a store saves it: the new revision, and ``updated`` no earlier than created."""
    return attrs.evolve(goal, revision=revision, updated=max(at, goal.created))


@attrs.define
class ImportSummary:
    """What :meth:`Store.import_record` did: goals and entries added, revised, left as they were."""

    added_goals: int = 0
    revised_goals: int = 0
    unchanged_goals: int = 0
    added_entries: int = 0
    unchanged_entries: int = 0


def _content(goal: Goal) -> Goal:
    """A goal without what a store stamps on it (revision, when it was last saved)."""
    return attrs.evolve(goal, revision=1, updated=goal.created)


def _require(value: Any, kind: type[Any] | tuple[type[Any], ...], place: str) -> None:
    if not isinstance(value, kind):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        raise ValidationError.at(place, f"must be a {names}, got {type(value).__name__}")


class Store(UnitOfWork):
    """Goals, their history, progress and reviews, behind one interface for every backend.

    Stores are context managers: ``with open_store(url) as store: ...`` closes them.

    A store opened by :func:`~therapy_goals.storage.open_store` tells its plug-in manager's
    ``goal_saved`` hooks about every goal it adds, updates or archives, once the write is
    committed: at the end of the outermost :meth:`transaction`, never for a rolled-back one.
    """

    _questionnaires: dict[str, Questionnaire] | None = None
    _questionnaires_from: object = None

    # --- goals -----------------------------------------------------------------------------------

    def add(self, goal: Goal, *, by: str | None = None) -> Goal:
        """Save a new goal as revision 1 and return it; ConflictError if the id is taken.

        ValidationError if its measure's baseline or target is impossible (outside the measure's
        bounds or its questionnaire's range) or it was created in the future.
        """
        _require(goal, Goal, "goal")
        saved = self._as_new(goal, utc_now())
        with self.transaction():
            self._insert_goals([saved], at=now(), by=by)
            self._announce([(saved, None)])
        return saved

    def add_many(self, goals: Iterable[Goal], *, by: str | None = None) -> int:
        """Save many new goals in one transaction (for imports): all or none; returns how many."""
        clock = utc_now()
        saved = []
        for index, goal in enumerate(goals):
            _require(goal, Goal, f"goals[{index}]")
            try:
                saved.append(self._as_new(goal, clock))
            except ValidationError as error:
                raise error.within(f"goals[{index}]") from None
        with self.transaction():
            self._insert_goals(saved, at=now(), by=by)
            self._announce((goal, None) for goal in saved)
        return len(saved)

    def _as_new(self, goal: Goal, clock: datetime) -> Goal:
        check_goal(goal, now=clock, questionnaire=self._questionnaire_of(goal))
        return goal if goal.revision == 1 else attrs.evolve(goal, revision=1)

    def update(self, goal: Goal, *, by: str | None = None, change: str = "updated") -> Goal:
        """Save a changed goal as its next revision and return what was saved.

        ``goal.revision`` must be the revision the store holds: the one the caller read. If
        someone saved a change since, this raises ConflictError naming both revisions, and
        nothing is written: read the goal again, re-apply the change, and retry. So no update is
        ever lost, and there is no second revision number to get wrong.

        The saved goal has ``revision`` one higher and ``updated`` set to now. ``id``,
        ``client_id`` and ``created`` must be those stored (ValidationError), and a status
        change must be an allowed move (StatusTransitionError). ``change`` names the kind of
        change in the history (``"revised"``, ``"completed"``, ...). NotFoundError when there is
        no such goal.
        """
        _require(goal, Goal, "goal")
        with self.transaction():
            current = self.get(goal.id)
            check_read_revision(current, goal)
            check_revision(current, goal)
            at = now()
            check_goal(goal, now=at, questionnaire=self._questionnaire_of(goal))
            saved = stamp_update(goal, current.revision + 1, at)
            self._replace_goal(
                saved, expected_revision=current.revision, at=at, by=by, change=change
            )
            self._announce([(saved, current)])
        return saved

    def archive(self, goal_id: str, *, by: str | None = None) -> Goal:
        """Hide a goal from listings without deleting it (a new revision records the change)."""
        with self.transaction():
            current = self.get(goal_id)
            at = now()
            saved = stamp_update(current, current.revision + 1, at)
            self._replace_goal(
                saved,
                expected_revision=current.revision,
                at=at,
                by=by,
                change="archived",
                archive=True,
            )
            self._announce([(saved, current)])
        return saved

    def delete(self, goal_id: str) -> None:
        """Delete a goal with its history, progress entries, step records and reviews."""
        with self.transaction():
            self.is_archived(goal_id)  # NotFoundError for an unknown goal
            self._delete_goals([goal_id])

    # --- progress, step records and reviews -----------------------------------------------------

    def add_progress(self, entry: ProgressEntry) -> ProgressEntry:
        """Save a progress entry of an existing goal; ConflictError if its id is taken.

        ValidationError when the value does not fit the goal's measure (its bounds, what its unit
        implies, its questionnaire's range), a questionnaire administration is attached to a goal
        measured otherwise, or the entry is dated in the future or, unless it is a ``baseline``,
        before the goal's start. NotFoundError for an unknown goal.
        """
        _require(entry, ProgressEntry, "entry")
        self._add_checked_progress([entry], place=None)
        return entry

    def add_progress_many(self, entries: Iterable[ProgressEntry]) -> int:
        """Save many progress entries in one transaction (an import, a device's backlog): all or
        none; returns how many. Each is checked as by :meth:`add_progress`, and a problem names
        its place (``entries[3].value``)."""
        listed = list(entries)
        for index, entry in enumerate(listed):
            _require(entry, ProgressEntry, f"entries[{index}]")
        self._add_checked_progress(listed, place="entries")
        return len(listed)

    def _add_checked_progress(self, entries: list[ProgressEntry], place: str | None) -> None:
        if not entries:
            return
        clock = utc_now()
        with self.transaction():
            goals = {goal_id: self.get(goal_id) for goal_id in {e.goal_id for e in entries}}
            for index, entry in enumerate(entries):
                goal = goals[entry.goal_id]
                try:
                    check_progress(
                        goal, entry, now=clock, questionnaire=self._questionnaire_of(goal)
                    )
                except ValidationError as error:
                    raise (error.within(f"{place}[{index}]") if place else error) from None
            self._insert_records(entries)

    def add_review(self, review: Review) -> Review:
        """Save a review of an existing goal; ConflictError if its id is taken, ValidationError
        if it is dated in the future or before the goal's start."""
        _require(review, Review, "review")
        with self.transaction():
            check_review(self.get(review.goal_id), review, now=utc_now())
            self._insert_records([review])
        return review

    def add_step_completion(self, completion: StepCompletion) -> StepCompletion:
        """Record whether a step of the goal happened on a day; ConflictError if its id is taken,
        ValidationError for a step the goal does not have or a day in the future or before the
        goal's start."""
        _require(completion, StepCompletion, "completion")
        with self.transaction():
            check_step_completion(self.get(completion.goal_id), completion, now=utc_now())
            self._insert_records([completion])
        return completion

    def add_plan_use(self, use: PlanUse) -> PlanUse:
        """Record that one of the goal's if-then plans was used; ConflictError if its id is
        taken, ValidationError for a plan the goal does not have or a moment in the future or
        before the goal's start."""
        _require(use, PlanUse, "use")
        with self.transaction():
            check_plan_use(self.get(use.goal_id), use, now=utc_now())
            self._insert_records([use])
        return use

    @overload
    def mark_entered_in_error(
        self, record: ProgressEntry, *, reason: str, by: str | None = None
    ) -> ProgressEntry: ...
    @overload
    def mark_entered_in_error(
        self, record: PlanUse, *, reason: str, by: str | None = None
    ) -> PlanUse: ...
    @overload
    def mark_entered_in_error(
        self, record: StepCompletion, *, reason: str, by: str | None = None
    ) -> StepCompletion: ...
    @overload
    def mark_entered_in_error(
        self, record: Review, *, reason: str, by: str | None = None
    ) -> Review: ...
    @overload
    def mark_entered_in_error(
        self, record: Record, *, reason: str, by: str | None = None
    ) -> Record: ...
    def mark_entered_in_error(
        self, record: Record, *, reason: str, by: str | None = None
    ) -> Record:
        """Mark a progress entry, step completion, plan use or review as entered in error;
        return it.

        The record stays in the store, its history and exports, with the reason, who marked it
        and when; summaries, trends, wins, adherence and charts leave it out. Marking is final:
        a record already marked is a ConflictError. NotFoundError for an unknown record.
        To erase a client's data, use :meth:`purge_client`.
        """
        _require(record, (ProgressEntry, Review, StepCompletion, PlanUse), "record")
        correction = Correction(reason=reason, by=by, at=utc_now())
        what = record_name(record)
        with self.transaction():
            listed: Iterable[Record]
            if isinstance(record, ProgressEntry):
                listed = self.progress(record.goal_id)
            elif isinstance(record, Review):
                listed = self.reviews(record.goal_id)
            elif isinstance(record, PlanUse):
                listed = self.plan_uses(record.goal_id)
            else:
                listed = self.step_completions(record.goal_id)
            stored = next((item for item in listed if item.id == record.id), None)
            if stored is None:
                raise NotFoundError(f"no {what} {record.id!r} of goal {record.goal_id!r}")
            if stored.entered_in_error is not None:
                raise ConflictError(
                    f"{what} {record.id!r} was already marked entered-in-error on "
                    f"{stored.entered_in_error.at.date().isoformat()}"
                )
            if stored != record:
                raise ConflictError(
                    f"{what} {record.id!r} differs from the stored one; read it again"
                )
            corrected = attrs.evolve(record, entered_in_error=correction)
            self._replace_record(corrected)
        return corrected

    # --- units of work and privacy ---------------------------------------------------------------

    def _questionnaire_of(self, goal: Goal) -> Questionnaire | None:
        """The questionnaire the goal's measure names, if the store's plug-ins know it."""
        code = goal.measure.questionnaire if goal.measure is not None else None
        if code is None:
            return None
        if self._questionnaires is None or self._questionnaires_from is not self.plugins:
            manager = self.plugins if self.plugins is not None else default_plugin_manager()
            self._questionnaires = manager.questionnaires()
            self._questionnaires_from = self.plugins
        return self._questionnaires.get(code)

    def purge_client(self, client_id: str) -> int:
        """Erase everything about a client (right to erasure): every goal that is or ever was
        theirs, with its history, progress, step records and reviews, entries marked
        entered-in-error included. Returns how many goals were erased."""
        if not isinstance(client_id, str) or not client_id.strip():
            raise ValidationError.at("client_id", "must name a client; nothing was erased")
        with self.transaction():
            doomed = sorted(self._client_goal_ids(client_id))
            self._delete_goals(doomed)
            self._purged = True
        logger.info("store %s: purged a client (%d goals)", self.url, len(doomed))
        return len(doomed)

    def finish_erasure(self) -> list[str]:
        """Make what earlier purges erased unreadable everywhere the store can reach, even where
        that is slow, and say where it may still be.

        ``purge_client`` already does what is cheap: after it, the JSON folder and SQLite hold
        no byte of the erased text in any of their files, except that SQLite's ``-wal`` file
        keeps it while a reader that began before the purge is still reading (the purge waits
        up to 30 s for such readers; this waits again). PostgreSQL keeps erased rows in its
        table and index files until they are rewritten: this runs ``VACUUM FULL`` on the
        store's tables, which locks them while it runs.

        Returns the places beyond the store's reach where erased text may still be, in words
        (``[]`` when there are none): for PostgreSQL, the server's write-ahead log, its
        archives, replicas and backups, which are the operator's to handle (see the storage
        guide).

        >>> from therapy_goals.storage import open_store
        >>> with open_store("memory://") as store:
        ...     store.finish_erasure()
        []
        """
        if self.read_only:
            return []
        return self._finish_erasure()

    def import_record(
        self,
        record: ClientRecord,
        *,
        by: str | None = None,
        progress: Callable[[int], None] | None = None,
        existing: str = "refuse",
    ) -> ImportSummary:
        """Add a client record's goals, progress entries, reviews and step completions in one
        unit of work: everything, or (on any error) nothing. Each item is checked as its own
        ``add`` checks it. ``progress`` is told how many items were added after each batch.

        ``existing="revise"`` brings a record back that was exported from here and changed
        elsewhere (a FHIR goal whose status another system changed): a goal the store already
        has is saved as its next revision if it differs (``change="imported"``; an update's
        checks apply, the lifecycle's moves too) and left alone if not; a progress entry it
        already has, the same, is left alone, and so is a use of a plan. With ``"refuse"`` (the
        default) a goal or entry already there is a :class:`ConflictError`.
        """
        _require(record, ClientRecord, "record")
        if existing not in ("refuse", "revise"):
            raise ValidationError.at("existing", f"must be 'refuse' or 'revise', got {existing!r}")
        tell = progress or (lambda count: None)
        summary = ImportSummary()
        with self.transaction():
            goals, entries = list(record.goals), list(record.progress)
            if existing == "revise":
                goals, entries = self._revise_existing(goals, entries, by, summary)
            tell(self.add_many(goals, by=by))
            tell(self.add_progress_many(entries))
            for review in record.reviews:
                self.add_review(review)
                tell(1)
            for completion in record.completions:
                self.add_step_completion(completion)
                tell(1)
            held: dict[str, list[PlanUse]] = {}  # each goal's uses, read once, as they were
            for use in record.plan_uses:
                if existing == "revise":
                    if use.goal_id not in held:
                        held[use.goal_id] = self.plan_uses(use.goal_id)
                    if use in held[use.goal_id]:
                        continue  # brought back unchanged, as a progress entry is
                self.add_plan_use(use)
                tell(1)
        summary.added_goals, summary.added_entries = len(goals), len(entries)
        return summary

    def _revise_existing(
        self,
        goals: list[Goal],
        entries: list[ProgressEntry],
        by: str | None,
        summary: ImportSummary,
    ) -> tuple[list[Goal], list[ProgressEntry]]:
        """Save imported goals the store has as new revisions where they differ; return the
        goals and entries that are new."""
        new_goals = []
        for goal in goals:
            try:
                current = self.get(goal.id)
            except NotFoundError:
                new_goals.append(goal)
                continue
            if _content(goal) == _content(current):
                summary.unchanged_goals += 1
                continue
            changed = attrs.evolve(goal, revision=current.revision, created=current.created)
            self.update(changed, by=by, change="imported")
            summary.revised_goals += 1
        new_entries = []
        held: dict[str, dict[str, ProgressEntry]] = {}
        for entry in entries:
            if entry.goal_id not in held:
                try:
                    held[entry.goal_id] = {e.id: e for e in self.progress(entry.goal_id)}
                except NotFoundError:
                    held[entry.goal_id] = {}
            if held[entry.goal_id].get(entry.id) == entry:
                summary.unchanged_entries += 1
            else:
                new_entries.append(entry)
        return new_goals, new_entries

    def client_record(self, client_id: str) -> ClientRecord:
        """A client's goals (archived ones too), progress entries, reviews, step completions and
        plan uses."""
        goals = list(self.goals(client_id=client_id, include_archived=True))
        progress = [entry for goal in goals for entry in self.progress(goal.id)]
        reviews = [review for goal in goals for review in self.reviews(goal.id)]
        completions = [c for goal in goals for c in self.step_completions(goal.id)]
        uses = [use for goal in goals for use in self.plan_uses(goal.id)]
        return ClientRecord(
            client_id=client_id,
            goals=tuple(goals),
            progress=tuple(progress),
            reviews=tuple(reviews),
            completions=tuple(completions),
            plan_uses=tuple(uses),
        )

    def export_client(self, client_id: str) -> dict[str, Any]:
        """Everything held about a client, in the JSON form: goals (archived ones too), every
        revision, progress entries, reviews and step completions."""
        record = self.client_record(client_id)
        goals = record.goals
        converter = default_converter()
        history = [
            converter.unstructure(revision) for goal in goals for revision in self.history(goal.id)
        ]
        archived = [goal.id for goal in goals if self.is_archived(goal.id)]
        return {
            **to_dict(record),
            "type": "client-export",
            "archived": archived,
            "history": history,
        }
