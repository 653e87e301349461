"""Status changes go through change_status, which allows only sensible transitions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapy_goals import (
    ALLOWED_TRANSITIONS,
    Goal,
    LifecycleStatus,
    StatusTransitionError,
    can_change_status,
    change_status,
)

S = LifecycleStatus
CREATED = datetime(2026, 3, 2, 9, tzinfo=UTC)


def goal_in(status: LifecycleStatus) -> Goal:
    return Goal(
        id="g1",
        client_id="c1",
        statement="Sleep by 23:00",
        start=date(2026, 3, 2),
        status=status,
        created=CREATED,
    )


# The table in docs/concepts.md ("Lifecycle"), written out by hand: the test's own oracle.
DOCUMENTED_MOVES = {
    S.PROPOSED: {S.PLANNED, S.ACCEPTED, S.ACTIVE, S.REJECTED, S.CANCELLED},
    S.PLANNED: {S.ACCEPTED, S.ACTIVE, S.ON_HOLD, S.CANCELLED},
    S.ACCEPTED: {S.ACTIVE, S.ON_HOLD, S.CANCELLED},
    S.ACTIVE: {S.ON_HOLD, S.COMPLETED, S.CANCELLED},
    S.ON_HOLD: {S.ACTIVE, S.COMPLETED, S.CANCELLED},
    S.COMPLETED: {S.ACTIVE},
    S.CANCELLED: set(),
    S.REJECTED: set(),
    S.ENTERED_IN_ERROR: set(),
}


def documented(current: S, new: S) -> bool:
    """Allowed by the table, or a move to entered-in-error from any other status."""
    return new in DOCUMENTED_MOVES[current] or (
        new is S.ENTERED_IN_ERROR and current is not S.ENTERED_IN_ERROR
    )


@given(st.sampled_from(S), st.sampled_from(S))
def test_change_status_allows_exactly_the_listed_moves(current: S, new: S) -> None:
    goal = goal_in(current)
    later = datetime(2026, 4, 1, tzinfo=UTC)
    assert can_change_status(current, new) == documented(current, new)
    if documented(current, new):
        changed = change_status(goal, new, at=later)
        assert changed.status is new
        assert changed.updated == later
        assert changed.revision == goal.revision
        assert changed.statement == goal.statement
    else:
        with pytest.raises(StatusTransitionError) as info:
            change_status(goal, new, at=later)
        assert repr(current.value) in str(info.value)
        assert repr(new.value) in str(info.value)


def test_the_therapy_path_through_the_lifecycle() -> None:
    goal = goal_in(S.PROPOSED)
    for step in (S.ACCEPTED, S.ACTIVE, S.ON_HOLD, S.ACTIVE, S.COMPLETED, S.ACTIVE):
        goal = change_status(goal, step)
    assert goal.status is S.ACTIVE


@pytest.mark.parametrize("final", [S.CANCELLED, S.REJECTED, S.ENTERED_IN_ERROR])
def test_final_statuses_lead_nowhere_but_entered_in_error(final: S) -> None:
    goal = goal_in(final)
    allowed = {new for new in S if documented(final, new)}
    assert allowed == {new for new in S if can_change_status(final, new)}
    assert allowed == (set() if final is S.ENTERED_IN_ERROR else {S.ENTERED_IN_ERROR})
    with pytest.raises(StatusTransitionError, match="allowed from"):
        change_status(goal, S.ACTIVE)


def test_no_status_moves_to_itself_and_every_status_is_listed() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(S)
    assert {k: set(v) for k, v in ALLOWED_TRANSITIONS.items()} == DOCUMENTED_MOVES
    with pytest.raises(TypeError):
        ALLOWED_TRANSITIONS[S.CANCELLED] = frozenset({S.ACTIVE})  # type: ignore[index]
    assert all(status not in targets for status, targets in ALLOWED_TRANSITIONS.items())
    assert not can_change_status(S.ACTIVE, S.ACTIVE)


def test_the_error_names_the_allowed_moves() -> None:
    with pytest.raises(StatusTransitionError) as info:
        change_status(goal_in(S.COMPLETED), S.ON_HOLD)
    assert str(info.value) == (
        "status: cannot change from 'completed' to 'on-hold'; "
        "allowed from 'completed': active, entered-in-error"
    )


def test_a_string_is_not_a_status() -> None:
    with pytest.raises(StatusTransitionError, match="must be a LifecycleStatus"):
        change_status(goal_in(S.ACTIVE), "paused")  # type: ignore[arg-type]
