"""``therapy-goals plugin new NAME``: a ready-to-test plug-in package with one rule, one template
and their tests, so a plug-in author starts from something that passes rather than a blank page.

The files are plain text with ``$name`` blanks (:class:`string.Template`): reading them shows
exactly what a plug-in needs, and nothing here is clever.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path
from string import Template

import click

from therapy_goals._version import installed_version
from therapy_goals.cli.basics import BadInput, write_new_file

_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

_BUILTIN_LETTERS = {"S", "M", "A", "R", "T"}

FILES: dict[str, str] = {
    "pyproject.toml": """\
[build-system]
requires = ["hatchling>=1.21"]
build-backend = "hatchling.build"

[project]
name = "$distribution"
version = "0.1.0"
description = "A therapy-goals plug-in: one SMART rule and one goal template."
requires-python = ">=3.11"
dependencies = ["therapy-goals>=$version"]

[project.optional-dependencies]
test = ["therapy-goals[test]>=$version"]

[project.entry-points.therapy_goals]
$name = "$package.plugin"

[tool.hatch.build.targets.wheel]
packages = ["src/$package"]

[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["src"]
""",
    "README.md": """\
# $distribution

A [therapy-goals](https://pypi.org/project/therapy-goals/) plug-in with one SMART rule
($code: a goal should name a time of day) and one goal template (`$name.evening-walk`).

```sh
pip install -e '.[test]'
python -m pytest            # the rule's cases, the template's property test, a clean load
therapy-goals plugins       # lists $name with its hooks
therapy-goals rules $code
therapy-goals templates show $name.evening-walk
```

Rule codes are this plug-in's letters ($letters) and three digits; the built-in rules own
S, M, A, R and T. Add a rule: write it in `src/$package/plugin.py`, register it in
`register_rules`, and give it a case file `tests/cases/CODE.toml`. Add a template: drop a TOML
file in `src/$package/templates/`.
""",
    "src/$package/__init__.py": '''\
"""$distribution: a therapy-goals plug-in."""
''',
    "src/$package/plugin.py": '''\
"""The plug-in: what it registers through the therapy-goals hooks."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib.resources import files

from therapy_goals import Advice, RuleContext, Severity, hookimpl, rule
from therapy_goals.smart import Subject
from therapy_goals.templates import templates_in_folder


@rule(
    "$code",
    "specific.no-time-of-day",
    Severity.INFO,
    summary="The goal does not say at what time of day",
    what="A goal whose statement names no time of day ('at 7 pm', 'after dinner').",
    why="A set time turns an intention into a habit: the time itself becomes the reminder.",
    example="Walk for 20 minutes 3 times a week for 6 weeks",
    better="Walk for 20 minutes at 7 pm 3 times a week for 6 weeks",
)
def no_time_of_day(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    if subject.facts.time_of_day is None and not subject.facts.details:
        yield Advice(
            message="The goal does not say at what time of day it happens.",
            suggestion="Name a time or a moment, e.g. 'at 7 pm' or 'after dinner'.",
            field="statement",
        )


@hookimpl
def register_rules(register):
    register(no_time_of_day)


@hookimpl
def register_templates(register):
    for item in templates_in_folder(files("$package") / "templates", plugin="$name"):
        register(item)
''',
    "src/$package/templates/evening-walk.toml": """\
id = "$name.evening-walk"
title = "An evening walk"
area = "physical-activity"
version = "1"
description = "A short walk at a set time in the evening, a few times a week."
why_prompt = "What would a calmer evening give you?"

[[parameters]]
name = "minutes"
type = "int"
default = 20
min = 5
max = 60
help = "Minutes each walk lasts"

[[parameters]]
name = "times_per_week"
type = "int"
default = 3
min = 1
max = 7
help = "Walks a week"

[[parameters]]
name = "weeks"
type = "int"
default = 6
min = 2
max = 12
help = "Weeks until the goal is reviewed"

[goal]
statement = \"""Walk for {minutes} minutes at 7 pm {times_per_week} times a week \\
for the next {weeks} weeks\"""
horizon_weeks = "{weeks}"

[goal.measure]
name = "evening walks per week"
unit = "walks per week"
direction = "increase"
baseline = 0
target = "{times_per_week}"

[[goal.steps]]
action = "Walk for {minutes} minutes at 7 pm"
minutes = "{minutes}"
count = "{times_per_week}"
per = "week"
""",
    "tests/cases/$code.toml": """\
# Cases for rule $code: it triggers on the first kind, stays quiet on the second.

[[trigger]]
text = "Walk for 20 minutes 3 times a week for the next 6 weeks"

[[trigger]]
text = "Read for 15 minutes every day for a month"

[[pass]]
text = "Walk for 20 minutes at 7 pm 3 times a week for the next 6 weeks"

[[pass]]
text = "Read for 15 minutes after dinner every day for a month"
""",
    "tests/test_plugin.py": '''\
"""The plug-in's tests: they run without installing it (pyproject's pythonpath is src)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from $package import plugin
from therapy_goals import check, get_plugin_manager
from therapy_goals.testing.rules import load_rule_cases
from therapy_goals.testing.strategies import template_values

MANAGER = get_plugin_manager(plugins=[plugin], load_entrypoints=False, environ={})
CASES = sorted((Path(__file__).parent / "cases").glob("*.toml"))


def test_it_loads_with_nothing_left_out():
    catalog = MANAGER.templates()
    assert catalog.problems == ()  # a template file that did not load says why here
    assert MANAGER.problems == []  # and a registration the host left out, here
    assert "$code" in MANAGER.rules()
    assert "$name.evening-walk" in catalog.templates


@pytest.mark.parametrize(
    "case",
    [case for path in CASES for case in load_rule_cases(path)],
    ids=lambda case: case.describe(),
)
def test_rule_case(case):
    case.check(plugins=MANAGER)


@given(st.data())
def test_any_valid_values_make_a_smart_goal(data):
    template = MANAGER.templates().get("$name.evening-walk")
    values = data.draw(template_values(template))
    made = template.instantiate(client_id="c", start=date(2026, 3, 2), values=values)
    report = check(made.goal, plugins=MANAGER, today=date(2026, 3, 2))
    assert not report.has_errors, report.codes()
    assert "$code" not in report.codes()  # its statement names the time
''',
}
"""Each file of a new plug-in, by path; ``$name`` blanks are filled by :func:`new_plugin`."""


def plugin_names(name: str) -> dict[str, str]:
    """The blanks for plug-in ``name`` (``sleep-helpers``): distribution, package, code letters."""
    if not _NAME.match(name):
        raise BadInput(
            f"plug-in name {name!r}: use lower-case letters, digits and single hyphens, starting "
            "with a letter, e.g. sleep-helpers"
        )
    words = name.split("-")
    package = "therapy_goals_" + "_".join(words)
    letters = "".join(word[0] for word in words if word[0].isalpha()).upper()
    if len(letters) < 2:
        letters = (words[0][:3]).upper().rstrip("0123456789")
    letters = letters[:3]
    if letters in _BUILTIN_LETTERS or len(letters) < 2:
        letters = (letters + "X")[:3] if letters else "XX"
    if keyword.iskeyword(package):  # cannot happen with the prefix, kept as a guard
        raise BadInput(f"plug-in name {name!r} makes the package name {package!r}, a keyword")
    return {
        "name": name,
        "distribution": f"therapy-goals-{name}",
        "package": package,
        "letters": letters,
        "code": f"{letters}101",
        "version": installed_version().split("+")[0].split(".dev")[0],
    }


def new_plugin(name: str, folder: Path) -> list[Path]:
    """Write a new plug-in package for ``name`` into ``folder`` (which must not exist yet)."""
    blanks = plugin_names(name)
    if folder.exists():
        raise BadInput(f"{folder} already exists; choose another --dir or remove it")
    written = []
    for template_path, text in FILES.items():
        path = folder / Template(template_path).substitute(blanks)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_new_file(path, Template(text).substitute(blanks).encode())
        path.chmod(0o644)  # code, not client data: readable like any source file
        written.append(path)
    return written


@click.group()
def plugin() -> None:
    """Start a plug-in of your own: `plugin new NAME`."""


@plugin.command("new")
@click.argument("name")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to create it (default: therapy-goals-NAME in the current folder).",
)
def new_command(name: str, folder: Path | None) -> None:
    """Create a ready-to-test plug-in package NAME with one rule, one template and their tests."""
    blanks = plugin_names(name)
    target = folder if folder is not None else Path(blanks["distribution"])
    written = new_plugin(name, target)
    click.echo(
        f"created {target} ({len(written)} files): rule {blanks['code']}, template "
        f"{name}.evening-walk, tests"
    )
    click.echo(f"next: cd {target} && pip install -e '.[test]' && python -m pytest")
