"""The goals, progress entries and statements the benchmarks use, built the same way each run.

Each benchmark goal has a measure and two steps, like a typical plan ("walk for 20 minutes three
times a week"). ``goal_dicts`` builds the same goals by hand as plain dicts in the JSON form, for
baselines that do not use the library.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from therapy_goals import (
    Direction,
    Goal,
    Measure,
    Period,
    ProgressEntry,
    ProgressSource,
    Schedule,
    Step,
)

START = date(2023, 1, 2)  # early enough that a million daily entries are all in the past
CREATED = datetime(2023, 1, 2, 9, tzinfo=UTC)
AREAS = ("anxiety", "depression", "sleep", "boundaries", "physical-activity", "self-care")
CLIENTS = 5_000


def goal_id(index: int) -> str:
    return f"goal-{index:08d}"


def _route(index: int) -> str:
    """A made-up word for ``index`` ("ba", "bb", ...), so that no two statements are the same:
    the statement reader caches what it read, and real goals seldom repeat."""
    letters = ""
    while True:
        index, digit = divmod(index, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
        if not index:
            return "b" + letters


def _parts(index: int) -> dict[str, Any]:
    minutes = 10 + index % 50
    per_week = 1 + index % 5
    return {
        "id": goal_id(index),
        "client_id": f"client-{index % CLIENTS:05d}",
        "statement": (
            f"Walk the {_route(index)} route for {minutes} minutes {per_week} times a week "
            "for 8 weeks"
        ),
        "area": AREAS[index % len(AREAS)],
        "due": START + timedelta(weeks=8 + index % 8),
        "minutes": minutes,
        "per_week": per_week,
        "target": 2 + index % 5,
    }


def goal(index: int) -> Goal:
    """Benchmark goal number ``index``, as the library's type."""
    p = _parts(index)
    return Goal(
        id=p["id"],
        client_id=p["client_id"],
        statement=p["statement"],
        area=p["area"],
        why_it_matters="To have energy for my family",
        start=START,
        due=p["due"],
        measure=Measure(
            name="walks per week",
            unit="walks",
            direction=Direction.INCREASE,
            baseline=0,
            target=p["target"],
        ),
        steps=(
            Step(
                id=f"{p['id']}-s1",
                action="Walk after dinner",
                minutes=p["minutes"],
                schedule=Schedule(count=p["per_week"], per=Period.WEEK),
            ),
            Step(id=f"{p['id']}-s2", action="Put my shoes by the door"),
        ),
        confidence=7,
        created=CREATED,
        updated=CREATED,
    )


def goals(count: int, first: int = 0) -> Iterator[Goal]:
    return (goal(i) for i in range(first, first + count))


def goal_dict(index: int) -> dict[str, Any]:
    """The same goal as :func:`goal`, built by hand as the dict a hand-written app would store."""
    p = _parts(index)
    created = CREATED.isoformat()
    return {
        "schema_version": 1,
        "type": "goal",
        "client_id": p["client_id"],
        "statement": p["statement"],
        "start": START.isoformat(),
        "id": p["id"],
        "area": p["area"],
        "why_it_matters": "To have energy for my family",
        "measure": {
            "name": "walks per week",
            "direction": "increase",
            "unit": "walks",
            "questionnaire": None,
            "baseline": 0,
            "target": p["target"],
            "minimum": None,
            "maximum": None,
        },
        "due": p["due"].isoformat(),
        "status": "proposed",
        "achievement": None,
        "priority": None,
        "parent_id": None,
        "steps": [
            {
                "action": "Walk after dinner",
                "id": f"{p['id']}-s1",
                "schedule": {"count": p["per_week"], "per": "week"},
                "minutes": p["minutes"],
                "due": None,
                "status": "not-started",
            },
            {
                "action": "Put my shoes by the door",
                "id": f"{p['id']}-s2",
                "schedule": None,
                "minutes": None,
                "due": None,
                "status": "not-started",
            },
        ],
        "confidence": 7,
        "importance": None,
        "expressed_by": "client",
        "tags": [],
        "template": None,
        "notes": None,
        "created": created,
        "updated": created,
        "revision": 1,
    }


def progress_entry(index: int, goals_with_progress: int) -> ProgressEntry:
    """Entry ``index``: spread over the first ``goals_with_progress`` goals, one a day each."""
    return ProgressEntry(
        id=f"entry-{index:09d}",
        goal_id=goal_id(index % goals_with_progress),
        value=float(index % 7),
        source=ProgressSource.SELF_REPORT,
        at=CREATED + timedelta(days=index // goals_with_progress, hours=index % 24),
    )


def progress_dict(index: int, goals_with_progress: int) -> dict[str, Any]:
    """The same entry as :func:`progress_entry`, built by hand."""
    at = CREATED + timedelta(days=index // goals_with_progress, hours=index % 24)
    return {
        "schema_version": 1,
        "type": "progress-entry",
        "goal_id": goal_id(index % goals_with_progress),
        "value": float(index % 7),
        "at": at.isoformat(),
        "source": "self-report",
        "note": None,
        "id": f"entry-{index:09d}",
        "baseline": False,
        "administration": None,
        "entered_in_error": None,
    }


def statements(count: int) -> list[str]:
    """Plain goal statements: the labelled test set, each made unique with a made-up place."""
    labelled = Path(__file__).parent.parent / "tests" / "data" / "labelled-statements.toml"
    rows = tomllib.loads(labelled.read_text(encoding="utf-8"))["statement"]
    texts = [row["text"] for row in rows]
    return [f"{texts[i % len(texts)]} on the {_route(i)} route" for i in range(count)]
