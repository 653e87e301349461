"""What every command shares (the plug-in manager, the store, output, errors), and the commands
about the library itself: ``plugins`` and ``example``."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click

from therapy_goals.errors import ConflictError, NotFoundError, StorageError, TherapyGoalsError
from therapy_goals.model import short_id
from therapy_goals.plugins import PluginManager, get_plugin_manager
from therapy_goals.sample import sample_record
from therapy_goals.storage import Store, open_store

FORMATS = click.Choice(["text", "json"])

T = TypeVar("T")


OUTPUT_OPTION = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this new file (mode 0600) instead of standard output.",
)
"""The ``-o/--output`` option of the commands that write a file; see :func:`emit`."""


class OneLineError(click.ClickException):
    """An error the command explains in one line: ``Error: ...``, whitespace and line breaks of
    the message (a database driver's, say) folded into single spaces."""

    def format_message(self) -> str:
        return " ".join(self.message.split())


class BadInput(OneLineError):
    """Bad input or usage the command can explain: printed as a message, exit status 2."""

    exit_code = 2


class Refused(OneLineError):
    """The command was understood, but the library refused it (a stale copy, a forbidden status
    change, a record that breaks a rule of the model): printed as a message, exit status 1."""

    exit_code = 1


def plugin_manager(ctx: click.Context) -> PluginManager:
    """The plug-in manager for this invocation, built on first use.

    When the command ends, whatever went wrong with plug-ins (one that failed to load, a
    contribution left out, a blocked name no plug-in has) is printed to standard error, so that a
    missing rule or template never goes unexplained.
    """
    manager = ctx.find_object(PluginManager)
    if manager is None:
        manager = get_plugin_manager()
        ctx.obj = manager
    root = ctx.find_root()
    if not root.meta.get(_WARNS_ABOUT_PLUGINS):
        root.meta[_WARNS_ABOUT_PLUGINS] = True
        root.call_on_close(lambda: _warn_about_plugins(root, manager))
    return manager


def by_plugin(
    manager: PluginManager, items: Iterable[T], plugin_of: Callable[[T], str]
) -> list[tuple[str, list[T]]]:
    """``items`` grouped under the plug-in that contributed them, built-ins first, each group
    headed as listings show a plug-in (``therapy_goals.smart.rules (built-in)``)."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(plugin_of(item), []).append(item)
    order = sorted(groups, key=lambda name: (not manager.is_builtin(name), name))
    return [(manager.describe(name), groups[name]) for name in order]


_WARNS_ABOUT_PLUGINS = "therapy_goals.warns_about_plugins"
_PLUGINS_REPORTED = "therapy_goals.plugins_reported"


def plugin_warnings(manager: PluginManager) -> list[str]:
    """One line for each thing wrong with the plug-ins: failures, problems, misspelt blocks."""
    lines = [
        f"plug-in {f.name!r} ({f.distribution or 'unknown distribution'} "
        f"{f.version or 'unknown version'}) was not loaded, so its rules, templates and other "
        f"contributions are missing: {f.error}"
        for f in manager.load_failures
    ]
    lines += [f"plug-in {p.plugin!r}: {p.message}" for p in manager.problems]
    lines += manager.blocked_warnings()
    return lines


def _warn_about_plugins(root: click.Context, manager: PluginManager) -> None:
    if root.meta.get(_PLUGINS_REPORTED):  # `plugins` reports them on standard output
        return
    for line in plugin_warnings(manager):
        click.echo(f"warning: {line}", err=True)


def moment_given(text: str | None) -> datetime:
    """The moment an ``--at`` option names (ISO 8601, UTC when it has no offset), or now."""
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadInput(f"--at {text!r}: write an ISO time such as 2026-03-02T18:30+00:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@contextmanager
def opened_store(ctx: click.Context) -> Iterator[Store]:
    """The store named by ``--store`` (or the default), closed when the command ends."""
    url = ctx.find_root().meta.get("therapy_goals.store")
    if url is not None and not url.strip():
        raise BadInput("--store: give a store URL, e.g. sqlite:///path/goals.db, or leave it out")
    try:
        store = open_store(url, plugins=plugin_manager(ctx))
    except StorageError as error:
        raise BadInput(str(error)) from None
    try:
        yield store
    except ConflictError as error:
        advice = _READ_AGAIN.get(ctx.info_name or "", "").format(**ctx.params)
        raise Refused(shorten_ids(f"{error}{advice}")) from None
    except NotFoundError as error:  # an id that names nothing: the input is wrong
        raise BadInput(shorten_ids(str(error))) from None
    except TherapyGoalsError as error:  # refused by the model or the store: nothing written
        raise Refused(shorten_ids(str(error))) from None
    finally:
        store.close()


_WHOLE_GENERATED_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


def shorten_ids(message: str) -> str:
    """A library message with each generated id in the short form the rest of the output uses."""
    return _WHOLE_GENERATED_ID.sub(lambda match: short_id(match.group()), message)


_READ_AGAIN = {
    "review": "; run `therapy-goals show {goal_id} --format json > goal.json` again and revise "
    "that copy",
    "edit": "; run `therapy-goals show {goal_id}` to see the changes, then edit again",
}
"""What to do after a conflict, for the commands where a person holds a copy of a goal."""


def known_client(store: Store, client_id: str) -> str:
    """``client_id``, if the store holds any goal of that client (archived ones count), else an
    error that says so: an empty report for a mistyped client would look like a real one."""
    if not any(True for _ in store.goals(client_id=client_id, include_archived=True, limit=1)):
        raise BadInput(f"no goals for client {client_id!r} in the store; check the client id")
    return client_id


SHORTEST_ID = 4
"""How many characters of a goal's id a person must type, at least (like git's short hashes)."""


def find_goal(store: Store, typed: str) -> str:
    """The full id of the goal ``typed`` names: its id, or a unique start of it (4 or more
    characters). An unknown or ambiguous one is an error that says what to type."""
    try:
        store.is_archived(typed)
    except NotFoundError:
        pass
    else:
        return typed
    if len(typed) < SHORTEST_ID:
        raise BadInput(
            f"no goal {typed!r}; give its id, or at least its first {SHORTEST_ID} characters"
        )
    found = store.goal_ids_starting(typed, limit=6)
    if not found:
        raise BadInput(f"no goal whose id starts with {typed!r} in the store")
    if len(found) > 1:
        shown = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
        raise BadInput(f"{typed!r} starts more than one goal id ({shown}); type more of it")
    return found[0]


def write_new_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a file that must not exist yet, readable by its owner only (mode 0600)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BadInput(f"{path} already exists; choose another name or remove it") from None
    except OSError as error:
        raise BadInput(f"cannot create {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


def emit(data: bytes, output: Path | None) -> None:
    """Write ``data`` to standard output, or to ``output``: a new file only its owner can read."""
    if output is None:
        click.echo(data, nl=False)
    else:
        write_new_file(output, data)
        click.echo(f"wrote {output}", err=True)


@click.command()
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def plugins(ctx: click.Context, format_: str) -> None:
    """List the plug-ins that are loaded, their versions and the hooks they implement, then those
    left out (blocked), those that failed to load, and what loaded plug-ins contributed wrongly.
    Exits 1 when a plug-in failed to load or part of one was left out.

    Set THERAPY_GOALS_DISABLE_PLUGINS=name1,name2 to leave plug-ins out.
    """
    manager = plugin_manager(ctx)
    ctx.find_root().meta[_PLUGINS_REPORTED] = True
    manager.gather_all()
    infos = manager.plugin_infos()
    unknown = set(manager.unknown_blocked())
    if format_ == "json":
        rows: list[dict[str, Any]] = [
            {"name": i.name, "version": i.version, "hooks": list(i.hooks), "builtin": i.builtin}
            for i in infos
        ]
        rows += [
            {"name": name, "blocked": True, "known": name not in unknown}
            for name in manager.blocked_names
        ]
        rows += [
            {"name": f.name, "version": f.version, "hooks": [], "builtin": False, "error": f.error}
            for f in manager.load_failures
        ]
        rows += [{"name": p.plugin, "problem": p.message, "hook": p.hook} for p in manager.problems]
        click.echo(json.dumps(rows, indent=2))
    else:
        for info in infos:
            origin = "built-in" if info.builtin else (info.version or "unknown version")
            click.echo(f"{info.name} ({origin}): {', '.join(info.hooks) or 'no hooks'}")
        for name in manager.blocked_names:
            note = (
                "no plug-in has this name; check the spelling"
                if name in unknown
                else "left out by THERAPY_GOALS_DISABLE_PLUGINS"
            )
            click.echo(f"{name}: BLOCKED: {note}")
        for failure in manager.load_failures:
            click.echo(
                f"{failure.name} ({failure.version or 'unknown version'}): NOT LOADED: "
                f"{failure.error}"
            )
        for problem in manager.problems:
            click.echo(f"{problem.plugin}: LEFT OUT: {problem.message}")
    if manager.load_failures or manager.problems:
        ctx.exit(1)


@click.command()
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
    help="Start date of the sample goal (default: four weeks ago, so its records have happened).",
)
@OUTPUT_OPTION
@click.pass_context
def example(ctx: click.Context, format_: str, start: Any, output: Path | None) -> None:
    """Write a sample client record: an anxiety goal with steps, progress and a review."""
    exporters = plugin_manager(ctx).exporters()
    if format_ not in exporters:
        raise click.BadParameter(
            f"unknown format {format_!r}; choose from {', '.join(sorted(exporters))}",
            param_hint="--format",
        )
    record = sample_record(start=start.date() if start else date.today() - timedelta(weeks=4))
    emit(exporters[format_].export(record), output)
