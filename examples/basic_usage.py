"""Build a goal, take it through its lifecycle, log progress, review it, and export the record.

Run it with ``python examples/basic_usage.py``; a test runs it too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from therapy_goals import (
    AchievementStatus,
    ClientRecord,
    Direction,
    Goal,
    LifecycleStatus,
    Measure,
    Period,
    ProgressEntry,
    ProgressSource,
    Review,
    ReviewDecision,
    Schedule,
    Step,
    change_status,
    get_plugin_manager,
)


def main() -> None:
    goal = Goal(
        client_id="client-42",
        statement="Say no to extra shifts when I am already working five days",
        area="boundaries",
        why_it_matters="Rest, and time with my partner",
        start=date(2026, 3, 2),
        due=date(2026, 4, 27),
        measure=Measure(
            name="times I said no",
            unit="per week",
            direction=Direction.INCREASE,
            baseline=0,
            target=2,
        ),
        steps=(
            Step(
                action="Practise a short script for saying no with my therapist",
                schedule=Schedule(count=1, per=Period.WEEK),
                minutes=15,
            ),
        ),
        confidence=6,
        importance=8,
        created=datetime(2026, 3, 2, 10, tzinfo=UTC),
    )
    goal = change_status(goal, LifecycleStatus.ACTIVE, at=datetime(2026, 3, 2, 11, tzinfo=UTC))
    progress = tuple(
        ProgressEntry(
            goal_id=goal.id,
            value=count,
            source=ProgressSource.JOURNAL,
            at=datetime(2026, 3, day, 20, tzinfo=UTC),
        )
        for day, count in ((8, 0), (15, 1), (22, 1))
    )
    review = Review(
        goal_id=goal.id,
        achievement=AchievementStatus.IMPROVING,
        decision=ReviewDecision.CONTINUE,
        attainment=0,
        at=datetime(2026, 3, 23, 10, tzinfo=UTC),
        wins=("Said no to a Saturday shift",),
    )
    record = ClientRecord(
        client_id=goal.client_id, goals=(goal,), progress=progress, reviews=(review,)
    )
    exporter = get_plugin_manager().exporters()["json"]
    print(exporter.write(record).decode("utf-8"), end="")


if __name__ == "__main__":
    main()
