"""examples/dict_store.py, the reference backend of docs/storage.md, passes the whole contract."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from therapy_goals import get_plugin_manager, open_store
from therapy_goals.storage import Store
from therapy_goals.testing.store_contract import StoreContract

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "dict_store.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dict_store_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXAMPLE_MODULE = _load()
MANAGER = get_plugin_manager(plugins=[EXAMPLE_MODULE], load_entrypoints=False, environ={})


class TestTheReferenceBackend(StoreContract):
    @pytest.fixture
    def new_location(self) -> Callable[[], Callable[[], Store]]:
        def make() -> Callable[[], Store]:
            store = open_store("dict://", plugins=MANAGER)
            return lambda: store

        return make


def test_it_is_opened_by_its_scheme_and_its_script_runs() -> None:
    assert type(open_store("dict://", plugins=MANAGER)).__name__ == "DictStore"
    result = subprocess.run(
        [sys.executable, str(EXAMPLE)], capture_output=True, text=True, check=True
    )
    assert result.stdout == "DictStore ['g1']\n"
