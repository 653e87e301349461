"""Reviewing goals: assemble what happened, record the assessment and decision, act on it.

A decision changes the goal through the store, so the old version stays in its history:
``continue`` leaves it as it is, ``revise`` saves the revised goal (the reason goes in the review's
notes), ``complete``, ``pause`` and ``discontinue`` move its lifecycle status. Every decision
records the review's achievement status on the goal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import attrs

from therapy_goals.contracts.questionnaires import Questionnaire
from therapy_goals.errors import ValidationError
from therapy_goals.model import (
    Goal,
    LifecycleStatus,
    PlanUse,
    ProgressEntry,
    Review,
    ReviewDecision,
    StepCompletion,
    change_status,
    utc_now,
)
from therapy_goals.plugins import PluginManager
from therapy_goals.progress.plans import PlanUseSummary, summarize_plan_uses
from therapy_goals.progress.summary import ProgressSummary, summarize
from therapy_goals.progress.wins import Win, find_wins
from therapy_goals.storage.base import Store
from therapy_goals.storage.invariants import check_read_revision

__all__ = [
    "ReviewPreparation",
    "due_for_review",
    "prepare_review",
    "record_review",
    "review_preparation",
]

_DECIDED_STATUS = {
    ReviewDecision.COMPLETE: LifecycleStatus.COMPLETED,
    ReviewDecision.PAUSE: LifecycleStatus.ON_HOLD,
    ReviewDecision.DISCONTINUE: LifecycleStatus.CANCELLED,
}
_FINAL = frozenset(
    {
        LifecycleStatus.COMPLETED,
        LifecycleStatus.CANCELLED,
        LifecycleStatus.REJECTED,
        LifecycleStatus.ENTERED_IN_ERROR,
    }
)


@attrs.frozen(kw_only=True)
class ReviewPreparation:
    """What a review starts from: the goal, its progress summary, its wins and earlier reviews."""

    goal: Goal
    summary: ProgressSummary
    wins: tuple[Win, ...]
    reviews: tuple[Review, ...]
    """Every review, oldest first; those marked entered-in-error too (see ``Review.counts``)."""
    flagged: tuple[ProgressEntry, ...] = ()
    """Questionnaire administrations with an item that needs follow-up (PHQ-9 item 9),
    oldest first: a review starts with these."""
    plans: tuple[PlanUseSummary, ...] = ()
    """Each if-then plan of the goal with how often it was used and whether it helped; the
    goal's ``obstacles`` are the ones it names."""


def prepare_review(
    store: Store,
    goal_id: str,
    *,
    today: date,
    questionnaires: Mapping[str, Questionnaire] | None = None,
) -> ReviewPreparation:
    """Gather a goal's progress summary, wins and past reviews for a review on ``today``."""
    goal = store.get(goal_id)
    code = goal.measure.questionnaire if goal.measure else None
    return review_preparation(
        goal,
        list(store.progress(goal_id)),
        store.step_completions(goal_id),
        store.reviews(goal_id),
        [g for g in store.goals(client_id=goal.client_id) if g.parent_id == goal.id],
        today=today,
        questionnaire=(questionnaires or {}).get(code or ""),
        plan_uses=store.plan_uses(goal_id),
    )


def review_preparation(
    goal: Goal,
    entries: Sequence[ProgressEntry],
    completions: Sequence[StepCompletion],
    reviews: Sequence[Review],
    objectives: Sequence[Goal],
    *,
    today: date,
    questionnaire: Questionnaire | None = None,
    plan_uses: Sequence[PlanUse] = (),
) -> ReviewPreparation:
    """:func:`prepare_review` from what was already read: a report that reads a client's goals
    and records once prepares every goal from them (issue 19: listing the client's goals again
    for each goal decoded 2,600 goals for 50)."""
    return ReviewPreparation(
        goal=goal,
        summary=summarize(
            goal,
            entries,
            today=today,
            completions=completions,
            questionnaire=questionnaire,
            plan_uses=plan_uses,
        ),
        wins=tuple(
            find_wins(
                goal,
                entries,
                completions,
                questionnaire=questionnaire,
                objectives=objectives,
                plan_uses=plan_uses,
            )
        ),
        plans=summarize_plan_uses(goal, plan_uses),
        reviews=tuple(reviews),
        flagged=tuple(
            e for e in entries if e.counts and e.administration and e.administration.flags
        ),
    )


def record_review(
    store: Store,
    review: Review,
    *,
    revised: Goal | None = None,
    by: str | None = None,
    plugins: PluginManager | None = None,
) -> Goal:
    """Record ``review`` and apply its decision to the goal in one unit of work; return the goal.

    ``revise`` needs the ``revised`` goal (same id). After the commit, plug-ins' ``review_recorded``
    hooks are told: those of ``plugins``, or else of the store's manager (``open_store`` sets it).
    """
    if review.decision is ReviewDecision.REVISE and revised is None:
        raise ValidationError.at("revised", "a 'revise' decision needs the revised goal")
    if revised is not None and review.decision is not ReviewDecision.REVISE:
        raise ValidationError.at(
            "revised", f"only a 'revise' decision takes a revised goal, not {review.decision!r}"
        )
    if revised is not None and revised.id != review.goal_id:
        raise ValidationError.at("revised", f"is goal {revised.id!r}, not {review.goal_id!r}")
    with store.transaction():
        current = store.get(review.goal_id)
        store.add_review(review)
        changed = revised if revised is not None else current
        if revised is not None:
            check_read_revision(current, revised)
        if revised is not None and revised.status is not current.status:
            raise ValidationError.at(
                "revised.status",
                f"a revision keeps the status ({current.status.value!r}); change the status "
                "with a complete, pause or discontinue decision, or on its own",
            )
        change = "revised" if revised is not None else review.decision.value
        if review.decision in _DECIDED_STATUS:
            changed = change_status(changed, _DECIDED_STATUS[review.decision], at=utc_now())
        changed = attrs.evolve(changed, achievement=review.achievement)
        # The revision the caller read travels with the goal: a revised copy made from an old
        # read is refused by the store (ConflictError), never saved over newer changes.
        goal = store.update(changed, by=by, change=change)
    listeners = plugins if plugins is not None else store.plugins
    if listeners is not None:
        listeners.notify("review_recorded", review=review, goal=goal)
    return goal


def due_for_review(
    store: Store, *, today: date, client_id: str | None = None
) -> list[tuple[Goal, date]]:
    """Goals not yet finished whose latest review set a next review date before ``today``."""
    due = []
    for goal in store.goals(client_id=client_id):
        if goal.status in _FINAL:
            continue
        dated = [r for r in store.reviews(goal.id) if r.counts and r.next_review is not None]
        if dated:
            next_review = max(dated, key=lambda r: r.at).next_review
            if next_review is not None and next_review < today:
                due.append((goal, next_review))
    return sorted(due, key=lambda item: (item[1], item[0].id))
