"""The tracking commands: log progress and steps, score questionnaires, review goals, report."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click

from therapy_goals.cli.basics import (
    FORMATS,
    BadInput,
    find_goal,
    known_client,
    moment_given,
    opened_store,
    plugin_manager,
    write_new_file,
)
from therapy_goals.errors import ValidationError
from therapy_goals.model import (
    AchievementStatus,
    Administration,
    Goal,
    ProgressEntry,
    ProgressSource,
    Review,
    ReviewDecision,
    StepCompletion,
    short_id,
)
from therapy_goals.progress.report import client_report
from therapy_goals.progress.reviews import due_for_review, record_review
from therapy_goals.serialization import from_json, to_dict
from therapy_goals.smart import Checker

DAY = click.DateTime(formats=["%Y-%m-%d"])


@click.command(context_settings={"ignore_unknown_options": True})  # a value may be negative
@click.argument("goal_id")
@click.argument("value", type=float)
@click.option("--at", default=None, help="When (ISO 8601; default now, UTC if no offset).")
@click.option(
    "--source",
    type=click.Choice([s.value for s in ProgressSource]),
    default=ProgressSource.SELF_REPORT.value,
    show_default=True,
)
@click.option("--note", default=None)
@click.option(
    "--baseline",
    is_flag=True,
    help="Where the client started: may be dated before the goal's start.",
)
@click.pass_context
def log(
    ctx: click.Context,
    goal_id: str,
    value: float,
    at: str | None,
    source: str,
    note: str | None,
    baseline: bool,
) -> None:
    """Log a progress value for a goal (a rating, a count, a score)."""
    with opened_store(ctx) as store:
        goal_id = find_goal(store, goal_id)
        entry = ProgressEntry(
            goal_id=goal_id,
            value=value,
            at=moment_given(at),
            source=ProgressSource(source),
            note=note,
            baseline=baseline,
        )
        store.add_progress(entry)
    kind = "baseline " if baseline else ""
    click.echo(
        f"saved {kind}progress {value:g} for goal {short_id(goal_id)} at "
        f"{entry.at.isoformat(timespec='minutes')} (entry {short_id(entry.id)})"
    )


@click.command("log-step")
@click.argument("goal_id")
@click.argument("step_id")
@click.option("--day", type=DAY, default=None, help="The day (default today).")
@click.option("--missed", is_flag=True, help="Record that the step did not happen.")
@click.pass_context
def log_step(
    ctx: click.Context, goal_id: str, step_id: str, day: datetime | None, missed: bool
) -> None:
    """Record whether a planned step happened on a day."""
    on = day.date() if day else date.today()
    with opened_store(ctx) as store:
        goal_id = find_goal(store, goal_id)
        goal = store.get(goal_id)
        if step_id not in {step.id for step in goal.steps}:
            known = ", ".join(step.id for step in goal.steps) or "none"
            raise BadInput(f"goal {short_id(goal_id)} has no step {step_id!r}; its steps: {known}")
        saved = store.add_step_completion(
            StepCompletion(goal_id=goal_id, step_id=step_id, day=on, done=not missed)
        )
    click.echo(
        f"saved step {step_id} of goal {short_id(goal_id)} as {'missed' if missed else 'done'} "
        f"on {on} (record {short_id(saved.id)})"
    )


@click.command()
@click.argument("code")
@click.argument("answers", nargs=-1, type=int)
@click.option(
    "--goal", "goal_id", default=None, help="Also log the total as progress of this goal."
)
@click.option("--at", default=None, help="When it was completed, for --goal (default now).")
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def score(
    ctx: click.Context,
    code: str,
    answers: tuple[int, ...],
    goal_id: str | None,
    at: str | None,
    format_: str,
) -> None:
    """Score a questionnaire from its item answers, e.g. `score phq9 1 2 0 1 1 0 2 1 0`."""
    if at is not None and goal_id is None:
        raise BadInput("--at goes with --goal: it says when the answers saved to a goal were given")
    questionnaires = plugin_manager(ctx).questionnaires()
    questionnaire = questionnaires.get(code.lower())
    if questionnaire is None:
        raise BadInput(f"no questionnaire {code!r}; known: {', '.join(sorted(questionnaires))}")
    try:
        result = questionnaire.score(list(answers))
    except ValidationError as error:
        raise BadInput(str(error)) from None
    if goal_id is not None:
        administered = Administration(
            questionnaire=result.questionnaire,
            answers=tuple(answers),
            total=result.total,
            band=result.band,
            flags=result.flags,
        )
        with opened_store(ctx) as store:
            goal_id = find_goal(store, goal_id)
            saved = store.add_progress(
                ProgressEntry(
                    goal_id=goal_id,
                    value=result.total,
                    source=ProgressSource.QUESTIONNAIRE,
                    at=moment_given(at),
                    administration=administered,
                )
            )
        click.echo(
            f"saved {questionnaire.name} total {result.total} with its answers to goal "
            f"{short_id(goal_id)} (entry {short_id(saved.id)})",
            err=format_ == "json",
        )
    if format_ == "json":
        click.echo(
            json.dumps(
                {
                    "questionnaire": result.questionnaire,
                    "total": result.total,
                    "band": result.band,
                    "caseness": result.caseness,
                    "flags": list(result.flags),
                },
                indent=2,
            )
        )
        return
    case = "at or above" if result.caseness else "below"
    click.echo(
        f"{questionnaire.name} total {result.total} ({result.band}), {case} the clinical "
        f"cut-off of {questionnaire.cutoff}"
    )
    for flag in result.flags:
        click.echo(f"FLAG {flag}")
    click.echo(questionnaire.attribution)


@click.command()
@click.argument("goal_id")
@click.option(
    "--achievement", required=True, type=click.Choice([a.value for a in AchievementStatus])
)
@click.option("--decision", required=True, type=click.Choice([d.value for d in ReviewDecision]))
@click.option(
    "--attainment",
    type=click.IntRange(-2, 2),
    default=None,
    help="Goal Attainment Scaling level, -2..+2.",
)
@click.option("--notes", default=None, help="Notes; for 'revise', the reason.")
@click.option("--win", "wins", multiple=True, help="A small success to celebrate; repeat.")
@click.option("--next-review", type=DAY, default=None)
@click.option(
    "--revised-file",
    type=click.File("rb"),
    default=None,
    help="For 'revise': the revised goal as a JSON document.",
)
@click.option("--by", default=None, help="Who is recording the review.")
@click.option("--at", default=None, help="When the review took place (default now).")
@click.pass_context
def review(
    ctx: click.Context,
    goal_id: str,
    achievement: str,
    decision: str,
    attainment: int | None,
    notes: str | None,
    wins: tuple[str, ...],
    next_review: datetime | None,
    revised_file: object,
    by: str | None,
    at: str | None,
) -> None:
    """Record a review of a goal and act on its decision."""
    if decision == ReviewDecision.REVISE.value and revised_file is None:
        raise BadInput(
            "--decision revise needs --revised-file FILE: the revised goal as JSON "
            f"(`therapy-goals show {goal_id} --format json > goal.json`, then edit it)"
        )
    if decision != ReviewDecision.REVISE.value and revised_file is not None:
        raise BadInput(f"--revised-file goes with --decision revise, not {decision!r}")
    revised = None
    if revised_file is not None:
        name = getattr(revised_file, "name", "--revised-file")
        try:
            revised = from_json(revised_file.read(), Goal)  # type: ignore[attr-defined]
        except ValidationError as error:
            raise BadInput(f"{name}: {error}") from None
        except RecursionError:
            raise BadInput(f"{name}: is not valid JSON: nested too deeply") from None
    with opened_store(ctx) as store:
        made = Review(
            goal_id=find_goal(store, goal_id),
            achievement=AchievementStatus(achievement),
            decision=ReviewDecision(decision),
            attainment=attainment,
            notes=notes,
            wins=wins,
            next_review=next_review.date() if next_review else None,
            at=moment_given(at),
        )
        goal = record_review(store, made, revised=revised, by=by, plugins=plugin_manager(ctx))
    click.echo(
        f"saved review {short_id(made.id)}: goal {short_id(goal.id)} is {goal.status.value} "
        f"({goal.achievement}), revision {goal.revision}"
    )


@click.command("due-reviews")
@click.option("--client", "client_id", default=None)
@click.option("--today", type=DAY, default=None)
@click.option("--format", "format_", default="text", type=FORMATS, show_default=True)
@click.pass_context
def due_reviews(
    ctx: click.Context, client_id: str | None, today: datetime | None, format_: str
) -> None:
    """List goals whose next review date has passed, the longest overdue first."""
    day = today.date() if today else date.today()
    with opened_store(ctx) as store:
        if client_id is not None:
            known_client(store, client_id)
        due = due_for_review(store, today=day, client_id=client_id)
    if format_ == "json":
        rows = [{"review_due": when.isoformat(), "goal": to_dict(goal)} for goal, when in due]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not due:
        click.echo(f"no reviews overdue on {day.isoformat()}", err=True)
        return
    for goal, when in due:
        click.echo(
            f"{short_id(goal.id)}  {goal.client_id}  review was due {when.isoformat()}  "
            f"{goal.statement}"
        )


@click.command()
@click.option("--client", "client_id", required=True)
@click.option(
    "-o",
    "--output",
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the Markdown to this new file (mode 0600) instead of standard output.",
)
@click.option(
    "--chart-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write a PNG and an SVG chart per measured goal here (needs [plot]).",
)
@click.option(
    "--chart-workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that draw the charts (default: one per processor; 1 starts none).",
)
@click.option("--today", type=DAY, default=None)
@click.pass_context
def report(
    ctx: click.Context,
    client_id: str,
    out: Path | None,
    chart_dir: Path | None,
    chart_workers: int | None,
    today: datetime | None,
) -> None:
    """A review-ready Markdown summary of a client's goals, with charts."""
    manager = plugin_manager(ctx)
    with opened_store(ctx) as store:
        made = client_report(
            store,
            known_client(store, client_id),
            today=today.date() if today else date.today(),
            checker=Checker(plugins=manager),
            questionnaires=manager.questionnaires(),
            chart_dir=chart_dir,
            report_dir=out.parent if out else None,
            chart_workers=chart_workers,
        )
    if out is None:
        click.echo(made.markdown, nl=False)
    else:
        write_new_file(out, made.markdown.encode("utf-8"))
        click.echo(f"wrote {out} and {len(made.charts)} chart file(s)", err=True)
