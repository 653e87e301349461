"""Goal Attainment Scaling: one T-score summarising attainment across a client's goals.

Each goal is scored -2 (much less than expected) to +2 (much more); 0 is the expected outcome.
Kiresuk and Sherman's summary, with the usual inter-goal correlation of 0.3::

    T = 50 + 10 * sum(w * x) / sqrt(0.7 * sum(w ^ 2) + 0.3 * sum(w) ^ 2)

so all goals at the expected level give T = 50, and the standard deviation is 10.

>>> gas_t_score([-2, 0, -1, 2, 0, 1], weights=[3, 5, 1, 4, 2, 6])
55.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from therapy_goals.errors import Problem, ValidationError
from therapy_goals.model import Goal, Review

__all__ = ["gas_t_score", "latest_attainment_t_score"]


def gas_t_score(levels: Sequence[int], *, weights: Sequence[float] | None = None) -> float:
    """The GAS T-score of attainment ``levels`` (-2..+2), optionally weighted (weights > 0)."""
    chosen = [1.0] * len(levels) if weights is None else list(weights)
    problems = []
    if not levels:
        problems.append(Problem("levels", "needs at least one goal's level"))
    if len(chosen) != len(levels):
        problems.append(Problem("weights", f"has {len(chosen)} weights for {len(levels)} levels"))
    for index, level in enumerate(levels):
        if not isinstance(level, int) or isinstance(level, bool) or not -2 <= level <= 2:
            problems.append(Problem(f"levels[{index}]", f"must be -2..2, got {level!r}"))
    for index, weight in enumerate(chosen):
        if not isinstance(weight, int | float) or not math.isfinite(weight) or weight <= 0:
            problems.append(Problem(f"weights[{index}]", f"must be a number > 0, got {weight!r}"))
    if problems:
        raise ValidationError(problems)
    weighted = sum(w * x for w, x in zip(chosen, levels, strict=True))
    spread = math.sqrt(0.7 * sum(w * w for w in chosen) + 0.3 * sum(chosen) ** 2)
    return round(50 + 10 * weighted / spread, 10)


def latest_attainment_t_score(
    goals: Iterable[Goal],
    reviews: Iterable[Review],
    *,
    difficulty: Mapping[str, float] | None = None,
) -> float | None:
    """The T-score from each goal's most recent review with an attainment level.

    Each goal is weighted by importance x difficulty: its importance rating (1 when not rated)
    times its entry in ``difficulty`` by goal id (1 when absent). ``None`` when no review has a
    level yet.
    """
    latest: dict[str, Review] = {}
    for review in sorted(reviews, key=lambda r: r.at):
        if review.attainment is not None:
            latest[review.goal_id] = review
    hardness = difficulty or {}
    weights = {goal.id: float(goal.importance or 1) * hardness.get(goal.id, 1.0) for goal in goals}
    chosen = [goal_id for goal_id in latest if goal_id in weights]
    if not chosen:
        return None
    levels = [latest[goal_id].attainment or 0 for goal_id in chosen]
    return gas_t_score(levels, weights=[weights[goal_id] for goal_id in chosen])
