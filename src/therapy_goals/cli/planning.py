"""The ``plan`` commands: a goal's if-then plans, and recording that one was used."""

from __future__ import annotations

import json

import attrs
import click

from therapy_goals.cli.basics import FORMATS, BadInput, find_goal, moment_given, opened_store
from therapy_goals.model import Goal, IfThenPlan, PlanUse, new_id, short_id
from therapy_goals.progress.plans import summarize_plan_uses


def find_plan(goal: Goal, typed: str) -> IfThenPlan:
    """The goal's plan ``typed`` names: its number as ``plan list`` shows it (1, 2, ...), its id,
    or a unique start of its id."""
    if typed.isdigit() and 1 <= int(typed) <= len(goal.plans):
        return goal.plans[int(typed) - 1]
    exact = [plan for plan in goal.plans if plan.id == typed]
    found = exact or [plan for plan in goal.plans if plan.id.startswith(typed)]
    if len(found) == 1:
        return found[0]
    if found:
        raise BadInput(
            f"{typed!r} starts more than one plan id of goal {short_id(goal.id)}; type more"
        )
    if not goal.plans:
        raise BadInput(
            f"goal {short_id(goal.id)} has no if-then plans yet; add one with "
            f"`therapy-goals plan add {short_id(goal.id)} --if ... --then ...`"
        )
    known = ", ".join(f"{n} ({short_id(p.id)})" for n, p in enumerate(goal.plans, start=1))
    raise BadInput(f"goal {short_id(goal.id)} has no plan {typed!r}; its plans: {known}")


@click.group()
def plan() -> None:
    """A goal's if-then plans: add one, record that one was used, list or remove them.

    An if-then plan names the moment a setback is likely and what the client will do then:
    "If my heart starts racing, then I will do 4-7-8 breathing for two minutes".
    """


@plan.command("add")
@click.argument("goal_id")
@click.option("--if", "situation", required=True, help="The situation or cue: 'it rains'.")
@click.option("--then", "response", required=True, help="What you will do: 'walk in the mall'.")
@click.option("--step", "step_id", default=None, help="The goal's step this plan carries out.")
@click.option("--by", default=None, help="Who adds it (kept in the history).")
@click.pass_context
def add(
    ctx: click.Context,
    goal_id: str,
    situation: str,
    response: str,
    step_id: str | None,
    by: str | None,
) -> None:
    """Add an if-then plan to a goal: a new revision."""
    with opened_store(ctx) as store:
        goal = store.get(find_goal(store, goal_id))
        if step_id is not None and step_id not in {step.id for step in goal.steps}:
            known = ", ".join(step.id for step in goal.steps) or "none"
            raise BadInput(f"goal {short_id(goal.id)} has no step {step_id!r}; its steps: {known}")
        made = IfThenPlan(id=new_id(), situation=situation, response=response, step_id=step_id)
        saved = store.update(
            attrs.evolve(goal, plans=(*goal.plans, made)), by=by, change="plan added"
        )
    click.echo(
        f"added plan {len(saved.plans)} ({short_id(made.id)}) to goal {short_id(saved.id)}: "
        f"{made.text}"
    )


@plan.command("used")
@click.argument("goal_id")
@click.argument("plan_id")
@click.option("--at", default=None, help="When (ISO 8601; default now, UTC if no offset).")
@click.option(
    "--helped/--did-not-help",
    default=None,
    help="Whether using the plan helped (default: not said).",
)
@click.option("--note", default=None)
@click.pass_context
def used(
    ctx: click.Context,
    goal_id: str,
    plan_id: str,
    at: str | None,
    helped: bool | None,
    note: str | None,
) -> None:
    """Record that a goal's if-then plan was used.

    PLAN_ID is the plan's number in `plan list`, or its id (or the start of it).
    """
    with opened_store(ctx) as store:
        goal = store.get(find_goal(store, goal_id))
        chosen = find_plan(goal, plan_id)
        saved = store.add_plan_use(
            PlanUse(
                goal_id=goal.id, plan_id=chosen.id, at=moment_given(at), helped=helped, note=note
            )
        )
    said = {True: ", it helped", False: ", it did not help", None: ""}[helped]
    click.echo(
        f"saved a use of plan {short_id(chosen.id)} of goal {short_id(goal.id)} at "
        f"{saved.at.isoformat(timespec='minutes')}{said} (record {short_id(saved.id)})"
    )


@plan.command("list")
@click.argument("goal_id")
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def list_plans(ctx: click.Context, goal_id: str, format_: str) -> None:
    """A goal's if-then plans, numbered, with how often each was used and whether it helped."""
    with opened_store(ctx) as store:
        goal = store.get(find_goal(store, goal_id))
        summaries = summarize_plan_uses(goal, store.plan_uses(goal.id))
    if format_ == "json":
        rows = [
            {
                "number": number,
                "id": s.plan.id,
                "situation": s.plan.situation,
                "response": s.plan.response,
                "step_id": s.plan.step_id,
                "uses": s.uses,
                "helped": s.helped,
                "did_not_help": s.did_not_help,
                "last_used": s.last_used.isoformat() if s.last_used else None,
            }
            for number, s in enumerate(summaries, start=1)
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not summaries:
        click.echo(f"goal {short_id(goal.id)} has no if-then plans yet")
    for number, summary in enumerate(summaries, start=1):
        click.echo(f"{number}  {short_id(summary.plan.id)}  {summary.describe()}")


@plan.command("remove")
@click.argument("goal_id")
@click.argument("plan_id")
@click.option("--by", default=None, help="Who removes it (kept in the history).")
@click.pass_context
def remove(ctx: click.Context, goal_id: str, plan_id: str, by: str | None) -> None:
    """Remove an if-then plan from a goal: a new revision. Its recorded uses stay in the history
    and exports."""
    with opened_store(ctx) as store:
        goal = store.get(find_goal(store, goal_id))
        chosen = find_plan(goal, plan_id)
        kept = tuple(p for p in goal.plans if p.id != chosen.id)
        saved = store.update(attrs.evolve(goal, plans=kept), by=by, change="plan removed")
    click.echo(f"removed plan {short_id(chosen.id)} from goal {short_id(saved.id)}: {chosen.text}")
