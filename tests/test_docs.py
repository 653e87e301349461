"""The README, docs and examples say what the code does: their code runs and their tables match."""

from __future__ import annotations

import contextlib
import inspect
import io
import re
import subprocess
import sys
import textwrap
import types
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from therapy_goals import (
    ALLOWED_TRANSITIONS,
    ClientRecord,
    LifecycleStatus,
    from_json,
    get_plugin_manager,
    hookspecs,
    sample_record,
)
from therapy_goals.serialization import DOCUMENT_TYPES

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


def fenced(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def section(text: str, heading: str) -> str:
    return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_quick_start_has_exactly_two_commands_and_ci_runs_both() -> None:
    commands = [block.strip() for block in fenced(section(README, "Quick start"), "sh")]
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    install_and_run, test = commands
    assert "therapy-goals" in install_and_run
    assert "pytest" in test
    assert "[test]" in test
    ci = (ROOT / ".ci" / "run").read_text()
    assert install_and_run in ci
    assert test in ci


def test_the_readme_python_example_runs_and_prints_what_it_says() -> None:
    [example] = fenced(README, "python")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example, "README.md", "exec"), {})
    assert printed.getvalue() == "minutes: must be > 0, got 0\n"


def test_the_plugin_guide_example_works() -> None:
    code = fenced((ROOT / "docs" / "plugins.md").read_text(), "python")[0]
    namespace: dict[str, object] = {}
    exec(compile(code, "docs/plugins.md", "exec"), namespace)

    class Module:
        register_exporters = namespace["register_exporters"]

    manager = get_plugin_manager(plugins=[Module], load_entrypoints=False, environ={})
    written = manager.exporters()["summary"].write(sample_record(start=date(2026, 3, 2)))
    assert written == b"goal-anxiety-1: active\n"


def test_the_basic_usage_example_runs() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "basic_usage.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    record = from_json(result.stdout, ClientRecord)
    assert record.goals[0].status is LifecycleStatus.ACTIVE
    assert [entry.value for entry in record.progress] == [0, 1, 1]


def test_the_clinic_workflow_example_runs_and_its_plugin_hears_each_save() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "clinic_workflow.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert "SMART: True" in lines
    assert "GAD-7 15 -> 9: improving" in lines
    assert "FHIR bundle: 4 resources (CarePlan, Goal, Observation)" in lines
    saved = [line for line in lines if line.startswith("saved ")]
    assert [line.split(" ", 2)[2] for line in saved] == [
        "(new, proposed)",
        "(revision 1 -> 2, proposed)",
    ]


def test_the_json_format_page_names_every_document_type() -> None:
    page = (ROOT / "docs" / "json-format.md").read_text()
    for name in DOCUMENT_TYPES.values():
        assert f"`{name}`" in page, name


def test_the_lifecycle_table_matches_the_code() -> None:
    page = section((ROOT / "docs" / "concepts.md").read_text(), "Lifecycle")
    documented: dict[str, set[str]] = {}
    for left, right in re.findall(r"^\| ([a-z, -]+) \| ([a-z, ()-]+?) \|$", page, flags=re.M):
        if left in ("from", "---"):
            continue
        listed = re.sub(r"\(.*\)", "", right)
        targets = set() if listed == "nothing" else {t.strip() for t in listed.split(",")}
        for status in left.split(", "):
            documented[status] = targets
    actual = {
        status.value: {target.value for target in targets}
        for status, targets in ALLOWED_TRANSITIONS.items()
        if status is not LifecycleStatus.ENTERED_IN_ERROR
    }
    assert documented == actual


def test_the_template_guide_code_template_works() -> None:
    blocks = fenced((ROOT / "docs" / "templates.md").read_text(), "python")
    namespace: dict[str, object] = {}
    exec(compile(blocks[1], "docs/templates.md", "exec"), namespace)
    template = namespace["GRATITUDE_LETTER"]
    made = template.instantiate(client_id="c", start=date(2026, 3, 2), values={"person": "Ann"})  # type: ignore[attr-defined]
    assert (
        made.goal.statement == "Write a letter of thanks to Ann and read it to them within 3 weeks"
    )
    usage: dict[str, object] = {}
    exec(compile(blocks[0], "docs/templates.md", "exec"), usage)
    assert usage["made"].goal.steps[0].minutes == 15  # type: ignore[attr-defined]


def test_the_template_guide_data_file_loads() -> None:
    from therapy_goals.templates import parse_template

    [toml] = fenced((ROOT / "docs" / "templates.md").read_text(), "toml")
    template = parse_template(toml, "docs/templates.md")
    made = template.instantiate(client_id="c", start=date(2026, 3, 2))
    assert made.goal.statement == "Walk with my neighbour every week for the next 6 weeks"
    [plan] = made.goal.plans
    assert plan.text == (
        "If my walking friend cancels, then I will walk the same route alone that day."
    )
    assert plan.step_id == "step-1"
    assert made.goal.obstacles == ("a friend who cancels at short notice",)


def test_the_storage_guide_contract_example_matches_the_shipped_suite() -> None:
    from therapy_goals.testing.store_contract import StoreContract

    page = (ROOT / "docs" / "storage.md").read_text()
    assert "class TestRedisStore(StoreContract):" in page
    assert "new_location" in page
    assert hasattr(StoreContract, "new_location")
    for scheme in ("memory", "sqlite", "jsondir", "postgresql"):
        assert f"`{scheme}:" in page


