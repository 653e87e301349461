"""The plug-in manager: built-ins, entry points, blocking, failures, clashes and the hook docs."""

from __future__ import annotations

import inspect
import json
import logging
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pluggy
import pytest
from click.testing import CliRunner

from therapy_goals import (
    ClientRecord,
    Exporter,
    Goal,
    PluginError,
    PluginManager,
    get_plugin_manager,
    hookimpl,
    make_converter,
    open_store,
    sample_record,
)
from therapy_goals import hookspecs as specs
from therapy_goals.cli import cli
from therapy_goals.plugins import BUILTIN_PLUGINS, DISABLE_PLUGINS_ENV

from .conftest import FakeDistribution

JSON_EXPORT = "therapy_goals.exchange.exporters"

UPPER_PLUGIN = """
from therapy_goals import Exporter, hookimpl

def write(record):
    return record.client_id.upper().encode()

@hookimpl
def register_exporters(register):
    register(Exporter(name="upper", description="Client id in capitals",
                      media_type="text/plain", suffix=".txt", write=write))
"""


def exporter(name: str) -> Exporter:
    return Exporter(
        name=name,
        description="test",
        media_type="text/plain",
        suffix=".txt",
        write=lambda record: record.client_id.encode(),
    )


class ExporterPlugin:
    def __init__(self, *names: str) -> None:
        self.names = names

    @hookimpl
    def register_exporters(self, register: Callable[[Exporter], None]) -> None:
        for name in self.names:
            register(exporter(name))


def isolated(*plugins: object, block: tuple[str, ...] = ()) -> PluginManager:
    return get_plugin_manager(plugins=plugins, block=block, load_entrypoints=False, environ={})


# --- built-ins and isolated managers ------------------------------------------------------------


def test_builtins_register_through_the_hooks_like_any_plugin() -> None:
    manager = isolated()
    infos = {info.name: info for info in manager.plugin_infos()}
    assert set(BUILTIN_PLUGINS) <= set(infos)
    assert infos[JSON_EXPORT].hooks == ("register_exporters",)
    assert infos[JSON_EXPORT].builtin
    assert set(manager.exporters()) == {"json", "fhir", "csv", "ics"}
    assert infos["therapy_goals.smart.rules"].hooks == ("register_rules",)
    assert len(manager.rules()) >= 20


def test_the_builtin_json_exporter_writes_a_readable_record() -> None:
    record = sample_record(start=date(2026, 3, 2))
    written = isolated().exporters()["json"].write(record)
    from therapy_goals import from_json

    assert from_json(written, ClientRecord) == record


def test_each_manager_is_separate() -> None:
    first = isolated(ExporterPlugin("one"))
    second = isolated()
    assert "one" in first.exporters()
    assert "one" not in second.exporters()


def test_a_builtin_can_be_blocked_by_name() -> None:
    manager = isolated(block=(JSON_EXPORT,))
    assert set(manager.exporters()) == set()  # json, fhir, csv and ics come from this module
    assert JSON_EXPORT not in {info.name for info in manager.plugin_infos()}


def test_the_environment_variable_blocks_plugins() -> None:
    manager = get_plugin_manager(
        load_entrypoints=False, environ={DISABLE_PLUGINS_ENV: f" {JSON_EXPORT} , other"}
    )
    assert "json" not in manager.exporters()
    assert manager.is_blocked("other")


def test_a_duplicate_name_is_an_error_naming_both_plugins() -> None:
    manager = get_plugin_manager(
        plugins=[ExporterPlugin("json")], load_entrypoints=False, environ={}
    )
    with pytest.raises(PluginError) as info:
        manager.exporters()
    message = str(info.value)
    assert f"'json' is left out: '{JSON_EXPORT}' registered it first" in message
    # The caller's own plug-in is theirs to rename; blocking a built-in is never the advice.
    assert DISABLE_PLUGINS_ENV not in message


