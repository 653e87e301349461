"""An example therapy-goals plug-in: one SMART rule, registered through the ``register_rules`` hook.

Social support is one of the strongest predictors that a behaviour change lasts, so this rule
gives a tip when a goal does not say who will help.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

from therapy_goals import Advice, Rule, RuleContext, Severity, hookimpl, rule
from therapy_goals.smart import Subject

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
