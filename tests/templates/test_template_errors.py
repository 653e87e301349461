"""Invalid parameters and bad template files give the library's error, naming what is wrong."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from therapy_goals import PluginError, ValidationError, get_plugin_manager, hookimpl
from therapy_goals.templates import (
    Template,
    TemplateFileError,
    TemplateProblem,
    load_template_file,
    parse_template,
    templates_in_folder,
)

CATALOG = get_plugin_manager(load_entrypoints=False, environ={}).templates()
GAD7 = CATALOG.get("anxiety.gad7-mindfulness")

GOOD = """
id = "test.good"
title = "A good test template"
area = "physical-activity"
description = "Walk a few times a week."

[[parameters]]
name = "walks"
type = "int"
default = 3
min = 1
max = 7
help = "Walks a week"

[goal]
statement = "Walk {walks} times a week for 8 weeks"
horizon_weeks = 8

[goal.measure]
name = "walks per week"
direction = "increase"
baseline = 0
target = "{walks}"

[[goal.steps]]
action = "Walk for 20 minutes"
count = "{walks}"
per = "week"
minutes = 20
"""


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"sessions_per_week": 9}, "sessions_per_week: must be 1..7, got 9"),
        ({"sessions_per_week": "3"}, "sessions_per_week: must be a whole number (1..7), got '3'"),
        ({"sessions_per_week": True}, "sessions_per_week: must be a whole number"),
        ({"minutes": 10.5}, "minutes: must be a whole number (5..40), got 10.5"),
        ({"colour": "blue"}, "colour: is not a parameter of anxiety.gad7-mindfulness; it has:"),
        ({"baseline": 10, "target": 12}, "target: must be below baseline"),
    ],
)
def test_invalid_parameters_name_the_parameter(values: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        GAD7.instantiate(client_id="c", start=date(2026, 3, 2), values=values)
    assert message in str(info.value)


def test_every_bad_parameter_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        GAD7.instantiate(client_id="c", start=date(2026, 3, 2), values={"minutes": 1, "weeks": 99})
    assert info.value.paths == ("minutes", "weeks")


def test_command_line_text_is_parsed_by_type() -> None:
    assert GAD7.parameter("minutes").parse("15") == 15
    with pytest.raises(ValidationError, match="minutes: must be a whole number"):
        GAD7.parameter("minutes").parse("fifteen")


def test_a_missing_required_parameter_says_what_it_is_for() -> None:
    template = parse_template(GOOD.replace("default = 3\n", ""), "required.toml")
    with pytest.raises(ValidationError, match="walks: is required: Walks a week"):
        template.instantiate(client_id="c", start=date(2026, 3, 2))


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda t: t.replace('title = "A good', 'title = "A good\n'), "is not valid TOML"),
        (lambda t: t + '\ncolour = "blue"\n', "colour: is not a known field"),
        (
            lambda t: t.replace('direction = "increase"', 'direction = "upwards"'),
            "goal.measure.direction: must be one of decrease, increase, reach, maintain",
        ),
        (
            lambda t: t.replace("horizon_weeks = 8", 'horizon_weeks = ["8"]'),
            "goal.horizon_weeks: must be",
        ),
        (
            lambda t: t.replace("Walk {walks} times", "Walk {runs} times"),
            "goal.statement: uses {runs}, which is not a parameter",
        ),
        (lambda t: t.replace("default = 3", "default = 9"), "walks: must be 1..7, got 9"),
        (lambda t: t.replace('type = "int"', 'type = "integer"'), "type: must be one of int"),
        (
            lambda t: t.replace("baseline = 0", 'baseline = "{walks}"'),
            "target: equals the baseline",
        ),
        (
            lambda t: t.replace('id = "test.good"', 'id = "Test Good"'),
            "id: must be a lower-case code",
        ),
        (
            lambda t: t.replace('statement = "Walk', 'statementt = "Walk'),
            "goal.statement: is required",
        ),
    ],
)
def test_a_bad_file_names_the_file_and_the_field(
    tmp_path: Path, change: Callable[[str], str], fragment: str
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(change(GOOD))
    with pytest.raises(TemplateFileError) as info:
        load_template_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert fragment in message


def test_a_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "a-good.toml").write_text(GOOD)
    (tmp_path / "b-bad.toml").write_text(GOOD.replace('direction = "increase"', "direction = 3"))
    (tmp_path / "notes.txt").write_text("not a template")
    items = list(templates_in_folder(tmp_path, plugin="mine"))
    assert isinstance(items[0], Template)
    assert isinstance(items[1], TemplateProblem)
    assert items[1].source.endswith("b-bad.toml")
    assert "goal.measure.direction" in items[1].error
    assert len(items) == 2


class FolderPlugin:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @hookimpl
    def register_templates(self, register: Callable[[object], None]) -> None:
        for item in templates_in_folder(self.folder):
            register(item)


def test_the_catalog_lists_problems_and_keeps_good_templates(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text(GOOD)
    (tmp_path / "bad.toml").write_text("id = ")
    manager = get_plugin_manager(
        plugins=[FolderPlugin(tmp_path)], load_entrypoints=False, environ={}
    )
    catalog = manager.templates()
    assert "test.good" in catalog.templates
    assert "anxiety.gad7-mindfulness" in catalog.templates
    [problem] = catalog.problems
    assert problem.plugin == "FolderPlugin"
    assert "bad.toml" in problem.error


def test_a_duplicate_template_id_names_both_plugins(tmp_path: Path) -> None:
    (tmp_path / "clash.toml").write_text(GOOD.replace("test.good", "anxiety.gad7-mindfulness"))
    manager = get_plugin_manager(
        plugins=[FolderPlugin(tmp_path)], load_entrypoints=False, environ={}
    )
    with pytest.raises(PluginError) as info:
        manager.templates()
    assert (
        "'anxiety.gad7-mindfulness' is left out: 'therapy_goals.templates.builtin' registered"
        in str(info.value)
    )
    assert "therapy_goals.templates.builtin" in str(info.value)
    assert "FolderPlugin" in str(info.value)


def test_an_unknown_template_suggests_ones_in_the_same_area() -> None:
    with pytest.raises(ValidationError, match=r"no template 'anxiety\.nope'; try anxiety\."):
        CATALOG.get("anxiety.nope")


def test_placeholders_are_filled_as_text_never_evaluated() -> None:
    template = parse_template(
        textwrap.dedent(GOOD)
        .replace(
            "[[parameters]]",
            '[[parameters]]\nname = "place"\ntype = "text"\ndefault = "the park"\n'
            'help = "Where"\n\n[[parameters]]',
            1,
        )
        .replace("Walk {walks} times", "Walk in {place} {walks} times"),
        "text.toml",
    )
    made = template.instantiate(
        client_id="c", start=date(2026, 3, 2), values={"place": "{walks} {__class__}"}
    )
    assert made.goal.statement == "Walk in {walks} {__class__} 3 times a week for 8 weeks"
