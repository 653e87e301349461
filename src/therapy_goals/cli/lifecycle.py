"""The lifecycle commands: move a goal's status, archive or delete it, list and correct its records.

Each saves through the store, so every move is checked (an illegal status change, a stale
revision) and kept in the goal's history; a wrong progress entry, step record or review is marked
``entered-in-error``, never erased.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import click

from therapy_goals.cli.basics import (
    FORMATS,
    SHORTEST_ID,
    BadInput,
    find_goal,
    opened_store,
)
from therapy_goals.model import (
    LifecycleStatus,
    PlanUse,
    ProgressEntry,
    Review,
    StepCompletion,
    change_status,
    short_id,
)
from therapy_goals.serialization import to_dict
from therapy_goals.storage import Store
from therapy_goals.storage.backend import Record


@click.command("status")
@click.argument("goal_id")
@click.argument(
    "new_status", metavar="STATUS", type=click.Choice([s.value for s in LifecycleStatus])
)
@click.option("--by", default=None, help="Who changes it (kept in the history).")
@click.pass_context
def status(ctx: click.Context, goal_id: str, new_status: str, by: str | None) -> None:
    """Move a goal to another lifecycle status, e.g. `status ID active` once it is agreed."""
    with opened_store(ctx) as store:
        current = store.get(find_goal(store, goal_id))
        moved = change_status(current, LifecycleStatus(new_status))
        saved = store.update(moved, by=by, change=new_status)
    click.echo(
        f"goal {short_id(saved.id)} is now {saved.status.value} (was {current.status.value}), "
        f"revision {saved.revision}"
    )


@click.command("archive")
@click.argument("goal_id")
@click.option("--by", default=None, help="Who archives it (kept in the history).")
@click.pass_context
def archive(ctx: click.Context, goal_id: str, by: str | None) -> None:
    """Hide a goal from listings; it stays in the store, its history and exports."""
    with opened_store(ctx) as store:
        saved = store.archive(find_goal(store, goal_id), by=by)
    click.echo(
        f"archived goal {short_id(saved.id)} (revision {saved.revision}); list --archived shows it"
    )


@click.command("delete")
@click.argument("goal_id")
@click.option("--yes", is_flag=True, help="Confirm: this cannot be undone.")
@click.pass_context
def delete(ctx: click.Context, goal_id: str, yes: bool) -> None:
    """Delete a goal with its history, progress, step records and reviews. Needs --yes."""
    if not yes:
        raise BadInput(f"delete erases goal {goal_id} and everything about it for good; add --yes")
    with opened_store(ctx) as store:
        goal_id = find_goal(store, goal_id)
        store.delete(goal_id)
    click.echo(
        f"deleted goal {short_id(goal_id)} with its history, progress, step records and reviews"
    )


def _records(store: Store, goal_id: str) -> list[Record]:
    """A goal's progress entries, step records, plan uses and reviews, in time order."""
    store.get(goal_id)  # NotFoundError for an unknown goal
    found: list[Record] = [
        *store.progress(goal_id),
        *store.step_completions(goal_id),
        *store.plan_uses(goal_id),
        *store.reviews(goal_id),
    ]
    return sorted(found, key=lambda r: (_when(r), r.id))


def _when(record: Record) -> str:
    if isinstance(record, StepCompletion):
        return record.day.isoformat()
    return record.at.isoformat()


def _line(record: Record) -> str:
    mark = "  [entered-in-error]" if record.entered_in_error else ""
    if isinstance(record, ProgressEntry):
        kind = "baseline" if record.baseline else "progress"
        what = f"{record.value:g} ({record.source.value})"
    elif isinstance(record, StepCompletion):
        kind, what = "step", f"{record.step_id} {'done' if record.done else 'missed'}"
    elif isinstance(record, PlanUse):
        helped = {True: "helped", False: "did not help", None: "used"}[record.helped]
        kind, what = "plan", f"{short_id(record.plan_id)} {helped}"
    else:
        kind, what = "review", f"{record.achievement.value}, decided {record.decision.value}"
    return f"{short_id(record.id)}  {_when(record)[:16]:<16}  {kind:<8}  {what}{mark}"


@click.command("entries")
@click.argument("goal_id")
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def entries(ctx: click.Context, goal_id: str, format_: str) -> None:
    """A goal's progress entries, step records, plan uses and reviews, with their ids, oldest
    first."""
    with opened_store(ctx) as store:
        records = _records(store, find_goal(store, goal_id))
    if format_ == "json":
        click.echo(json.dumps([to_dict(r) for r in records], indent=2, ensure_ascii=False))
        return
    for record in records:
        click.echo(_line(record))


