"""Issue 19: start-up does no work it does not need. ``import therapy_goals`` loads nothing but
the package itself; ``therapy-goals --help`` imports no command and no dependency but click.
These tests look at what is imported, never at the time (``python -m benchmarks`` measures it).
"""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys

import click
import pytest

import therapy_goals
from therapy_goals.cli import COMMANDS, cli

WATCHED = ("attr", "attrs", "cattrs", "pluggy", "click", "orjson", "importlib.metadata")


def modules_after(code: str) -> list[str]:
    """Our modules and the watched dependencies loaded by ``code`` in a fresh interpreter."""
    script = (
        f"import sys, json\n{code}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('therapy_goals') or "
        f"m in {WATCHED!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_importing_the_package_loads_only_the_package() -> None:
    assert modules_after("import therapy_goals") == ["therapy_goals", "therapy_goals._version"]


def test_the_commands_help_imports_no_command_and_no_library_dependency() -> None:
    loaded = modules_after(
        "from therapy_goals.cli import cli\ntry:\n    cli(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert loaded == ["click", "therapy_goals", "therapy_goals._version", "therapy_goals.cli"]


def test_a_public_name_imports_what_it_needs_on_first_use() -> None:
    loaded = modules_after("from therapy_goals import ValidationError")
    assert "therapy_goals.errors" in loaded
    assert "therapy_goals.storage" not in loaded
    assert "therapy_goals.smart" not in loaded


@pytest.mark.parametrize("name", therapy_goals.__all__)
def test_every_public_name_resolves_to_the_object_its_module_defines(name: str) -> None:
    value = getattr(therapy_goals, name)
    if name == "__version__":
        assert isinstance(value, str)
        assert value[0].isdigit()
        return
    module = importlib.import_module(therapy_goals._EXPORTS[name])
    assert value is getattr(module, name)


def test_unknown_names_and_subpackages() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Gaol'"):
        therapy_goals.Gaol  # noqa: B018 - the attribute access is the test
    assert therapy_goals.storage is importlib.import_module("therapy_goals.storage")
    assert set(therapy_goals.__all__) <= set(dir(therapy_goals))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_lazy_list_of_commands_matches_the_commands(name: str) -> None:
    module, attribute, summary = COMMANDS[name]
    command = getattr(importlib.import_module(f"therapy_goals.cli.{module}"), attribute)
    assert command.name == name
    assert summary == inspect.cleandoc(command.help or "").split("\n\n")[0].replace("\n", " ")
    for limit in range(30, 120):
        stand_in = click.Command(name, help=summary)
        assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit)
    assert cli.get_command(None, name) is command  # type: ignore[arg-type]