def test_registering_the_wrong_kind_of_thing_names_the_plugin() -> None:
    class Wrong:
        @hookimpl
        def register_exporters(self, register: Callable[[object], None]) -> None:
            register("csv")

    manager = isolated(Wrong())
    with pytest.raises(
        PluginError, match=r"Wrong': passed a str to register_exporters, which takes Exporter"
    ):
        manager.exporters()


def test_a_hook_that_raises_is_reported_with_its_plugin() -> None:
    class Broken:
        @hookimpl
        def register_exporters(self, register: Callable[[object], None]) -> None:
            raise RuntimeError("no disk")

    manager = isolated(Broken())
    with pytest.raises(PluginError, match="failed in register_exporters: RuntimeError: no disk"):
        manager.exporters()


def test_a_callers_own_plugin_with_an_unknown_hook_raises() -> None:
    class Misspelled:
        @hookimpl
        def register_exporter(self, register: object) -> None: ...

    with pytest.raises(PluginError, match="register_exporter"):
        isolated(Misspelled())


def test_a_plugin_can_configure_converters() -> None:
    seen = []

    class Configures:
        @hookimpl
        def register_converter_hooks(self, converter: object) -> None:
            seen.append(converter)

    converter = make_converter(plugins=isolated(Configures()))
    assert seen == [converter]


# --- entry points -------------------------------------------------------------------------------


def test_an_entry_point_plugin_is_loaded_with_its_version(
    fake_distribution: FakeDistribution,
) -> None:
    fake_distribution("tg_upper", UPPER_PLUGIN, version="1.2.3", entry_name="upper")
    manager = get_plugin_manager(environ={})
    info = {i.name: i for i in manager.plugin_infos()}["upper"]
    assert (info.version, info.hooks, info.builtin) == ("1.2.3", ("register_exporters",), False)
    record = sample_record(start=date(2026, 3, 2))
    assert manager.exporters()["upper"].write(record) == b"CLIENT-0001"


def test_an_entry_point_plugin_shows_in_the_command_and_can_be_blocked(
    fake_distribution: FakeDistribution,
) -> None:
    fake_distribution("tg_upper2", UPPER_PLUGIN, version="0.4.0", entry_name="upper")
    runner = CliRunner()
    shown = runner.invoke(cli, ["plugins", "--format", "json"], env={DISABLE_PLUGINS_ENV: ""})
    assert shown.exit_code == 0, shown.output
    rows = {row["name"]: row for row in json.loads(shown.output)}
    assert rows["upper"] == {
        "name": "upper",
        "version": "0.4.0",
        "hooks": ["register_exporters"],
        "builtin": False,
    }
    exported = runner.invoke(cli, ["example", "--format", "upper"], env={DISABLE_PLUGINS_ENV: ""})
    assert exported.output == "CLIENT-0001"

    blocked = runner.invoke(
        cli, ["plugins", "--format", "json"], env={DISABLE_PLUGINS_ENV: "upper"}
    )
    assert blocked.exit_code == 0, blocked.output
    # Blocked, it is listed as such (issue 16: it used to vanish), not as loaded.
    rows = {row["name"]: row for row in json.loads(blocked.output)}
    assert rows["upper"] == {"name": "upper", "blocked": True, "known": True}
    text = runner.invoke(cli, ["plugins"], env={DISABLE_PLUGINS_ENV: "upper"})
    assert "upper: BLOCKED: left out by THERAPY_GOALS_DISABLE_PLUGINS" in text.output
    assert "upper (0.4.0)" not in text.output
    assert f"{JSON_EXPORT} (built-in): register_exporters" in text.output


def test_a_plugin_that_fails_to_import_is_reported_and_the_rest_work(
    fake_distribution: FakeDistribution, caplog: pytest.LogCaptureFixture
) -> None:
    fake_distribution("tg_broken", "import a_module_that_does_not_exist\n", version="2.0.1")
    fake_distribution("tg_upper3", UPPER_PLUGIN, entry_name="upper")
    with caplog.at_level(logging.WARNING, logger="therapy_goals"):
        manager = get_plugin_manager(environ={})
    [failure] = manager.load_failures
    assert (failure.name, failure.distribution, failure.version) == (
        "tg_broken",
        "tg-broken",
        "2.0.1",
    )
    assert "ModuleNotFoundError" in failure.error
    assert "upper" in manager.exporters()
    assert "tg_broken" in caplog.text
    result = CliRunner().invoke(cli, ["plugins"], env={DISABLE_PLUGINS_ENV: ""})
    assert "tg_broken (2.0.1): NOT LOADED: ModuleNotFoundError" in result.output


