"""A small, realistic client record for demonstrations, documentation and smoke tests.

Made-up data: an anxiety goal agreed in the first session (GAD-7 from 15 to under 8 in twelve
weeks, with mindfulness practice three times a week), three GAD-7 scores, four weeks of practice
ticked off, and a four-week review.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from therapy_goals.model import (
    AchievementStatus,
    ClientRecord,
    Direction,
    ExpressedBy,
    Goal,
    IfThenPlan,
    LifecycleStatus,
    Measure,
    Period,
    PlanUse,
    Priority,
    ProgressEntry,
    ProgressSource,
    Review,
    ReviewDecision,
    Schedule,
    Step,
    StepCompletion,
    StepStatus,
)

__all__ = ["sample_record"]


def sample_record(*, start: date, client_id: str = "client-0001") -> ClientRecord:
    """A client record whose anxiety goal starts on ``start`` and runs for twelve weeks."""

    def moment(week: int) -> datetime:
        return datetime.combine(start + timedelta(weeks=week), time(17, 0), tzinfo=UTC)

    goal = Goal(
        id="goal-anxiety-1",
        client_id=client_id,
        statement="Practise mindfulness for 10 minutes three times a week to bring my GAD-7 "
        "score from 15 to under 8 within 12 weeks",
        area="anxiety",
        why_it_matters="So I can enjoy time with my children without constant worry",
        measure=Measure(
            name="GAD-7 total",
            unit="score",
            questionnaire="gad7",
            direction=Direction.DECREASE,
            baseline=15,
            target=7,
        ),
        start=start,
        due=start + timedelta(weeks=12),
        status=LifecycleStatus.ACTIVE,
        priority=Priority.HIGH,
        steps=(
            Step(
                id="step-mindfulness",
                action="Guided mindfulness practice with an app",
                schedule=Schedule(count=3, per=Period.WEEK),
                minutes=10,
                status=StepStatus.IN_PROGRESS,
            ),
            Step(
                id="step-worry-time",
                action="Write worries down during a set 15-minute worry time",
                schedule=Schedule(count=1, per=Period.DAY),
                minutes=15,
                due=start + timedelta(weeks=8),
                status=StepStatus.NOT_STARTED,
            ),
        ),
        plans=(
            IfThenPlan(
                id="plan-racing-heart",
                situation="my heart starts racing before a meeting",
                response="do 4-7-8 breathing for two minutes",
            ),
            IfThenPlan(
                id="plan-late-practice",
                situation="I have not practised by 9 pm on a practice day",
                response="do the 10-minute practice in bed before lights out",
                step_id="step-mindfulness",
            ),
        ),
        obstacles=("a racing heart before meetings", "busy evenings"),
        supporters=("my partner",),
        confidence=7,
        importance=9,
        expressed_by=ExpressedBy.BOTH,
        tags=("cbt",),
        created=moment(0),
    )
    scores = (15, 13, 11)
    progress = tuple(
        ProgressEntry(
            id=f"gad7-week-{2 * week}",
            goal_id=goal.id,
            value=score,
            at=moment(2 * week),
            source=ProgressSource.QUESTIONNAIRE,
        )
        for week, score in enumerate(scores)
    )
    review = Review(
        id="review-week-4",
        goal_id=goal.id,
        at=moment(4),
        achievement=AchievementStatus.IMPROVING,
        attainment=0,
        decision=ReviewDecision.CONTINUE,
        wins=("Practised three times every week", "GAD-7 down by 4 points"),
        next_review=start + timedelta(weeks=8),
    )
    practice_days = (0, 2, 4, 7, 9, 11, 14, 16, 18, 21, 23, 26)  # three a week, one week missed one
    completions = tuple(
        StepCompletion(
            id=f"practice-day-{day}",
            goal_id=goal.id,
            step_id="step-mindfulness",
            day=start + timedelta(days=day),
        )
        for day in practice_days
    )
    plan_uses = tuple(
        PlanUse(
            id=f"plan-use-day-{day}",
            goal_id=goal.id,
            plan_id=plan_id,
            at=datetime.combine(start + timedelta(days=day), time(hour, 0), tzinfo=UTC),
            helped=helped,
        )
        for day, hour, plan_id, helped in (
            (3, 9, "plan-racing-heart", True),
            (10, 9, "plan-racing-heart", True),
            (12, 21, "plan-late-practice", True),
            (17, 9, "plan-racing-heart", False),
        )
    )
    return ClientRecord(
        client_id=client_id,
        goals=(goal,),
        progress=progress,
        reviews=(review,),
        completions=completions,
        plan_uses=plan_uses,
    )
