"""The shipped contract catches backends that break the store's promises.

Each backend here is the in-memory store with one deliberate bug. A contract test that passes on
it proves nothing, so each bug must make the named contract tests fail.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

import attrs
import pytest
from hypothesis.errors import Flaky

from therapy_goals import ConflictError, Goal, Review
from therapy_goals.storage import GoalRevision, Store
from therapy_goals.storage.base import Record
from therapy_goals.storage.memory import MemoryStore
from therapy_goals.testing.store_contract import StoreContract


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


def _fails(test: Callable[[StoreContract, Any], None], store: Store) -> bool:
    wants_opener = "opener" in inspect.signature(test).parameters
    try:
        test(StoreContract(), (lambda: store) if wants_opener else store)
    except (AssertionError, ConflictError, pytest.fail.Exception, Flaky):
        return True
    return False


@pytest.mark.parametrize(
    ("broken", "caught_by"),
    [
        (
            StaleUpdated,
            StoreContract.test_every_save_adds_exactly_one_revision_stamped_with_its_time,
        ),
        (LeakedHistory, StoreContract.test_lists_handed_out_are_copies_not_the_store_itself),
        (
            LostUpdate,
            StoreContract.test_a_copy_read_before_another_save_is_refused_and_names_both_revisions,
        ),
        (ForgetfulCorrections, StoreContract.test_a_wrong_record_is_marked_not_erased),
        (LeakyPurge, StoreContract.test_purge_client_erases_everything_about_them_and_nothing_else),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_the_contract_catches_a_broken_backend(
    broken: type[MemoryStore], caught_by: Callable[[StoreContract, Any], None]
) -> None:
    assert _fails(caught_by, broken()), f"{caught_by.__name__} passed on {broken.__name__}"
    assert not _fails(caught_by, MemoryStore()), "the test fails on a correct backend too"


def test_the_two_writers_machine_catches_a_lost_update() -> None:
    contract = StoreContract()

    def new_location() -> Callable[[], Store]:
        store = LostUpdate()
        return lambda: store

    with pytest.raises((AssertionError, pytest.fail.Exception)):
        contract.test_two_writers_with_stale_copies_never_lose_a_committed_change(new_location)


def test_a_backend_must_name_a_url_scheme_and_open_a_store() -> None:
    """Issue 16: a scheme with a space was accepted, and an open() returning None ended in an
    AttributeError far from the mistake."""
    import pytest

    from therapy_goals import PluginError, StorageBackend, ValidationError, get_plugin_manager
    from therapy_goals.hookspecs import hookimpl
    from therapy_goals.storage import open_store

    with pytest.raises(ValidationError, match=r"scheme: 'my db' is not a URL scheme"):
        StorageBackend(scheme="my db", open=lambda url: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(ValidationError, match=r"open: must be a function"):
        StorageBackend(scheme="mydb", open="not callable")  # type: ignore[arg-type]

    class Broken:
        @hookimpl
        def register_storage(self, register):  # type: ignore[no-untyped-def]
            register(StorageBackend(scheme="nothing", open=lambda url: None))  # type: ignore[arg-type,return-value]

    manager = get_plugin_manager(load_entrypoints=False, environ={})
    manager.register(Broken())
    with pytest.raises(PluginError, match=r"backend for 'nothing' returned NoneType from open"):
        open_store("nothing://x", plugins=manager)
