"""What a SMART rule may read of a plain statement: the facts the statement reader found.

:class:`StatementFacts` is the published protocol between the reader and the rules: a small,
documented type, versioned by :data:`FACTS_VERSION`. The reader's internals are private and may
change; a rule that reads only these facts keeps working when they do.
"""

from __future__ import annotations

from datetime import date, time

import attrs

from therapy_goals.model import Direction, Period, Schedule

__all__ = [
    "FACTS_VERSION",
    "Frequency",
    "Horizon",
    "PlanPhrase",
    "Quantity",
    "ScoreTarget",
    "StatementFacts",
]

FACTS_VERSION = 1
"""Bumped when a field of :class:`StatementFacts` changes meaning or goes away."""


@attrs.frozen
class Frequency:
    """How often: ``count`` per ``per``, with ``window_days`` for "26 out of 30 days"."""

    count: int
    per: Period
    phrase: str
    window_days: int | None = None


@attrs.frozen
class Horizon:
    """When a goal should be reached; ``due`` is ``None`` for a horizon with no date."""

    phrase: str
    due: date | None


@attrs.frozen
class ScoreTarget:
    """A questionnaire score the statement aims at, e.g. "PHQ-9 from 18 to below 10"."""

    questionnaire: str
    baseline: float | None
    target: float | None
    change: float | None = None
    """A change asked for without an end value: "by 5 points" (always positive)."""


@attrs.frozen
class Quantity:
    """A number with what it counts and the period it is counted in ("8 glasses of water a day")."""

    value: float
    unit: str
    per: Period | None
    is_limit: bool


@attrs.frozen
class PlanPhrase:
    """An if-then plan the statement holds: "if ``situation``, then I will ``response``", in the
    statement's own words (the cue word, "then" and "I will" left out)."""

    situation: str
    response: str


@attrs.frozen
class StatementFacts:
    """What :func:`read_statement` found in a statement. Every field may be empty."""

    text: str
    normalised: str
    action_verbs: tuple[str, ...] = ()
    change_direction: Direction | None = None
    has_change_verb: bool = False
    vague_phrases: tuple[str, ...] = ()
    avoidance_words: tuple[str, ...] = ()
    absolute_words: tuple[str, ...] = ()
    numbers: tuple[float, ...] = ()
    frequency: Frequency | None = None
    duration_minutes: int | None = None
    duration_is_load: bool = False
    time_of_day: time | None = None
    horizon: Horizon | None = None
    start: date | None = None
    score: ScoreTarget | None = None
    change_from: float | None = None
    change_to: float | None = None
    quantity: Quantity | None = None
    area: str | None = None
    reason: str | None = None
    other_person: str | None = None
    second_action: str | None = None
    is_abstinence: bool = False
    hedges: tuple[str, ...] = ()
    """Words that make it a wish, not a commitment: "try to", "should", "want to be" (added in
    facts version 1; see :data:`FACTS_VERSION`)."""
    comparatives: tuple[str, ...] = ()
    """Comparatives no number, time or amount anchors: "walk more", "wake up earlier"."""
    insight_phrases: tuple[str, ...] = ()
    """Learning and insight aims: "learn about", "understand", "develop better"."""
    completion: str | None = None
    """The action done once whose completion is the measure ("book", "sign up"), or the task of
    a clinical objective; ``None`` when the statement names a frequency."""
    details: tuple[str, ...] = ()
    """When, where and with whom beside the action: "after dinner", "at work", "with my
    partner"."""
    plans: tuple[PlanPhrase, ...] = ()
    """The if-then plans the statement holds; the other fields describe the goal without them
    (a plan's response is not a second goal). Added without a version change: a reader that
    does not fill it leaves it empty."""

    @property
    def has_quantity(self) -> bool:
        """Whether the statement says how much or how often: the heart of Measurable."""
        return bool(
            self.numbers
            or self.frequency
            or self.time_of_day
            or self.score
            or self.duration_minutes
        )

    @property
    def weekly_minutes(self) -> float | None:
        """Minutes of effort a week the statement plans, if it says both how long and how often."""
        if not self.duration_is_load or self.duration_minutes is None:
            return None
        if self.frequency is not None:
            per_week = Schedule(count=self.frequency.count, per=self.frequency.per).per_week
            if self.frequency.window_days:
                per_week = self.frequency.count * 7 / self.frequency.window_days
        elif self.quantity is not None and self.quantity.per is not None:
            per_week = Schedule(count=1, per=self.quantity.per).per_week
        else:
            return None
        return per_week * self.duration_minutes
