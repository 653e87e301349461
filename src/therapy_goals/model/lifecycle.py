"""The one way to change a goal's lifecycle status.

The allowed moves follow the FHIR Goal lifecycle as therapy uses it: a proposed goal is agreed
(planned, accepted) or turned down (rejected); an agreed goal becomes active; an active goal can be
paused (on-hold), completed or cancelled; a completed goal can be reopened when life changes (a
relapse, a new stressor). ``entered-in-error`` is reachable from everywhere and leads nowhere: it
marks a record that should never have existed.

>>> from datetime import date
>>> goal = Goal(client_id="c-17", statement="Walk for 20 minutes each day", start=date(2026, 3, 2))
>>> change_status(goal, LifecycleStatus.ACTIVE).status
<LifecycleStatus.ACTIVE: 'active'>
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

import attrs

from therapy_goals.errors import StatusTransitionError
from therapy_goals.model.codes import LifecycleStatus
from therapy_goals.model.goal import Goal, utc_now

__all__ = ["ALLOWED_TRANSITIONS", "can_change_status", "change_status"]

_S = LifecycleStatus

ALLOWED_TRANSITIONS: Mapping[LifecycleStatus, frozenset[LifecycleStatus]] = MappingProxyType(
    {
        _S.PROPOSED: frozenset({_S.PLANNED, _S.ACCEPTED, _S.ACTIVE, _S.REJECTED, _S.CANCELLED}),
        _S.PLANNED: frozenset({_S.ACCEPTED, _S.ACTIVE, _S.ON_HOLD, _S.CANCELLED}),
        _S.ACCEPTED: frozenset({_S.ACTIVE, _S.ON_HOLD, _S.CANCELLED}),
        _S.ACTIVE: frozenset({_S.ON_HOLD, _S.COMPLETED, _S.CANCELLED}),
        _S.ON_HOLD: frozenset({_S.ACTIVE, _S.COMPLETED, _S.CANCELLED}),
        _S.COMPLETED: frozenset({_S.ACTIVE}),
        _S.CANCELLED: frozenset(),
        _S.REJECTED: frozenset(),
        _S.ENTERED_IN_ERROR: frozenset(),
    }
)
"""For each status, the statuses a goal may move to (besides ``entered-in-error``); read-only."""


def can_change_status(current: LifecycleStatus, new: LifecycleStatus) -> bool:
    """Whether a goal in ``current`` status may move to ``new``."""
    if new is _S.ENTERED_IN_ERROR:
        return current is not _S.ENTERED_IN_ERROR
    return new in ALLOWED_TRANSITIONS[current]


def change_status(goal: Goal, new: LifecycleStatus, *, at: datetime | None = None) -> Goal:
    """A copy of ``goal`` with status ``new`` and ``updated`` set to ``at`` (default: now).

    Raises :class:`StatusTransitionError` when the move is not allowed, naming the moves that are.
    The revision number is left alone: a store advances it when it saves the change.
    """
    if not isinstance(new, LifecycleStatus):
        raise StatusTransitionError(
            f"status must be a LifecycleStatus such as LifecycleStatus.ACTIVE, got {new!r}"
        )
    if not can_change_status(goal.status, new):
        allowed = sorted(
            s.value
            for s in (*ALLOWED_TRANSITIONS[goal.status], _S.ENTERED_IN_ERROR)
            if can_change_status(goal.status, s)
        )
        options = ", ".join(allowed) if allowed else "nothing: this status is final"
        raise StatusTransitionError(
            f"status: cannot change from {goal.status.value!r} to {new.value!r}; "
            f"allowed from {goal.status.value!r}: {options}"
        )
    return attrs.evolve(goal, status=new, updated=at if at is not None else utc_now())
