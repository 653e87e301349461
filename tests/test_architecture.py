"""The layers in docs/architecture.md hold: import-linter checks them, and fails when one breaks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(package_parent: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contract on the package found in ``package_parent``."""
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )


def test_the_layers_hold() -> None:
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_an_inverted_import_breaks_the_layers(tmp_path: Path) -> None:
    copy = tmp_path / "therapy_goals"
    shutil.copytree(ROOT / "src" / "therapy_goals", copy)
    codes = copy / "model" / "codes.py"
    codes.write_text(
        codes.read_text() + "\nimport therapy_goals.plugins  # the model using the host\n"
    )
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    assert "BROKEN" in result.stdout
    assert "therapy_goals.model.codes -> therapy_goals.plugins" in result.stdout


def test_the_architecture_page_shows_the_layers_the_contract_holds() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    [contract] = config["contracts"]
    held = [sorted(re.split(r"\s*[|:]\s*", layer)) for layer in contract["layers"]]
    page = (ROOT / "docs" / "architecture.md").read_text()
    rows = [line for line in page.splitlines() if line.startswith("| ") and "`" in line]
    shown = [sorted(re.findall(r"`([\w.]+)`", row.split("|")[2])) for row in rows]
    assert shown == held
