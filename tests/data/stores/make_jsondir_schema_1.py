"""How ``jsondir-schema-1/`` was made: by therapy-goals at commit 43e010d (JSON folder schema 1,
each goal's history inside its file), so that the upgrade to schema 2 is tested on a folder the
previous version really wrote.

    git worktree add /tmp/old 43e010d
    PYTHONPATH=/tmp/old/src python tests/data/stores/make_jsondir_schema_1.py \\
        tests/data/stores/jsondir-schema-1

Not collected by pytest (no ``test_`` prefix); it needs the old version to run.
"""

import sys
from datetime import UTC, date, datetime
from pathlib import Path

import attrs

from therapy_goals import (
    AchievementStatus,
    Goal,
    LifecycleStatus,
    ProgressEntry,
    Review,
    ReviewDecision,
)
from therapy_goals.storage.jsondir import SCHEMA_VERSION, JsonDirStore

assert SCHEMA_VERSION == 1, SCHEMA_VERSION
folder = Path(sys.argv[1])
walk = Goal(
    id="g-walk",
    client_id="c-17",
    statement="Walk for 20 minutes on 3 days a week for 8 weeks",
    start=date(2026, 3, 2),
    due=date(2026, 4, 27),
    area="self-care",
    created=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
)
single = Goal(
    id="g-call",
    client_id="c-17",
    statement="Call my sister every Sunday for 6 weeks",
    start=date(2026, 3, 2),
    due=date(2026, 4, 13),
    created=datetime(2026, 3, 2, 9, 5, tzinfo=UTC),
)
with JsonDirStore(folder) as store:
    store.add_many([walk, single], by="therapist-4")
    changed = store.update(
        attrs.evolve(store.get("g-walk"), notes="Mornings suit better"), by="therapist-4"
    )
    store.update(
        attrs.evolve(changed, status=LifecycleStatus.ACTIVE),
        by="therapist-4",
        change="status: proposed -> active",
    )
    store.add_progress(
        ProgressEntry(
            id="e1", goal_id="g-walk", value=2, at=datetime(2026, 3, 8, 18, 0, tzinfo=UTC)
        )
    )
    store.add_review(
        Review(
            id="r1",
            goal_id="g-walk",
            at=datetime(2026, 3, 16, 17, 0, tzinfo=UTC),
            achievement=AchievementStatus.IMPROVING,
            decision=ReviewDecision.CONTINUE,
        )
    )
