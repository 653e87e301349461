"""Every built-in template offers its area's typical obstacle and an if-then plan for it, as
parameters with defaults (issue 21)."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from therapy_goals import Checker, LifecycleStatus, get_plugin_manager
from therapy_goals.contracts.templates import ParameterType, Template
from therapy_goals.smart.rules.achievable import SETBACK_AREAS

TODAY = date(2026, 3, 2)
PLUGINS = get_plugin_manager(load_entrypoints=False, environ={})
CATALOG = PLUGINS.templates()
EVERY = list(CATALOG.in_area())
PLAN_PARAMETERS = ("obstacle", "plan_if", "plan_then")


def test_every_builtin_template_in_every_language_is_here() -> None:
    # 18 data files and the exposure ladder in English; 11 of them in Spanish and German too.
    assert len(EVERY) == 19 + 11 + 11


@pytest.mark.parametrize("template", EVERY, ids=lambda t: t.id)
def test_a_template_offers_an_obstacle_and_a_plan_with_defaults(template: Template) -> None:
    offered = {p.name: p for p in template.parameters}
    for name in PLAN_PARAMETERS:
        assert offered[name].type is ParameterType.TEXT
        assert offered[name].default
    goal = template.instantiate(client_id="c-1", start=TODAY).goal
    assert goal.obstacles == (offered["obstacle"].default,)
    [plan] = goal.plans
    assert (plan.situation, plan.response) == (
        offered["plan_if"].default,
        offered["plan_then"].default,
    )
    assert plan.step_id is None or plan.step_id in {step.id for step in goal.steps}


@pytest.mark.parametrize("template", EVERY, ids=lambda t: t.id)
def test_a_templates_plan_is_a_clear_action_and_its_goal_needs_no_other(
    template: Template,
) -> None:
    goal = template.instantiate(client_id="c-1", start=TODAY).goal
    active = attrs.evolve(goal, status=LifecycleStatus.ACTIVE)
    codes = {finding.code for finding in Checker(plugins=PLUGINS).check(active).findings}
    assert "S110" not in codes  # the default response names something to do
    assert "A108" not in codes  # the plan is what an active goal in its area needs
    if goal.area in SETBACK_AREAS:
        without = attrs.evolve(active, plans=())
        checked = Checker(plugins=PLUGINS).check(without).findings
        assert "A108" in {finding.code for finding in checked}


def test_a_client_gives_their_own_obstacle_and_plan() -> None:
    template = CATALOG.get("sleep.regular-bedtime")
    goal = template.instantiate(
        client_id="c-1",
        start=TODAY,
        values={
            "obstacle": "my flatmate's music",
            "plan_if": "the music is still on at 23:00",
            "plan_then": "put in my earplugs and turn off the light",
        },
    ).goal
    assert goal.obstacles == ("my flatmate's music",)
    [plan] = goal.plans
    assert plan.text == (
        "If the music is still on at 23:00, then I will put in my earplugs and turn off the light."
    )
    assert plan.step_id == "step-1"  # the sleep template links its plan to the wind-down step