def test_an_entry_point_plugin_with_an_unknown_hook_is_left_out(
    fake_distribution: FakeDistribution,
) -> None:
    code = """
from therapy_goals import hookimpl

@hookimpl
def register_exporter(register):
    pass
"""
    fake_distribution("tg_typo", code)
    manager = get_plugin_manager(environ={})
    assert [f.name for f in manager.load_failures] == ["tg_typo"]
    assert "register_exporter" in manager.load_failures[0].error
    assert not manager.has_plugin("tg_typo")
    assert "json" in manager.exporters()


# --- the hook specifications are documented -----------------------------------------------------


HOOKSPECS = [
    function
    for name, function in inspect.getmembers(specs, inspect.isfunction)
    if getattr(function, "therapy_goals_spec", None) is not None
]


def test_every_expected_hook_is_specified() -> None:
    names = {function.__name__ for function in HOOKSPECS}
    assert names == {
        "register_rules",
        "register_templates",
        "register_storage",
        "register_questionnaires",
        "register_languages",
        "register_exporters",
        "register_converter_hooks",
        "goal_saved",
        "review_recorded",
    }


@pytest.mark.parametrize("spec", HOOKSPECS, ids=lambda f: f.__name__)
def test_every_hookspec_says_when_what_and_shows_an_example(spec: Callable[..., object]) -> None:
    doc = inspect.getdoc(spec) or ""
    assert "Called " in doc, "say when the hook is called"
    assert "Returns" in doc, "say what the hook returns"
    assert "Example::" in doc, "show an implementation"
    assert "@hookimpl" in doc, "show an implementation"
    for argument in inspect.signature(spec).parameters:
        assert f"``{argument}``" in doc or argument in doc.split("Example::")[1], argument


def test_every_hook_is_in_the_plugin_guide() -> None:
    guide = (Path(__file__).parent.parent / "docs" / "plugins.md").read_text()
    for spec in HOOKSPECS:
        assert f"`{spec.__name__}(" in guide, spec.__name__


def test_every_hook_is_implemented_in_some_test() -> None:
    """A hook no test implements is a hook nobody has seen called."""
    tests = Path(__file__).parent
    sources = "\n".join(path.read_text() for path in sorted(tests.rglob("*.py")))
    contract = tests.parent / "src/therapy_goals/testing/store_contract"
    sources += "\n".join(path.read_text() for path in sorted(contract.glob("*.py")))
    for spec in HOOKSPECS:
        assert re.search(rf"@hookimpl\s+def {spec.__name__}\(", sources), spec.__name__


def test_every_hook_has_an_entry_in_the_hook_reference() -> None:
    reference = (Path(__file__).parent.parent / "docs/reference/hooks.md").read_text()
    for spec in HOOKSPECS:
        assert f"::: therapy_goals.hookspecs.{spec.__name__}" in reference, spec.__name__


def test_the_manager_is_a_pluggy_manager_for_our_project() -> None:
    manager = isolated()
    assert isinstance(manager, pluggy.PluginManager)
    assert manager.project_name == "therapy_goals"


# --- events --------------------------------------------------------------------------------------


def test_notify_tells_every_plugin_even_after_one_fails() -> None:
    heard: list[str] = []

    class Loud:
        @hookimpl
        def review_recorded(self, review: object) -> None:
            heard.append("loud")

    class Broken:
        @hookimpl
        def review_recorded(self) -> None:
            raise ValueError("no network")

    manager = isolated()
    manager.register(Loud(), name="loud")
    manager.register(Broken(), name="broken")  # pluggy calls the later one first
    assert manager.listens_for("review_recorded")
    assert not manager.listens_for("goal_saved")
    with pytest.raises(
        PluginError, match=r"review_recorded failed in plug-in 'broken': ValueError: no network"
    ):
        manager.notify("review_recorded", review=object(), goal=object())
    assert heard == ["loud"]


