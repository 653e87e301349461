"""The graded exposure ladder: a template built in code, because its objectives depend on a count.

The long-term goal is to face a feared situation; each rung of the ladder is a short-term
objective (a goal whose parent is the long-term goal), a little harder than the one before, with
its own few weeks. The client rates anxiety (0-100) before and after each practice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from therapy_goals.contracts.templates import (
    Constraint,
    Parameter,
    ParameterType,
    Template,
    TemplateResult,
)
from therapy_goals.model import (
    Direction,
    Goal,
    Measure,
    ParameterValue,
    Period,
    Schedule,
    Step,
    new_id,
)


def build_ladder(
    values: Mapping[str, ParameterValue], client_id: str, start: date
) -> TemplateResult:
    situation = str(values["situation"])
    rungs = int(values["rungs"])
    weeks_per_rung = int(values["weeks_per_rung"])
    practices = int(values["practices_per_week"])
    minutes = int(values["minutes"])
    start_rating = float(values["starting_anxiety"])
    target_rating = float(values["target_anxiety"])
    goal = Goal(
        id=new_id(),
        client_id=client_id,
        statement=f"Face {situation} step by step, practising {practices} times a week, until my "
        f"anxiety there is {target_rating:g} out of 100 or less within "
        f"{rungs * weeks_per_rung} weeks",
        area="anxiety",
        start=start,
        due=start + timedelta(weeks=rungs * weeks_per_rung),
        measure=Measure(
            name=f"anxiety rating in {situation} (0-100)",
            unit="rating",
            direction=Direction.DECREASE,
            baseline=start_rating,
            target=target_rating,
        ),
        steps=(
            Step(
                id="step-1",
                action=f"Practise the current rung of the ladder for {situation} and rate my "
                "anxiety before and after",
                schedule=Schedule(count=practices, per=Period.WEEK),
                minutes=minutes,
            ),
        ),
    )
    objectives = []
    for rung in range(1, rungs + 1):
        begins = start + timedelta(weeks=(rung - 1) * weeks_per_rung)
        objectives.append(
            Goal(
                id=new_id(),
                client_id=client_id,
                parent_id=goal.id,
                statement=f"Rung {rung} of {rungs}: practise a step of {situation} that I rate "
                f"about {rung * 100 // (rungs + 1)} out of 100, {practices} times a week for "
                f"{weeks_per_rung} weeks",
                area="anxiety",
                start=begins,
                due=begins + timedelta(weeks=weeks_per_rung),
                measure=Measure(
                    name=f"practices of rung {rung} per week",
                    unit="per week",
                    direction=Direction.INCREASE,
                    baseline=0,
                    target=practices,
                ),
                steps=(
                    Step(
                        id="step-1",
                        action=f"Practise rung {rung} and stay until the anxiety eases",
                        schedule=Schedule(count=practices, per=Period.WEEK),
                        minutes=minutes,
                    ),
                ),
            )
        )
    return TemplateResult(goal=goal, objectives=tuple(objectives))


EXPOSURE_LADDER = Template(
    id="anxiety.exposure-ladder",
    title="A graded exposure ladder for a feared situation",
    area="anxiety",
    description="Face a feared situation in small steps, from easier to harder, staying in each "
    "until the anxiety eases. Each rung is a short-term objective of the long-term goal.",
    version="1",
    why_prompt="What would you do, or enjoy again, if this situation no longer held you back?",
    parameters=(
        Parameter(
            name="situation",
            type=ParameterType.TEXT,
            default="busy shops",
            help="The feared situation, e.g. 'busy shops' or 'speaking in meetings'",
        ),
        Parameter(
            name="rungs",
            type=ParameterType.INT,
            default=5,
            min=3,
            max=8,
            help="Steps on the ladder, from easiest to hardest",
        ),
        Parameter(
            name="weeks_per_rung",
            type=ParameterType.INT,
            default=2,
            min=1,
            max=4,
            help="Weeks of practice on each rung",
        ),
        Parameter(
            name="practices_per_week",
            type=ParameterType.INT,
            default=3,
            min=2,
            max=7,
            help="Practice sessions a week",
        ),
        Parameter(
            name="minutes",
            type=ParameterType.INT,
            default=30,
            min=10,
            max=90,
            help="Minutes per practice, long enough for the anxiety to ease",
        ),
        Parameter(
            name="starting_anxiety",
            type=ParameterType.INT,
            default=80,
            min=30,
            max=100,
            help="Anxiety in the situation today, 0-100",
        ),
        Parameter(
            name="target_anxiety",
            type=ParameterType.INT,
            default=30,
            min=0,
            max=70,
            help="Anxiety rating that would mean the goal is reached, 0-100",
        ),
    ),
    constraints=(
        Constraint(
            left="target_anxiety",
            op="<",
            right="starting_anxiety",
            message="must be below starting_anxiety: the ladder brings anxiety down",
        ),
    ),
    build=build_ladder,
)
