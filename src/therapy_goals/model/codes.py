"""The fixed vocabularies of the model.

Lifecycle, achievement and priority values are the HL7 FHIR R4 Goal codes, spelled exactly as FHIR
spells them, so that FHIR export is a mapping and not a translation. Each enum is a
:class:`StrEnum`: its members compare equal to their codes and serialise as them.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "KNOWN_AREAS",
    "AchievementStatus",
    "Direction",
    "ExpressedBy",
    "LifecycleStatus",
    "Period",
    "Priority",
    "ProgressSource",
    "ReviewDecision",
    "StepStatus",
]


class LifecycleStatus(StrEnum):
    """Where a goal is in its life (FHIR ``goal-status``). Change it with :func:`change_status`."""

    PROPOSED = "proposed"
    PLANNED = "planned"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    ENTERED_IN_ERROR = "entered-in-error"
    REJECTED = "rejected"


class AchievementStatus(StrEnum):
    """How far a goal has been reached (FHIR ``goal-achievement``)."""

    IN_PROGRESS = "in-progress"
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no-change"
    ACHIEVED = "achieved"
    SUSTAINING = "sustaining"
    NOT_ACHIEVED = "not-achieved"
    NO_PROGRESS = "no-progress"
    NOT_ATTAINABLE = "not-attainable"


class Priority(StrEnum):
    """How much a goal matters relative to the client's other goals (FHIR ``goal-priority``)."""

    HIGH = "high-priority"
    MEDIUM = "medium-priority"
    LOW = "low-priority"


class ExpressedBy(StrEnum):
    """Who put the goal into words: the client, the therapist, or both together."""

    CLIENT = "client"
    THERAPIST = "therapist"
    BOTH = "both"


class Direction(StrEnum):
    """Which way a measure should move for the goal to be reached.

    ``decrease`` and ``increase`` need a target different from the baseline; ``reach`` means get to
    the target from wherever the client starts; ``maintain`` means keep the value at the target.
    """

    DECREASE = "decrease"
    INCREASE = "increase"
    REACH = "reach"
    MAINTAIN = "maintain"


class Period(StrEnum):
    """The period a step's schedule counts occurrences in."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class StepStatus(StrEnum):
    """Where an action step is (a subset of FHIR ``care-plan-activity-status``)."""

    NOT_STARTED = "not-started"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in-progress"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ProgressSource(StrEnum):
    """Where a progress observation came from."""

    SELF_REPORT = "self-report"
    MOOD_LOG = "mood-log"
    JOURNAL = "journal"
    QUESTIONNAIRE = "questionnaire"
    THERAPIST = "therapist"


class ReviewDecision(StrEnum):
    """What a review decided to do with the goal next."""

    CONTINUE = "continue"
    REVISE = "revise"
    COMPLETE = "complete"
    PAUSE = "pause"
    DISCONTINUE = "discontinue"


KNOWN_AREAS: tuple[str, ...] = (
    "anxiety",
    "depression",
    "relationships",
    "self-esteem",
    "trauma",
    "boundaries",
    "communication",
    "coping-skills",
    "stress",
    "self-care",
    "sleep",
    "physical-activity",
)
"""Areas the built-in templates and rules know. ``Goal.area`` accepts any slug, so plug-ins can add
areas of their own; these are the common ones."""
