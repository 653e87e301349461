"""Goal Attainment Scaling: worked values and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import AchievementStatus, Goal, Review, ReviewDecision, ValidationError
from therapy_goals.progress import gas_t_score, latest_attainment_t_score

levels_and_weights = st.integers(1, 8).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(-2, 2), min_size=n, max_size=n),
        st.lists(st.floats(0.5, 20, allow_nan=False), min_size=n, max_size=n),
    )
)


def test_worked_values() -> None:
    assert gas_t_score([-2, 0, -1, 2, 0, 1], weights=[3, 5, 1, 4, 2, 6]) == 55.0
    assert gas_t_score([0, 0, 0]) == 50.0
    assert gas_t_score([0]) == 50.0
    assert gas_t_score([1]) == 60.0  # one goal: 50 + 10 * 1 / sqrt(0.7 + 0.3)


@given(levels_and_weights, st.floats(0.1, 100, allow_nan=False))
def test_scaling_every_weight_leaves_t_unchanged(
    data: tuple[list[int], list[float]], factor: float
) -> None:
    levels, weights = data
    scaled = [w * factor for w in weights]
    assert gas_t_score(levels, weights=scaled) == pytest.approx(
        gas_t_score(levels, weights=weights)
    )


@given(levels_and_weights)
def test_negating_every_level_mirrors_t_around_50(data: tuple[list[int], list[float]]) -> None:
    levels, weights = data
    flipped = gas_t_score([-x for x in levels], weights=weights)
    assert flipped == pytest.approx(100 - gas_t_score(levels, weights=weights))


@pytest.mark.parametrize(
    ("levels", "weights", "path"),
    [
        ([], None, "levels"),
        ([3], None, "levels[0]"),
        ([0, 1], [1], "weights"),
        ([1], [0], "weights[0]"),
    ],
)
def test_bad_levels_or_weights_are_named(
    levels: list[int], weights: list[float] | None, path: str
) -> None:
    with pytest.raises(ValidationError) as info:
        gas_t_score(levels, weights=weights)
    assert path in info.value.paths


def test_the_latest_level_of_each_goal_counts_weighted_by_importance() -> None:
    goals = [
        Goal(id="a", client_id="c", statement="Walk", start=date(2026, 3, 2), importance=3),
        Goal(id="b", client_id="c", statement="Sleep", start=date(2026, 3, 2)),
    ]

    def review(goal_id: str, day: int, level: int | None) -> Review:
        return Review(
            goal_id=goal_id,
            achievement=AchievementStatus.IMPROVING,
            decision=ReviewDecision.CONTINUE,
            attainment=level,
            at=datetime(2026, 4, day, tzinfo=UTC),
        )

    reviews = [review("a", 1, -2), review("a", 20, 1), review("b", 5, 0), review("b", 25, None)]
    assert latest_attainment_t_score(goals, reviews) == gas_t_score([1, 0], weights=[3, 1])
    assert latest_attainment_t_score(goals, []) is None


def test_weights_are_importance_times_difficulty() -> None:
    goals = [
        Goal(id="a", client_id="c", statement="Walk", start=date(2026, 3, 2), importance=2),
        Goal(id="b", client_id="c", statement="Sleep", start=date(2026, 3, 2), importance=4),
    ]
    reviews = [
        Review(
            goal_id=g,
            achievement=AchievementStatus.IMPROVING,
            decision=ReviewDecision.CONTINUE,
            attainment=level,
            at=datetime(2026, 4, 1, tzinfo=UTC),
        )
        for g, level in (("a", 2), ("b", -1))
    ]
    score = latest_attainment_t_score(goals, reviews, difficulty={"a": 3})
    assert score == gas_t_score([2, -1], weights=[6, 4])
