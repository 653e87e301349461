"""The shipped contract catches backends that break the store's promises.

Each backend here is the in-memory store with one deliberate bug. A contract test that passes on
it proves nothing, so each bug must make the named contract tests fail.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis.errors import Flaky

from therapy_goals import ConflictError
from therapy_goals.storage import Store
from therapy_goals.storage.memory import MemoryStore
from therapy_goals.testing.store_contract import StoreContract

from .broken_backends import (
    BROKEN,
    ForgetfulCorrections,
    LeakedHistory,
    LeakyPurge,
    LostUpdate,
    StaleUpdated,
)


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


WHOLE_SUITE = """
import pytest
from hypothesis import settings

from therapy_goals.storage.memory import MemoryStore
from therapy_goals.testing.store_contract import StoreContract
from tests.storage.broken_backends import BROKEN

settings.register_profile("inner", max_examples=40, deadline=None)
settings.load_profile("inner")


def location(kind):
    @pytest.fixture
    def new_location(self):
        def make():
            store = kind()
            return lambda: store

        return make

    return new_location


for kind in (MemoryStore, *BROKEN):
    globals()[f"Test{kind.__name__}"] = type(
        f"Test{kind.__name__}", (StoreContract,), {"new_location": location(kind)}
    )
"""


def test_every_broken_backend_fails_the_whole_contract_suite(pytester: pytest.Pytester) -> None:
    """Issue 16, done-when: each deliberately broken backend fails the shipped suite as a plug-in
    author runs it (the whole class, not one chosen test), and the correct store passes it."""
    pytester.makepyfile(test_whole_suite=WHOLE_SUITE)
    result = pytester.runpytest_inprocess("-p", "no:randomly", "-p", "no:cacheprovider", "-q")
    failed: dict[str, int] = {}
    for report in result.reprec.getreports("pytest_runtest_logreport"):  # type: ignore[attr-defined]
        if report.failed:
            owner = report.nodeid.split("::")[1]
            failed[owner] = failed.get(owner, 0) + 1
    assert "TestMemoryStore" not in failed, result.stdout.str()[-3000:]
    for kind in BROKEN:
        assert failed.get(f"Test{kind.__name__}", 0) > 0, f"the suite passed on {kind.__name__}"
