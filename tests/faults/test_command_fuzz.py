"""The command's readers fuzzed end to end: ``check --file`` and ``import`` on mutated exports
(our JSON form, FHIR bundles and resources, CSV) and on arbitrary bytes. Whatever the file holds,
the command ends with exit 0, 1 or 2 and, when it fails, one ``Error: ...`` line: never a
traceback. 10,000 cases per reader in the CI profile (issue 18).

The mutations are those of ``test_reader_fuzz.py``, which fuzzes the library's
readers; here the file goes through everything the command adds (reading the file, choosing the
format by its content, the store, the output).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from therapy_goals.cli import cli
from therapy_goals.plugins import get_plugin_manager

from .test_reader_fuzz import (
    CSV_SEED,
    FUZZ_CASES,
    JSON_SEEDS,
    JSON_VALUES,
    SEEDS,
    _paths,
    _replace,
)

COMMANDS = {
    "check": lambda path: ["check", "--file", str(path)],
    "import": lambda path: ["--store", "memory://", "import", "--client", "c1", str(path)],
}


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    """A file as a person might give one: a mutated export of any kind, or any bytes."""
    kind = draw(st.sampled_from(["json", "fhir", "csv", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(CSV_SEED)))
        for _ in range(draw(st.integers(1, 4))):
            row = draw(st.integers(0, len(rows) - 1))
            column = draw(st.integers(0, len(rows[row]) - 1))
            rows[row][column] = draw(st.text(max_size=20))
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue().encode("utf-8", "surrogatepass")
    mutated: Any = draw(st.sampled_from(JSON_SEEDS if kind == "json" else SEEDS))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(mutated)))
        mutated = _replace(mutated, path, draw(JSON_VALUES))
    return json.dumps(mutated).encode()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_any_file_ends_in_a_result_or_one_error_line(command: str, tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "given"
    plugins = get_plugin_manager()  # built once: it does not depend on the file

    @settings(
        max_examples=FUZZ_CASES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(mutated_files())
    def run(content: bytes) -> None:
        path.write_bytes(content)
        result = runner.invoke(cli, COMMANDS[command](path), obj=plugins)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception  # a traceback: the test fails with it
        assert result.exit_code in (0, 1, 2), result.output
        if result.exit_code == 2 or "Error:" in result.output:
            errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
            assert len(errors) == 1, result.output
        assert "Traceback" not in result.output

    run()
