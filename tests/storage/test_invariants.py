"""Properties of the store's promises, for any generated goal (the contract tests examples)."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from therapy_goals import ConflictError, Goal, ValidationError
from therapy_goals.model.units import implied_bounds
from therapy_goals.storage.memory import MemoryStore
from therapy_goals.testing import strategies as tgst

PAST = datetime(2026, 1, 1, tzinfo=UTC)


def storable(goal: Goal) -> Goal:
    """A generated goal created in the past, without a measure the store might refuse."""
    created = min(goal.created, PAST)
    return attrs.evolve(goal, measure=None, created=created, updated=created)


@given(
    goal=tgst.goals(max_steps=1),
    client_id=tgst.ids(),
    created=tgst.aware_datetimes(max_value=PAST),
    field=st.sampled_from(["client_id", "created"]),
)
def test_no_revision_changes_the_client_or_when_the_goal_was_created(
    goal: Goal, client_id: str, created: datetime, field: str
) -> None:
    store = MemoryStore()
    saved = store.add(storable(goal))
    value = {"client_id": client_id, "created": created}[field]
    assume(value != getattr(saved, field))
    fields = {field: value}
    if field == "created":
        fields["updated"] = max(saved.updated, value)
    changed = attrs.evolve(saved, **fields)
    with pytest.raises(ValidationError, match=f"^{field}: cannot change"):
        store.update(changed)
    assert store.history(saved.id)[-1].goal == store.get(saved.id) == saved


@given(goal=tgst.goals(max_steps=1), claimed=st.integers(1, 60), edits=st.integers(1, 4))
def test_only_the_revision_the_store_holds_is_accepted(
    goal: Goal, claimed: int, edits: int
) -> None:
    store = MemoryStore()
    saved = store.add(storable(goal))
    for _ in range(edits):
        saved = store.update(saved)
    copy = attrs.evolve(saved, revision=claimed, notes="A change from some copy")
    if claimed == saved.revision:
        assert store.update(copy).revision == claimed + 1
    else:
        with pytest.raises(ConflictError, match=f"revision {saved.revision}, not {claimed}"):
            store.update(copy)
        assert store.get(saved.id) == saved


@pytest.mark.parametrize(
    ("unit", "bounds"),
    [
        # Hand-written from what each unit means: a week has 7 days and 7 nights, a day 24
        # hours, a percentage runs from 0 to 100, a count is never negative.
        ("nights per week", (0.0, 7.0)),
        ("Days a week", (0.0, 7.0)),
        ("mornings per month", (0.0, 31.0)),
        ("hours per night", (0.0, 24.0)),
        ("minutes per day", (0.0, 1440.0)),
        ("%", (0.0, 100.0)),
        ("percent of days", (0.0, 100.0)),
        ("panic attacks per week", (0.0, None)),
        ("times", (0.0, None)),
        ("minutes", (0.0, None)),
        ("score", (None, None)),
        ("rating", (None, None)),
        ("kg", (None, None)),
        (None, (None, None)),
    ],
)
def test_what_a_unit_implies(unit: str | None, bounds: tuple[float | None, float | None]) -> None:
    assert implied_bounds(unit) == bounds