@click.command("mark-error")
@click.argument("goal_id")
@click.argument("record_id")
@click.option("--reason", required=True, help="Why the record is wrong (kept with it).")
@click.option("--by", default=None, help="Who marks it.")
@click.pass_context
def mark_error(
    ctx: click.Context, goal_id: str, record_id: str, reason: str, by: str | None
) -> None:
    """Mark a progress entry, step record, plan use or review entered-in-error (see `entries ID`).

    The record stays in the history and exports; summaries, trends, wins and charts leave it out.
    """
    with opened_store(ctx) as store:
        goal_id = find_goal(store, goal_id)
        records = _records(store, goal_id)
        matching: list[Any] = [r for r in records if r.id == record_id]
        if not matching and len(record_id) >= SHORTEST_ID:
            matching = [r for r in records if r.id.startswith(record_id)]
        if not matching:
            raise BadInput(
                f"goal {short_id(goal_id)} has no entry, step record, plan use or review "
                f"{record_id!r}; "
                f"`therapy-goals entries {short_id(goal_id)}` lists them"
            )
        if len(matching) > 1:
            shown = ", ".join(r.id for r in matching[:5])
            raise BadInput(f"{record_id!r} starts more than one record id ({shown}); type more")
        marked = store.mark_entered_in_error(matching[0], reason=reason, by=by)
    kind = "review" if isinstance(marked, Review) else "record"
    click.echo(
        f"marked {kind} {short_id(marked.id)} of goal {short_id(goal_id)} entered-in-error; "
        "it stays in the history and exports, and summaries leave it out"
    )


@click.command("edit")
@click.argument("goal_id")
@click.option("--statement", default=None, help="The goal in the client's words.")
@click.option("--due", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@click.option("--why", default=None, help="Why the goal matters, in the client's words.")
@click.option("--area", default=None, help="The area, e.g. anxiety or sleep.")
@click.option("--confidence", type=click.IntRange(0, 10), default=None)
@click.option("--importance", type=click.IntRange(0, 10), default=None)
@click.option("--target", type=float, default=None, help="The measure's new target.")
@click.option(
    "--obstacle",
    "obstacles",
    multiple=True,
    help="What may get in the way; repeat for each. Replaces the goal's list.",
)
@click.option(
    "--supporter",
    "supporters",
    multiple=True,
    help="Who supports the client in it; repeat for each. Replaces the goal's list.",
)
@click.option(
    "--revision",
    "seen",
    type=click.IntRange(min=1),
    default=None,
    help="The revision you looked at; the edit is refused if the goal has changed since.",
)
@click.option("--by", default=None, help="Who edits it (kept in the history).")
@click.pass_context
def edit(
    ctx: click.Context,
    goal_id: str,
    statement: str | None,
    due: Any,
    why: str | None,
    area: str | None,
    confidence: int | None,
    importance: int | None,
    target: float | None,
    obstacles: tuple[str, ...],
    supporters: tuple[str, ...],
    seen: int | None,
    by: str | None,
) -> None:
    """Change a goal's statement, due date, reason, area, rulers, target, obstacles or
    supporters: a new revision.

    If-then plans have commands of their own: see `plan --help`.
    """
    changes: dict[str, Any] = {
        name: value
        for name, value in (
            ("statement", statement),
            ("due", due.date() if due else None),
            ("why_it_matters", why),
            ("area", area),
            ("confidence", confidence),
            ("importance", importance),
            ("obstacles", tuple(dict.fromkeys(obstacles)) or None),
            ("supporters", tuple(dict.fromkeys(supporters)) or None),
        )
        if value is not None
    }
    if not changes and target is None:
        raise BadInput("say what to change, e.g. --due 2026-06-30 or --target 7")
    with opened_store(ctx) as store:
        current = store.get(find_goal(store, goal_id))
        copy = current if seen is None else attrs.evolve(current, revision=seen)
        if target is not None:
            if current.measure is None:
                raise BadInput(f"goal {current.id} has no measure to set a target on")
            changes["measure"] = attrs.evolve(current.measure, target=target)
        saved = store.update(attrs.evolve(copy, **changes), by=by, change="edited")
    click.echo(
        f"edited goal {short_id(saved.id)}: {', '.join(sorted(changes))}; revision {saved.revision}"
    )
