"""The SMART commands: ``check`` goals or statements, and list or explain the ``rules``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import click

from therapy_goals.cli.basics import FORMATS, BadInput, by_plugin, plugin_manager
from therapy_goals.errors import Problem, ValidationError
from therapy_goals.exchange import read_record
from therapy_goals.model import Goal, short_id
from therapy_goals.serialization import from_dict
from therapy_goals.smart import Checker, Criterion, Report, RuleContext, Selection, Severity

_SEVERITIES = {severity.value: severity for severity in Severity}


def _split(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _parse_severities(values: Iterable[str]) -> dict[str, Severity]:
    parsed = {}
    for value in _split(values):
        selector, _, level = value.partition("=")
        if level.lower() not in _SEVERITIES:
            raise click.BadParameter(
                f"{value!r}: write SELECTOR=LEVEL with LEVEL error, warning or info",
                param_hint="--severity",
            )
        parsed[selector.strip()] = _SEVERITIES[level.lower()]
    return parsed


def _parse_options(values: Iterable[str]) -> dict[str, dict[str, float]]:
    parsed: dict[str, dict[str, float]] = {}
    for value in values:
        name, _, number = value.partition("=")
        code, _, option = name.partition(".")
        try:
            amount = float(number)
        except ValueError:
            raise click.BadParameter(
                f"{value!r}: write CODE.OPTION=NUMBER, e.g. A101.max_weekly_minutes=900",
                param_hint="--option",
            ) from None
        if not code or not option:
            raise click.BadParameter(
                f"{value!r}: write CODE.OPTION=NUMBER, e.g. A101.max_weekly_minutes=900",
                param_hint="--option",
            )
        parsed.setdefault(code.strip().upper(), {})[option.strip()] = amount
    return parsed


def _read_goals(file: str) -> tuple[list[Goal], tuple[Goal, ...]]:
    """The goals in a file, and their peers: an array of goal documents (what `new --format json`
    prints), or anything `import` reads (a goal, a client record, the tool's own export in any
    format: full JSON, FHIR, CSV)."""
    name = "standard input" if file == "-" else file
    try:
        with click.open_file(file, "rb") as stream:
            text = stream.read()
    except OSError as error:
        raise BadInput(f"cannot read {name}: {error.strerror}") from None
    try:
        if text.lstrip()[:1] == b"[":
            goals = _goals_in(json.loads(text))
            return goals, tuple(goals)
        read = read_record(text)
    except (ValidationError, ValueError) as error:
        raise BadInput(_describe_problems(name, error)) from None
    except RecursionError:
        raise BadInput(f"{name}: is not valid JSON: nested too deeply") from None
    for warning in read.warnings:
        click.echo(f"warning: {warning}", err=True)
    goals = list(read.record.goals)
    if not goals:
        raise BadInput(f"{name}: holds no goals to check")
    return goals, tuple(goals) if len(goals) > 1 else ()


def _goals_in(documents: list[Any]) -> list[Goal]:
    """Every goal document of a JSON array, or one error listing the problems of all of them."""
    goals: list[Goal] = []
    problems: list[Problem] = []
    for index, document in enumerate(documents):
        try:
            goals.append(from_dict(document, Goal))
        except ValidationError as error:
            problems.extend(error.within(f"[{index}]").problems)
    if problems:
        raise ValidationError(problems)
    return goals


_PROBLEMS_SHOWN = 5
"""How many problems of a bad document the one-line error names before it counts the rest."""


def _describe_problems(name: str, error: Exception) -> str:
    """One line: ``goals.json: 2 problem(s): goals[0].due: ...; goals[1].id: ...``."""
    if isinstance(error, ValidationError):
        problems = error.problems
        shown = "; ".join(
            f"{p.path or '(document)'}: {p.message}" for p in problems[:_PROBLEMS_SHOWN]
        )
        more = (
            f"; and {len(problems) - _PROBLEMS_SHOWN} more"
            if len(problems) > _PROBLEMS_SHOWN
            else ""
        )
        if len(problems) == 1:
            return f"{name}: {shown}"
        return f"{name}: {len(problems)} problem(s): {shown}{more}"
    return f"{name}: is not valid JSON: {error}"


def report_as_dict(report: Report) -> dict[str, Any]:
    """The JSON form of a report that ``check --format json`` prints."""
    return {
        "input": report.input,
        "criteria": {c.key: v.value for c, v in report.verdicts.items()},
        "findings": [
            {
                "code": f.code,
                "name": f.name,
                "criterion": f.criterion.value,
                "severity": f.severity.value,
                "message": f.message,
                "suggestion": f.suggestion,
                "field": f.field,
            }
            for f in report.findings
        ],
    }


def _render_text(report: Report, *, from_text: bool) -> list[str]:
    title = (
        report.input if from_text else f"goal {short_id(report.goal.id)}: {report.goal.statement}"
    )
    lines = [click.style(title, bold=True)]
    for criterion in Criterion:
        verdict = report.verdicts[criterion]
        colour = {"met": "green", "unmet": "red", "not-checked": "bright_black"}.get(
            verdict.value, "yellow"
        )
        shown = verdict.value.replace("-", " ")
        lines.append(f"  {criterion.value:<11} {click.style(shown, fg=colour)}")
        for finding in report.findings:
            if finding.criterion is criterion:
                lines.append(
                    f"    {finding.code} {finding.severity.value:<7} {finding.field}: "
                    f"{finding.message} {finding.suggestion}"
                )
    return lines


def _summary(reports: Sequence[Report]) -> str:
    counts = dict.fromkeys(Severity, 0)
    for report in reports:
        for finding in report.findings:
            counts[finding.severity] += 1
    smart = sum(report.is_smart for report in reports)
    return (
        f"{len(reports)} checked, {smart} fully SMART: {counts[Severity.ERROR]} error(s), "
        f"{counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} tip(s)"
    )


@click.command()
@click.argument("text", nargs=-1)
@click.option(
    "--file",
    "file",
    metavar="FILE",
    help="A goal, client record or array of goals in the JSON form; - reads standard input.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The date to check against (default: today).",
)
@click.option("--select", multiple=True, help="Rules to run: codes, prefixes, criteria or ALL.")
@click.option("--extend-select", multiple=True, help="Rules to run in addition to --select.")
@click.option("--ignore", multiple=True, help="Rules not to run: codes, prefixes or criteria.")
@click.option(
    "--severity",
    "severities",
    multiple=True,
    metavar="SELECTOR=LEVEL",
    help="Change a severity, e.g. A104=info.",
)
@click.option(
    "--option",
    "options",
    multiple=True,
    metavar="CODE.NAME=NUMBER",
    help="Change a threshold, e.g. A101.max_weekly_minutes=900.",
)
@click.option(
    "--concern",
    "concerns",
    multiple=True,
    help="An area the client came with (enables R104); repeat for more.",
)
@click.option(
    "--language",
    default=None,
    metavar="CODE",
    help="The language of the statements (en, or a plug-in's); default: $THERAPY_GOALS_LANGUAGE,"
    " else chosen by their words.",
)
@click.option("--area", default=None, help="The area of a plain statement, e.g. anxiety.")
@click.option(
    "--why", default=None, help="Why a plain statement's goal matters, in the client's words."
)
@click.option("--preview", is_flag=True, help="Also run preview rules.")
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def check(
    ctx: click.Context,
    text: tuple[str, ...],
    file: str | None,
    today: datetime | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    severities: tuple[str, ...],
    options: tuple[str, ...],
    concerns: tuple[str, ...],
    language: str | None,
    area: str | None,
    why: str | None,
    preview: bool,
    format_: str,
) -> None:
    """Check goals against the SMART rules: plain statements (TEXT) or goals in a JSON --file.

    Exits 0 when nothing is error-level, 1 when something is, 2 for bad usage or input.
    """
    if bool(text) == bool(file):
        raise click.UsageError("give either one or more statements, or --file FILE")
    if file and (area is not None or why is not None):
        raise click.UsageError("--area and --why go with a statement; a goal file holds its own")
    if len(text) > 1 and not any(" " in statement.strip() for statement in text):
        quoted = " ".join(text).replace('"', "'")
        raise BadInput(
            f"{len(text)} single words, each of which would be checked as a statement of its "
            f'own; put one statement in quotes: therapy-goals check "{quoted}"'
        )
    selection = Selection(
        select=_split(select) or None,
        extend_select=_split(extend_select),
        ignore=_split(ignore),
        severity=_parse_severities(severities),
        options=_parse_options(options),
        preview=preview,
    )
    try:
        checker = Checker(plugins=plugin_manager(ctx), selection=selection, language=language)
    except ValidationError as error:
        if [p.path for p in error.problems] == ["language"]:  # the checker's own message
            named = "--language: " if language is not None else ""  # else it names the variable
            raise BadInput(f"{named}{error.problems[0].message}") from None
        raise BadInput(_describe_problems("selection", error)) from None
    day = today.date() if today else date.today()
    concern_areas = _split(concerns) or None
    if file:
        goals, peers = _read_goals(file)
        context = RuleContext(today=day, other_goals=peers, concerns=concern_areas)
        reports = [checker.check(goal, context=context) for goal in goals]
    else:
        context = RuleContext(today=day, concerns=concern_areas)
        try:
            reports = [
                checker.check(statement, context=context, area=area, why_it_matters=why)
                for statement in text
            ]
        except ValidationError as error:
            if [problem.path for problem in error.problems] == ["statement"]:
                raise BadInput(str(error)) from None  # "statement: must not be blank"
            raise BadInput(_describe_problems("statement", error)) from None
    if format_ == "json":
        click.echo(json.dumps([report_as_dict(r) for r in reports], indent=2, ensure_ascii=False))
    else:
        for report in reports:
            click.echo("\n".join(_render_text(report, from_text=not file)))
        click.echo(_summary(reports))
    if any(report.has_errors for report in reports):
        ctx.exit(1)


@click.command()
@click.argument("code", required=False)
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def rules(ctx: click.Context, code: str | None, format_: str) -> None:
    """List the SMART rules, or explain the rule CODE."""
    manager = plugin_manager(ctx)
    registered = manager.rules()
    owners = manager.contributors("register_rules")
    if code is None:
        ordered = sorted(
            registered.values(), key=lambda r: (list(Criterion).index(r.criterion), r.code)
        )
        if format_ == "json":
            rows = [
                {
                    "code": r.code,
                    "name": r.name,
                    "criterion": r.criterion.value,
                    "severity": r.severity.value,
                    "status": r.status.value,
                    "summary": r.summary,
                    "plugin": owners.get(r.code),
                }
                for r in ordered
            ]
            click.echo(json.dumps(rows, indent=2))
            return
        for heading, group in by_plugin(manager, ordered, lambda r: owners.get(r.code, "")):
            click.echo(f"from {heading}:")
            for r in group:
                click.echo(
                    f"  {r.code:<6} {r.name:<40} {r.severity.value:<8} {r.status.value:<8} "
                    f"{r.summary}"
                )
        return
    found = registered.get(code.upper())
    if found is None:
        raise BadInput(f"there is no rule {code!r}; `therapy-goals rules` lists them")
    if format_ == "json":
        docs = found.docs
        click.echo(
            json.dumps(
                {
                    "code": found.code,
                    "name": found.name,
                    "criterion": found.criterion.value,
                    "severity": found.severity.value,
                    "status": found.status.value,
                    "summary": found.summary,
                    "what": docs.what,
                    "why": docs.why,
                    "example": docs.example,
                    "better": docs.better,
                    "options": dict(found.options),
                    "plugin": owners.get(found.code),
                },
                indent=2,
            )
        )
        return
    sections = [
        f"{found.code} {found.name} ({found.severity.value}, {found.status.value})",
        found.summary,
        f"From the plug-in {manager.describe(owners.get(found.code, ''))}",
        "",
        "What it checks",
        f"  {found.docs.what}",
        "Why it matters",
        f"  {found.docs.why}",
        "Example",
        f"  {found.docs.example}",
        "Better",
        f"  {found.docs.better}",
    ]
    if found.options:
        sections += ["Options", *(f"  {name} = {value:g}" for name, value in found.options.items())]
    click.echo("\n".join(sections))
