"""Every built-in template, with any valid parameters, makes SMART goals that survive JSON."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import (
    Checker,
    Goal,
    RuleContext,
    Severity,
    from_json,
    get_plugin_manager,
    to_json,
)
from therapy_goals.templates import Template
from therapy_goals.testing import strategies as tgst

MANAGER = get_plugin_manager(load_entrypoints=False, environ={})
CATALOG = MANAGER.templates()
CHECKER = Checker(plugins=MANAGER)
BUILTIN = CATALOG.in_area()


def test_the_builtin_templates_load_without_problems_and_cover_the_areas() -> None:
    assert CATALOG.problems == ()
    per_area = Counter(t.area for t in BUILTIN)
    assert per_area["anxiety"] >= 3
    assert per_area["depression"] >= 3
    assert per_area["boundaries"] >= 3
    for area in ("sleep", "self-esteem", "trauma", "self-care", "physical-activity"):
        assert per_area[area] >= 1, area
    assert per_area["relationships"] + per_area["communication"] >= 1
    assert per_area["coping-skills"] + per_area["stress"] >= 1


@pytest.mark.parametrize("template", BUILTIN, ids=lambda t: t.id)
@given(data=st.data())
def test_any_valid_values_make_goals_with_no_error_finding(
    template: Template, data: st.DataObject
) -> None:
    values = data.draw(tgst.template_values(template))
    start = data.draw(tgst.dates(max_value=date(2090, 1, 1)))
    made = template.instantiate(client_id="client-1", start=start, values=values)
    context = RuleContext(today=start, other_goals=made.goals)
    for goal in made.goals:
        report = CHECKER.check(goal, context=context)
        errors = [f for f in report.findings if f.severity is Severity.ERROR]
        assert errors == [], (goal.statement, errors)
        assert from_json(to_json(goal), Goal) == goal
        assert goal.template is not None
        assert goal.template.id == template.id
        assert dict(goal.template.parameters) == {
            p.name: values.get(p.name, p.default) for p in template.parameters
        }
    assert all(objective.parent_id == made.goal.id for objective in made.objectives)


@pytest.mark.parametrize("template", BUILTIN, ids=lambda t: t.id)
def test_the_defaults_alone_make_a_goal(template: Template) -> None:
    made = template.instantiate(client_id="client-1", start=date(2026, 3, 2))
    assert made.goal.due is not None
    assert made.goal.measure is not None
    assert made.goal.measure.target is not None
    assert made.goal.steps
    assert made.goal.area == template.area
    assert template.why_prompt


def test_the_exposure_ladder_is_a_long_term_goal_with_one_objective_per_rung() -> None:
    ladder = CATALOG.get("anxiety.exposure-ladder")
    made = ladder.instantiate(
        client_id="c", start=date(2026, 3, 2), values={"rungs": 4, "weeks_per_rung": 3}
    )
    assert len(made.objectives) == 4
    assert made.goal.due == date(2026, 5, 25)
    starts = [o.start for o in made.objectives]
    assert starts == [date(2026, 3, 2), date(2026, 3, 23), date(2026, 4, 13), date(2026, 5, 4)]
    assert made.objectives[-1].due == made.goal.due


def test_the_trauma_template_is_about_stabilisation_not_exposure() -> None:
    template = CATALOG.get("trauma.stabilisation")
    made = template.instantiate(client_id="c", start=date(2026, 3, 2))
    text = " ".join(
        [template.description, made.goal.statement, *(s.action for s in made.goal.steps)]
    )
    assert "safety plan" in text
    assert "grounding" in text
    assert "exposure" not in text.lower()
