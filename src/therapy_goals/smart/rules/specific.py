"""Specific: the goal says what the client will do, in one clear aim."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from therapy_goals.contracts.rules import Advice, RuleContext, Severity, Subject
from therapy_goals.contracts.statements import StatementFacts
from therapy_goals.smart import vocabulary as vocab
from therapy_goals.smart.define import rule
from therapy_goals.smart.messages import t


def has_detail(subject: Subject) -> bool:
    """Whether the goal gives at least one concrete detail beside its action: how often, how
    much, how long, when (a time, a horizon, "after dinner"), where, with whom, or steps and a
    measure of its own."""
    facts, goal = subject.facts, subject.goal
    if goal.steps or (goal.measure is not None and not subject.from_text):
        return True
    dated = facts.horizon is not None or facts.start is not None
    return facts.has_quantity or dated or bool(facts.details)


def is_vague_aim(subject: Subject) -> bool:
    """A feeling or topic with nothing concrete beside it: what S101 reports."""
    return names_only_a_feeling(subject.facts) and not subject.goal.steps


def names_only_a_feeling(facts: StatementFacts) -> bool:
    """Whether text names a feeling, a topic or a coping word ("calm down") and no action or
    amount: the judgement S101 makes of a goal and S110 of a plan's response."""
    return bool(facts.vague_phrases) and not (facts.action_verbs or facts.has_quantity)


def example_for(subject: Subject) -> str:
    """A concrete example goal in the subject's area, for suggestions."""
    area = subject.goal.area or subject.facts.area
    return t(vocab.AREA_EXAMPLES.get(area or "", vocab.DEFAULT_EXAMPLE))


