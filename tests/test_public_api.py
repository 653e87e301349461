"""The public API: everything in __all__ exists, is typed, and importing it stays light."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import therapy_goals

PUBLIC_MODULES = [
    "therapy_goals",
    "therapy_goals.errors",
    "therapy_goals.model",
    "therapy_goals.serialization",
    "therapy_goals.hookspecs",
    "therapy_goals.plugins",
    "therapy_goals.contracts",
    "therapy_goals.smart",
    "therapy_goals.templates",
    "therapy_goals.storage",
    "therapy_goals.progress",
    "therapy_goals.testing.strategies",
]


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_name_in_all_exists(module_name: str) -> None:
    module = importlib.import_module(module_name)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []
    assert len(set(module.__all__)) == len(module.__all__)


def test_the_package_reexports_the_public_names_of_its_parts() -> None:
    for part in ("therapy_goals.errors", "therapy_goals.model"):
        module = importlib.import_module(part)
        not_exported = set(module.__all__) - set(therapy_goals.__all__) - {"new_id", "utc_now"}
        assert not_exported == set(), part


def test_the_package_is_marked_typed() -> None:
    assert (Path(therapy_goals.__file__).parent / "py.typed").is_file()


def test_the_strategies_say_which_extra_to_install_without_hypothesis() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "from therapy_goals import MissingDependencyError\n"
        "try:\n"
        "    import therapy_goals.testing.strategies\n"
        "except MissingDependencyError as error:\n"
        "    print(isinstance(error, ImportError), error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == (
        "True therapy_goals.testing.strategies needs hypothesis; install therapy-goals[testing]"
    )


def test_importing_the_library_loads_no_cli_test_or_plugin_code() -> None:
    code = (
        "import sys, therapy_goals; "
        "print(sorted(m for m in ('click', 'hypothesis', 'pytest', 'therapy_goals.cli') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
