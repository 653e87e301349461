"""The README, docs and examples say what the code does: their code runs and their tables match."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from therapy_goals import (
    ALLOWED_TRANSITIONS,
    ClientRecord,
    LifecycleStatus,
    from_json,
    get_plugin_manager,
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
    assert len(blocks) == 4
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
