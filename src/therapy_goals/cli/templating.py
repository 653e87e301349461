"""The template commands: list and show ``templates``, and make a ``new`` goal from one."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import click

from therapy_goals.cli.basics import FORMATS, BadInput, by_plugin, opened_store, plugin_manager
from therapy_goals.errors import Problem, ValidationError
from therapy_goals.model import short_id
from therapy_goals.serialization import to_dict
from therapy_goals.templates import Template, TemplateCatalog


def _catalog(ctx: click.Context) -> TemplateCatalog:
    catalog = plugin_manager(ctx).templates()
    for problem in catalog.problems:
        click.echo(f"warning: {problem.error}", err=True)
    return catalog


def _template_as_dict(template: Template, plugin: str | None) -> dict[str, Any]:
    return {
        "id": template.id,
        "plugin": plugin,
        "title": template.title,
        "area": template.area,
        "version": template.version,
        "language": template.language,
        "description": template.description,
        "why_prompt": template.why_prompt,
        "parameters": [
            {
                "name": p.name,
                "type": p.type.value,
                "default": p.default,
                "min": p.min,
                "max": p.max,
                "choices": list(p.choices) if p.choices else None,
                "help": p.help,
            }
            for p in template.parameters
        ],
        "constraints": [
            {"left": c.left, "op": c.op, "right": c.right, "message": c.message}
            for c in template.constraints
        ],
    }


@click.group(invoke_without_command=True)
@click.option("--area", default=None, help="Only the templates of this area, e.g. anxiety.")
@click.option(
    "--language", default=None, help="Only the templates written in this language, e.g. es."
)
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def templates(ctx: click.Context, area: str | None, language: str | None, format_: str) -> None:
    """List goal templates; `templates show ID` explains one."""
    if ctx.invoked_subcommand is not None:
        return
    catalog = _catalog(ctx)
    chosen = catalog.in_area(area, language=language)
    if area is not None and not catalog.in_area(area):
        raise BadInput(
            f"no templates in area {area!r}; areas with templates: {', '.join(catalog.areas())}"
        )
    if language is not None and not chosen:
        raise BadInput(
            f"--language: no templates{f' of area {area!r}' if area else ''} in {language!r}; "
            f"templates are written in {', '.join(catalog.languages())}"
        )
    manager = plugin_manager(ctx)
    owners = manager.contributors("register_templates")
    if format_ == "json":
        click.echo(json.dumps([_template_as_dict(t, owners.get(t.id)) for t in chosen], indent=2))
        return
    for heading, group in by_plugin(manager, chosen, lambda t: owners.get(t.id, "")):
        click.echo(f"from {heading}:")
        for template in group:
            click.echo(f"  {template.id:<40} {template.language:<3} {template.title}")


@templates.command()
@click.argument("template_id")
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def show(ctx: click.Context, template_id: str, format_: str) -> None:
    """Show one template: what it is for and its parameters."""
    try:
        template = _catalog(ctx).get(template_id)
    except ValidationError as error:
        raise BadInput(str(error)) from None
    manager = plugin_manager(ctx)
    plugin = manager.contributors("register_templates").get(template.id)
    if format_ == "json":
        click.echo(json.dumps(_template_as_dict(template, plugin), indent=2))
        return
    lines = [
        f"{template.id} (version {template.version}, area {template.area})",
        template.title,
        f"From the plug-in {manager.describe(plugin or '')}",
        "",
        template.description,
        "",
        "Parameters:",
    ]
    for p in template.parameters:
        default = "" if p.default is None else f", default {p.default}"
        lines.append(f"  {p.name} ({p.type.value}, {p.describe_range()}{default}): {p.help}")
    for c in template.constraints:
        lines.append(f"  {c.left} {c.op} {c.right}: {c.left} {c.message}")
    if template.why_prompt:
        lines += ["", f"Ask the client: {template.why_prompt}"]
    click.echo("\n".join(lines))


def _parse_values(template: Template, pairs: tuple[str, ...]) -> dict[str, Any]:
    """The ``NAME=VALUE`` pairs as typed values; one error listing every bad pair."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep:
            problems.append(Problem("--param", f"{pair!r}: write NAME=VALUE, e.g. minutes=15"))
            continue
        try:
            values[name.strip()] = template.parameter(name.strip()).parse(text.strip())
        except ValidationError as error:
            problems.extend(error.problems)
    if problems:
        raise ValidationError(problems)
    return values


@click.command()
@click.option("--template", "template_id", required=True, help="The template id.")
@click.option("--client", "client_id", required=True, help="The client's id.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter value; repeat for more. Others take their defaults.",
)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Start date (default: today).",
)
@click.option("--why", default=None, help="Why the goal matters, in the client's words.")
@click.option("--no-save", is_flag=True, help="Only print the goal; do not save it in the store.")
@click.option(
    "--format",
    "format_",
    default="text",
    type=FORMATS,
    show_default=True,
    help="text: a line per goal saved; json: the goal documents (`check --file -` reads them).",
)
@click.pass_context
def new(
    ctx: click.Context,
    template_id: str,
    client_id: str,
    params: tuple[str, ...],
    start: datetime | None,
    why: str | None,
    no_save: bool,
    format_: str,
) -> None:
    """Make a new goal from a template and save it (with any objectives) in the store.

    Prints a line per goal saved, with its short id; with --format json, the goal documents as
    a JSON array (the lines go to standard error then), which `check --file -` reads back.
    """
    try:
        template = _catalog(ctx).get(template_id)
        values = _parse_values(template, params)
        made = template.instantiate(
            client_id=client_id,
            start=start.date() if start else date.today(),
            values=values,
            why_it_matters=why,
        )
    except ValidationError as error:
        raise BadInput(str(error)) from None
    if not no_save:
        with opened_store(ctx) as store:
            store.add_many(made.goals, by=f"template {template.id}")
    as_json = format_ == "json"
    verb = "made (not saved)" if no_save else "saved"
    for goal in made.goals:
        kind = f"goal {short_id(goal.id)}"
        if goal.parent_id is not None:
            kind = f"objective {short_id(goal.id)} of goal {short_id(goal.parent_id)}"
        click.echo(
            f"{verb} {kind} for client {goal.client_id} ({goal.status.value}): {goal.statement}",
            err=as_json,
        )
    if as_json:
        click.echo(json.dumps([to_dict(g) for g in made.goals], indent=2, ensure_ascii=False))
    elif not no_save:
        click.echo(f"next: therapy-goals status {short_id(made.goals[0].id)} active, once agreed")
