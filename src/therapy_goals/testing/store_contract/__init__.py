"""The store contract: the tests every storage backend must pass, shipped for plug-in authors.

A backend's own test module is a few lines: subclass :class:`StoreContract` and give the one
fixture it asks for, ``new_location``, which returns a function that makes a new, empty place
for a store and returns an opener for it (calling the opener again reopens the same store)::

    class TestMyStore(StoreContract):
        @pytest.fixture
        def new_location(self, tmp_path):
            def make():
                url = f"mystore:///{tmp_path / uuid.uuid4().hex}"
                return lambda: open_store(url)

            return make

Optional features are :class:`~therapy_goals.storage.Capabilities`, not skipped tests: a store
that cannot reopen (``persistent=False``) is not asked to. The suite has three parts:

- :class:`OperationsContract`: every operation of :class:`~therapy_goals.storage.Store` does
  what it says (adding, listing, history, progress, units of work, export, erasure);
- :class:`PromisesContract`: the promises the core keeps for every backend hold on this one
  (no lost update, fixed ``id``/``client_id``/``created``, allowed status moves, ``updated``
  set on every save, copies not internal state, values that fit, corrections, erasure);
- :class:`StatefulContract`: hypothesis state machines drive the backend and the in-memory
  reference store with the same operations and check they agree after every step, and two
  simulated writers with stale copies never lose a committed change.
"""

from __future__ import annotations

from therapy_goals.errors import MissingDependencyError

try:
    import hypothesis  # noqa: F401
    import pytest  # noqa: F401
except ImportError as error:  # pragma: no cover - exercised only without the test extra
    raise MissingDependencyError(
        "therapy_goals.testing.store_contract needs pytest and hypothesis; "
        "install therapy-goals[testing]"
    ) from error

from therapy_goals.testing.store_contract.operations import OperationsContract
from therapy_goals.testing.store_contract.promises import PromisesContract
from therapy_goals.testing.store_contract.samples import Opener
from therapy_goals.testing.store_contract.stateful import (
    StatefulContract,
    StoreComparison,
    TwoWriters,
)

__all__ = [
    "Opener",
    "OperationsContract",
    "PromisesContract",
    "StatefulContract",
    "StoreComparison",
    "StoreContract",
    "TwoWriters",
]


class StoreContract(OperationsContract, PromisesContract, StatefulContract):
    """Mix into a test class and provide the ``new_location`` fixture (see the module docstring)."""
