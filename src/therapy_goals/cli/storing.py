"""The store commands: list, show, history, export and purge-client, on the `--store` store."""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from therapy_goals.cli.basics import (
    FORMATS,
    OUTPUT_OPTION,
    BadInput,
    Refused,
    emit,
    find_goal,
    known_client,
    opened_store,
    plugin_manager,
)
from therapy_goals.cli.views import (
    GOAL_HEADER,
    column_widths,
    goal_cells,
    goal_page,
    table_line,
)
from therapy_goals.errors import (
    TherapyGoalsError,
    ValidationError,
)
from therapy_goals.exchange import read_record
from therapy_goals.model import (
    Goal,
    LifecycleStatus,
    objectives_by_parent,
    reading_order,
    streamed_reading_order,
)
from therapy_goals.serialization import to_dict
from therapy_goals.storage import STORE_ENV, Store


def json_array(items: Iterable[Any]) -> Iterator[str]:
    """``json.dumps(list(items), indent=2)`` in pieces, so a million goals never sit in memory."""
    first = True
    for item in items:
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + text
        first = False
    yield "[]" if first else "\n]"


@click.command("list")
@click.option("--client", "client_id", default=None)
@click.option("--status", type=click.Choice([s.value for s in LifecycleStatus]), default=None)
@click.option("--area", default=None)
@click.option("--due-before", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@click.option("--archived", is_flag=True, help="Include archived goals.")
@click.option("--limit", type=click.IntRange(min=1), default=None)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def list_goals(
    ctx: click.Context,
    client_id: str | None,
    status: str | None,
    area: str | None,
    due_before: datetime | None,
    archived: bool,
    limit: int | None,
    offset: int,
    format_: str,
) -> None:
    """List the goals in the store, filtered and paged.

    Text is a table sorted by due date, then by when the goal was made, with each objective
    indented under its goal; --limit and --offset page that order. JSON is every goal document
    in id order, streamed, paged by the store.
    """
    with opened_store(ctx) as store:
        if client_id is not None:
            known_client(store, client_id)
        filters: dict[str, Any] = {
            "client_id": client_id,
            "status": LifecycleStatus(status) if status else None,
            "area": area,
            "due_before": due_before.date() if due_before else None,
            "include_archived": archived,
        }
        if format_ == "json":
            goals = store.goals(**filters, limit=limit, offset=offset)
            for chunk in json_array(to_dict(goal) for goal in goals):
                click.echo(chunk, nl=False)
            click.echo()
            return
        for line in _table(store, filters, limit, offset):
            click.echo(line)


def _table(store: Store, filters: dict[str, Any], limit: int | None, offset: int) -> Iterator[str]:
    """The lines of the ``list`` table, streamed: the store gives the goals in reading order
    (``goals_by_due``) and only the objectives, to place under their goals, are held, so a
    million goals never sit in memory. Widths are those of the rows shown."""
    count, widths = 0, column_widths(())
    objectives: list[Goal] = []
    for goal in store.goals(**filters):  # how many, how wide, which are objectives
        count += 1
        widths = column_widths([goal_cells(goal, 0)], at_least=widths)
        if goal.parent_id is not None:
            objectives.append(goal)
    parents = {goal.parent_id for goal in objectives}
    listed = [goal.id for goal in store.goals(**filters) if goal.id in parents] if parents else []
    children = objectives_by_parent(objectives, listed)

    def window() -> Iterator[tuple[str, ...]]:
        rows = streamed_reading_order(store.goals_by_due(**filters), children)
        end = None if limit is None else offset + limit
        return (goal_cells(goal, depth) for goal, depth in itertools.islice(rows, offset, end))

    if offset or limit is not None:  # the widths of the rows shown, not of every goal
        widths = column_widths(window())
    shown = 0
    for row in window():
        if not shown:
            yield table_line(GOAL_HEADER, widths)
        shown += 1
        yield table_line(row, widths)
    if not shown:
        click.echo("no goals match" if count or any(filters.values()) else "no goals yet", err=True)


@click.command()
@click.argument("goal_id")
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@click.pass_context
def show(ctx: click.Context, goal_id: str, format_: str, today: datetime | None) -> None:
    """Show one goal: statement, status, measure, steps, latest progress and reviews.

    With --format json, the goal document (what `review --revised-file` and `check --file` read).
    """
    with opened_store(ctx) as store:
        goal = store.get(find_goal(store, goal_id))
        if format_ == "json":
            click.echo(json.dumps(to_dict(goal), indent=2, ensure_ascii=False))
            return
        objectives = [
            other
            for other in store.goals(client_id=goal.client_id, include_archived=True)
            if other.parent_id == goal.id
        ]
        page = goal_page(
            goal,
            progress=list(store.progress(goal.id)),
            reviews=store.reviews(goal.id),
            objectives=[row for row, _ in reading_order(objectives)],
            today=today.date() if today else date.today(),
            plan_uses=store.plan_uses(goal.id),
        )
    click.echo("\n".join(page))


@click.command()
@click.argument("goal_id")
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def history(ctx: click.Context, goal_id: str, format_: str) -> None:
    """Every saved revision of a goal: when, by whom, and what kind of change."""
    with opened_store(ctx) as store:
        revisions = store.history(find_goal(store, goal_id))
    if format_ == "json":
        rows = [to_dict(revision) for revision in revisions]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in revisions:
        who = f" by {r.by}" if r.by else ""
        click.echo(
            f"revision {r.revision}  {r.at.isoformat(timespec='seconds')}  {r.change}{who}  "
            f"[{r.goal.status.value}] {r.goal.statement}"
        )


@click.command()
@click.option("--client", "client_id", required=True)
@click.option(
    "--format",
    "format_",
    default="full",
    show_default=True,
    help="full: our JSON with every revision (a subject access request); or an exporter: "
    "json (the client record), fhir, csv, ics, ...",
)
@OUTPUT_OPTION
@click.pass_context
def export(ctx: click.Context, client_id: str, format_: str, output: Path | None) -> None:
    """Everything held about a client: our JSON with every revision (a subject access request),
    or the client record in an exporter's format (JSON, FHIR, CSV, iCalendar)."""
    exporters = plugin_manager(ctx).exporters()
    if format_ != "full" and format_ not in exporters:
        known = ", ".join(["full", *sorted(exporters)])
        raise BadInput(f"unknown format {format_!r}; choose from {known}")
    with opened_store(ctx) as store:
        known_client(store, client_id)
        if format_ == "full":
            data = (
                json.dumps(store.export_client(client_id), indent=2, ensure_ascii=False) + "\n"
            ).encode()
        else:
            data = exporters[format_].export(store.client_record(client_id))
    emit(data, output)


@click.command("purge-client")
@click.argument("client_id")
@click.option("--yes", is_flag=True, help="Confirm: this cannot be undone.")
@click.pass_context
def purge_client(ctx: click.Context, client_id: str, yes: bool) -> None:
    """Erase everything about a client, history included (right to erasure). Needs --yes."""
    if not yes:
        raise BadInput(f"purge-client erases everything about {client_id!r} for good; add --yes")
    with opened_store(ctx) as store:
        try:
            if client_id.strip():
                known_client(store, client_id)
            erased = store.purge_client(client_id)
        except ValidationError as error:  # no client named: the input is wrong, not refused
            raise BadInput(str(error)) from None
        beyond_reach = store.finish_erasure()
    click.echo(
        f"erased {erased} goal(s) of client {client_id!r} with their history, progress and reviews"
    )
    for place in beyond_reach:
        click.echo(f"  erased data may still be in {place}")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--client", "client_id", default=None, help="The client id for FHIR goals.")
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Start of a FHIR goal that has no startDate (else: its statusDate, its earliest "
    "target due date, or today; a warning says which).",
)
@click.option("--by", default=None, help="Who is importing (kept in the history).")
@click.pass_context
def import_file(
    ctx: click.Context, file: Path, client_id: str | None, start: Any, by: str | None
) -> None:
    """Import a client record: our JSON (a record, an export or a goal), FHIR, or CSV.

    All or nothing: each goal and entry is checked as the store checks any write. A goal the
    store already has is saved as its next revision when the file changes it (a FHIR goal
    another system edited), and left alone when it does not.
    """
    try:
        read = read_record(file, client_id=client_id, start=start.date() if start else None)
    except ValidationError as error:
        raise BadInput(f"{file}: {error}") from None
    for warning in read.warnings:
        click.echo(f"warning: {warning}", err=True)
    record = read.record
    total = len(record.goals) + len(record.progress) + len(record.reviews)
    total += len(record.completions)
    with opened_store(ctx) as store:
        try:
            if sys.stderr.isatty():  # a bar for a person watching; nothing in a log or a pipe
                label = f"importing {file.name}"
                with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
                    summary = store.import_record(
                        record, by=by, progress=bar.update, existing="revise"
                    )
            else:
                summary = store.import_record(record, by=by, existing="revise")
        except TherapyGoalsError as error:
            raise Refused(f"{file}: {error}; nothing was imported") from None
    line = (
        f"imported {summary.added_goals} goal(s), {summary.added_entries} progress entries, "
        f"{len(record.reviews)} review(s), {len(record.completions)} step completion(s)"
        + (f", {len(record.plan_uses)} plan use(s)" if record.plan_uses else "")
    )
    kept = []
    if summary.revised_goals:
        kept.append(f"{summary.revised_goals} goal(s) changed in the file saved as new revisions")
    if summary.unchanged_goals or summary.unchanged_entries:
        kept.append(
            f"{summary.unchanged_goals} goal(s) and {summary.unchanged_entries} entries already "
            "here, unchanged"
        )
    click.echo(line + ("; " + "; ".join(kept) if kept else ""))


@click.command("where")
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def where(ctx: click.Context, format_: str) -> None:
    """Which store the commands use, where it is, and how much it holds."""
    chosen = ctx.find_root().meta.get("therapy_goals.store")
    if chosen:
        source = "--store"
    elif os.environ.get(STORE_ENV):
        source = f"${STORE_ENV}"
    else:
        source = "the default, in your data folder"
    with opened_store(ctx) as store:
        place = getattr(store, "path", None) or getattr(store, "folder", None)
        clients: set[str] = set()
        total = 0
        for goal in store.goals(include_archived=True):
            total += 1
            clients.add(goal.client_id)
        archived = total - sum(1 for _ in store.goals())
        if format_ == "json":
            shown = {
                "store": store.url,
                "from": source,
                "path": str(Path(place).resolve()) if place is not None else None,
                "goals": total,
                "clients": len(clients),
                "archived": archived,
            }
            click.echo(json.dumps(shown, indent=2))
            return
        click.echo(f"store: {store.url} (from {source})")
        if place is not None:
            click.echo(f"path: {Path(place).resolve()}")
        click.echo(f"holds: {total} goal(s) of {len(clients)} client(s), {archived} archived")
