"""An example therapy-goals plug-in: a SMART rule, a template in code and a template as a data file.

Social support is one of the strongest predictors that a behaviour change lasts, so the rule
gives a tip when a goal does not say who will help, and both templates build support in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta
from importlib.resources import files

from therapy_goals import (
    Advice,
    Direction,
    Goal,
    Measure,
    ParameterValue,
    Rule,
    RuleContext,
    Severity,
    Step,
    hookimpl,
    rule,
)
from therapy_goals.model import new_id
from therapy_goals.smart import Subject
from therapy_goals.templates import (
    Parameter,
    ParameterType,
    Template,
    TemplateProblem,
    TemplateResult,
    templates_in_folder,
)

_SUPPORT = re.compile(
    r"\b(with|together|support|supporter|buddy|friend|friends|partner|sister|brother|mum|mom|dad|"
    r"therapist|group|class|team|coach|neighbour|neighbor)\b"
)


@rule(
    "X101",
    "achievable.no-support",
    Severity.INFO,
    summary="The goal does not say who will support it",
    what="A goal whose statement and steps name no person or group that will help.",
    why="People who share a goal with a friend, a group or their therapist keep it up more often, "
    "and have someone to celebrate small wins with.",
    example="Walk for 20 minutes three times a week for 8 weeks",
    better="Walk for 20 minutes three times a week with my neighbour for 8 weeks",
)
def no_support(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    texts = [subject.goal.statement, *(step.action for step in subject.goal.steps)]
    if not any(_SUPPORT.search(text.lower()) for text in texts):
        yield Advice(
            message="The goal does not say who could support you with it.",
            suggestion="Think of one person or group to share it with, e.g. "
            '"... with my neighbour" or "... and tell my sister how it went".',
            field="statement",
        )


@hookimpl
def register_rules(register: Callable[[Rule], None]) -> None:
    register(no_support)


def build_gratitude_letter(
    values: Mapping[str, ParameterValue], client_id: str, start: date
) -> TemplateResult:
    """A template built in code: any logic you need, returning the goal (and any objectives)."""
    person, weeks = str(values["person"]), int(values["weeks"])
    goal = Goal(
        id=new_id(),
        client_id=client_id,
        statement=f"Write a letter of thanks to {person} and read it to them within {weeks} weeks",
        area="relationships",
        start=start,
        due=start + timedelta(weeks=weeks),
        measure=Measure(
            name="letter steps done (written, read)",
            direction=Direction.INCREASE,
            baseline=0,
            target=2,
        ),
        steps=(
            Step(id="step-1", action=f"Write the letter to {person}", minutes=45),
            Step(id="step-2", action=f"Arrange a time to read the letter to {person}", minutes=15),
        ),
    )
    return TemplateResult(goal=goal)


GRATITUDE_LETTER = Template(
    id="example.gratitude-letter",
    title="Write and deliver a letter of thanks",
    area="relationships",
    description="Write a letter thanking someone who made a difference, then read it to them.",
    why_prompt="Who would you like to thank, and why now?",
    parameters=(
        Parameter(name="person", type=ParameterType.TEXT, default="a friend", help="Who to thank"),
        Parameter(
            name="weeks",
            type=ParameterType.INT,
            default=3,
            min=1,
            max=8,
            help="Weeks until the goal is reviewed",
        ),
    ),
    build=build_gratitude_letter,
)


@hookimpl
def register_templates(register: Callable[[Template | TemplateProblem], None]) -> None:
    register(GRATITUDE_LETTER)
    for item in templates_in_folder(files(__name__) / "templates", plugin="example"):
        register(item)