def test_the_storage_guide_lists_every_method_a_backend_implements() -> None:
    from therapy_goals.storage import Store

    page = (ROOT / "docs" / "storage.md").read_text()
    named = set(re.findall(r"`(\w+)\(", section(page, "Writing and testing a storage plug-in")))
    assert set(Store.__abstractmethods__) <= named
    assert {name for name in named if not hasattr(Store, name)} == set()


def test_the_rule_writing_guide_runs_in_order() -> None:
    page = (ROOT / "docs" / "writing-rules.md").read_text()
    blocks = fenced(page, "python")
    assert len(blocks) == 5
    namespace: dict[str, object] = {"__name__": "writing_rules_guide"}
    exec(compile("\n".join(blocks), "docs/writing-rules.md", "exec"), namespace)
    report = namespace["report"]
    assert "Y101" in report.codes()  # type: ignore[attr-defined]


def test_the_site_home_page_has_the_readme_quick_start_and_its_example_runs() -> None:
    home = (ROOT / "docs" / "index.md").read_text()
    assert fenced(home, "sh") == fenced(section(README, "Quick start"), "sh")
    [example] = fenced(home, "python")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(example, "docs/index.md", "exec"), {"__name__": "home_page"})
    assert output.getvalue() == "['S101', 'M101', 'R101', 'R102', 'T101']\n"


def test_the_api_reference_covers_every_public_name() -> None:
    import importlib

    import therapy_goals

    page = (ROOT / "docs" / "reference" / "api.md").read_text()
    documented: set[str] = set()
    for module_name in re.findall(r"^::: (therapy_goals[\w.]*)$", page, flags=re.MULTILINE):
        module = importlib.import_module(module_name)
        documented.update(getattr(module, "__all__", ()))
    missing = set(therapy_goals.__all__) - documented - {"__version__", "hookimpl"}
    assert not missing, f"add these to docs/reference/api.md: {sorted(missing)}"
    assert "hookimpl" in (ROOT / "docs" / "reference" / "hooks.md").read_text()


def test_ci_builds_the_docs_strictly_and_runs_every_example() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "mkdocs build --strict" in ci
    assert "for script in examples/*.py" in ci
    assert "strict: true" in (ROOT / "mkdocs.yml").read_text()


def test_the_statement_reader_page_runs() -> None:
    page = (ROOT / "docs" / "statement-reader.md").read_text()
    blocks = fenced(page, "python")
    assert blocks
    for block in blocks:
        exec(compile(block, "docs/statement-reader.md", "exec"), {"__name__": "reader_page"})


def test_the_rule_counts_in_the_docs_are_the_real_count() -> None:
    import re

    from therapy_goals import get_plugin_manager

    count = len(get_plugin_manager(load_entrypoints=False, environ={}).rules())
    readme = int(re.search(r"(\d+) coded rules", README)[1])  # type: ignore[index]
    guide = (ROOT / "docs" / "writing-rules.md").read_text()
    written = int(re.search(r"The (\d+) built-in rules", guide)[1])  # type: ignore[index]
    assert readme == written == count


# --- every code block runs (issue 16) -----------------------------------------------------------

PAGES_WITH_PYTHON = sorted(
    page for page in (ROOT / "docs").rglob("*.md") if "```python" in page.read_text()
)


@pytest.mark.parametrize("page", PAGES_WITH_PYTHON, ids=lambda page: page.name)
def test_every_python_block_of_the_page_runs_in_order(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's blocks run one after another in one namespace, as a reader pastes them; the
    tests a page defines are run too, those that need no pytest fixture (testing.md's fixtures
    run under pytester in test_testing_kit.py)."""
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem.replace('-', '_')}"}
    with contextlib.redirect_stdout(io.StringIO()):
        for index, block in enumerate(fenced(page.read_text(), "python")):
            exec(compile(block, f"{page.name}, python block {index + 1}", "exec"), namespace)
        for name, value in list(namespace.items()):
            if name.startswith("test_") and callable(value):
                needed = [
                    p
                    for p in inspect.signature(value).parameters.values()
                    if p.default is inspect.Parameter.empty
                ]
                if not needed:
                    value()


HOOK_SPECS = [
    function
    for _, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if getattr(function, "therapy_goals_spec", None) is not None
]


@pytest.mark.parametrize("spec", HOOK_SPECS, ids=lambda spec: spec.__name__)
def test_every_hook_docstring_example_runs_and_its_plugin_contributes(spec: Any) -> None:
    """Each hook's example is complete: it runs alone, and as a plug-in it registers what the
    hook takes, with no problem reported (a misspelt field once made one fail)."""
    doc = inspect.getdoc(spec) or ""
    code = textwrap.dedent(doc.split("::\n", 1)[1])
    namespace: dict[str, Any] = {"__name__": f"example_{spec.__name__}"}
    exec(compile(code, f"{spec.__name__} docstring", "exec"), namespace)
    plugin = types.ModuleType(f"example_{spec.__name__}")
    plugin.__dict__.update(namespace)
    manager = get_plugin_manager(plugins=[plugin], load_entrypoints=False, environ={})
    assert [info.hooks for info in manager.plugin_infos() if info.name == plugin.__name__] == [
        (spec.__name__,)
    ]
    gather = {
        "register_rules": manager.rules,
        "register_templates": lambda: manager.templates().templates,
        "register_storage": manager.storage_backends,
        "register_questionnaires": manager.questionnaires,
        "register_exporters": manager.exporters,
        "register_languages": manager.languages,
    }.get(spec.__name__)
    if gather is not None:
        contributed = manager.contributors(spec.__name__) if gather() is not None else {}
        assert plugin.__name__ in contributed.values(), contributed
    assert manager.problems == []
