"""The ``therapy-goals`` command: a thin layer over the public API that shows what it can do.

Results go to standard output, problems to standard error, each as one line ``Error: ...``. Exit
status: 0 done; 1 refused (the command was understood, but the store or the model said no: a stale
copy, a forbidden status change, a value that breaks a rule) or, for ``check``, an error-level
finding; 2 bad usage or input (a wrong option, an unreadable file, an id or client that names
nothing). Nothing here logs the content of a goal.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

__all__ = ["cli", "main"]


class OneLineUsageError(click.UsageError):
    """A usage error in the one error style of the command: ``Error: ...`` on one line, with
    where to read more, instead of click's usage block."""

    def show(self, file: Any = None) -> None:
        more = f" (see `{self.ctx.command_path} --help`)" if self.ctx is not None else ""
        message = " ".join(self.format_message().split())  # click lists choices on lines
        click.echo(f"Error: {message}{more}", err=True, file=file)


COMMANDS: dict[str, tuple[str, str, str]] = {
    "archive": (
        "lifecycle",
        "archive",
        "Hide a goal from listings; it stays in the store, its history and exports.",
    ),
    "check": (
        "checking",
        "check",
        "Check goals against the SMART rules: plain statements (TEXT) or goals in a JSON --file.",
    ),
    "delete": (
        "lifecycle",
        "delete",
        "Delete a goal with its history, progress, step records and reviews. Needs --yes.",
    ),
    "demo": (
        "demo",
        "demo",
        "Twelve weeks of a made-up client, through the whole loop, then the report with charts.",
    ),
    "due-reviews": (
        "tracking",
        "due_reviews",
        "List goals whose next review date has passed, the longest overdue first.",
    ),
    "edit": (
        "lifecycle",
        "edit",
        "Change a goal's statement, due date, reason, area, rulers, target, obstacles or "
        "supporters: a new revision.",
    ),
    "entries": (
        "lifecycle",
        "entries",
        "A goal's progress entries, step records, plan uses and reviews, with their ids, oldest "
        "first.",
    ),
    "example": (
        "basics",
        "example",
        "Write a sample client record: an anxiety goal with steps, progress and a review.",
    ),
    "export": (
        "storing",
        "export",
        "Everything held about a client: our JSON with every revision (a subject access "
        "request), or the client record in an exporter's format (JSON, FHIR, CSV, "
        "iCalendar).",
    ),
    "history": (
        "storing",
        "history",
        "Every saved revision of a goal: when, by whom, and what kind of change.",
    ),
    "import": (
        "storing",
        "import_file",
        "Import a client record: our JSON (a record, an export or a goal), FHIR, or CSV.",
    ),
    "list": (
        "storing",
        "list_goals",
        "List the goals in the store, filtered and paged.",
    ),
    "log": (
        "tracking",
        "log",
        "Log a progress value for a goal (a rating, a count, a score).",
    ),
    "log-step": (
        "tracking",
        "log_step",
        "Record whether a planned step happened on a day.",
    ),
    "mark-error": (
        "lifecycle",
        "mark_error",
        "Mark a progress entry, step record, plan use or review entered-in-error (see "
        "`entries ID`).",
    ),
    "new": (
        "templating",
        "new",
        "Make a new goal from a template and save it (with any objectives) in the store.",
    ),
    "plugin": (
        "scaffold",
        "plugin",
        "Start a plug-in of your own: `plugin new NAME`.",
    ),
    "plugins": (
        "basics",
        "plugins",
        "List the plug-ins that are loaded, their versions and the hooks they implement, "
        "then those left out (blocked), those that failed to load, and what loaded "
        "plug-ins contributed wrongly. Exits 1 when a plug-in failed to load or part of "
        "one was left out.",
    ),
    "purge-client": (
        "storing",
        "purge_client",
        "Erase everything about a client, history included (right to erasure). Needs --yes.",
    ),
    "report": (
        "tracking",
        "report",
        "A review-ready Markdown summary of a client's goals, with charts.",
    ),
    "review": (
        "tracking",
        "review",
        "Record a review of a goal and act on its decision.",
    ),
    "rules": (
        "checking",
        "rules",
        "List the SMART rules, or explain the rule CODE.",
    ),
    "score": (
        "tracking",
        "score",
        "Score a questionnaire from its item answers, e.g. `score phq9 1 2 0 1 1 0 2 1 0`.",
    ),
    "show": (
        "storing",
        "show",
        "Show one goal: statement, status, measure, steps, latest progress and reviews.",
    ),
    "status": (
        "lifecycle",
        "status",
        "Move a goal to another lifecycle status, e.g. `status ID active` once it is agreed.",
    ),
    "plan": (
        "planning",
        "plan",
        "A goal's if-then plans: add one, record that one was used, list or remove them.",
    ),
    "templates": (
        "templating",
        "templates",
        "List goal templates; `templates show ID` explains one.",
    ),
    "where": (
        "storing",
        "where",
        "Which store the commands use, where it is, and how much it holds.",
    ),
}
"""Each command: the module of ``therapy_goals.cli`` that defines it, its name there, and the
first paragraph of its help (what ``--help`` lists). A command's module is imported only when
the command runs, so that ``therapy-goals --help`` or ``check`` does not import everything
(issue 19); a test holds the help here to the command's own."""


class CommandGroup(click.Group):
    """The ``therapy-goals`` group: its commands are imported when used, and their usage errors
    are one line, like every other."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, name, _ = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(f"{__name__}.{module}"), name)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, from :data:`COMMANDS` for those not imported yet."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(limit)))
            else:
                stand_in = click.Command(name, help=COMMANDS[name][2])  # shortened as click does
                rows.append((name, stand_in.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except OneLineUsageError:
            raise
        except click.UsageError as error:
            raise OneLineUsageError(error.format_message(), error.ctx) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OneLineUsageError:
            raise
        except click.UsageError as error:
            raise OneLineUsageError(error.format_message(), error.ctx) from None


@click.group(
    name="therapy-goals",
    cls=CommandGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="therapy-goals", prog_name="therapy-goals")
@click.option(
    "--store",
    metavar="URL",
    default=None,
    help="The store: sqlite:///path/goals.db, jsondir:///folder, postgresql://..., memory://. "
    "Default: $THERAPY_GOALS_STORE, else goals.db in your data folder.",
)
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """Set, check and track SMART therapy goals."""
    ctx.meta["therapy_goals.store"] = store


def main() -> None:
    """The console entry point: runs :func:`cli`; a library error becomes a message and exit 2."""
    try:
        cli(standalone_mode=True)
    except Exception as error:
        from therapy_goals.errors import TherapyGoalsError  # noqa: PLC0415 - attrs, 70 ms

        if not isinstance(error, TherapyGoalsError):
            raise
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
