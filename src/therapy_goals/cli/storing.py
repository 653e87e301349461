"""The store commands: list, show, history, export and purge-client, on the `--store` store."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import click

from therapy_goals.cli.basics import FORMATS, OUTPUT_OPTION, BadInput, emit, plugin_manager
from therapy_goals.errors import (
    ConflictError,
    StorageError,
    TherapyGoalsError,
    ValidationError,
)
from therapy_goals.model import ClientRecord, Goal, LifecycleStatus, ProgressEntry, Review
from therapy_goals.serialization import from_dict, to_dict
from therapy_goals.storage import Store, open_store


@contextmanager
def opened_store(ctx: click.Context) -> Iterator[Store]:
    """The store named by ``--store`` (or the default), closed when the command ends."""
    url = ctx.find_root().meta.get("therapy_goals.store")
    try:
        store = open_store(url, plugins=plugin_manager(ctx))
    except StorageError as error:
        raise BadInput(str(error)) from None
    try:
        yield store
    except ConflictError as error:
        advice = _READ_AGAIN.get(ctx.info_name or "", "").format(**ctx.params)
        raise BadInput(f"{error}{advice}") from None
    except TherapyGoalsError as error:  # refused by the store: one line, nothing written
        raise BadInput(str(error)) from None
    finally:
        store.close()


_READ_AGAIN = {
    "review": "; run `therapy-goals show {goal_id} > goal.json` again and revise that copy",
}
"""What to do after a conflict, for the commands where a person holds a copy of a goal."""


def json_array(items: Iterable[Any]) -> Iterator[str]:
    """``json.dumps(list(items), indent=2)`` in pieces, so a million goals never sit in memory."""
    first = True
    for item in items:
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + text
        first = False
    yield "[]" if first else "\n]"


def goal_line(goal: Goal) -> str:
    due = goal.due.isoformat() if goal.due else "no due date"
    return f"{goal.id}  {goal.client_id}  {goal.status.value:<10} {due:<11} {goal.statement}"


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
    """List the goals in the store, filtered and paged."""
    with opened_store(ctx) as store:
        goals = store.goals(
            client_id=client_id,
            status=LifecycleStatus(status) if status else None,
            area=area,
            due_before=due_before.date() if due_before else None,
            include_archived=archived,
            limit=limit,
            offset=offset,
        )
        if format_ == "json":
            for chunk in json_array(to_dict(goal) for goal in goals):
                click.echo(chunk, nl=False)
            click.echo()
            return
        for goal in goals:
            click.echo(goal_line(goal))


@click.command()
@click.argument("goal_id")
@click.pass_context
def show(ctx: click.Context, goal_id: str) -> None:
    """Print one goal as a JSON document."""
    with opened_store(ctx) as store:
        click.echo(json.dumps(to_dict(store.get(goal_id)), indent=2, ensure_ascii=False))


@click.command()
@click.argument("goal_id")
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def history(ctx: click.Context, goal_id: str, format_: str) -> None:
    """Every saved revision of a goal: when, by whom, and what kind of change."""
    with opened_store(ctx) as store:
        revisions = store.history(goal_id)
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
    default="json",
    show_default=True,
    help="json (everything, with history), or an exporter: fhir, csv, ics, ...",
)
@OUTPUT_OPTION
@click.pass_context
def export(ctx: click.Context, client_id: str, format_: str, output: Path | None) -> None:
    """Everything held about a client: JSON with history (a subject access request), or a format
    from an exporter (FHIR, CSV, iCalendar)."""
    exporters = plugin_manager(ctx).exporters()
    if format_ != "json" and format_ not in exporters:
        known = ", ".join(["json", *sorted(name for name in exporters if name != "json")])
        raise BadInput(f"unknown format {format_!r}; choose from {known}")
    with opened_store(ctx) as store:
        if format_ == "json":
            data = (
                json.dumps(store.export_client(client_id), indent=2, ensure_ascii=False) + "\n"
            ).encode()
        else:
            data = exporters[format_].write(store.client_record(client_id))
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
        erased = store.purge_client(client_id)
    click.echo(
        f"erased {erased} goal(s) of client {client_id!r} with their history, progress and reviews"
    )


def _records_from(
    data: bytes, suffix: str, client_id: str | None
) -> tuple[ClientRecord, list[str]]:
    """What an import file holds, as client records, with warnings for unmapped FHIR elements."""
    from therapy_goals.exchange.fhir import goal_from_fhir  # noqa: PLC0415
    from therapy_goals.exchange.spreadsheet import record_from_csv  # noqa: PLC0415

    if suffix.lower() == ".csv":
        return record_from_csv(data.decode("utf-8")), []
    document = json.loads(data)
    warnings: list[str] = []
    if isinstance(document, dict) and document.get("resourceType") in ("Bundle", "Goal"):
        resources = (
            [e.get("resource") for e in document.get("entry") or [] if isinstance(e, dict)]
            if document["resourceType"] == "Bundle"
            else [document]
        )
        goals = []
        for resource in resources:
            if isinstance(resource, dict) and resource.get("resourceType") == "Goal":
                imported = goal_from_fhir(resource, client_id=client_id)
                goals.append(imported.goal)
                warnings += [
                    f"goal {imported.goal.id}: not imported: {u}" for u in imported.unmapped
                ]
        owner = client_id or (goals[0].client_id if goals else "unknown")
        goals = [attrs.evolve(g, client_id=owner) for g in goals]
        return ClientRecord(client_id=owner, goals=tuple(goals)), warnings
    if isinstance(document, dict) and document.get("type") == "client-export":
        document = {k: v for k, v in document.items() if k not in ("history", "archived")}
        document["type"] = "client-record"
    if isinstance(document, dict) and document.get("type") == "goal":
        goal = from_dict(document, Goal)
        return ClientRecord(client_id=goal.client_id, goals=(goal,)), warnings
    return from_dict(document, ClientRecord), warnings


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--client", "client_id", default=None, help="The client id for FHIR goals.")
@click.option("--by", default=None, help="Who is importing (kept in the history).")
@click.pass_context
def import_file(ctx: click.Context, file: Path, client_id: str | None, by: str | None) -> None:
    """Import a client record: our JSON (a record or an export), a goal, FHIR, or CSV."""
    try:
        record, warnings = _records_from(file.read_bytes(), file.suffix, client_id)
    except (ValidationError, ValueError) as error:
        raise BadInput(f"{file}: {error}") from None
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    items: list[Any] = [*record.goals, *record.progress, *record.reviews, *record.completions]
    with opened_store(ctx) as store, store.transaction():
        try:
            with click.progressbar(items, label=f"importing {file.name}", file=sys.stderr) as bar:
                for item in bar:
                    _add(store, item, by)
        except TherapyGoalsError as error:
            raise BadInput(f"{file}: {error}; nothing was imported") from None
    click.echo(
        f"imported {len(record.goals)} goal(s), {len(record.progress)} progress entries, "
        f"{len(record.reviews)} review(s), {len(record.completions)} step completion(s)"
    )


def _add(store: Store, item: Any, by: str | None) -> None:
    if isinstance(item, Goal):
        store.add(item, by=by)
    elif isinstance(item, ProgressEntry):
        store.add_progress(item)
    elif isinstance(item, Review):
        store.add_review(item)
    else:
        store.add_step_completion(item)
