"""Relevant: the goal matters to the client, fits why they came, and its steps serve it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from therapy_goals.contracts.rules import Advice, RuleContext, RuleStatus, Severity, Subject
from therapy_goals.model import KNOWN_AREAS
from therapy_goals.smart import vocabulary as vocab
from therapy_goals.smart.define import rule
from therapy_goals.smart.messages import t

_CONTENT_WORD = re.compile(r"[a-z]{4,}")
_COMMON = frozenset(
    "with that this will have from into time week weeks days each every them then than when "
    "what where which would could should about after before more less some minutes hours "
    "times once twice daily".split()
)


_MONITORING = frozenset(
    w[:5]
    for w in "rate rating log record track note tick diary chart complete score measure".split()
)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _CONTENT_WORD.findall(text.lower()) if w not in _COMMON}


@rule(
    "R101",
    "relevant.no-reason",
    Severity.INFO,
    summary="The goal does not say why it matters",
    what="A goal with no 'why it matters' and a statement with no reason ('so that', "
    "'because', 'to feel ...').",
    why="Linking a goal to what the client values (family, work, health, freedom) keeps it "
    "alive on hard days and makes it the client's own, not the therapist's.",
    example="Walk for 20 minutes three times a week for 8 weeks",
    better="Walk for 20 minutes three times a week for 8 weeks so I have energy to play with my "
    "kids",
)
def no_reason(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    if subject.goal.why_it_matters is None and subject.facts.reason is None:
        yield Advice(
            message=t("The goal does not yet say why it matters to you."),
            suggestion=t('Add what it is for, e.g. "... so I can enjoy time with my family".'),
            field="why_it_matters",
        )


@rule(
    "R102",
    "relevant.no-area",
    Severity.INFO,
    summary="The goal has no area",
    what="A goal with no area (anxiety, depression, sleep, boundaries, ...) that the statement "
    "does not suggest either.",
    why="The area ties the goal to the reason for therapy, lets an app group goals and pick "
    "templates and questionnaires, and shows when one area has no goal at all.",
    example="Do the thing I planned on Tuesdays",
    better="Go to the Tuesday climbing group every week for the next 2 months (area: "
    "physical-activity)",
)
def no_area(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    if subject.goal.area is None and subject.facts.area is None:
        yield Advice(
            message=t("The goal is not linked to an area yet."),
            suggestion=t(
                "Pick the area it belongs to, e.g. {areas}.", areas=", ".join(KNOWN_AREAS[:4])
            ),
            field="area",
        )


@rule(
    "R103",
    "relevant.step-off-target",
    Severity.WARNING,
    summary="A step seems unrelated to the goal",
    what="A step whose action shares no meaningful word with the goal's statement, measure, "
    "reason or area, and does not track progress (rate, log, record, complete a questionnaire). "
    "A preview rule: word overlap is a rough signal, so it runs only when selected.",
    why="Every step should move the measure. A step that does not may belong to another goal, "
    "or the goal may be missing what the step is really for.",
    example="A goal to lower a GAD-7 score with a step 'Repaint the kitchen'",
    better="The same goal with a step 'Practise slow breathing for 10 minutes'",
    status=RuleStatus.PREVIEW,
)
def step_off_target(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    goal = subject.goal
    if subject.from_text or not goal.steps:
        return
    context_text = " ".join(
        part
        for part in (
            goal.statement,
            goal.measure.name if goal.measure else "",
            goal.why_it_matters or "",
            " ".join(vocab.AREA_KEYWORDS.get(goal.area or "", ())),
        )
        if part
    )
    goal_stems = _stems(context_text)
    for index, step in enumerate(goal.steps):
        step_stems = _stems(step.action)
        if step_stems and not step_stems & (goal_stems | _MONITORING):
            yield Advice(
                message=t(
                    'The step "{action}" does not obviously serve this goal.', action=step.action
                ),
                suggestion=t("Say how the step helps, or move it to the goal it belongs to."),
                field=f"steps[{index}].action",
            )


@rule(
    "R104",
    "relevant.outside-concerns",
    Severity.WARNING,
    summary="The goal's area is not among the client's concerns",
    what="When the client's stated concerns are known, a goal whose area is not one of them.",
    why="Goals that address what brought the client to therapy are the ones that matter most "
    "to them. A goal elsewhere may still be right, but it is worth saying why.",
    example="A sleep goal for a client whose concerns are anxiety and boundaries",
    better="Link the goal to a concern ('I sleep badly when I worry') or add the concern",
)
def outside_concerns(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    area = subject.goal.area or subject.facts.area
    if context.concerns is not None and area is not None and area not in context.concerns:
        yield Advice(
            message=t(
                'The goal is about "{area}", which is not among the concerns you came with '
                "({concerns}).",
                area=area,
                concerns=", ".join(context.concerns) or t("none recorded"),
            ),
            suggestion=t("Say how it connects to those concerns, or add it as a new concern."),
            field="area",
        )


@rule(
    "R105",
    "relevant.low-importance",
    Severity.WARNING,
    summary="The client rates the goal as not very important",
    what="An importance rating below `min_importance` (default 5 out of 10).",
    why="Change takes effort; a goal the client does not value will lose out to everything "
    "else. Low importance is a cue to explore what matters to them instead.",
    example="A goal with importance 3/10",
    better="A goal the client rates 8/10 because it serves something they care about",
    options={"min_importance": 5},
)
def low_importance(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    importance = subject.goal.importance
    if importance is not None and importance < options["min_importance"]:
        yield Advice(
            message=t("Importance is {importance} out of 10.", importance=importance),
            suggestion=t(
                "Ask what would make this goal matter more, or what goal would matter more "
                "right now."
            ),
            field="importance",
        )


RULES = (no_reason, no_area, step_off_target, outside_concerns, low_importance)
