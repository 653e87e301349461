"""The ``therapy-goals`` command: a thin layer over the public API that shows what it can do.

Results go to standard output, problems to standard error, each as one line ``Error: ...``. Exit
status: 0 done; 1 refused (the command was understood, but the store or the model said no: a stale
copy, a forbidden status change, a value that breaks a rule) or, for ``check``, an error-level
finding; 2 bad usage or input (a wrong option, an unreadable file, an id or client that names
nothing). Nothing here logs the content of a goal.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from therapy_goals._version import __version__
from therapy_goals.cli.basics import example, plugins
from therapy_goals.cli.checking import check, rules
from therapy_goals.cli.demo import demo
from therapy_goals.cli.lifecycle import archive, delete, edit, entries, mark_error, status
from therapy_goals.cli.scaffold import plugin
from therapy_goals.cli.storing import (
    export,
    history,
    import_file,
    list_goals,
    purge_client,
    show,
    where,
)
from therapy_goals.cli.templating import new, templates
from therapy_goals.cli.tracking import due_reviews, log, log_step, report, review, score
from therapy_goals.errors import TherapyGoalsError

__all__ = ["cli", "main"]


class OneLineUsageError(click.UsageError):
    """A usage error in the one error style of the command: ``Error: ...`` on one line, with
    where to read more, instead of click's usage block."""

    def show(self, file: Any = None) -> None:
        more = f" (see `{self.ctx.command_path} --help`)" if self.ctx is not None else ""
        message = " ".join(self.format_message().split())  # click lists choices on lines
        click.echo(f"Error: {message}{more}", err=True, file=file)


class CommandGroup(click.Group):
    """The ``therapy-goals`` group: its commands' usage errors are one line, like every other."""

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
@click.version_option(__version__, prog_name="therapy-goals")
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


for command in (
    archive,
    check,
    delete,
    demo,
    edit,
    entries,
    mark_error,
    status,
    due_reviews,
    example,
    export,
    history,
    import_file,
    list_goals,
    log,
    log_step,
    new,
    plugin,
    plugins,
    purge_client,
    report,
    review,
    rules,
    score,
    show,
    templates,
    where,
):
    cli.add_command(command)


def main() -> None:
    """The console entry point: runs :func:`cli`; a library error becomes a message and exit 2."""
    try:
        cli(standalone_mode=True)
    except TherapyGoalsError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
