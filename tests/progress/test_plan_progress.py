"""Uses of if-then plans in progress: adherence, wins, review preparation and the report
(issue 21). Expected values are counted by hand from the records below."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs

from therapy_goals import (
    Checker,
    Correction,
    Goal,
    IfThenPlan,
    LifecycleStatus,
    Period,
    PlanUse,
    Schedule,
    Step,
    StepCompletion,
    get_plugin_manager,
    open_store,
)
from therapy_goals.progress.plans import summarize_plan_uses
from therapy_goals.progress.report import client_report
from therapy_goals.progress.reviews import prepare_review
from therapy_goals.progress.summary import summarize
from therapy_goals.progress.wins import find_wins

START = date(2026, 3, 2)  # a Monday
PHONE = IfThenPlan(
    id="p-phone",
    situation="it is 22:30 and I am still on my phone",
    response="put it on the kitchen charger",
    step_id="s-phone",
)
WAKE = IfThenPlan(id="p-wake", situation="I wake at 3 am", response="get up and read")
GOAL = Goal(
    id="g-sleep",
    client_id="c-1",
    statement="Be in bed by 23:00 on 5 nights a week for 4 weeks",
    area="sleep",
    start=START,
    due=date(2026, 3, 30),
    status=LifecycleStatus.ACTIVE,
    steps=(
        Step(
            id="s-phone",
            action="Phone in the kitchen at 22:30",
            schedule=Schedule(count=5, per=Period.WEEK),
        ),
    ),
    plans=(PHONE, WAKE),
    obstacles=("scrolling in bed",),
    supporters=("my partner",),
    created=datetime(2026, 3, 2, 9, tzinfo=UTC),
)


def use(use_id: str, plan: IfThenPlan, day: int, helped: bool | None = None) -> PlanUse:
    return PlanUse(
        id=use_id,
        goal_id=GOAL.id,
        plan_id=plan.id,
        at=datetime(2026, 3, day, 22, 35, tzinfo=UTC),
        helped=helped,
    )


USES = [
    use("u1", PHONE, 3, True),
    use("u2", PHONE, 4, True),
    use("u3", PHONE, 5, False),  # the same day as a step record: counted once
    use("u4", PHONE, 10, True),
    use("u5", PHONE, 11),
    use("u6", WAKE, 6, True),
    PlanUse(
        id="u7",
        goal_id=GOAL.id,
        plan_id="p-phone",
        at=datetime(2026, 3, 12, 22, 35, tzinfo=UTC),
        entered_in_error=Correction(
            reason="was the other night", at=datetime(2026, 3, 13, tzinfo=UTC)
        ),
    ),
]
COMPLETIONS = [
    StepCompletion(id="c1", goal_id=GOAL.id, step_id="s-phone", day=date(2026, 3, 5)),
    StepCompletion(id="c2", goal_id=GOAL.id, step_id="s-phone", day=date(2026, 3, 6)),
]


def test_a_plan_that_carries_out_a_step_counts_for_its_adherence() -> None:
    # Planned by 15 March (14 days): 5 a week -> 10. Done: the records on 5 and 6 March, and the
    # phone plan on 3, 4, 10 and 11 March (5 March already recorded; 12 March marked wrong; the
    # wake plan carries out no step) -> 6.
    summary = summarize(GOAL, [], today=date(2026, 3, 15), completions=COMPLETIONS, plan_uses=USES)
    assert (summary.planned, summary.done) == (10, 6)
    assert summary.adherence == 0.6
    without = summarize(GOAL, [], today=date(2026, 3, 15), completions=COMPLETIONS)
    assert without.done == 2


def test_using_a_plan_is_a_win() -> None:
    wins = find_wins(GOAL, [], plan_uses=USES)
    plan_wins = [(w.kind, w.message, w.on) for w in wins if "plan" in w.kind]
    assert plan_wins == [
        (
            "first-plan-use",
            'First use of your plan: "If it is 22:30 and I am still on my phone, then I will put '
            'it on the kitchen charger."',
            date(2026, 3, 3),
        ),
        (
            "first-plan-use",
            'First use of your plan: "If I wake at 3 am, then I will get up and read."',
            date(2026, 3, 6),
        ),
        (
            "plan-used",
            'You used your plan "If it is 22:30 and I am still on my phone, then I will put it on '
            'the kitchen charger." 5 times in March 2026',
            date(2026, 3, 11),
        ),
    ]


def test_each_plan_is_summarised_with_its_uses() -> None:
    phone, wake = summarize_plan_uses(GOAL, USES)
    assert (phone.uses, phone.helped, phone.did_not_help) == (5, 3, 1)
    assert phone.describe() == (
        "If it is 22:30 and I am still on my phone, then I will put it on the kitchen charger. "
        "Used 5 times, helped 3 of 4 times rated; last on 2026-03-11."
    )
    assert wake.describe() == (
        "If I wake at 3 am, then I will get up and read. Used once, helped 1 of 1 times rated; "
        "last on 2026-03-06."
    )
    unused = attrs.evolve(GOAL, plans=(WAKE,))
    assert summarize_plan_uses(unused, [])[0].describe().endswith("Not used yet.")


def test_the_review_and_the_report_list_obstacles_and_plans_used() -> None:
    with open_store("memory://") as store:
        store.add(GOAL)
        for completion in COMPLETIONS:
            store.add_step_completion(completion)
        for plan_use in USES:
            if plan_use.entered_in_error is None:
                store.add_plan_use(plan_use)
        prep = prepare_review(store, GOAL.id, today=date(2026, 3, 15))
        assert [p.uses for p in prep.plans] == [5, 1]
        assert prep.summary.done == 6
        assert "plan-used" in {w.kind for w in prep.wins}
        plugins = get_plugin_manager(load_entrypoints=False, environ={})
        report = client_report(
            store,
            "c-1",
            today=date(2026, 3, 15),
            checker=Checker(plugins=plugins),
            questionnaires=plugins.questionnaires(),
        )
    lines = report.markdown.splitlines()
    assert "- Obstacles: scrolling in bed" in lines
    assert "- Supporters: my partner" in lines
    assert (
        "- If-then plan: If I wake at 3 am, then I will get up and read. Used once, helped 1 of 1 "
        "times rated; last on 2026-03-06." in lines
    )
    assert "- Steps: 6 of 10 planned done (60%)" in lines