def test_a_store_from_open_store_tells_its_managers_plugins_of_saved_goals() -> None:
    heard: list[tuple[str, int]] = []

    class Listener:
        @hookimpl
        def goal_saved(self, goal: Goal, previous: Goal | None) -> None:
            heard.append((goal.id, goal.revision))

    manager = get_plugin_manager(plugins=[Listener()], load_entrypoints=False, environ={})
    with open_store("memory://", plugins=manager) as store:
        assert store.plugins is manager
        store.add(Goal(id="g1", client_id="c1", statement="Walk daily", start=date(2026, 3, 2)))
    assert heard == [("g1", 1)]


def test_the_questionnaire_hook_example_registers_a_valid_questionnaire() -> None:
    """The example in register_questionnaires' docstring runs as written (issue 16: it used a
    field that does not exist)."""
    import textwrap

    from therapy_goals import hookspecs
    from therapy_goals.hookspecs import hookimpl

    doc = hookspecs.register_questionnaires.__doc__ or ""
    example = textwrap.dedent(doc.split("::\n", 1)[1])
    namespace: dict[str, object] = {"hookimpl": hookimpl}
    exec(compile(example, "register_questionnaires docstring", "exec"), namespace)
    registered: list[object] = []
    namespace["register_questionnaires"](registered.append)  # type: ignore[operator]
    [questionnaire] = registered
    assert questionnaire.code == "wsas"  # type: ignore[attr-defined]
    assert questionnaire.score([2, 2, 2, 2, 2]).band == "significant impairment"  # type: ignore[attr-defined]


def test_the_plugins_command_shows_blocked_and_failed_plugins_and_exits_1_on_a_failure() -> None:
    """Issue 16: `plugins` exited 0 when a plug-in failed to load and hid blocked ones; a
    misspelt name in THERAPY_GOALS_DISABLE_PLUGINS went unnoticed."""
    from click.testing import CliRunner

    from therapy_goals import PluginFailure
    from therapy_goals.cli import cli

    environ = {"THERAPY_GOALS_DISABLE_PLUGINS": "therapy_goals.exchange.exporters,tpyo"}
    manager = get_plugin_manager(load_entrypoints=False, environ=environ)
    assert manager.blocked_names == ("therapy_goals.exchange.exporters", "tpyo")
    assert manager.unknown_blocked() == ("tpyo",)
    result = CliRunner().invoke(cli, ["plugins"], obj=manager)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-2:] == [
        "therapy_goals.exchange.exporters: BLOCKED: left out by THERAPY_GOALS_DISABLE_PLUGINS",
        "tpyo: BLOCKED: no plug-in has this name; check the spelling",
    ]
    manager.load_failures.append(PluginFailure("broken", "broken-dist", "1.0", "ImportError: x"))
    result = CliRunner().invoke(cli, ["plugins"], obj=manager)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "broken (1.0): NOT LOADED: ImportError: x"


def test_stores_and_checkers_share_one_default_manager_until_the_environment_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 16: `open_store(url)` built a new manager (about 10 ms, most of it finding entry
    points) for every store; the documented contract fixture paid it per test."""
    from therapy_goals import default_plugin_manager

    monkeypatch.delenv(DISABLE_PLUGINS_ENV, raising=False)
    first, second = open_store("memory://"), open_store("memory://")
    assert first.plugins is second.plugins is default_plugin_manager()
    monkeypatch.setenv(DISABLE_PLUGINS_ENV, JSON_EXPORT)
    blocked = default_plugin_manager()
    assert blocked is not first.plugins
    assert "json" not in blocked.exporters()
    monkeypatch.syspath_prepend("/nonexistent-plugin-folder")
    assert default_plugin_manager() is not blocked  # a new folder may hold new plug-ins