@rule(
    "S101",
    "specific.vague-aim",
    Severity.ERROR,
    summary="The goal names a feeling or a topic, not something to do",
    what="A statement whose aim is a feeling or a topic ('be happier', 'feel better', 'work on my "
    "anxiety') and that names no action, number or step.",
    why="A feeling cannot be scheduled or practised. Naming the behaviour that will bring the "
    "feeling closer gives the client something to do this week and a way to notice progress.",
    example="I want to be happier",
    better="Plan and do one enjoyable activity on 4 days a week for the next 6 weeks",
)
def vague_aim(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    facts = subject.facts
    if is_vague_aim(subject):
        yield Advice(
            message=t(
                '"{phrase}" describes how you want to feel, not something you will do.',
                phrase=facts.vague_phrases[0],
            ),
            suggestion=t('Name what you will do, e.g. "{example}".', example=example_for(subject)),
            field="statement",
        )


@rule(
    "S102",
    "specific.no-action",
    Severity.WARNING,
    summary="The statement names no action",
    what="A statement with no action verb ('walk', 'call', 'write', 'practise'), no change "
    "word ('reduce', 'increase') and no precise, numbered outcome, such as 'Anxiety at work'.",
    why="Goals phrased as actions are easier to start and to review: both client and therapist "
    "can see whether the action happened.",
    example="Less worry at work",
    better="Write my worries in a notebook for 10 minutes after work on weekdays for 4 weeks",
)
def no_action(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    facts = subject.facts
    named_something = facts.action_verbs or facts.has_change_verb or facts.vague_phrases
    precise_outcome = facts.has_quantity
    if not named_something and not precise_outcome and not subject.goal.steps:
        yield Advice(
            message=t("The goal does not yet say what you will do."),
            suggestion=t(
                'Start with an action you can picture, e.g. "{example}".',
                example=example_for(subject),
            ),
            field="statement",
        )


@rule(
    "S103",
    "specific.two-goals",
    Severity.INFO,
    summary="The statement holds two goals",
    what="A statement that joins two different actions with 'and', 'plus' or a semicolon, such "
    "as 'Exercise three times a week and eat vegetables daily'.",
    why="Two goals in one sentence are hard to review: when one goes well and the other does "
    "not, the goal is neither met nor missed. Separate goals can each get their own steps. It "
    "is a tip, not a fault: each action can still be specific.",
    example="Exercise three times a week and eat five portions of vegetables every day",
    better="Exercise for 30 minutes three times a week for the next 8 weeks",
)
def two_goals(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    second = subject.facts.second_action
    if second is not None:
        yield Advice(
            message=t(
                'This goal seems to hold two aims (the second starts with "{second}").',
                second=second,
            ),
            suggestion=t("Keep one aim here and make the other a goal of its own."),
            field="statement",
        )


@rule(
    "S104",
    "specific.avoidance-wording",
    Severity.INFO,
    summary="The goal is framed as something to stop",
    what="A statement framed around stopping or avoiding ('stop', 'not', 'never', 'less', "
    "'avoid', 'quit').",
    why="Approach goals (doing something) tend to go with more symptom change and more "
    "satisfaction than avoidance goals (not doing something), and they say what to do instead.",
    example="Stop checking my phone in bed",
    better="Leave my phone in the kitchen and read a book in bed on weeknights for 4 weeks",
)
def avoidance_wording(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    words = subject.facts.avoidance_words
    if words:
        yield Advice(
            message=t('The goal is framed as something to stop ("{word}").', word=words[0]),
            suggestion=t(
                'Try saying what you will do instead, e.g. "Leave my phone in the kitchen at '
                '10 pm" rather than "Stop using my phone in bed".'
            ),
            field="statement",
        )


@rule(
    "S105",
    "specific.long-statement",
    Severity.INFO,
    summary="The statement is long",
    what="A statement longer than `max_words` words (default 40).",
    why="A goal is easier to remember, and to say aloud in a session, when it fits in one short "
    "sentence. Details can live in the steps and notes.",
    example="I would like to try to get out of the house more often, maybe going for walks or to "
    "the shops or seeing friends if I feel up to it, because I have been stuck inside a lot and "
    "it is making everything feel worse and I know it would help",
    better="Leave the house for a 15-minute walk on 5 days a week for the next 4 weeks",
    options={"max_words": 40},
)
def long_statement(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    words = len(subject.goal.statement.split())
    if words > options["max_words"]:
        yield Advice(
            message=t("The goal is {count} words long.", count=words),
            suggestion=t(
                "Keep the goal to one short sentence and move the details into steps or notes."
            ),
            field="statement",
        )


@rule(
    "S106",
    "specific.unanchored-comparative",
    Severity.WARNING,
    summary="The goal says more or less, but not how much",
    what="A comparative ('more', 'less', 'earlier', 'healthier', 'more often') that no number, "
    "time or amount anchors, in a goal with no steps or measure of its own.",
    why="'Walk more' says which way to go, not how far: any walk could count, or none. An "
    "anchor (a number, a time, an amount) turns the direction into a behaviour both client and "
    "therapist can recognise.",
    example="Wake up earlier",
    better="Get up by 7:30 am on weekdays for the next 4 weeks",
)
def unanchored_comparative(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    facts, goal = subject.facts, subject.goal
    covered = is_vague_aim(subject)  # S101 already says it: one finding per problem
    if (
        facts.comparatives
        and not covered
        and not goal.steps
        and (goal.measure is None or subject.from_text)
    ):
        yield Advice(
            message=t(
                '"{word}" says which way, not how much or by when.', word=facts.comparatives[0]
            ),
            suggestion=t(
                'Anchor it with a number, a time or an amount, e.g. "{example}".',
                example=example_for(subject),
            ),
            field="statement",
        )


@rule(
    "S107",
    "specific.learning-aim",
    Severity.WARNING,
    summary="The goal is to learn or understand, with nothing to see or count",
    what="A learning or insight aim ('learn about', 'understand', 'develop better', 'become more "
    "aware') with no concrete detail: how often, how much, when.",
    why="Insight matters, but it cannot be seen from outside. Naming what the client will do to "
    "learn (read, practise, write down, name) makes the aim observable and reviewable.",
    example="Learn about mindfulness",
    better="Practise a 10-minute guided mindfulness recording on 4 days a week for 6 weeks",
)
def learning_aim(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    facts = subject.facts
    if facts.insight_phrases and not is_vague_aim(subject) and not has_detail(subject):
        yield Advice(
            message=t(
                '"{phrase}" names something to learn, not something you will do.',
                phrase=facts.insight_phrases[0],
            ),
            suggestion=t("Say what you will do to learn it, how often and until when."),
            field="statement",
        )


@rule(
    "S108",
    "specific.hedged",
    Severity.WARNING,
    summary="The goal is a wish or an attempt, with nothing concrete",
    what="A hedge ('try to', 'should', 'hope to', 'want to be', 'maybe') in a goal that says "
    "neither how often, how much, nor when.",
    why="'I'll try to' leaves room for not starting. A commitment to one concrete action, "
    "small enough to be sure of, is more likely to happen and easier to review.",
    example="I should call my mum",
    better="Call my mum on Sunday evenings for the next 4 weeks",
)
def hedged(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    facts = subject.facts
    timed = facts.has_quantity or facts.horizon is not None or facts.start is not None
    if facts.hedges and not is_vague_aim(subject) and not timed and not subject.goal.steps:
        yield Advice(
            message=t('"{phrase}" makes this a wish rather than a plan.', phrase=facts.hedges[0]),
            suggestion=t("Say what you will do and when, small enough to be sure of."),
            field="statement",
        )


@rule(
    "S109",
    "specific.no-detail",
    Severity.WARNING,
    summary="The goal names an action with no detail: how often, how much, when, where",
    what="A plain statement with an action (or a change) but not one concrete detail: no "
    "number, frequency, duration, time, horizon, place or person ('exercise regularly', 'say "
    "no', 'stay sober'). An action done once with its object ('book a dentist appointment') is "
    "detail enough.",
    why="'Exercise regularly' could mean anything from a daily run to a monthly swim. One "
    "concrete detail (3 times a week, after dinner, with my sister) turns an intention into a "
    "plan that both client and therapist would recognise as done.",
    example="I will exercise regularly",
    better="Walk for 20 minutes after dinner on 4 days a week for the next 6 weeks",
)
def no_detail(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    facts = subject.facts
    if not subject.from_text or is_vague_aim(subject) or facts.completion is not None:
        return
    acted = facts.action_verbs or facts.has_change_verb
    other_finding = facts.comparatives or facts.insight_phrases or facts.hedges
    if acted and not other_finding and not has_detail(subject):
        yield Advice(
            message=t("The goal says what, but not how often, how much, when or where."),
            suggestion=t(
                'Add one concrete detail, e.g. "{example}".', example=example_for(subject)
            ),
            field="statement",
        )


@rule(
    "S110",
    "specific.vague-plan-response",
    Severity.WARNING,
    summary="An if-then plan's response names a feeling, not an action",
    what="An if-then plan of the goal whose response ('then I will ...') names a feeling, a "
    "topic or a coping word ('calm down', 'feel better', 'deal with it') and no action or "
    "amount: the judgement S101 makes of a goal, made of each plan's response.",
    why="An if-then plan works because the response is decided in advance and can be done on "
    "the spot, without thinking (Gollwitzer & Sheeran 2006). 'Calm down' has to be worked out "
    "in the very moment the plan is for; 'breathe in for 4 and out for 8, five times' does not.",
    example="A goal with the plan 'If my heart starts racing, then I will calm down'",
    better="'If my heart starts racing, then I will breathe in for 4 and out for 8, five times'",
)
def vague_plan_response(
    subject: Subject, context: RuleContext, options: Mapping[str, float]
) -> Iterator[Advice]:
    for index, (plan, facts) in enumerate(
        zip(subject.goal.plans, subject.plan_facts, strict=False)
    ):
        if names_only_a_feeling(facts) and facts.completion is None:
            yield Advice(
                message=t(
                    'The plan for "{situation}" says how you want to feel ("{phrase}"), not '
                    "what you will do.",
                    situation=plan.situation,
                    phrase=facts.vague_phrases[0],
                ),
                suggestion=t(
                    'Name an action you can start on the spot, e.g. "breathe in for 4 and out '
                    'for 8, five times" or "text my sister".'
                ),
                field=f"plans[{index}].response",
            )


RULES = (
    vague_aim,
    no_action,
    two_goals,
    avoidance_wording,
    long_statement,
    unanchored_comparative,
    learning_aim,
    hedged,
    no_detail,
    vague_plan_response,
)
