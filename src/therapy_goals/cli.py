"""The ``therapy-goals`` command: a thin layer over the public API that shows what it can do.

Commands print to standard output; problems go to standard error with exit status 1 (bad input) or
2 (bad usage, from click). Nothing here logs the content of a goal.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from therapy_goals._version import __version__
from therapy_goals.errors import TherapyGoalsError, ValidationError
from therapy_goals.model import ClientRecord, Goal
from therapy_goals.plugins import PluginManager, get_plugin_manager
from therapy_goals.sample import sample_record
from therapy_goals.serialization import document_from_json

FORMATS = click.Choice(["text", "json"])


def _plugin_manager(ctx: click.Context) -> PluginManager:
    manager = ctx.find_object(PluginManager)
    if manager is None:
        manager = get_plugin_manager()
        ctx.obj = manager
    return manager


def write_new_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a file that must not exist yet, readable by its owner only (mode 0600)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise click.ClickException(
            f"{path} already exists; choose another name or remove it"
        ) from None
    except OSError as error:
        raise click.ClickException(f"cannot create {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="therapy-goals")
def cli() -> None:
    """Set, check and track SMART therapy goals."""


@cli.command()
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def plugins(ctx: click.Context, format_: str) -> None:
    """List the plug-ins that are loaded, their versions and the hooks they implement.

    Set THERAPY_GOALS_DISABLE_PLUGINS=name1,name2 to leave plug-ins out.
    """
    manager = _plugin_manager(ctx)
    infos = manager.plugin_infos()
    if format_ == "json":
        rows: list[dict[str, Any]] = [
            {"name": i.name, "version": i.version, "hooks": list(i.hooks), "builtin": i.builtin}
            for i in infos
        ]
        rows += [
            {"name": f.name, "version": f.version, "hooks": [], "builtin": False, "error": f.error}
            for f in manager.load_failures
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for info in infos:
        origin = "built-in" if info.builtin else (info.version or "unknown version")
        click.echo(f"{info.name} ({origin}): {', '.join(info.hooks) or 'no hooks'}")
    for failure in manager.load_failures:
        click.echo(
            f"{failure.name} ({failure.version or 'unknown version'}): NOT LOADED: {failure.error}"
        )


@cli.command()
@click.option(
    "--format",
    "format_",
    default="json",
    show_default=True,
    help="An exporter name; see `therapy-goals plugins`.",
)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Start date of the sample goal (default: today).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this new file (mode 0600) instead of standard output.",
)
@click.pass_context
def example(ctx: click.Context, format_: str, start: Any, output: Path | None) -> None:
    """Write a sample client record: an anxiety goal with steps, progress and a review."""
    exporters = _plugin_manager(ctx).exporters()
    if format_ not in exporters:
        raise click.BadParameter(
            f"unknown format {format_!r}; choose from {', '.join(sorted(exporters))}",
            param_hint="--format",
        )
    record = sample_record(start=start.date() if start else date.today())
    data = exporters[format_].write(record)
    if output is None:
        click.echo(data, nl=False)
    else:
        write_new_file(output, data)
        click.echo(f"wrote {output}", err=True)


def _describe_goal(goal: Goal) -> list[str]:
    lines = [f"goal {goal.id}: {goal.statement}"]
    facts = [f"status {goal.status.value}", f"start {goal.start.isoformat()}"]
    if goal.area:
        facts.insert(0, f"area {goal.area}")
    if goal.due:
        weeks = (goal.due - goal.start).days / 7
        facts.append(f"due {goal.due.isoformat()} ({weeks:g} weeks)")
    lines.append("  " + ", ".join(facts))
    if goal.measure is not None:
        m = goal.measure
        span = " ".join(
            part
            for part in (
                f"from {m.baseline:g}" if m.baseline is not None else "",
                f"to {m.target:g}" if m.target is not None else "",
            )
            if part
        )
        lines.append(f"  measure: {m.name}, {m.direction.value} {span}".rstrip())
    if goal.steps:
        minutes = sum(step.weekly_minutes or 0 for step in goal.steps)
        lines.append(f"  steps: {len(goal.steps)}, about {minutes:g} minutes a week planned")
    return lines


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def check(ctx: click.Context, file: str, format_: str) -> None:
    """Check a goal or client-record JSON document (FILE, or - for standard input).

    Reports every problem with its place in the document, and exits with status 1 if there are any.
    """
    name = "standard input" if file == "-" else file
    try:
        with click.open_file(file, "rb") as stream:
            text = stream.read()
    except OSError as error:
        raise click.FileError(file, hint=error.strerror) from None
    try:
        document = document_from_json(text)
    except ValidationError as error:
        if format_ == "json":
            problems = [{"path": p.path, "message": p.message} for p in error.problems]
            click.echo(json.dumps({"valid": False, "problems": problems}, indent=2))
        else:
            click.echo(f"{name}: {len(error.problems)} problem(s):", err=True)
            for problem in error.problems:
                click.echo(f"  {problem.path or '(document)'}: {problem.message}", err=True)
        ctx.exit(1)
    goals: tuple[Goal, ...] = ()
    if isinstance(document, ClientRecord):
        goals = document.goals
    elif isinstance(document, Goal):
        goals = (document,)
    if format_ == "json":
        click.echo(json.dumps({"valid": True, "goals": [g.id for g in goals]}, indent=2))
        return
    for goal in goals:
        click.echo("\n".join(_describe_goal(goal)))
    counted = f" with {len(goals)} goal(s)" if goals else ""
    click.echo(f"ok: {name} is a valid {type(document).__name__}{counted}")


def main() -> None:
    """The console entry point: runs :func:`cli`; a library error becomes a message and exit 1."""
    try:
        cli(standalone_mode=True)
    except TherapyGoalsError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
