"""How a goal's if-then plans were used: per plan, how often, how recently, whether it helped.

What a review and the report show of the plans ("If my heart races, then I will do 4-7-8
breathing: used 5 times, helped 4 of the 5 times it was said"), and the days a plan linked to a
step counts for that step's adherence.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import attrs

from therapy_goals.model import Goal, IfThenPlan, PlanUse

__all__ = ["PlanUseSummary", "plan_step_days", "summarize_plan_uses"]


@attrs.frozen(kw_only=True)
class PlanUseSummary:
    """One plan of a goal and its uses (records marked entered-in-error left out)."""

    plan: IfThenPlan
    uses: int
    helped: int
    """Uses the client said helped."""
    did_not_help: int
    """Uses the client said did not help (the rest were not rated)."""
    last_used: datetime | None

    def describe(self) -> str:
        """The plan and its use in words, for a review or the report."""
        if not self.uses:
            return f"{self.plan.text} Not used yet."
        times = "once" if self.uses == 1 else f"{self.uses} times"
        rated = self.helped + self.did_not_help
        helped = f", helped {self.helped} of {rated} times rated" if rated else ""
        last = self.last_used.date().isoformat() if self.last_used else ""
        return f"{self.plan.text} Used {times}{helped}; last on {last}."


def summarize_plan_uses(goal: Goal, uses: Iterable[PlanUse]) -> tuple[PlanUseSummary, ...]:
    """Each of the goal's plans, in the goal's order, with its uses; uses of a plan the goal no
    longer has are left out."""
    counted = [u for u in uses if u.goal_id == goal.id and u.counts]
    summaries = []
    for plan in goal.plans:
        mine = sorted((u for u in counted if u.plan_id == plan.id), key=lambda u: (u.at, u.id))
        summaries.append(
            PlanUseSummary(
                plan=plan,
                uses=len(mine),
                helped=sum(u.helped is True for u in mine),
                did_not_help=sum(u.helped is False for u in mine),
                last_used=mine[-1].at if mine else None,
            )
        )
    return tuple(summaries)


def plan_step_days(goal: Goal, uses: Iterable[PlanUse]) -> set[tuple[str, date]]:
    """The (step id, day) pairs on which a plan that carries out a step was used: using the plan
    is doing the step (adherence counts it, once a day, like a step record)."""
    steps = {plan.id: plan.step_id for plan in goal.plans if plan.step_id is not None}
    return {
        (steps[u.plan_id], u.at.date())
        for u in uses
        if u.goal_id == goal.id and u.counts and u.plan_id in steps
    }
