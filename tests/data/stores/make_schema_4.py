"""How ``schema-4.db`` was made: by therapy-goals at commit 8ad0021 (store schema 4, the last
before if-then plans), so that the upgrade to later schemas is tested on a file the previous
version really wrote.

    git worktree add /tmp/old 8ad0021
    PYTHONPATH=/tmp/old/src python tests/data/stores/make_schema_4.py tests/data/stores/schema-4.db

Not collected by pytest (no ``test_`` prefix); it needs the old version to run.
"""

import sys
from datetime import UTC, date, datetime
from pathlib import Path

import attrs

from therapy_goals import (
    AchievementStatus,
    Direction,
    Goal,
    Measure,
    Period,
    ProgressEntry,
    Review,
    ReviewDecision,
    Schedule,
    Step,
    StepCompletion,
)
from therapy_goals.storage.sql import SCHEMA_VERSION
from therapy_goals.storage.sqlite import SQLiteStore

assert SCHEMA_VERSION == 4, SCHEMA_VERSION
path = Path(sys.argv[1])
goal = Goal(
    id="g-sleep",
    client_id="c-17",
    statement="Be in bed by 23:00 on at least 5 weeknights a week for 8 weeks",
    start=date(2026, 3, 2),
    due=date(2026, 4, 27),
    area="sleep",
    measure=Measure(
        name="weeknights in bed by 23:00",
        direction=Direction.INCREASE,
        unit="nights",
        baseline=1,
        target=5,
        minimum=0,
        maximum=5,
    ),
    steps=(
        Step(
            id="s1",
            action="Phone in the kitchen at 22:30",
            schedule=Schedule(count=5, per=Period.WEEK),
        ),
    ),
    created=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
)
with SQLiteStore(path) as store:
    added = store.add(goal, by="therapist-4")
    store.update(attrs.evolve(added, notes="Agreed in session 3"), by="therapist-4")
    for day in range(7):
        store.add_progress(
            ProgressEntry(
                goal_id="g-sleep",
                id=f"p{day}",
                value=day % 4,
                at=datetime(2026, 3, 8 + day, 21, tzinfo=UTC),
                note="tired" if day == 2 else None,
            )
        )
    store.add_step_completion(
        StepCompletion(goal_id="g-sleep", step_id="s1", day=date(2026, 3, 3), id="c1")
    )
    store.add_review(
        Review(
            goal_id="g-sleep",
            id="r1",
            achievement=AchievementStatus.IMPROVING,
            decision=ReviewDecision.CONTINUE,
            at=datetime(2026, 3, 16, 10, tzinfo=UTC),
            wins=("in bed by 23:00 three nights",),
        )
    )
print("made", path)
