"""``therapy-goals demo``: twelve weeks of a made-up client, through the whole loop, in the store.

Everything goes through the public API, as an app would: goals and objectives from templates,
agreed and made active, questionnaire administrations scored by the built-in questionnaires,
progress and step records checked by the store, the uses of an if-then plan, reviews that
celebrate wins and revise a goal, a typo marked entered-in-error, and the Markdown report with
charts. The data are generated
from a fixed seed, so two runs on the same day make the same client; a second run replaces the
demo client of the first (and nothing else).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import attrs
import click

from therapy_goals.cli.basics import BadInput, opened_store, plugin_manager
from therapy_goals.contracts.questionnaires import Questionnaire
from therapy_goals.files import private_folder
from therapy_goals.model import (
    AchievementStatus,
    Administration,
    Goal,
    LifecycleStatus,
    PlanUse,
    ProgressEntry,
    ProgressSource,
    Review,
    ReviewDecision,
    StepCompletion,
    change_status,
    short_id,
)
from therapy_goals.progress.report import client_report
from therapy_goals.progress.reviews import prepare_review, record_review
from therapy_goals.smart import Checker
from therapy_goals.storage import Store
from therapy_goals.templates import TemplateCatalog

DEMO_TAG = "demo"
"""Every goal the demo makes carries this tag; a client is replaced only if all its goals do."""

WEEKS = 12
SEED = 20260302

GAD7_TOTALS = (15, 14, 14, 12, 11, 9, 8)
"""Every two weeks, weeks 0 to 12: a steady fall from moderate-severe to mild."""
PHQ9_TOTALS = (16, 15, 14, 12, 12, 11, 10)
SHOP_RATINGS = (80, 78, 74, 70, 66, 64, 60, 57, 55, 50, 47, 45, 42)
"""Anxiety in busy shops, 0-100, each week."""
RUNG_PRACTICES = ((2, 3, 3, 3), (2, 3, 2, 3), (1, 2, 3, 3))
"""Practices a week on the first three rungs of the four-rung ladder, four weeks a rung."""
SHOP_PLAN_USES = ((1, True), (2, True), (3, False), (5, True), (6, True), (9, True), (10, True))
"""Weeks the client used the ladder's if-then plan (stay two more minutes and breathe out
slowly) on a Friday shop, and whether it helped."""


@attrs.frozen
class DemoMade:
    """What the demo put in the store, for the tour it prints."""

    goals: tuple[Goal, ...]
    administrations: int
    ratings: int
    step_records: int
    wins: tuple[str, ...]
    revised: Goal
    plan_uses: int = 0
    plan_helped: int = 0


def _answers(total: int, questionnaire: Questionnaire, rng: random.Random) -> list[int]:
    """Item answers that add up to ``total``, spread at random over the items (item 9 of the
    PHQ-9, the one about self-harm, left at 0: the flag is added on purpose, once)."""
    answers = [questionnaire.item_min] * questionnaire.items
    spread = [i for i in range(questionnaire.items) if questionnaire.item_flags.get(i + 1) is None]
    while sum(answers) < total:
        item = rng.choice([i for i in spread if answers[i] < questionnaire.item_max])
        answers[item] += 1
    return answers


def _administered(
    goal: Goal, questionnaire: Questionnaire, answers: list[int], at: datetime
) -> ProgressEntry:
    result = questionnaire.score(answers)
    return ProgressEntry(
        goal_id=goal.id,
        value=result.total,
        at=at,
        source=ProgressSource.QUESTIONNAIRE,
        baseline=at.date() == goal.start,
        administration=Administration(
            questionnaire=questionnaire.code,
            answers=tuple(answers),
            total=result.total,
            band=result.band,
            flags=result.flags,
        ),
    )


def _practice_days(mindfulness: Goal, start: date, rng: random.Random) -> list[StepCompletion]:
    """Mindfulness practice on Monday, Wednesday and Friday, done most weeks."""
    return [
        StepCompletion(
            goal_id=mindfulness.id,
            step_id="step-1",
            day=start + timedelta(weeks=week, days=day),
            done=rng.random() < 0.85,
        )
        for week in range(WEEKS)
        for day in (0, 2, 4)
    ]


def _use_the_shop_plan(store: Store, ladder: Goal, moment: Callable[..., datetime]) -> None:
    """The client uses the ladder's own if-then plan (stay two more minutes, breathe out
    slowly) in the shop on the Fridays of :data:`SHOP_PLAN_USES`."""
    [shop_plan] = ladder.plans
    for week, helped in SHOP_PLAN_USES:
        store.add_plan_use(
            PlanUse(
                goal_id=ladder.id,
                plan_id=shop_plan.id,
                at=moment(week, day=4, hour=12),
                helped=helped,
            )
        )


def make_demo_client(
    store: Store,
    client_id: str,
    *,
    today: date,
    catalog: TemplateCatalog,
    questionnaires: Mapping[str, Questionnaire],
) -> DemoMade:
    """Make the demo client in ``store``, in one unit of work: twelve weeks up to ``today``."""
    rng = random.Random(f"{SEED}-{client_id}-{today.isoformat()}")  # noqa: S311 - made-up data, not secrets
    start = today - timedelta(weeks=WEEKS)

    def moment(week: int, day: int = 0, hour: int = 18) -> datetime:
        return datetime.combine(start + timedelta(weeks=week, days=day), time(hour), tzinfo=UTC)

    def made(template_id: str, why: str, **values: object) -> list[Goal]:
        result = catalog.get(template_id).instantiate(
            client_id=client_id, start=start, values=values, why_it_matters=why
        )
        return [attrs.evolve(goal, tags=(DEMO_TAG,)) for goal in result.goals]

    [mindfulness] = made(
        "anxiety.gad7-mindfulness", "To enjoy time with my kids instead of worrying", weeks=16
    )
    [mood] = made(
        "depression.phq9-reduction", "To feel like myself again at work and at home", weeks=16
    )
    ladder, *rungs = made(
        "anxiety.exposure-ladder",
        "To do the weekly shop on my own again",
        rungs=4,
        weeks_per_rung=4,
    )
    gad7, phq9 = questionnaires["gad7"], questionnaires["phq9"]
    with store.transaction():
        store.add_many([mindfulness, mood, ladder, *rungs], by="demo")
        for goal in (mindfulness, mood, ladder, rungs[0]):
            store.update(
                change_status(store.get(goal.id), LifecycleStatus.ACTIVE),
                by="demo",
                change="active",
            )
        entries: list[ProgressEntry] = []
        completions: list[StepCompletion] = []
        for index, total in enumerate(GAD7_TOTALS):
            at = moment(2 * index)
            entries.append(_administered(mindfulness, gad7, _answers(total, gad7, rng), at))
            completions.append(
                StepCompletion(goal_id=mindfulness.id, step_id="step-2", day=at.date(), done=True)
            )
        for index, total in enumerate(PHQ9_TOTALS):
            answers = _answers(total - (1 if index == 1 else 0), phq9, rng)
            if index == 1:  # once, item 9 answered "several days": the report leads with it
                answers[8] = 1
            at = moment(2 * index, hour=17)
            entries.append(_administered(mood, phq9, answers, at))
            completions.append(
                StepCompletion(goal_id=mood.id, step_id="step-1", day=at.date(), done=True)
            )
        completions += _practice_days(mindfulness, start, rng)
        for week, rating in enumerate(SHOP_RATINGS):
            entries.append(
                ProgressEntry(
                    goal_id=ladder.id, value=rating, at=moment(week, hour=12), baseline=week == 0
                )
            )
        typo = ProgressEntry(goal_id=ladder.id, value=6, at=moment(5, day=1, hour=12))
        entries.append(typo)
        for number, practices in enumerate(RUNG_PRACTICES):
            rung = rungs[number]
            first_week = 4 * number
            for offset, count in enumerate(practices):
                for slot, day in enumerate((0, 2, 4)):  # the practice itself, on both goals
                    for practised in (rung, ladder):
                        completions.append(
                            StepCompletion(
                                goal_id=practised.id,
                                step_id="step-1",
                                day=start + timedelta(weeks=first_week + offset, days=day),
                                done=slot < count,
                            )
                        )
                entries.append(
                    ProgressEntry(
                        goal_id=rung.id, value=count, at=moment(first_week + offset, day=6, hour=20)
                    )
                )
        before_review = moment(6, day=1, hour=10)
        store.add_progress_many(e for e in entries if e.at < before_review)
        for completion in completions:
            if completion.day < before_review.date():
                store.add_step_completion(completion)
        store.mark_entered_in_error(typo, reason="meant 64", by="demo")
        wins = prepare_review(
            store, mindfulness.id, today=before_review.date(), questionnaires=questionnaires
        ).wins
        longer = (
            catalog.get("anxiety.gad7-mindfulness")
            .instantiate(client_id=client_id, start=start, values={"minutes": 15, "weeks": 16})
            .goal
        )
        current = store.get(mindfulness.id)
        revised = record_review(
            store,
            Review(
                goal_id=mindfulness.id,
                achievement=AchievementStatus.IMPROVING,
                decision=ReviewDecision.REVISE,
                attainment=0,
                notes="Practice is a habit now; 15 minutes helps more than 10",
                wins=tuple(win.message for win in wins[:3]),
                next_review=before_review.date() + timedelta(weeks=4),
                at=before_review,
            ),
            revised=attrs.evolve(
                current, statement=longer.statement, steps=longer.steps, template=longer.template
            ),
            by="demo",
        )
        store.add_progress_many(e for e in entries if e.at >= before_review)
        for completion in completions:
            if completion.day >= before_review.date():
                store.add_step_completion(completion)
        for number, rung in enumerate(rungs[: len(RUNG_PRACTICES) - 1]):
            done_on = moment(4 * (number + 1), hour=9)
            record_review(
                store,
                Review(
                    goal_id=rung.id,
                    achievement=AchievementStatus.ACHIEVED,
                    decision=ReviewDecision.COMPLETE,
                    at=done_on,
                    wins=(f"Rung {number + 1} done",),
                ),
                by="demo",
            )
            following = rungs[number + 1]
            store.update(
                change_status(store.get(following.id), LifecycleStatus.ACTIVE),
                by="demo",
                change="active",
            )
        _use_the_shop_plan(store, ladder, moment)
        record_review(
            store,
            Review(
                goal_id=mood.id,
                achievement=AchievementStatus.IMPROVING,
                decision=ReviewDecision.CONTINUE,
                attainment=0,
                notes="Sleeping better; keep the plan",
                next_review=today + timedelta(weeks=2),
                at=moment(10, hour=10),
            ),
            by="demo",
        )
    return DemoMade(
        goals=(mindfulness, mood, ladder, *rungs),
        administrations=len(GAD7_TOTALS) + len(PHQ9_TOTALS),
        ratings=len(SHOP_RATINGS) + 1,
        step_records=len(completions),
        wins=tuple(win.message for win in wins[:3]),
        revised=revised,
        plan_uses=len(SHOP_PLAN_USES),
        plan_helped=sum(helped for _, helped in SHOP_PLAN_USES),
    )


def _clear_earlier_demo(store: Store, client_id: str) -> int:
    """Erase the demo client of an earlier run; refuse if the client holds anything else."""
    held = list(store.goals(client_id=client_id, include_archived=True))
    if any(DEMO_TAG not in goal.tags for goal in held):
        raise BadInput(
            f"client {client_id!r} holds goals the demo did not make; choose another with --client"
        )
    return store.purge_client(client_id) if held else 0


def _report_place(out: Path, client_id: str) -> Path:
    """``out/report.md``, checked before anything is made: a file there that an earlier demo run
    for this client did not write is never replaced."""
    path = out / "report.md"
    if path.exists():
        try:
            first = path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        except OSError as error:
            raise BadInput(f"cannot read {path}: {error.strerror}") from None
        if first != f"# Goals review for client {client_id}":
            raise BadInput(f"{path} exists and is not a demo report; choose another --output")
    return path


def _write_report(path: Path, markdown: str) -> Path:
    """Write the report (mode 0600) whole, or not at all: a partial file, then a rename."""
    out = path.parent
    partial = out / ".report.md.partial"
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(markdown)
    os.replace(partial, path)
    return path


@click.command()
@click.option("--client", "client_id", default="demo-client", show_default=True)
@click.option(
    "-o",
    "--output",
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("therapy-goals-demo"),
    show_default=True,
    help="The folder for the report and its charts (made if missing, mode 0700).",
)
@click.option("--store", "store_url", metavar="URL", default=None, help="Same as the main --store.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@click.pass_context
def demo(
    ctx: click.Context,
    client_id: str,
    out: Path,
    store_url: str | None,
    today: datetime | None,
) -> None:
    """Twelve weeks of a made-up client, through the whole loop, then the report with charts.

    Makes goals and objectives from templates, activates them, logs GAD-7 and PHQ-9
    administrations, step records and ratings, holds reviews that celebrate wins and revise a
    goal, corrects a typo, and writes the Markdown report with charts. Run it again to start over:
    it replaces its own client and nothing else.
    """
    if not client_id.strip():
        raise BadInput("--client: must name the demo client, e.g. demo-client")
    if store_url is not None:
        ctx.find_root().meta["therapy_goals.store"] = store_url
    day = today.date() if today else date.today()
    manager = plugin_manager(ctx)
    missing = {"gad7", "phq9"} - set(manager.questionnaires())
    if missing:
        raise BadInput(
            f"the demo needs the {', '.join(sorted(missing))} questionnaire(s), which are not "
            "loaded; check THERAPY_GOALS_DISABLE_PLUGINS"
        )
    try:
        private_folder(out)
    except OSError as error:
        raise BadInput(f"cannot create {out}: {error.strerror}") from None
    place = _report_place(out, client_id)
    with opened_store(ctx) as store:
        replaced = _clear_earlier_demo(store, client_id)
        made = make_demo_client(
            store,
            client_id,
            today=day,
            catalog=manager.templates(),
            questionnaires=manager.questionnaires(),
        )
        charts = out / "charts"
        if charts.is_dir():
            for old in [*charts.glob("*.png"), *charts.glob("*.svg")]:
                old.unlink()
        report = client_report(
            store,
            client_id,
            today=day,
            checker=Checker(plugins=manager),
            questionnaires=manager.questionnaires(),
            chart_dir=charts,
            report_dir=out,
        )
        written = _write_report(place, report.markdown)
        url = store.url
    _tour(made, client_id, url, written, len(report.charts), replaced)


def _tour(
    made: DemoMade, client_id: str, url: str, report: Path, charts: int, replaced: int
) -> None:
    goal, _mood, ladder, *rungs = made.goals
    lines = []
    if replaced:
        lines.append(f"replaced the demo client of an earlier run ({replaced} goal(s))")
    lines += [
        f"Made client {client_id!r} in {url}:",
        f"  {len(made.goals) - len(rungs)} goals and {len(rungs)} objectives from templates, "
        "agreed and made active",
        f"  {WEEKS} weeks: {made.administrations} GAD-7 and PHQ-9 administrations, "
        f"{made.ratings} anxiety ratings, {made.step_records} step records",
        f"  a week-6 review that celebrated {len(made.wins)} win(s) and revised goal "
        f"{short_id(goal.id)} (revision {made.revised.revision}: 15 minutes, not 10)",
        "  two rungs of the exposure ladder completed, one typo marked entered-in-error, and "
        "one PHQ-9 item 9 answer flagged for follow-up",
        f"  the ladder's if-then plan used {made.plan_uses} times in the shop (it helped "
        f"{made.plan_helped} times)",
        f"Wrote {report}"
        + (f" with {charts} chart file(s) in {report.parent / 'charts'}" if charts else "")
        + ("" if charts else " (pip install 'therapy-goals[plot]' adds charts)"),
        "Try next:",
        f"  therapy-goals list --client {client_id}",
        f"  therapy-goals show {short_id(goal.id)}",
        f"  therapy-goals entries {short_id(ladder.id)}",
        f"  therapy-goals history {short_id(goal.id)}",
        "  therapy-goals due-reviews",
        f"  therapy-goals export --client {client_id} --format fhir",
        '  therapy-goals check "I want to be happier"',
    ]
    click.echo("\n".join(lines))
