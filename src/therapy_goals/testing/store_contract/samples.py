"""What the contract tests are made of: small records and the fixtures that open stores."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from therapy_goals.model import (
    AchievementStatus,
    Goal,
    IfThenPlan,
    PlanUse,
    ProgressEntry,
    Review,
    ReviewDecision,
    Step,
    StepCompletion,
)
from therapy_goals.storage.base import Store

__all__ = [
    "CREATED",
    "PLAN",
    "START",
    "ContractFixtures",
    "Opener",
    "completion",
    "entry",
    "goal",
    "plan_use",
    "review",
]

Opener = Callable[[], Store]
"""Opens (or reopens) one particular store."""

START = date(2026, 3, 1)
CREATED = datetime(2026, 3, 1, 9, tzinfo=UTC)


def goal(goal_id: str, client_id: str = "c1", **changes: Any) -> Goal:
    """A small valid goal for contract tests, with one step, ``step-1``."""
    fields: dict[str, Any] = {
        "id": goal_id,
        "client_id": client_id,
        "statement": f"Walk for 20 minutes, goal {goal_id}",
        "start": START,
        "created": CREATED,
        "steps": (Step(id="step-1", action="Walk for 20 minutes"),),
    }
    fields.update(changes)
    return Goal(**fields)


def entry(entry_id: str, goal_id: str, day: int, value: float = 1.0) -> ProgressEntry:
    return ProgressEntry(
        id=entry_id, goal_id=goal_id, value=value, at=datetime(2026, 3, day, 20, tzinfo=UTC)
    )


def completion(completion_id: str, goal_id: str, day: int, done: bool = True) -> StepCompletion:
    return StepCompletion(
        id=completion_id, goal_id=goal_id, step_id="step-1", day=date(2026, 3, day), done=done
    )


PLAN = IfThenPlan(
    id="plan-1", situation="it rains", response="walk in the shopping centre", step_id="step-1"
)
"""The if-then plan the stateful contract gives every goal it stores."""


def plan_use(
    use_id: str, goal_id: str, day: int, helped: bool | None = True, plan_id: str = "plan-1"
) -> PlanUse:
    return PlanUse(
        id=use_id,
        goal_id=goal_id,
        plan_id=plan_id,
        at=datetime(2026, 3, day, 18, tzinfo=UTC),
        helped=helped,
    )


def review(review_id: str, goal_id: str, day: int) -> Review:
    return Review(
        id=review_id,
        goal_id=goal_id,
        achievement=AchievementStatus.IMPROVING,
        decision=ReviewDecision.CONTINUE,
        at=datetime(2026, 3, day, 10, tzinfo=UTC),
        wins=("Walked every day",),
    )


class ContractFixtures:
    """The fixtures every part of the contract uses; a backend's test provides ``new_location``."""

    @pytest.fixture
    def new_location(self) -> Callable[[], Opener]:
        raise NotImplementedError("provide a new_location fixture returning () -> opener")

    @pytest.fixture
    def opener(self, new_location: Callable[[], Opener]) -> Opener:
        return new_location()

    @pytest.fixture
    def store(self, opener: Opener) -> Iterator[Store]:
        opened = opener()
        yield opened
        opened.close()
